/**
 * Connect's `AbstractWorkerSourceTask.convertTransformedRecord` for a polled batch: each record through the
 * transformation chain and the key, value and header converters, every stage under the connector's error
 * handling; and the last source offset per partition, which the slice commits once the batch is acknowledged.
 */
import type { SourcePartition, SourceRecord } from '../api/source-record.js';
import type { ProduceRecord } from '../kafka/kafka-port.js';
import { canonicalJson } from '../stores/canonical-json.js';
import type { SourceOffsetEntry } from '../stores/model.js';
import type { TaskConverters } from './converters.js';
import { pluginClassName } from './plugin-factory.js';
import { OUT_OF_TIME, type RecordErrorHandler } from './record-errors.js';
import type { TransformChain } from './transform-chain.js';

/** Shared by every record without headers (header lists are read-only). */
const NO_HEADERS: readonly never[] = Object.freeze([]);

export interface Produced {
  readonly source: SourceRecord;
  readonly record: ProduceRecord;
}

/**
 * Transforms and converts one polled batch (each transform and converter its own stage, as in Connect);
 * undefined when a record's retries outlast the slice.
 */
export async function convertBatch(
  batch: readonly SourceRecord[],
  transforms: TransformChain,
  converters: TaskConverters,
  errors: RecordErrorHandler,
  deadline: number,
): Promise<{ produced: Produced[]; dropped: SourceRecord[] } | undefined> {
  const names = {
    key: pluginClassName(converters.key),
    value: pluginClassName(converters.value),
    header: pluginClassName(converters.header),
  };
  const pipeline = (source: SourceRecord): ProduceRecord | undefined => {
    const record = transforms.apply(source, errors);
    if (record === undefined || record === null) return undefined;
    const key = errors.attempt(
      'KEY_CONVERTER',
      () => converters.key.fromConnectData(record.topic, record.headers, record.keySchema, record.key),
      names.key,
    );
    if (key === undefined) return undefined;
    const value = errors.attempt(
      'VALUE_CONVERTER',
      () => converters.value.fromConnectData(record.topic, record.headers, record.valueSchema, record.value),
      names.value,
    );
    if (value === undefined) return undefined;
    const headers =
      record.headers.length === 0
        ? NO_HEADERS
        : errors.attempt(
            'HEADER_CONVERTER',
            () =>
              record.headers.map((h) => ({
                key: h.key,
                value: converters.header.fromConnectHeader(record.topic, h.key, h.schema, h.value),
              })),
            names.header,
          );
    if (headers === undefined) return undefined;
    return { topic: record.topic, partition: record.kafkaPartition, key, value, timestamp: record.timestamp, headers };
  };
  const results = await errors.mapRecords(batch, pipeline, deadline);
  if (results === OUT_OF_TIME) return undefined;
  const produced: Produced[] = [];
  const dropped: SourceRecord[] = [];
  batch.forEach((source, i) => {
    const record = results[i];
    if (record === undefined) dropped.push(source);
    else produced.push({ source, record });
  });
  return { produced, dropped };
}

/**
 * The last offset of each source partition in the batch (records are in order within a partition),
 * copied: a task may reuse and change its offset objects after `poll` returned.
 */
export function lastOffsets(batch: readonly SourceRecord[]): Map<string, SourceOffsetEntry> {
  const last = new Map<string, SourceRecord>();
  let previous: SourcePartition | null = null;
  let previousKey = '';
  for (const record of batch) {
    const partition = record.sourcePartition;
    if (partition === null || record.sourceOffset === null) continue;
    // Consecutive records nearly always share a partition: compare before computing a canonical key.
    if (previous === null || (partition !== previous && !sameFlatObject(partition, previous)))
      previousKey = partitionKey(partition);
    previous = partition;
    last.set(previousKey, record);
  }
  const offsets = new Map<string, SourceOffsetEntry>();
  for (const [key, record] of last)
    offsets.set(key, {
      partition: { ...record.sourcePartition },
      offset: record.sourceOffset === null ? null : { ...record.sourceOffset },
    });
  return offsets;
}

/** Same keys with the same primitive values (objects count as equal only when identical). */
function sameFlatObject(a: SourcePartition, b: SourcePartition): boolean {
  let count = 0;
  for (const key in a) {
    if (a[key] !== b[key] || !Object.hasOwn(b, key)) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}

/** Tasks usually reuse one partition object for many records: key it once (profiling showed this hot). */
const partitionKeys = new WeakMap<object, string>();
function partitionKey(partition: Readonly<Record<string, unknown>>): string {
  let key = partitionKeys.get(partition);
  if (key === undefined) {
    key = canonicalJson(partition);
    partitionKeys.set(partition, key);
  }
  return key;
}
