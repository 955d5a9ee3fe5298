import { createHash } from 'node:crypto';
import { StaleEpochError } from '../errors.js';
import type { Fence, SinkOffsetEntry, SourceOffsetEntry } from '../model.js';
import type { OffsetStore } from '../ports.js';
import { canonicalJson } from '../canonical-json.js';
import {
  attr,
  isConditionFailure,
  readJson,
  readNumber,
  readString,
  type DynamoTable,
  type Item,
  type WriteOptions,
} from './table.js';

const sourcePk = (connector: string): string => `source#${connector}`;
const sinkPk = (connector: string): string => `sink#${connector}`;
const sinkSk = (topic: string, partition: number): string => `${topic}#${partition}`;

/** DynamoDB rejects sort keys over 1024 bytes; a source partition may be longer (a deep file path). */
const MAX_SORT_KEY_BYTES = 1024;

/**
 * A source partition's sort key: its canonical JSON, or a digest of it when that is too long for a key
 * (the item keeps the partition itself). JSON of a map starts with `{`, so the two forms cannot collide.
 */
function sourceSk(partition: Record<string, unknown>): string {
  const json = canonicalJson(partition);
  return Buffer.byteLength(json, 'utf8') <= MAX_SORT_KEY_BYTES
    ? json
    : `sha256:${createHash('sha256').update(json).digest('hex')}`;
}

/**
 * Offsets, one item per source partition (keyed by its canonical JSON) or per topic partition. Each item
 * records the (generation, epoch) of its writer; a write from an older generation, or an older epoch of
 * the same generation, fails, so a zombie slice cannot move offsets backwards over a newer holder's.
 */
export class DynamoOffsetStore implements OffsetStore {
  constructor(private readonly table: DynamoTable) {}

  async getSourceOffsets(connector: string): Promise<SourceOffsetEntry[]> {
    return (await this.table.query(sourcePk(connector))).map((item) => ({
      partition: readJson<Record<string, unknown>>(item, 'partition') ?? {},
      offset: readJson<Record<string, unknown>>(item, 'offset') ?? null,
    }));
  }

  async putSourceOffsets(connector: string, entries: readonly SourceOffsetEntry[], fence: Fence | null): Promise<void> {
    for (const entry of entries) {
      const sk = sourceSk(entry.partition);
      await this.fenced(
        connector,
        async (options) => {
          if (entry.offset === null) await this.table.delete(sourcePk(connector), sk, options);
          else
            await this.table.put(
              sourcePk(connector),
              sk,
              { partition: attr.json(entry.partition), offset: attr.json(entry.offset), ...fenceFields(fence) },
              options,
            );
        },
        fence,
      );
    }
  }

  async getSinkOffsets(connector: string): Promise<SinkOffsetEntry[]> {
    return (await this.table.query(sinkPk(connector))).map((item) => ({
      topic: readString(item, 'topic') ?? '',
      partition: readNumber(item, 'partition') ?? 0,
      offset: readNumber(item, 'offset') ?? 0,
    }));
  }

  async putSinkOffsets(connector: string, entries: readonly SinkOffsetEntry[], fence: Fence | null): Promise<void> {
    for (const entry of entries) {
      await this.fenced(
        connector,
        (options) =>
          this.table.put(
            sinkPk(connector),
            sinkSk(entry.topic, entry.partition),
            {
              topic: attr.s(entry.topic),
              partition: attr.n(entry.partition),
              offset: attr.n(entry.offset),
              ...fenceFields(fence),
            },
            options,
          ),
        fence,
      );
    }
  }

  async deleteSinkOffsets(
    connector: string,
    partitions: readonly { topic: string; partition: number }[],
  ): Promise<void> {
    for (const tp of partitions) await this.table.delete(sinkPk(connector), sinkSk(tp.topic, tp.partition));
  }

  async deleteAll(connector: string): Promise<void> {
    await this.table.deletePartition(sourcePk(connector));
    await this.table.deletePartition(sinkPk(connector));
  }

  private async fenced(
    connector: string,
    write: (options: WriteOptions) => Promise<void>,
    fence: Fence | null,
  ): Promise<void> {
    if (fence === null) return write({});
    try {
      await write({
        condition: 'attribute_not_exists(#g) OR #g < :g OR (#g = :g AND #e <= :e)',
        names: { '#g': 'generation', '#e': 'epoch' },
        values: { ':g': attr.n(fence.generation), ':e': attr.n(fence.epoch) },
      });
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new StaleEpochError(
          `Offsets of ${connector} were written by a newer task generation or epoch than ${fence.generation}/${fence.epoch}`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}

function fenceFields(fence: Fence | null): Item {
  return fence === null ? {} : { generation: attr.n(fence.generation), epoch: attr.n(fence.epoch) };
}
