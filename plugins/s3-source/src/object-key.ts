/**
 * Object keys as Confluent's S3 sink writes them with the DefaultPartitioner, parsed here (this package
 * does not depend on the sink's code):
 *
 *   <topics.dir>/<topic>/partition=<p>/<topic>+<p>+<start offset, zero-padded to 10 digits><ext>
 *
 * `<ext>` is the format's extension (`.json`, `.bin`, `.avro`, `[.<codec>].parquet`), then `.gz` when compressed
 * (JSON and bytes only). With
 * `store.kafka.keys` / `store.kafka.headers` the sink writes sidecar objects for the same records:
 * `<name>.keys<ext>` and `<name>.headers<ext>`, one line per record in the same order.
 */

/** Which part of the records an object holds. */
export const ObjectView = { VALUES: 'values', KEYS: 'keys', HEADERS: 'headers' } as const;
export type ObjectView = (typeof ObjectView)[keyof typeof ObjectView];

/** How an object's lines are encoded. */
export const LineEncoding = { JSON: 'json', BYTES: 'bytes', AVRO: 'avro', PARQUET: 'parquet' } as const;
export type LineEncoding = (typeof LineEncoding)[keyof typeof LineEncoding];

export interface ObjectName {
  readonly key: string;
  readonly topic: string;
  readonly partition: number;
  /** The Kafka offset of the object's first record (numbers are exact to 2^53, far beyond any offset). */
  readonly startOffset: number;
  readonly view: ObjectView;
  /** The line encoding (Avro: container file records; Parquet: rows), or null for a format this source cannot read. */
  readonly encoding: LineEncoding | null;
  readonly gzip: boolean;
  /** The part after the start offset, e.g. `.keys.json.gz`. */
  readonly suffix: string;
}

/** ParquetFormat's extensions: parquet-java's codec extension (none, snappy, gzip, brotli, zstd, lz4...) then `.parquet`. */
const PARQUET_EXTENSION = /^(\.(snappy|gz|br|zstd|lz4|lz4raw|lzo))?\.parquet$/;
const FILE_NAME = /^(?<topic>[^+]+)\+(?<partition>\d+)\+(?<offset>\d+)(?<suffix>\..*)?$/;
const PARTITION_FOLDER = /^partition=(\d+)$/;

/**
 * Parses an object key of a partition folder; null for objects the sink would not have written there
 * (they are ignored, as Confluent's source ignores them).
 */
export function parseObjectKey(key: string, delimiter: string, byteArrayExtension: string): ObjectName | null {
  const name = key.slice(key.lastIndexOf(delimiter) + delimiter.length);
  const match = FILE_NAME.exec(name);
  if (match?.groups === undefined) return null;
  const { topic, partition, offset } = match.groups as { topic: string; partition: string; offset: string };
  let rest = match.groups['suffix'] ?? '';
  const suffix = rest;
  const gzip = rest.endsWith('.gz');
  if (gzip) rest = rest.slice(0, -'.gz'.length);
  let view: ObjectView = ObjectView.VALUES;
  for (const candidate of [ObjectView.KEYS, ObjectView.HEADERS]) {
    if (rest.startsWith(`.${candidate}.`)) {
      view = candidate;
      rest = rest.slice(candidate.length + 1);
    }
  }
  const encoding =
    rest === '.json'
      ? LineEncoding.JSON
      : rest === byteArrayExtension
        ? LineEncoding.BYTES
        : rest === '.avro' && !gzip
          ? LineEncoding.AVRO
          : PARQUET_EXTENSION.test(rest) && !gzip
            ? LineEncoding.PARQUET
            : null;
  if (encoding === null && view === ObjectView.VALUES) return null;
  return { key, topic, partition: Number(partition), startOffset: Number(offset), view, encoding, gzip, suffix };
}

/** `<topics.dir>/<topic>/partition=<p>/`: the folder the DefaultPartitioner writes a topic partition to. */
export function partitionFolder(topicsDir: string, delimiter: string, topic: string, partition: number): string {
  return `${topicsDir}${delimiter}${topic}${delimiter}partition=${partition}${delimiter}`;
}

/** The topic and partition of a folder key `<topics.dir>/<topic>/partition=<p>/`; null for other folders. */
export function parsePartitionFolder(
  folder: string,
  topicsDir: string,
  delimiter: string,
): { topic: string; partition: number } | null {
  const head = `${topicsDir}${delimiter}`;
  if (!folder.startsWith(head) || !folder.endsWith(delimiter)) return null;
  const parts = folder.slice(head.length, -delimiter.length).split(delimiter);
  if (parts.length !== 2) return null;
  const [topic, partitionPart] = parts as [string, string];
  const match = PARTITION_FOLDER.exec(partitionPart);
  if (topic === '' || match === null) return null;
  return { topic, partition: Number(match[1]) };
}

/** Orders a folder's objects as the sink wrote them: by start offset (numerically: offsets may outgrow 10 digits). */
export function byStartOffset(a: ObjectName, b: ObjectName): number {
  return a.startOffset - b.startOffset || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
