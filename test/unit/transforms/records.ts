// Record builders for SMT tests.
import {
  TimestampType,
  sourceRecord,
  type Schema,
  type SinkRecord,
  type SourceRecord,
} from '../../../lib/api/index.js';

export function sinkRecord(fields: Partial<SinkRecord> = {}): SinkRecord {
  return {
    topic: 'orders',
    kafkaPartition: 3,
    kafkaOffset: 42,
    keySchema: null,
    key: null,
    valueSchema: null,
    value: null,
    timestamp: 1700000000123,
    timestampType: TimestampType.CREATE_TIME,
    headers: [],
    originalTopic: 'orders',
    originalKafkaPartition: 3,
    originalKafkaOffset: 42,
    ...fields,
  };
}

export function valueRecord(valueSchema: Schema | null, value: unknown): SinkRecord {
  return sinkRecord({ valueSchema, value });
}

export function keyRecord(keySchema: Schema | null, key: unknown): SinkRecord {
  return sinkRecord({ keySchema, key });
}

export function sourceRecordOf(value: unknown): SourceRecord {
  return sourceRecord({ topic: 'orders', kafkaPartition: 1, value, timestamp: 1700000000123 });
}
