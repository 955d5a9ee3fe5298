import { randomUUID } from 'node:crypto';
import { ConflictError, StaleEpochError, StoreUnavailableError } from '../errors.js';
import type {
  ConnectorListEntry,
  ConnectorProperties,
  ConnectorRecord,
  ConnectorSnapshot,
  LoggerLevel,
  RestartRequest,
  TargetState,
  TaskCommit,
  TaskConfigEntry,
  TaskConfigSet,
} from '../model.js';
import { taskSetDigest } from '../task-set-digest.js';
import type { ConfigStore } from '../ports.js';
import { attr, isConditionFailure, readJson, readNumber, readString, type DynamoTable, type Item } from './table.js';

const CONNECTORS = 'connectors';
/**
 * The listing attributes of a connector item (decision 0024): what `GET /connectors?expand=status` needs
 * of a connector besides its statuses, so the list Query reads them without the configs or the commit
 * items. `connectorClass` and `pluginVersion` are written with the config and `listedVersion` names the
 * config version they come from; `taskCount` and `taskGeneration` follow the committed task-config set,
 * written after its commit item and fenced by its generation.
 */
const Listing = {
  VERSION: 'listedVersion',
  CLASS: 'connectorClass',
  PLUGIN_VERSION: 'pluginVersion',
  TASK_COUNT: 'taskCount',
  TASK_GENERATION: 'taskGeneration',
} as const;
const CONNECTOR_CLASS = 'connector.class';
const PLUGIN_VERSION = 'connector.plugin.version';
const LOGGERS = 'loggers';
const COMMIT = 'commit';
const tasksPk = (name: string): string => `tasks#${name}`;
/** Items of one task-config set: `set#<generation>#<writer>#<task id>`. */
const setPrefix = (generation: number, writer: string): string =>
  `set#${String(generation).padStart(12, '0')}#${writer}#`;

/**
 * Connector configs live in one partition (`connectors`, one item per connector); task configs in a
 * partition per connector: one item per task plus a `commit` item naming the current generation, written
 * last, as Connect's config topic does with its `commit-<n>` record.
 */
export class DynamoConfigStore implements ConfigStore {
  constructor(private readonly table: DynamoTable) {}

  async listConnectors(): Promise<ConnectorRecord[]> {
    return (await this.table.query(CONNECTORS)).map(toConnector);
  }

  async listConnectorEntries(options: { readonly configs: boolean }): Promise<ConnectorListEntry[]> {
    const items = await this.table.query(
      CONNECTORS,
      options.configs ? {} : { attributes: ['version', ...Object.values(Listing)] },
    );
    const nameOf = (item: Item): string => readString(item, 'sk') ?? '';
    // Items written before the listing attributes (or whose config changed without them): their configs.
    const unlisted = options.configs ? [] : items.filter((item) => !hasListedConfig(item)).map(nameOf);
    const [full, counts] = await Promise.all([
      unlisted.length === 0 ? [] : this.table.getMany(unlisted.map((name) => ({ pk: CONNECTORS, sk: name }))),
      this.getTaskCounts(items.filter((item) => readNumber(item, Listing.TASK_GENERATION) === undefined).map(nameOf)),
    ]);
    const fullByName = new Map(full.map((item) => [nameOf(item), item]));
    const entries: ConnectorListEntry[] = [];
    for (const item of items) {
      const name = nameOf(item);
      const source = options.configs || hasListedConfig(item) ? item : fullByName.get(name);
      if (source === undefined) continue; // deleted between the two reads
      entries.push({
        name,
        config: options.configs ? (readJson<ConnectorProperties>(item, 'config') ?? {}) : listedConfig(source),
        taskCount:
          readNumber(item, Listing.TASK_GENERATION) === undefined
            ? (counts.get(name) ?? null)
            : (readNumber(item, Listing.TASK_COUNT) ?? 0),
      });
    }
    return entries;
  }

  async syncListing(
    record: ConnectorRecord,
    commit: { readonly generation: number; readonly count: number } | null,
  ): Promise<void> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Item = { ':v': attr.n(record.version) };
    let expression = listingOfConfig(record.config, record.version, names, values);
    let condition = '#version = :v';
    if (commit !== null) {
      expression += ', #tc = :tc, #tg = :tg';
      names['#tc'] = Listing.TASK_COUNT;
      names['#tg'] = Listing.TASK_GENERATION;
      values[':tc'] = attr.n(commit.count);
      values[':tg'] = attr.n(commit.generation);
      condition += ' AND (attribute_not_exists(#tg) OR #tg <= :tg)';
    }
    await this.table
      .update(CONNECTORS, record.name, withRemovals(expression, record.config, names), { condition, names, values })
      .catch(ignoreListingFailure);
  }

  async listConnectorNames(): Promise<string[]> {
    return (await this.table.query(CONNECTORS, { attributes: [] })).map((item) => readString(item, 'sk') ?? '');
  }

  async getConnector(name: string): Promise<ConnectorRecord | null> {
    const item = await this.table.get(CONNECTORS, name);
    return item === null ? null : toConnector(item);
  }

  /** The connector item and the commit item of its task configs: one BatchGetItem. */
  async getConnectorSnapshot(name: string): Promise<ConnectorSnapshot> {
    const items = await this.table.getMany([
      { pk: CONNECTORS, sk: name },
      { pk: tasksPk(name), sk: COMMIT },
    ]);
    const connector = items.find((item) => readString(item, 'pk') === CONNECTORS);
    const commit = items.find((item) => readString(item, 'pk') === tasksPk(name));
    return {
      connector: connector === undefined ? null : toConnector(connector),
      taskCount: commit === undefined ? null : taskCountOf(commit),
    };
  }

  async putConnector(
    name: string,
    config: ConnectorProperties,
    expectedVersion: number,
    targetState?: TargetState,
  ): Promise<ConnectorRecord> {
    const now = Date.now();
    const values: Item = {
      ':config': attr.json(config),
      ':v': attr.n(expectedVersion + 1),
      ':now': attr.n(now),
      ':one': attr.n(1),
    };
    const names: Record<string, string> = {
      '#config': 'config',
      '#version': 'version',
      '#updatedAt': 'updatedAt',
      '#createdAt': 'createdAt',
      '#stateVersion': 'stateVersion',
    };
    let expression = `SET #config = :config, #version = :v, #updatedAt = :now, #createdAt = if_not_exists(#createdAt, :now), #stateVersion = if_not_exists(#stateVersion, :one), ${listingOfConfig(config, expectedVersion + 1, names, values).slice('SET '.length)}`;
    if (targetState !== undefined || expectedVersion === 0) {
      expression += ', #targetState = :ts';
      names['#targetState'] = 'targetState';
      values[':ts'] = attr.s(targetState ?? 'STARTED');
    }
    expression = withRemovals(expression, config, names);
    let condition: string;
    if (expectedVersion === 0) {
      condition = 'attribute_not_exists(#version)';
    } else {
      condition = '#version = :expected';
      values[':expected'] = attr.n(expectedVersion);
    }
    try {
      return toConnector(await this.table.update(CONNECTORS, name, expression, { condition, names, values }));
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError(`Connector ${name} was changed concurrently`, { cause: error });
      throw error;
    }
  }

  async setTargetState(name: string, state: TargetState): Promise<ConnectorRecord> {
    return this.updateExisting(
      name,
      'SET #targetState = :ts, #updatedAt = :now ADD #stateVersion :one',
      {
        '#targetState': 'targetState',
      },
      { ':ts': attr.s(state) },
    );
  }

  async requestRestart(name: string, request: RestartRequest): Promise<ConnectorRecord> {
    return this.updateExisting(
      name,
      'SET #restart = :restart, #updatedAt = :now ADD #stateVersion :one',
      { '#restart': 'restart' },
      {
        ':restart': attr.json(request),
      },
    );
  }

  async clearRestart(name: string, requestId: string): Promise<void> {
    try {
      await this.table.update(CONNECTORS, name, 'REMOVE #restart', {
        condition: 'contains(#restart, :id)',
        names: { '#restart': 'restart' },
        values: { ':id': attr.s(`"id":${JSON.stringify(requestId)}`) },
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async deleteConnector(name: string): Promise<boolean> {
    try {
      await this.table.delete(CONNECTORS, name, { condition: 'attribute_exists(#pk)', names: { '#pk': 'pk' } });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getTaskConfigs(name: string): Promise<TaskConfigSet | null> {
    const items = await this.table.query(tasksPk(name));
    const commit = items.find((item) => readString(item, 'sk') === COMMIT);
    if (commit === undefined) return null;
    const generation = readNumber(commit, 'generation') ?? 0;
    const count = taskCountOf(commit);
    const prefix = setPrefix(generation, readString(commit, 'writer') ?? '');
    const tasks: TaskConfigEntry[] = items
      .filter((item) => (readString(item, 'sk') ?? '').startsWith(prefix))
      .map(
        (item): TaskConfigEntry => ({
          id: readNumber(item, 'id') ?? 0,
          config: readJson<Record<string, string>>(item, 'config') ?? {},
          partitions: readJson<TaskConfigEntry['partitions']>(item, 'partitions') ?? [],
        }),
      )
      .filter((task) => task.id < count)
      .sort((a, b) => a.id - b.id);
    if (tasks.length !== count)
      throw new StoreUnavailableError(`Task configs of ${name} generation ${generation} are incomplete`);
    return { connector: name, generation, configVersion: readNumber(commit, 'configVersion') ?? 0, tasks };
  }

  /** The commit items only (the task configs can be large and are not read). */
  async getTaskCounts(names: readonly string[]): Promise<Map<string, number>> {
    return new Map([...(await this.getTaskCommits(names))].map(([name, commit]) => [name, commit.count]));
  }

  /** One BatchGetItem per 100 names (sent side by side). */
  async getTaskCommits(names: readonly string[]): Promise<Map<string, TaskCommit>> {
    const byPk = new Map(names.map((name) => [tasksPk(name), name]));
    const commits = await this.table.getMany([...byPk.keys()].map((pk) => ({ pk, sk: COMMIT })));
    const result = new Map<string, TaskCommit>();
    for (const commit of commits) {
      const name = byPk.get(readString(commit, 'pk') ?? '');
      if (name === undefined) continue;
      result.set(name, {
        generation: readNumber(commit, 'generation') ?? 0,
        configVersion: readNumber(commit, 'configVersion') ?? 0,
        count: taskCountOf(commit),
        digest: readString(commit, 'digest') ?? null,
      });
    }
    return result;
  }

  /**
   * Writes the tasks of a new set under keys of their own (generation and writer), then the commit item
   * naming them, conditional on a newer generation: readers always see one complete committed set, a
   * writer that stops half-way leaves only unreferenced items, and two writers never overwrite each other.
   * Items of older sets are removed once the new set is committed.
   */
  async putTaskConfigs(set: TaskConfigSet): Promise<void> {
    const writer = randomUUID().slice(0, 8);
    const prefix = setPrefix(set.generation, writer);
    for (const task of set.tasks) {
      await this.table.put(tasksPk(set.connector), `${prefix}${String(task.id).padStart(6, '0')}`, {
        id: attr.n(task.id),
        generation: attr.n(set.generation),
        config: attr.json(task.config),
        partitions: attr.json(task.partitions),
      });
    }
    try {
      await this.table.put(
        tasksPk(set.connector),
        COMMIT,
        {
          generation: attr.n(set.generation),
          configVersion: attr.n(set.configVersion),
          count: attr.n(set.tasks.length),
          writer: attr.s(writer),
          digest: attr.s(taskSetDigest(set.tasks)),
        },
        {
          condition: 'attribute_not_exists(#generation) OR #generation < :g',
          names: { '#generation': 'generation' },
          values: { ':g': attr.n(set.generation) },
        },
      );
    } catch (error) {
      await this.deleteSetItems(set.connector, (sk) => sk.startsWith(prefix)).catch(() => undefined);
      if (isConditionFailure(error)) {
        throw new StaleEpochError(
          `Task configs of ${set.connector} already have a generation at or above ${set.generation}`,
          { cause: error },
        );
      }
      throw error;
    }
    // The listing's task count follows the commit; a lost write here is repaired by the next tick (syncListing).
    await this.table
      .update(CONNECTORS, set.connector, 'SET #tc = :tc, #tg = :tg', {
        condition: 'attribute_exists(#version) AND (attribute_not_exists(#tg) OR #tg < :tg)',
        names: { '#version': 'version', '#tc': Listing.TASK_COUNT, '#tg': Listing.TASK_GENERATION },
        values: { ':tc': attr.n(set.tasks.length), ':tg': attr.n(set.generation) },
      })
      .catch(ignoreListingFailure);
    // Older sets (and losers of this generation) are unreferenced now; newer ones may be in flight: keep them.
    await this.deleteSetItems(
      set.connector,
      (sk, generation) => generation < set.generation || (generation === set.generation && !sk.startsWith(prefix)),
    );
  }

  private async deleteSetItems(connector: string, doomed: (sk: string, generation: number) => boolean): Promise<void> {
    for (const item of await this.table.query(tasksPk(connector))) {
      const sk = readString(item, 'sk') ?? '';
      if (sk !== COMMIT && doomed(sk, readNumber(item, 'generation') ?? 0))
        await this.table.delete(tasksPk(connector), sk);
    }
  }

  async deleteTaskConfigs(name: string): Promise<void> {
    await this.table.deletePartition(tasksPk(name));
  }

  async listLoggers(): Promise<LoggerLevel[]> {
    return (await this.table.query(LOGGERS)).map((item) => ({
      logger: readString(item, 'sk') ?? '',
      level: readString(item, 'level') ?? 'INFO',
      lastModified: readNumber(item, 'lastModified') ?? null,
    }));
  }

  async putLogger(level: LoggerLevel): Promise<void> {
    const fields: Item = { level: attr.s(level.level) };
    if (level.lastModified !== null) fields['lastModified'] = attr.n(level.lastModified);
    await this.table.put(LOGGERS, level.logger, fields);
  }

  private async updateExisting(
    name: string,
    expression: string,
    names: Record<string, string>,
    values: Item,
  ): Promise<ConnectorRecord> {
    try {
      return toConnector(
        await this.table.update(CONNECTORS, name, expression, {
          condition: 'attribute_exists(#version)',
          names: { ...names, '#version': 'version', '#updatedAt': 'updatedAt', '#stateVersion': 'stateVersion' },
          values: { ...values, ':now': attr.n(Date.now()), ':one': attr.n(1) },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError(`Connector ${name} does not exist`, { cause: error });
      throw error;
    }
  }
}

/**
 * `SET` of the listing attributes a config determines (into `names` / `values`); `withRemovals` adds the
 * `REMOVE` of those the config lacks.
 */
function listingOfConfig(
  config: ConnectorProperties,
  version: number,
  names: Record<string, string>,
  values: Item,
): string {
  names['#lv'] = Listing.VERSION;
  names['#lc'] = Listing.CLASS;
  names['#lp'] = Listing.PLUGIN_VERSION;
  values[':lv'] = attr.n(version);
  const parts = ['#lv = :lv'];
  const className = config[CONNECTOR_CLASS];
  const pluginVersion = config[PLUGIN_VERSION];
  if (className !== undefined) {
    values[':lc'] = attr.s(className);
    parts.push('#lc = :lc');
  }
  if (pluginVersion !== undefined) {
    values[':lp'] = attr.s(pluginVersion);
    parts.push('#lp = :lp');
  }
  return `SET ${parts.join(', ')}`;
}

function withRemovals(expression: string, config: ConnectorProperties, names: Record<string, string>): string {
  const removed = [
    ...(config[CONNECTOR_CLASS] === undefined ? ['#lc'] : []),
    ...(config[PLUGIN_VERSION] === undefined ? ['#lp'] : []),
  ];
  for (const name of ['#lc', '#lp'] as const)
    if (!expression.includes(`${name} =`) && !removed.includes(name)) delete names[name];
  return removed.length === 0 ? expression : `${expression} REMOVE ${removed.join(', ')}`;
}

/** Whether the item's listing attributes are those of its current config. */
function hasListedConfig(item: Item): boolean {
  const listed = readNumber(item, Listing.VERSION);
  return listed !== undefined && listed === readNumber(item, 'version');
}

/** The two config keys the listing shows through (type and version), from listing attributes or a config. */
function listedConfig(item: Item): ConnectorProperties {
  const config = hasListedConfig(item)
    ? { [CONNECTOR_CLASS]: readString(item, Listing.CLASS), [PLUGIN_VERSION]: readString(item, Listing.PLUGIN_VERSION) }
    : (() => {
        const full = readJson<ConnectorProperties>(item, 'config') ?? {};
        return { [CONNECTOR_CLASS]: full[CONNECTOR_CLASS], [PLUGIN_VERSION]: full[PLUGIN_VERSION] };
      })();
  const result: ConnectorProperties = {};
  for (const [key, value] of Object.entries(config)) if (value !== undefined) result[key] = value;
  return result;
}

/** A listing write that lost to a newer one, or met an outage, leaves the item for the next tick to sync. */
function ignoreListingFailure(error: unknown): void {
  if (isConditionFailure(error) || error instanceof StoreUnavailableError) return;
  throw error;
}

function taskCountOf(commit: Item): number {
  return readNumber(commit, 'count') ?? 0;
}

function toConnector(item: Item): ConnectorRecord {
  return {
    name: readString(item, 'sk') ?? '',
    config: readJson<ConnectorProperties>(item, 'config') ?? {},
    targetState: (readString(item, 'targetState') ?? 'STARTED') as TargetState,
    version: readNumber(item, 'version') ?? 0,
    stateVersion: readNumber(item, 'stateVersion') ?? 0,
    restart: readJson<RestartRequest>(item, 'restart') ?? null,
    createdAt: readNumber(item, 'createdAt') ?? 0,
    updatedAt: readNumber(item, 'updatedAt') ?? 0,
    ...listingOf(item),
  };
}

function listingOf(item: Item): Pick<ConnectorRecord, 'listing'> {
  const configVersion = readNumber(item, Listing.VERSION);
  const taskGeneration = readNumber(item, Listing.TASK_GENERATION) ?? null;
  if (configVersion === undefined && taskGeneration === null) return {};
  return { listing: { configVersion: configVersion ?? null, taskGeneration } };
}
