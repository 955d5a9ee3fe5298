/**
 * The offsets API (KIP-875): read offsets in any state; alter or reset them only while the connector is
 * STOPPED. Writes carry the fence of the stopped task-config generation, so a slice still finishing from
 * before the stop cannot overwrite them.
 */
import type { SinkConnector } from '../api/sink-connector.js';
import type { SourceConnector } from '../api/source-connector.js';
import type { TopicPartition } from '../api/topic-partition.js';
import { ConnectError } from '../api/errors.js';
import type { KafkaPort } from '../kafka/kafka-port.js';
import { TargetState, type ConnectorRecord, type Fence } from '../stores/model.js';
import type { Stores } from '../stores/ports.js';
import { BadRequestError, ConnectRestError, NotFoundRestError } from './errors.js';
import type { PluginCatalog } from './plugin-catalog.js';

export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export interface OffsetsDeps {
  readonly stores: Stores;
  readonly plugins: PluginCatalog;
  readonly kafka: KafkaPort;
}

const ALTERED = 'The offsets for this connector have been altered successfully';
const ALTERED_FRAMEWORK =
  'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.';
const RESET = 'The offsets for this connector have been reset successfully';
const RESET_FRAMEWORK =
  'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.';

export class OffsetsApi {
  constructor(private readonly deps: OffsetsDeps) {}

  async get(name: string): Promise<{ offsets: ConnectorOffset[] }> {
    const record = await this.require(name);
    if (this.typeOf(record) === 'sink') {
      const offsets = await this.deps.stores.offsets.getSinkOffsets(name);
      return {
        offsets: offsets.map((o) => ({
          partition: { kafka_topic: o.topic, kafka_partition: o.partition },
          offset: { kafka_offset: o.offset },
        })),
      };
    }
    return {
      offsets: (await this.deps.stores.offsets.getSourceOffsets(name)).map((o) => ({
        partition: o.partition,
        offset: o.offset,
      })),
    };
  }

  async alter(name: string, body: unknown): Promise<{ message: string }> {
    const offsets = alterRequestOffsets(body);
    if (offsets.length === 0)
      throw new BadRequestError('Partitions / offsets need to be provided for an alter offsets request');
    const record = await this.require(name);
    const fence = await this.stoppedFence(record);
    return this.typeOf(record) === 'sink'
      ? this.alterSink(record, offsets, fence)
      : this.alterSource(record, offsets, fence);
  }

  async reset(name: string): Promise<{ message: string }> {
    const record = await this.require(name);
    const fence = await this.stoppedFence(record);
    if (this.typeOf(record) === 'sink') {
      const current = await this.deps.stores.offsets.getSinkOffsets(name);
      const connector = this.deps.plugins
        .connector(record.config['connector.class'] ?? '', record.config['connector.plugin.version'] ?? null)
        .create() as SinkConnector;
      const managed = connector.alterOffsets(
        record.config,
        new Map(current.map((o) => [{ topic: o.topic, partition: o.partition }, null])),
      );
      await this.deps.stores.offsets.deleteSinkOffsets(name, current);
      await this.deps.kafka.deleteGroup(groupId(record));
      return { message: managed ? RESET : RESET_FRAMEWORK };
    }
    const current = await this.deps.stores.offsets.getSourceOffsets(name);
    const connector = this.deps.plugins
      .connector(record.config['connector.class'] ?? '', record.config['connector.plugin.version'] ?? null)
      .create() as SourceConnector;
    const managed = connector.alterOffsets(record.config, new Map(current.map((o) => [o.partition, null])));
    await this.deps.stores.offsets.putSourceOffsets(
      name,
      current.map((o) => ({ partition: o.partition, offset: null })),
      fence,
    );
    return { message: managed ? RESET : RESET_FRAMEWORK };
  }

  private async alterSink(
    record: ConnectorRecord,
    entries: readonly AlterEntry[],
    fence: Fence,
  ): Promise<{ message: string }> {
    const parsed = entries.map((e) => ({ tp: sinkPartition(e.partition), offset: sinkOffset(e.offset) }));
    const connector = this.deps.plugins
      .connector(record.config['connector.class'] ?? '', record.config['connector.plugin.version'] ?? null)
      .create() as SinkConnector;
    const managed = connector.alterOffsets(
      record.config,
      new Map<TopicPartition, number | null>(parsed.map((p) => [p.tp, p.offset])),
    );
    const set = parsed.filter((p) => p.offset !== null).map((p) => ({ ...p.tp, offset: p.offset as number }));
    const removed = parsed.filter((p) => p.offset === null).map((p) => p.tp);
    // Kafka's OffsetAndMetadata refuses negative offsets before any request is sent.
    if (set.some((p) => p.offset < 0))
      throw new ConnectRestError(500, `Failed to modify offsets for sink connector ${record.name}`);
    // Kafka first: it rejects unknown topics and partitions, and nothing is stored unless it accepted.
    if (set.length > 0) {
      try {
        await this.deps.kafka.commitGroupOffsets(groupId(record), set);
      } catch (error) {
        throw new ConnectRestError(500, `Failed to alter consumer group offsets for connector ${record.name}`, {
          cause: error,
        });
      }
    }
    await this.deps.stores.offsets.putSinkOffsets(record.name, set, fence);
    await this.deps.stores.offsets.deleteSinkOffsets(record.name, removed);
    return { message: managed ? ALTERED : ALTERED_FRAMEWORK };
  }

  private async alterSource(
    record: ConnectorRecord,
    entries: readonly AlterEntry[],
    fence: Fence,
  ): Promise<{ message: string }> {
    const parsed = entries.map((e) => ({
      partition: sourceMap(e.partition, 'partition'),
      offset: e.offset === null || e.offset === undefined ? null : sourceMap(e.offset, 'offset'),
    }));
    const connector = this.deps.plugins
      .connector(record.config['connector.class'] ?? '', record.config['connector.plugin.version'] ?? null)
      .create() as SourceConnector;
    const managed = connector.alterOffsets(record.config, new Map(parsed.map((p) => [p.partition ?? {}, p.offset])));
    await this.deps.stores.offsets.putSourceOffsets(
      record.name,
      parsed.map((p) => ({ partition: p.partition ?? {}, offset: p.offset })),
      fence,
    );
    return { message: managed ? ALTERED : ALTERED_FRAMEWORK };
  }

  /** STOPPED means target STOPPED and an empty task-config set; its generation fences older slices. */
  private async stoppedFence(record: ConnectorRecord): Promise<Fence> {
    const tasks = await this.deps.stores.configs.getTaskConfigs(record.name);
    if (record.targetState !== TargetState.STOPPED || tasks === null || tasks.tasks.length > 0) {
      throw new BadRequestError(
        `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${record.name}/stop' endpoint`,
      );
    }
    return { generation: tasks.generation, epoch: 0 };
  }

  private async require(name: string): Promise<ConnectorRecord> {
    const record = await this.deps.stores.configs.getConnector(name);
    if (record === null) throw new NotFoundRestError(`Connector ${name} not found`);
    return record;
  }

  private typeOf(record: ConnectorRecord): 'source' | 'sink' {
    return this.deps.plugins.connector(
      record.config['connector.class'] ?? '',
      record.config['connector.plugin.version'] ?? null,
    ).type;
  }
}

function groupId(record: ConnectorRecord): string {
  return record.config['consumer.override.group.id'] ?? `connect-${record.name}`;
}

interface AlterEntry {
  readonly partition?: unknown;
  readonly offset?: unknown;
}

/**
 * The `offsets` of a PATCH body, shape-checked as Jackson binds `ConnectorOffsets`: Connect answers 500
 * for a wrong shape (unknown fields, null entries, non-arrays); we answer 400 (docs/compatibility.md).
 */
function alterRequestOffsets(body: unknown): AlterEntry[] {
  if (body === null || body === undefined) return [];
  if (typeof body !== 'object' || Array.isArray(body))
    throw new BadRequestError('The request body must be a JSON object with an "offsets" array');
  for (const key of Object.keys(body)) {
    if (key !== 'offsets')
      throw new BadRequestError(`Unrecognized field "${key}" in the request body (known fields: "offsets")`);
  }
  const offsets = (body as { offsets?: unknown }).offsets;
  if (offsets === null || offsets === undefined) return [];
  if (!Array.isArray(offsets))
    throw new BadRequestError('"offsets" must be an array of {"partition", "offset"} objects');
  return offsets.map((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw new BadRequestError(`"offsets[${index}]" must be an object with "partition" and "offset"`);
    for (const key of Object.keys(entry)) {
      if (key !== 'partition' && key !== 'offset')
        throw new BadRequestError(
          `Unrecognized field "${key}" in "offsets[${index}]" (known fields: "partition", "offset")`,
        );
    }
    return entry as AlterEntry;
  });
}

function sinkPartition(value: unknown): TopicPartition {
  if (value === null || value === undefined || typeof value !== 'object')
    throw new BadRequestError('The partition for a sink connector offset cannot be null or missing');
  const map = value as Record<string, unknown>;
  if (!('kafka_topic' in map) || !('kafka_partition' in map))
    throw new BadRequestError(
      "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'",
    );
  if (map['kafka_topic'] === null || map['kafka_topic'] === undefined)
    throw new BadRequestError('Kafka topic names must be valid strings and may not be null');
  if (map['kafka_partition'] === null)
    throw new BadRequestError('Kafka partitions must be valid numbers and may not be null');
  const partition = integer(map['kafka_partition']);
  if (partition === null)
    throw new BadRequestError(
      `Failed to parse the following Kafka partition value in the provided offsets: '${String(map['kafka_partition'])}'. Partition values for sink connectors need to be integers.`,
    );
  // Connect takes the topic's text (`String.valueOf`), so a number names a (likely unknown) topic.
  const topic = map['kafka_topic'];
  return { topic: typeof topic === 'string' ? topic : JSON.stringify(topic), partition };
}

function sinkOffset(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const map = value as Record<string, unknown>;
  if (typeof value !== 'object' || !('kafka_offset' in map))
    throw new BadRequestError(
      "The offset for a sink connector should either be null or contain the key 'kafka_offset'",
    );
  const offset = integer(map['kafka_offset']);
  if (offset === null)
    throw new BadRequestError(
      `Failed to parse the following Kafka offset value in the provided offsets: '${String(map['kafka_offset'])}'. Offset values for sink connectors need to be integers.`,
    );
  return offset;
}

/** Numbers or numeric strings, as Connect accepts for sink partitions and offsets. */
function integer(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** Source partitions and offsets: string keys, primitive values (Connect's OffsetUtils checks). */
function sourceMap(value: unknown, what: 'partition' | 'offset'): Record<string, unknown> | null {
  if (value === null || value === undefined) {
    if (what === 'partition') throw new ConnectError('Partition objects cannot be null');
    return null;
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ConnectRestError(500, `Offsets may only use String keys`);
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object') {
      throw new ConnectRestError(
        500,
        `Offsets may only contain primitive types as values, but field ${key} contains ${Array.isArray(v) ? 'ARRAY' : 'MAP'}`,
      );
    }
  }
  return { ...(value as Record<string, unknown>) };
}
