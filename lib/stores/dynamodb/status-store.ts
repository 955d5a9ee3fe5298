import { StaleEpochError } from '../errors.js';
import type { ConnectorStatus, ConnectorStatuses, State, TaskStatus } from '../model.js';
import type { StatusReadOptions, StatusStore } from '../ports.js';
import {
  attr,
  isConditionFailure,
  readNumber,
  readString,
  type DynamoTable,
  type Item,
  type ItemKey,
} from './table.js';

/**
 * Statuses live in a few shared partitions (`statuses#00` … `statuses#15`, by a hash of the connector
 * name), one item for the connector and one per task, so the status of every connector is a handful of
 * Queries rather than one read per item (decision 0024). A connector's items share a sort-key prefix that
 * names it unambiguously (its length, then the name), so one Query with `begins_with` reads them.
 *
 * Statuses written before that layout sit in a partition per connector (`status#<name>`); they are read
 * as a fallback for whatever the shared partitions lack, until they are written again (every slice
 * writes its task's status; the scheduler rewrites a connector status it read from there).
 */
const SHARDS = 16;
const shardPk = (shard: number): string => `statuses#${String(shard).padStart(2, '0')}`;
const connectorPrefix = (name: string): string => `${name.length}:${name}#`;
const CONNECTOR = 'connector';
const taskSk = (id: number): string => `task#${String(id).padStart(6, '0')}`;
const legacyPk = (name: string): string => `status#${name}`;
/** From this many connectors on, `getStatusesOf` reads every shard instead of asking item by item. */
const SHARD_READ_THRESHOLD = 64;

/** FNV-1a over the UTF-16 code units: stable across runs and processes. */
function shardOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SHARDS;
}

const connectorKey = (name: string): ItemKey => ({ pk: shardPk(shardOf(name)), sk: connectorPrefix(name) + CONNECTOR });
const taskKey = (name: string, id: number): ItemKey => ({
  pk: shardPk(shardOf(name)),
  sk: connectorPrefix(name) + taskSk(id),
});

/** The connector name and the rest of a shared-partition sort key; null for anything else. */
function parseSk(sk: string): { name: string; rest: string } | null {
  const colon = sk.indexOf(':');
  const length = Number(sk.slice(0, colon));
  if (colon < 1 || !Number.isSafeInteger(length)) return null;
  const name = sk.slice(colon + 1, colon + 1 + length);
  if (sk[colon + 1 + length] !== '#') return null;
  return { name, rest: sk.slice(colon + 2 + length) };
}

/** One connector's items, from either layout, with the sort key reduced to `connector` / `task#…`. */
interface OwnItems {
  readonly current: Item[];
  readonly legacy: Item[];
}

export class DynamoStatusStore implements StatusStore {
  constructor(private readonly table: DynamoTable) {}

  async getConnectorStatus(name: string): Promise<ConnectorStatus | null> {
    const key = connectorKey(name);
    const item = (await this.table.get(key.pk, key.sk)) ?? (await this.table.get(legacyPk(name), CONNECTOR));
    return item === null ? null : toConnectorStatus(item, readString(item, 'pk') === legacyPk(name));
  }

  /**
   * The connector's items in its shared partition: one Query. The old partition is read only when the
   * connector's own status is not in the shared one yet (writing it there moves the old items over).
   */
  async getStatuses(name: string): Promise<ConnectorStatuses> {
    const current = (await this.table.query(connectorKey(name).pk, { sortKeyPrefix: connectorPrefix(name) })).map(
      relativeSk,
    );
    const legacy = current.some(isConnectorItem) ? [] : await this.table.query(legacyPk(name));
    return toStatuses({ current, legacy }, Number.POSITIVE_INFINITY);
  }

  /**
   * Many connectors: every shard, one Query each (side by side), keeping the named connectors' items;
   * few: BatchGetItem of their keys. Then, for what the shared partitions lack, the old layout's keys.
   */
  async getStatusesOf(
    connectors: readonly { readonly name: string; readonly taskCount: number }[],
    options: StatusReadOptions = {},
  ): Promise<Map<string, ConnectorStatuses>> {
    const consistent = options.consistent ?? true;
    const own = new Map<string, OwnItems>(connectors.map((c) => [c.name, { current: [], legacy: [] }]));
    const current =
      connectors.length >= SHARD_READ_THRESHOLD
        ? (
            await Promise.all(
              Array.from({ length: SHARDS }, (_, shard) => this.table.query(shardPk(shard), { consistent })),
            )
          ).flat()
        : await this.table.getMany(
            connectors.flatMap((c) => [
              connectorKey(c.name),
              ...Array.from({ length: c.taskCount }, (_, id) => taskKey(c.name, id)),
            ]),
            { consistent },
          );
    for (const item of current) {
      const parsed = parseSk(readString(item, 'sk') ?? '');
      if (parsed !== null) own.get(parsed.name)?.current.push({ ...item, sk: attr.s(parsed.rest) });
    }
    // Connectors whose own status is in the shared partitions have nothing left in the old ones.
    const missing = connectors.flatMap((c) => legacyKeysMissing(c.name, c.taskCount, own.get(c.name)?.current ?? []));
    if (missing.length > 0) {
      for (const item of await this.table.getMany(missing, { consistent }))
        own.get((readString(item, 'pk') ?? '').slice(legacyPk('').length))?.legacy.push(item);
    }
    const result = new Map<string, ConnectorStatuses>();
    for (const c of connectors)
      result.set(c.name, toStatuses(own.get(c.name) ?? { current: [], legacy: [] }, c.taskCount));
    return result;
  }

  /**
   * Writes the connector's status in its shared partition. Before the first such write the connector's
   * old partition, if it has one, is moved over (its task items copied unless newer ones are there, then
   * deleted), so that a connector status in the shared partition means no old items are left to read.
   */
  async putConnectorStatus(name: string, status: ConnectorStatus): Promise<void> {
    const key = connectorKey(name);
    const moved = await this.moveLegacyTasks(name);
    const fields: Item = {
      state: attr.s(status.state),
      workerId: attr.s(status.workerId),
      generation: attr.n(status.generation),
    };
    if (status.trace) fields['trace'] = attr.s(status.trace);
    await this.table.put(key.pk, key.sk, fields);
    if (moved) await this.table.deletePartition(legacyPk(name));
  }

  /** Copies the old partition's task items to the shared one (a newer item there wins); whether there were any old items. */
  private async moveLegacyTasks(name: string): Promise<boolean> {
    const legacy = await this.table.query(legacyPk(name));
    for (const item of legacy.filter((i) => !isConnectorItem(i))) {
      const { pk: _pk, sk: _sk, ...fields } = item;
      const key = taskKey(name, readNumber(item, 'id') ?? 0);
      await this.table
        .put(key.pk, key.sk, fields, {
          condition: 'attribute_not_exists(#epoch) OR #epoch < :e',
          names: { '#epoch': 'epoch' },
          values: { ':e': attr.n(readNumber(item, 'epoch') ?? 0) },
        })
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
    return legacy.length > 0;
  }

  async listTaskStatuses(name: string): Promise<TaskStatus[]> {
    return [...(await this.getStatuses(name)).tasks];
  }

  async putTaskStatus(name: string, status: TaskStatus): Promise<void> {
    const fields: Item = {
      id: attr.n(status.id),
      state: attr.s(status.state),
      workerId: attr.s(status.workerId),
      epoch: attr.n(status.epoch),
      updatedAt: attr.n(status.updatedAt),
    };
    if (status.trace) fields['trace'] = attr.s(status.trace);
    if (status.failureCount) fields['failureCount'] = attr.n(status.failureCount);
    if (status.unavailableSince !== undefined) fields['unavailableSince'] = attr.n(status.unavailableSince);
    const key = taskKey(name, status.id);
    try {
      await this.table.put(key.pk, key.sk, fields, {
        condition: 'attribute_not_exists(#epoch) OR #epoch <= :e',
        names: { '#epoch': 'epoch' },
        values: { ':e': attr.n(status.epoch) },
      });
    } catch (error) {
      if (isConditionFailure(error))
        throw new StaleEpochError(`Status of task ${name}-${status.id} has an epoch above ${status.epoch}`, {
          cause: error,
        });
      throw error;
    }
  }

  async deleteTaskStatus(name: string, task: number): Promise<void> {
    const key = taskKey(name, task);
    await Promise.all([this.table.delete(key.pk, key.sk), this.table.delete(legacyPk(name), taskSk(task))]);
  }

  async deleteStatuses(name: string): Promise<void> {
    const pk = connectorKey(name).pk;
    const items = await this.table.query(pk, { sortKeyPrefix: connectorPrefix(name), attributes: [] });
    await Promise.all([
      this.table.deleteKeys(items.map((item) => ({ pk, sk: readString(item, 'sk') ?? '' }))),
      this.table.deletePartition(legacyPk(name)),
    ]);
  }
}

/** A shared-partition item with its sort key reduced to what the old layout used (`connector`, `task#…`). */
function relativeSk(item: Item): Item {
  const parsed = parseSk(readString(item, 'sk') ?? '');
  return parsed === null ? item : { ...item, sk: attr.s(parsed.rest) };
}

/**
 * The old layout's keys of what `current` lacks among the connector item and tasks `0 … taskCount − 1`;
 * none once the connector's own status is in `current` (its old items were moved then).
 */
function legacyKeysMissing(name: string, taskCount: number, current: readonly Item[]): ItemKey[] {
  const present = new Set(current.map((item) => readString(item, 'sk')));
  if (present.has(CONNECTOR)) return [];
  const keys: ItemKey[] = [{ pk: legacyPk(name), sk: CONNECTOR }];
  for (let id = 0; id < taskCount; id++)
    if (!present.has(taskSk(id))) keys.push({ pk: legacyPk(name), sk: taskSk(id) });
  return keys;
}

/** Both layouts merged, the shared partition winning; tasks below `taskCount`, sorted by id. */
function toStatuses(own: OwnItems, taskCount: number): ConnectorStatuses {
  const connectorItem = own.current.find(isConnectorItem);
  const legacyConnector = own.legacy.find(isConnectorItem);
  const tasks = new Map<number, TaskStatus>();
  for (const item of own.legacy.filter((i) => !isConnectorItem(i)))
    tasks.set(readNumber(item, 'id') ?? 0, toTask(item));
  for (const item of own.current.filter((i) => !isConnectorItem(i)))
    tasks.set(readNumber(item, 'id') ?? 0, toTask(item));
  return {
    connector:
      connectorItem !== undefined
        ? toConnectorStatus(connectorItem, false)
        : legacyConnector === undefined
          ? null
          : toConnectorStatus(legacyConnector, true),
    tasks: [...tasks.values()].filter((t) => t.id < taskCount).sort((a, b) => a.id - b.id),
  };
}

function isConnectorItem(item: Item): boolean {
  return readString(item, 'sk') === CONNECTOR;
}

function toConnectorStatus(item: Item, legacy: boolean): ConnectorStatus {
  return {
    state: readString(item, 'state') as State,
    ...traceOf(item),
    workerId: readString(item, 'workerId') ?? '',
    generation: readNumber(item, 'generation') ?? 0,
    ...(legacy ? { legacy: true as const } : {}),
  };
}

function toTask(item: Item): TaskStatus {
  return {
    id: readNumber(item, 'id') ?? 0,
    state: readString(item, 'state') as State,
    ...traceOf(item),
    workerId: readString(item, 'workerId') ?? '',
    epoch: readNumber(item, 'epoch') ?? 0,
    updatedAt: readNumber(item, 'updatedAt') ?? 0,
    ...failureCountOf(item),
    ...unavailableSinceOf(item),
  };
}

function traceOf(item: Item): { trace?: string } {
  const trace = readString(item, 'trace');
  return trace ? { trace } : {};
}

function failureCountOf(item: Item): { failureCount?: number } {
  const count = readNumber(item, 'failureCount');
  return count ? { failureCount: count } : {};
}

function unavailableSinceOf(item: Item): { unavailableSince?: number } {
  const since = readNumber(item, 'unavailableSince');
  return since === undefined ? {} : { unavailableSince: since };
}
