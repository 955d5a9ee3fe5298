/**
 * The framework's own connector configuration keys (Connect's ConnectorConfig, SinkConnectorConfig and
 * SourceConnectorConfig), declared once and used for validation, `/connector-plugins/{p}/config` and by the
 * worker when it reads a connector's settings.
 */
import { ConfigDef, ConfigType, Importance, Validators, Width } from '../api/config-def.js';

const COMMON = 'Common';
const TRANSFORMS = 'Transforms';
const PREDICATES = 'Predicates';
const ERRORS = 'Error Handling';

export const ConnectorConfigKeys = {
  NAME: 'name',
  CONNECTOR_CLASS: 'connector.class',
  TASKS_MAX: 'tasks.max',
  KEY_CONVERTER: 'key.converter',
  VALUE_CONVERTER: 'value.converter',
  HEADER_CONVERTER: 'header.converter',
  TRANSFORMS: 'transforms',
  PREDICATES: 'predicates',
  ERRORS_TOLERANCE: 'errors.tolerance',
  TOPICS: 'topics',
  TOPICS_REGEX: 'topics.regex',
  DLQ_TOPIC: 'errors.deadletterqueue.topic.name',
} as const;

function commonDef(): ConfigDef {
  let order = 0;
  const def = new ConfigDef()
    .define({ name: 'name', type: ConfigType.STRING, validator: Validators.nonEmptyStringWithoutControlChars(), importance: Importance.HIGH, documentation: 'Globally unique name to use for this connector.', group: COMMON, orderInGroup: ++order, width: Width.MEDIUM, displayName: 'Connector name' })
    .define({ name: 'connector.class', type: ConfigType.STRING, importance: Importance.HIGH, documentation: 'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. If the connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this full name, or use "FileStreamSink" or "FileStreamSinkConnector" to make the configuration a bit shorter', group: COMMON, orderInGroup: ++order, width: Width.LONG, displayName: 'Connector class' })
    .define({ name: 'tasks.max', type: ConfigType.INT, defaultValue: 1, validator: Validators.atLeast(1), importance: Importance.HIGH, documentation: 'Maximum number of tasks to use for this connector.', group: COMMON, orderInGroup: ++order, width: Width.SHORT, displayName: 'Tasks max' })
    .define({ name: 'tasks.max.enforce', type: ConfigType.BOOLEAN, defaultValue: true, importance: Importance.LOW, documentation: '(Deprecated) Whether to enforce that the tasks.max property is respected by the connector.', group: COMMON, orderInGroup: ++order, width: Width.SHORT, displayName: 'Enforce tasks max' })
    .define({ name: 'key.converter', type: ConfigType.CLASS, defaultValue: null, importance: Importance.LOW, documentation: 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the keys in messages written to or read from Kafka.', group: COMMON, orderInGroup: ++order, width: Width.SHORT, displayName: 'Key converter class' })
    .define({ name: 'value.converter', type: ConfigType.CLASS, defaultValue: null, importance: Importance.LOW, documentation: 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the values in messages written to or read from Kafka.', group: COMMON, orderInGroup: ++order, width: Width.SHORT, displayName: 'Value converter class' })
    .define({ name: 'header.converter', type: ConfigType.CLASS, defaultValue: null, importance: Importance.LOW, documentation: 'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.', group: COMMON, orderInGroup: ++order, width: Width.SHORT, displayName: 'Header converter class' })
    .define({ name: 'config.action.reload', type: ConfigType.STRING, defaultValue: 'restart', validator: Validators.in(['none', 'restart'], true), importance: Importance.LOW, documentation: 'The action that Connect should take on the connector when changes in external configuration providers result in a change in the connector\'s configuration properties.', group: COMMON, orderInGroup: ++order, width: Width.MEDIUM, displayName: 'Reload Action' })
    .define({ name: 'transforms', type: ConfigType.LIST, defaultValue: '', validator: Validators.uniqueList(), importance: Importance.LOW, documentation: 'Aliases for the transformations to be applied to records.', group: TRANSFORMS, orderInGroup: 1, width: Width.LONG, displayName: 'Transforms' })
    .define({ name: 'predicates', type: ConfigType.LIST, defaultValue: '', validator: Validators.uniqueList(), importance: Importance.LOW, documentation: 'Aliases for the predicates used by transformations.', group: PREDICATES, orderInGroup: 1, width: Width.LONG, displayName: 'Predicates' });
  order = 0;
  def
    .define({ name: 'errors.retry.timeout', type: ConfigType.LONG, defaultValue: 0, importance: Importance.MEDIUM, documentation: 'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.', group: ERRORS, orderInGroup: ++order, width: Width.MEDIUM, displayName: 'Retry Timeout for Errors' })
    .define({ name: 'errors.retry.delay.max.ms', type: ConfigType.LONG, defaultValue: 60000, importance: Importance.MEDIUM, documentation: 'The maximum duration in milliseconds between consecutive retry attempts. Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.', group: ERRORS, orderInGroup: ++order, width: Width.MEDIUM, displayName: 'Maximum Delay Between Retries for Errors' })
    .define({ name: 'errors.tolerance', type: ConfigType.STRING, defaultValue: 'none', validator: Validators.in(['none', 'all'], true), importance: Importance.MEDIUM, documentation: 'Behavior for tolerating errors during connector operation. \'none\' is the default value and signals that any error will result in an immediate connector task failure; \'all\' changes the behavior to skip over problematic records.', group: ERRORS, orderInGroup: ++order, width: Width.SHORT, displayName: 'Error Tolerance' })
    .define({ name: 'errors.log.enable', type: ConfigType.BOOLEAN, defaultValue: false, importance: Importance.MEDIUM, documentation: 'If true, write each error and the details of the failed operation and problematic record to the Connect application log. This is \'false\' by default, so that only errors that are not tolerated are reported.', group: ERRORS, orderInGroup: ++order, width: Width.SHORT, displayName: 'Log Errors' })
    .define({ name: 'errors.log.include.messages', type: ConfigType.BOOLEAN, defaultValue: false, importance: Importance.MEDIUM, documentation: 'Whether to include in the log the Connect record that resulted in a failure. For sink records, the topic, partition, offset, and timestamp will be logged. For source records, the key and value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka partition, source partition, and source offset will be logged. This is \'false\' by default, which will prevent record keys, values, and headers from being written to log files.', group: ERRORS, orderInGroup: ++order, width: Width.SHORT, displayName: 'Log Error Details' });
  return def;
}

/** Framework keys of sink connectors. */
export function sinkConnectorConfigDef(): ConfigDef {
  const def = commonDef()
    .define({ name: 'topics', type: ConfigType.LIST, defaultValue: '', importance: Importance.HIGH, documentation: 'List of topics to consume, separated by commas', group: COMMON, orderInGroup: 4, width: Width.LONG, displayName: 'Topics' })
    .define({ name: 'topics.regex', type: ConfigType.STRING, defaultValue: '', importance: Importance.HIGH, documentation: 'Regular expression giving topics to consume. Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. Only one of topics or topics.regex should be specified.', group: COMMON, orderInGroup: 4, width: Width.LONG, displayName: 'Topics regex' })
    .define({ name: 'errors.deadletterqueue.topic.name', type: ConfigType.STRING, defaultValue: '', importance: Importance.MEDIUM, documentation: 'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, which means that no messages are to be recorded in the DLQ.', group: ERRORS, orderInGroup: 6, width: Width.MEDIUM, displayName: 'Dead Letter Queue Topic Name' })
    .define({ name: 'errors.deadletterqueue.topic.replication.factor', type: ConfigType.SHORT, defaultValue: 3, importance: Importance.MEDIUM, documentation: 'Replication factor used to create the dead letter queue topic when it doesn\'t already exist.', group: ERRORS, orderInGroup: 7, width: Width.MEDIUM, displayName: 'Dead Letter Queue Topic Replication Factor' })
    .define({ name: 'errors.deadletterqueue.context.headers.enable', type: ConfigType.BOOLEAN, defaultValue: false, importance: Importance.MEDIUM, documentation: 'If true, add headers containing error context to the messages written to the dead letter queue. To avoid clashing with headers from the original record, all error context header keys, all error context header keys will start with <code>__connect.errors.</code>', group: ERRORS, orderInGroup: 8, width: Width.MEDIUM, displayName: 'Enable Error Context Headers' });
  return def;
}

/** Framework keys of source connectors. */
export function sourceConnectorConfigDef(): ConfigDef {
  return commonDef()
    .define({ name: 'topic.creation.groups', type: ConfigType.LIST, defaultValue: '', importance: Importance.LOW, documentation: 'Groups of configurations for topics created by source connectors', group: 'Topic Creation', orderInGroup: 1, width: Width.LONG, displayName: 'Topic Creation Groups' })
    .define({ name: 'exactly.once.support', type: ConfigType.STRING, defaultValue: 'requested', validator: Validators.in(['requested', 'required'], true), importance: Importance.MEDIUM, documentation: 'Permitted values are requested, required. If set to "required", forces a preflight check for the connector to ensure that it can provide exactly-once semantics with the given configuration.', group: 'Exactly Once Support', orderInGroup: 1, width: Width.SHORT, displayName: 'Exactly once support' })
    .define({ name: 'transaction.boundary', type: ConfigType.STRING, defaultValue: 'poll', validator: Validators.in(['poll', 'interval', 'connector'], true), importance: Importance.MEDIUM, documentation: 'Permitted values are: poll, interval, connector. The transaction boundary for exactly-once source connectors.', group: 'Exactly Once Support', orderInGroup: 2, width: Width.SHORT, displayName: 'Transaction Boundary' })
    .define({ name: 'transaction.boundary.interval.ms', type: ConfigType.LONG, defaultValue: null, importance: Importance.LOW, documentation: 'If \'transaction.boundary\' is set to \'interval\', determines the interval for producer transaction commits by connector tasks.', group: 'Exactly Once Support', orderInGroup: 3, width: Width.SHORT, displayName: 'Transaction boundary interval' })
    .define({ name: 'offsets.storage.topic', type: ConfigType.STRING, defaultValue: null, importance: Importance.LOW, documentation: 'The name of a separate offsets topic to use for this connector.', group: 'offsets.topic', orderInGroup: 1, width: Width.LONG, displayName: 'Offsets topic' });
}
