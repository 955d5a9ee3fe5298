/**
 * The crash run's records and what Confluent's S3 sink writes for them (DefaultPartitioner, JsonFormat,
 * `.keys` / `.headers` sidecars): expected object keys and contents, computed from the records, never
 * from what the sink wrote.
 */
import { sinkLayout, type OriginalRecord } from '../../plugins/s3-source/test/helpers/sink-layout.js';

export type { OriginalRecord };

export const REGIONS = ['eu', 'us', 'ap'] as const;

/** `count` records over `partitions` partitions, record n in partition n % partitions (offset n / partitions). */
export function crashRecords(topic: string, partitions: number, count: number): OriginalRecord[] {
  return Array.from({ length: count }, (_, n) => ({
    topic,
    partition: n % partitions,
    offset: Math.floor(n / partitions),
    key: Buffer.from(`k${n}`),
    value: Buffer.from(`{"id":${n},"region":"${REGIONS[n % REGIONS.length]}","text":"record ${n} of ${count}"}`),
    headers: [{ key: 'trace', value: `t-${n}` }],
  }));
}

/** Every object the DefaultPartitioner sink writes for `records`, by key, with its uncompressed body. */
export function expectedDefaultLayout(
  records: readonly OriginalRecord[],
  flushSize: number,
  gzip: boolean,
): Map<string, Buffer> {
  const plain = sinkLayout(records, { format: 'json', flushSize, keys: true, headers: true });
  return gzip ? new Map([...plain].map(([key, body]) => [`${key}.gz`, body])) : plain;
}

/** The record id a JsonFormat value line holds (`{"id":n,...}`). */
export function idOfLine(line: string): number {
  const match = /^\{"id":(\d+),/.exec(line);
  if (match === null) throw new Error(`not a crash-run value line: ${line.slice(0, 80)}`);
  return Number(match[1]);
}
