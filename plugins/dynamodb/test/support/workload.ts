/**
 * The DynamoDB workload: new keys, with every 10th record an update of an earlier key and every
 * 100th a tombstone of an earlier key, plus the table that must result (the last value per key).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { SinkRecord } from 'lambda-connect/api';
import { sinkRecord } from './records.js';

export interface Workload {
  readonly records: SinkRecord[];
  /** id → the item the table must hold. */
  readonly expected: Map<string, Record<string, AttributeValue>>;
  readonly updates: number;
  readonly tombstones: number;
}

export function workload(topic: string, count: number, partitions = 4): Workload {
  const records: SinkRecord[] = [];
  const expected = new Map<string, Record<string, AttributeValue>>();
  let updates = 0;
  let tombstones = 0;
  for (let i = 0; i < count; i++) {
    const partition = i % partitions;
    const offset = Math.floor(i / partitions);
    if (i % 100 === 99) {
      const id = `k${i - 50}`;
      records.push(sinkRecord({ topic, kafkaPartition: partition, kafkaOffset: offset, key: id, value: null }));
      expected.delete(id);
      tombstones++;
      continue;
    }
    const id = i % 10 === 9 ? `k${i - 5}` : `k${i}`;
    if (i % 10 === 9) updates++;
    const value = { n: i, label: `record ${i}`, tags: ['t', String(i % 3)], nested: { even: i % 2 === 0 } };
    records.push(sinkRecord({ topic, kafkaPartition: partition, kafkaOffset: offset, key: id, value }));
    expected.set(id, {
      id: { S: id },
      n: { N: String(i) },
      label: { S: `record ${i}` },
      tags: { L: [{ S: 't' }, { S: String(i % 3) }] },
      nested: { M: { even: { BOOL: i % 2 === 0 } } },
    });
  }
  return { records, expected, updates, tombstones };
}

/** Items keyed by their `id` attribute. */
export function byId(
  items: ReadonlyArray<Record<string, AttributeValue>>,
): Map<string, Record<string, AttributeValue>> {
  return new Map(items.map((item) => [String(item['id']?.S), item]));
}
