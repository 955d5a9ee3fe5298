/** Sink records and task contexts for the plugin's tests. */
import { TimestampType, type ErrantRecordReporter, type SinkRecord, type SinkTaskContext } from 'lambda-connect/api';

export function sinkRecord(fields: Partial<SinkRecord> & { value: unknown }): SinkRecord {
  const topic = fields.topic ?? 'orders';
  const partition = fields.kafkaPartition ?? 0;
  const offset = fields.kafkaOffset ?? 0;
  return {
    topic,
    kafkaPartition: partition,
    kafkaOffset: offset,
    keySchema: null,
    key: null,
    valueSchema: null,
    timestamp: null,
    timestampType: TimestampType.CREATE_TIME,
    headers: [],
    originalTopic: topic,
    originalKafkaPartition: partition,
    originalKafkaOffset: offset,
    ...fields,
  };
}

/** A context whose errant record reporter (the DLQ) collects what it is given; `null` for no DLQ. */
export function sinkContext(
  props: Record<string, string>,
  dlq: Array<{ record: SinkRecord; error: Error }> | null,
  timeouts: number[] = [],
): SinkTaskContext {
  const reporter: ErrantRecordReporter | null =
    dlq === null
      ? null
      : async (record, error) => {
          dlq.push({ record, error });
        };
  return {
    configs: () => props,
    offset: () => undefined,
    timeout: (ms) => {
      timeouts.push(ms);
    },
    assignment: () => [],
    pause: () => undefined,
    resume: () => undefined,
    requestCommit: () => undefined,
    errantRecordReporter: () => reporter,
  };
}
