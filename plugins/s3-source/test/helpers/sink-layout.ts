/**
 * Writes records as Confluent's S3 sink lays them out with the DefaultPartitioner (our own writer, for
 * tests and the bench; the source does not depend on the sink package): objects of `flushSize` records
 * per topic partition named `<dir>/<topic>/partition=<p>/<topic>+<p>+<start offset, 10 digits><ext>`,
 * one line per record, and `.keys` / `.headers` sidecars.
 */
import { gzipSync } from 'node:zlib';

export interface OriginalRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The key's bytes as Kafka held them (null: no key). */
  readonly key: Buffer | null;
  /** The value's bytes; for JsonFormat, compact JSON text as the sink's JsonConverter reads it. */
  readonly value: Buffer;
  readonly headers: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export interface LayoutOptions {
  readonly topicsDir?: string;
  readonly flushSize: number;
  readonly format: 'json' | 'bytes';
  readonly gzip?: boolean;
  readonly keys?: boolean;
  readonly headers?: boolean;
}

/** The objects the sink would write, by key. Keys are StringConverter strings, so JSON keys are JSON strings. */
export function sinkLayout(records: readonly OriginalRecord[], options: LayoutOptions): Map<string, Buffer> {
  const dir = options.topicsDir ?? 'topics';
  const groups = new Map<string, OriginalRecord[]>();
  for (const record of [...records].sort((a, b) => a.offset - b.offset)) {
    const id = `${record.topic}\u0000${record.partition}`;
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [record]);
    else group.push(record);
  }
  const objects = new Map<string, Buffer>();
  const ext = (options.format === 'json' ? '.json' : '.bin') + (options.gzip === true ? '.gz' : '');
  for (const group of groups.values()) {
    for (let at = 0; at < group.length; at += options.flushSize) {
      const chunk = group.slice(at, at + options.flushSize);
      const first = chunk[0] as OriginalRecord;
      const base = `${dir}/${first.topic}/partition=${first.partition}/${first.topic}+${first.partition}+${String(first.offset).padStart(10, '0')}`;
      const body = (lines: Buffer[]): Buffer => {
        const text = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
        return options.gzip === true ? gzipSync(text) : text;
      };
      objects.set(base + ext, body(chunk.map((r) => r.value)));
      if (options.keys === true) {
        const keyExt = (options.format === 'json' ? '.keys.json' : '.keys.bin') + (options.gzip === true ? '.gz' : '');
        objects.set(
          base + keyExt,
          body(
            chunk.map((r) =>
              options.format === 'json'
                ? Buffer.from(JSON.stringify(r.key?.toString('utf8') ?? null))
                : (r.key ?? Buffer.alloc(0)),
            ),
          ),
        );
      }
      if (options.headers === true) {
        objects.set(
          base + '.headers.json' + (options.gzip === true ? '.gz' : ''),
          body(chunk.map((r) => Buffer.from(JSON.stringify({ headers: r.headers })))),
        );
      }
    }
  }
  return objects;
}

/** `count` records spread over `partitions` partitions of `topic`, with keys, JSON values and a header each. */
export function originalRecords(topic: string, partitions: number, count: number): OriginalRecord[] {
  const next = new Array<number>(partitions).fill(0);
  return Array.from({ length: count }, (_, n) => {
    const partition = n % partitions;
    const offset = next[partition]!++;
    return {
      topic,
      partition,
      offset,
      key: Buffer.from(`key-${n}`),
      // An int64 beyond 2^53: it must come back exact.
      value: Buffer.from(`{"n":${n},"text":"record ${n} of ${count}","big":${9007199254740993n + BigInt(n)}}`),
      headers: [{ key: 'trace', value: `t-${n}` }],
    };
  });
}
