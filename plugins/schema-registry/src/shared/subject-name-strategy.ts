/**
 * Confluent's subject name strategies (`io.confluent.kafka.serializers.subject.*`): the subject a schema
 * is registered and looked up under. `recordName` is the format's fully qualified name of the schema
 * (Avro's record full name, a Protobuf message's full name, a JSON Schema's title), null when it has none.
 */
import { ConfigError, DataError } from 'lambda-connect/api';

export const SubjectNameStrategyClasses = {
  TOPIC: 'io.confluent.kafka.serializers.subject.TopicNameStrategy',
  RECORD: 'io.confluent.kafka.serializers.subject.RecordNameStrategy',
  TOPIC_RECORD: 'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy',
} as const;

export type SubjectNameStrategy = (topic: string, isKey: boolean, recordName: string | null) => string;

const topicName: SubjectNameStrategy = (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`;

const recordName: SubjectNameStrategy = (_topic, _isKey, name) => requireName(name, 'RecordNameStrategy');

const topicRecordName: SubjectNameStrategy = (topic, _isKey, name) =>
  `${topic}-${requireName(name, 'TopicRecordNameStrategy')}`;

const BY_CLASS: ReadonlyMap<string, SubjectNameStrategy> = new Map([
  [SubjectNameStrategyClasses.TOPIC, topicName],
  [SubjectNameStrategyClasses.RECORD, recordName],
  [SubjectNameStrategyClasses.TOPIC_RECORD, topicRecordName],
]);

/** The strategy for a class name (fully qualified, or its simple name); `ConfigError` for an unknown one. */
export function subjectNameStrategy(className: string, configName = 'subject.name.strategy'): SubjectNameStrategy {
  const simple = className.includes('.') ? className : `io.confluent.kafka.serializers.subject.${className}`;
  const strategy = BY_CLASS.get(simple);
  if (strategy === undefined)
    throw ConfigError.invalidValue(configName, className, `expected one of ${[...BY_CLASS.keys()].join(', ')}`);
  return strategy;
}

function requireName(name: string | null, strategy: string): string {
  if (name === null || name === '')
    throw new DataError(
      `${strategy} needs a named schema (a record, message or titled schema); this schema has no name`,
    );
  return name;
}
