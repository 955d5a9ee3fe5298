/**
 * What a tick reads about every connector at once, before reconciling any (decision 0024): the commit
 * items of their task-config sets, then the statuses and leases of their committed tasks, in batched
 * reads (one BatchGetItem per 100 items, a few in flight) instead of three Queries per connector.
 *
 * Only the steady state is served from here: a connector with a committed set whose digest is known, no
 * pending restart and not STOPPED. Everything else (a new connector, a restart, a stop) reads its own
 * items fresh, as do all connectors when the batched reads fail. A snapshot can be a few seconds old
 * by the time a connector's turn comes; that is safe because every write it leads to is fenced (a task
 * config set by its generation, a slice by its lease), and at worst a slice is started that finds its
 * lease taken and exits.
 */
import { TargetState } from '../common/states.js';
import type { ConnectorRecord, ConnectorStatuses, Lease, TaskCommit } from '../stores/model.js';
import type { Stores } from '../stores/ports.js';
import { taskSetDigest } from '../stores/task-set-digest.js';

/** One connector's state as a reconcile needs it. */
export interface ConnectorState {
  readonly commit: TaskCommit | null;
  readonly statuses: ConnectorStatuses;
  readonly leases: readonly Lease[];
}

export class TickSnapshot {
  private constructor(private readonly states: ReadonlyMap<string, ConnectorState>) {}

  /** Reads the snapshot; failures propagate (the caller then reconciles without one). */
  static async read(stores: Stores, connectors: readonly ConnectorRecord[]): Promise<TickSnapshot> {
    const steady = connectors
      .filter((r) => r.targetState !== TargetState.STOPPED && r.restart === null)
      .map((r) => r.name);
    const commits = await stores.configs.getTaskCommits(steady);
    const known = [...commits]
      .filter(([, commit]) => commit.digest !== null)
      .map(([name, commit]) => ({ name, taskCount: commit.count }));
    const [statuses, leases] = await Promise.all([
      stores.statuses.getStatusesOf(known),
      stores.leases.getLeasesOf(known),
    ]);
    const states = new Map<string, ConnectorState>();
    for (const { name } of known) {
      const commit = commits.get(name);
      const status = statuses.get(name);
      const lease = leases.get(name);
      if (commit !== undefined && status !== undefined && lease !== undefined)
        states.set(name, { commit, statuses: status, leases: lease });
    }
    return new TickSnapshot(states);
  }

  static empty(): TickSnapshot {
    return new TickSnapshot(new Map());
  }

  /** The connector's state when the snapshot holds it (steady state), else undefined. */
  stateOf(record: ConnectorRecord): ConnectorState | undefined {
    if (record.targetState === TargetState.STOPPED || record.restart !== null) return undefined;
    return this.states.get(record.name);
  }

  get size(): number {
    return this.states.size;
  }
}

/** A connector's state read on its own: three reads side by side, one round trip. */
export async function readStateOf(stores: Stores, name: string): Promise<ConnectorState> {
  const [set, statuses, leases] = await Promise.all([
    stores.configs.getTaskConfigs(name),
    stores.statuses.getStatuses(name),
    stores.leases.list(name),
  ]);
  const commit =
    set === null
      ? null
      : {
          generation: set.generation,
          configVersion: set.configVersion,
          count: set.tasks.length,
          digest: taskSetDigest(set.tasks),
        };
  return { commit, statuses, leases };
}
