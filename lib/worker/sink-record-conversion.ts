/**
 * Connect's `WorkerSinkTask.convertMessages`: each fetched record through the header, key and value
 * converters and the transformation chain, every stage under the connector's error handling.
 */
import type { SinkRecord } from '../api/sink-record.js';
import type { FetchedRecord } from '../kafka/kafka-port.js';
import type { TaskConverters } from './converters.js';
import { pluginClassName } from './plugin-factory.js';
import { OUT_OF_TIME, type RecordErrorHandler } from './record-errors.js';
import type { TransformChain } from './transform-chain.js';

/** Shared by every record without headers (header lists are read-only). */
const NO_HEADERS: readonly never[] = Object.freeze([]);

/**
 * Converts and transforms one fetched batch; undefined when a record's retries outlast the slice (then
 * nothing of this batch is put, and the next slice fetches it again).
 */
export async function convertBatch(
  fetched: readonly FetchedRecord[],
  transforms: TransformChain,
  converters: TaskConverters,
  errors: RecordErrorHandler,
  deadline: number,
): Promise<SinkRecord[] | undefined> {
  const names = {
    key: pluginClassName(converters.key),
    value: pluginClassName(converters.value),
    header: pluginClassName(converters.header),
  };
  const pipeline = (raw: FetchedRecord): SinkRecord | undefined => {
    const record = toSinkRecord(raw, converters, errors, names);
    return record === undefined ? undefined : (transforms.apply(record, errors, raw) ?? undefined);
  };
  const results = await errors.mapRecords(fetched, pipeline, deadline);
  if (results === OUT_OF_TIME) return undefined;
  return results.filter((r): r is SinkRecord => r !== undefined);
}

/** Headers first: our converters receive the record's converted headers (Connect passes the raw ones). */
function toSinkRecord(
  raw: FetchedRecord,
  converters: TaskConverters,
  errors: RecordErrorHandler,
  names: { readonly key: string; readonly value: string; readonly header: string },
): SinkRecord | undefined {
  const headers =
    raw.headers.length === 0
      ? NO_HEADERS
      : errors.attempt(
          'HEADER_CONVERTER',
          () =>
            raw.headers.map((h) => {
              const sv = converters.header.toConnectHeader(raw.topic, h.key, h.value);
              return { key: h.key, value: sv.value, schema: sv.schema };
            }),
          names.header,
          raw,
        );
  if (headers === undefined) return undefined;
  const key = errors.attempt(
    'KEY_CONVERTER',
    () => converters.key.toConnectData(raw.topic, headers, raw.key),
    names.key,
    raw,
  );
  if (key === undefined) return undefined;
  const value = errors.attempt(
    'VALUE_CONVERTER',
    () => converters.value.toConnectData(raw.topic, headers, raw.value),
    names.value,
    raw,
  );
  if (value === undefined) return undefined;
  return {
    topic: raw.topic,
    kafkaPartition: raw.partition,
    kafkaOffset: raw.offset,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp: raw.timestamp,
    timestampType: raw.timestampType,
    headers,
    originalTopic: raw.topic,
    originalKafkaPartition: raw.partition,
    originalKafkaOffset: raw.offset,
  };
}
