/**
 * Confluent's timestamp extractors: `Wallclock` (the time the sink handles the record), `Record` (the
 * Kafka record timestamp) and `RecordField` (a value field: epoch millis, a numeric string, an ISO-8601
 * date-time, or a Connect Timestamp).
 */
import { DataError, LogicalTimestamp, SchemaType, type SinkRecord } from 'lambda-connect/api';
import { TimestampExtractorKind, type PartitionerConfig } from './partitioner-config.js';
import { isStructOrMap, nestedField } from './record-fields.js';

/** Epoch milliseconds for a record; throws `DataError` when it has none. */
export type TimestampExtractor = (record: SinkRecord, nowMs: number) => number;

const NUMERIC = /^-?\d{1,19}$/;

function fromString(text: string, field: string): number {
  if (NUMERIC.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new DataError(`Error extracting timestamp from record field: ${field} (not a timestamp: ${text})`);
  return ms;
}

function fieldTimestamp(record: SinkRecord, field: string): number {
  if (!isStructOrMap(record.value))
    throw new DataError('Error encoding partition: the value is not a struct or map, so RecordField cannot read it.');
  const { value, schema } = nestedField(record.value, field);
  if (value instanceof Date) return value.getTime();
  if (schema?.name === LogicalTimestamp.LOGICAL_NAME && typeof value === 'number') return value;
  if (
    schema !== null &&
    schema.type !== SchemaType.INT32 &&
    schema.type !== SchemaType.INT64 &&
    schema.type !== SchemaType.STRING
  ) {
    throw new DataError(`Error extracting timestamp from record field: ${field} (unsupported type ${schema.type})`);
  }
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return fromString(value, field);
  throw new DataError(`Error extracting timestamp from record field: ${field}`);
}

export function timestampExtractor(config: PartitionerConfig): TimestampExtractor {
  switch (config.extractor) {
    case TimestampExtractorKind.RECORD:
      return (record) => {
        if (record.timestamp === null)
          throw new DataError(
            `Unable to determine timestamp using timestamp.extractor Record for record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}: it has none`,
          );
        return record.timestamp;
      };
    case TimestampExtractorKind.RECORD_FIELD:
      return (record) => fieldTimestamp(record, config.timestampField);
    default:
      return (_record, nowMs) => nowMs;
  }
}
