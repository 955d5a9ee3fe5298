import { StaleEpochError } from '../errors.js';
import type { Lease } from '../model.js';
import type { LeaseStore } from '../ports.js';
import { attr, isConditionFailure, readNumber, readString, type DynamoTable, type Item } from './table.js';

const leasePk = (connector: string): string => `lease#${connector}`;
const taskSk = (task: number): string => `task#${String(task).padStart(6, '0')}`;

/**
 * One lease item per task. Taking it bumps the epoch atomically, so whoever holds epoch N knows every
 * earlier holder is fenced: their conditional writes carry a smaller epoch.
 */
export class DynamoLeaseStore implements LeaseStore {
  constructor(private readonly table: DynamoTable) {}

  async acquire(
    connector: string,
    task: number,
    generation: number,
    owner: string,
    ttlMs: number,
    now: number,
  ): Promise<Lease | null> {
    try {
      const item = await this.table.update(
        leasePk(connector),
        taskSk(task),
        'SET #owner = :owner, #expiresAt = :exp, #generation = :g, #task = :task ADD #epoch :one',
        {
          condition: 'attribute_not_exists(#epoch) OR #expiresAt < :now',
          names: {
            '#owner': 'owner',
            '#expiresAt': 'expiresAt',
            '#generation': 'generation',
            '#epoch': 'epoch',
            '#task': 'task',
          },
          values: {
            ':owner': attr.s(owner),
            ':exp': attr.n(now + ttlMs),
            ':g': attr.n(generation),
            ':one': attr.n(1),
            ':now': attr.n(now),
            ':task': attr.n(task),
          },
        },
      );
      return toLease(connector, item);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async renew(lease: Lease, ttlMs: number, now: number): Promise<Lease> {
    try {
      const item = await this.table.update(leasePk(lease.connector), taskSk(lease.task), 'SET #expiresAt = :exp', {
        condition: '#epoch = :e AND #owner = :owner',
        names: { '#expiresAt': 'expiresAt', '#epoch': 'epoch', '#owner': 'owner' },
        values: { ':exp': attr.n(now + ttlMs), ':e': attr.n(lease.epoch), ':owner': attr.s(lease.owner) },
      });
      return toLease(lease.connector, item);
    } catch (error) {
      if (isConditionFailure(error))
        throw new StaleEpochError(`Lease of task ${lease.connector}-${lease.task} epoch ${lease.epoch} was lost`, {
          cause: error,
        });
      throw error;
    }
  }

  async release(lease: Lease): Promise<void> {
    try {
      await this.table.update(leasePk(lease.connector), taskSk(lease.task), 'SET #expiresAt = :zero', {
        condition: '#epoch = :e',
        names: { '#expiresAt': 'expiresAt', '#epoch': 'epoch' },
        values: { ':zero': attr.n(0), ':e': attr.n(lease.epoch) },
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async list(connector: string): Promise<Lease[]> {
    return (await this.table.query(leasePk(connector))).map((item) => toLease(connector, item));
  }

  /** One BatchGetItem per 100 leases (sent side by side), instead of one Query per connector. */
  async getLeasesOf(
    connectors: readonly { readonly name: string; readonly taskCount: number }[],
  ): Promise<Map<string, Lease[]>> {
    const byPk = new Map(connectors.map((c) => [leasePk(c.name), c.name]));
    const keys = connectors.flatMap((c) =>
      Array.from({ length: c.taskCount }, (_, task) => ({ pk: leasePk(c.name), sk: taskSk(task) })),
    );
    const result = new Map<string, Lease[]>(connectors.map((c) => [c.name, []]));
    for (const item of await this.table.getMany(keys)) {
      const name = byPk.get(readString(item, 'pk') ?? '');
      if (name !== undefined) result.get(name)?.push(toLease(name, item));
    }
    for (const leases of result.values()) leases.sort((a, b) => a.task - b.task);
    return result;
  }

  async revokeAll(connector: string): Promise<void> {
    for (const lease of await this.list(connector)) {
      await this.table.update(
        leasePk(connector),
        taskSk(lease.task),
        'SET #expiresAt = :zero, #owner = :none ADD #epoch :one',
        {
          names: { '#expiresAt': 'expiresAt', '#owner': 'owner', '#epoch': 'epoch' },
          values: { ':zero': attr.n(0), ':none': attr.s(''), ':one': attr.n(1) },
        },
      );
    }
  }

  async deleteAll(connector: string): Promise<void> {
    await this.table.deletePartition(leasePk(connector));
  }
}

function toLease(connector: string, item: Item): Lease {
  return {
    connector,
    task: readNumber(item, 'task') ?? 0,
    owner: readString(item, 'owner') ?? '',
    epoch: readNumber(item, 'epoch') ?? 0,
    generation: readNumber(item, 'generation') ?? 0,
    expiresAt: readNumber(item, 'expiresAt') ?? 0,
  };
}
