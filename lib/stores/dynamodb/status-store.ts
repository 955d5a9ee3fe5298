import { StaleEpochError } from '../errors.js';
import type { ConnectorStatus, ConnectorStatuses, State, TaskStatus } from '../model.js';
import type { StatusStore } from '../ports.js';
import { attr, isConditionFailure, readNumber, readString, type DynamoTable, type Item } from './table.js';

const statusPk = (name: string): string => `status#${name}`;
const CONNECTOR = 'connector';
const taskSk = (id: number): string => `task#${String(id).padStart(6, '0')}`;

/** Statuses in the state table: one partition per connector, one item for it and one per task. */
export class DynamoStatusStore implements StatusStore {
  constructor(private readonly table: DynamoTable) {}

  async getConnectorStatus(name: string): Promise<ConnectorStatus | null> {
    const item = await this.table.get(statusPk(name), CONNECTOR);
    return item === null ? null : toConnectorStatus(item);
  }

  /** The connector's item and its tasks' items share one partition: one Query reads them all. */
  async getStatuses(name: string): Promise<ConnectorStatuses> {
    const items = await this.table.query(statusPk(name));
    const connector = items.find(isConnectorItem);
    return { connector: connector === undefined ? null : toConnectorStatus(connector), tasks: toTaskStatuses(items) };
  }

  /** One BatchGetItem per 100 keys (sent side by side), instead of one Query per connector. */
  async getStatusesOf(
    connectors: readonly { readonly name: string; readonly taskCount: number }[],
  ): Promise<Map<string, ConnectorStatuses>> {
    const byPk = new Map(connectors.map((c) => [statusPk(c.name), c.name]));
    const keys = connectors.flatMap((c) => [
      { pk: statusPk(c.name), sk: CONNECTOR },
      ...Array.from({ length: c.taskCount }, (_, id) => ({ pk: statusPk(c.name), sk: taskSk(id) })),
    ]);
    const items = new Map<string, Item[]>(connectors.map((c) => [c.name, []]));
    for (const item of await this.table.getMany(keys))
      items.get(byPk.get(readString(item, 'pk') ?? '') ?? '')?.push(item);
    const result = new Map<string, ConnectorStatuses>();
    for (const [name, own] of items) {
      const connector = own.find(isConnectorItem);
      result.set(name, {
        connector: connector === undefined ? null : toConnectorStatus(connector),
        tasks: toTaskStatuses(own),
      });
    }
    return result;
  }

  async putConnectorStatus(name: string, status: ConnectorStatus): Promise<void> {
    const fields: Item = {
      state: attr.s(status.state),
      workerId: attr.s(status.workerId),
      generation: attr.n(status.generation),
    };
    if (status.trace) fields['trace'] = attr.s(status.trace);
    await this.table.put(statusPk(name), CONNECTOR, fields);
  }

  async listTaskStatuses(name: string): Promise<TaskStatus[]> {
    return toTaskStatuses(await this.table.query(statusPk(name)));
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
    try {
      await this.table.put(statusPk(name), taskSk(status.id), fields, {
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
    await this.table.delete(statusPk(name), taskSk(task));
  }

  async deleteStatuses(name: string): Promise<void> {
    await this.table.deletePartition(statusPk(name));
  }
}

function isConnectorItem(item: Item): boolean {
  return readString(item, 'sk') === CONNECTOR;
}

function toConnectorStatus(item: Item): ConnectorStatus {
  return {
    state: readString(item, 'state') as State,
    ...traceOf(item),
    workerId: readString(item, 'workerId') ?? '',
    generation: readNumber(item, 'generation') ?? 0,
  };
}

/** The task items of a status partition, sorted by task id. */
function toTaskStatuses(items: readonly Item[]): TaskStatus[] {
  return items
    .filter((item) => !isConnectorItem(item))
    .map((item) => ({
      id: readNumber(item, 'id') ?? 0,
      state: readString(item, 'state') as State,
      ...traceOf(item),
      workerId: readString(item, 'workerId') ?? '',
      epoch: readNumber(item, 'epoch') ?? 0,
      updatedAt: readNumber(item, 'updatedAt') ?? 0,
      ...failureCountOf(item),
      ...unavailableSinceOf(item),
    }))
    .sort((a, b) => a.id - b.id);
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
