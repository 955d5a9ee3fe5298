/**
 * `io.confluent.connect.jdbc.source.JdbcSourceTask`: reads its tables (or the custom query) into records.
 *
 * Each `poll` runs at most one bounded statement per querier and returns the first non-empty batch, so
 * it returns within one database round trip of `batch.max.rows` rows and the slice keeps its budget. A
 * querier that came back with fewer rows than the limit is caught up and rests `poll.interval.ms`; when
 * every querier rests, `poll` returns null and the slice ends (the next slice starts on a scheduler
 * tick). Tables take turns, as Confluent's priority queue of next-update times gives them turns.
 */
import type { PoolClient } from 'pg';
import { ConfigError, SourceTask, type SourceRecord } from 'lambda-connect/api';
import { SourceSession } from './connection.js';
import { parseJdbcSourceSettings } from './jdbc-source-config.js';
import { SourceKeys } from './jdbc-source-config-def.js';
import { JDBC_PLUGIN_VERSION } from '../version.js';
import { parseTableIdList } from './table-id.js';
import { TableQuerier, type QuerierLog } from './table-querier.js';

/** Warnings go to the function's log; the plugin API has no logger, and Connect's tasks log with SLF4J. */
const consoleLog: QuerierLog = {
  warn: (message, details) =>
    console.warn(JSON.stringify({ level: 'WARN', logger: JdbcSourceTask.className, message, ...details })),
};

export class JdbcSourceTask extends SourceTask {
  static readonly className = 'io.confluent.connect.jdbc.source.JdbcSourceTask';

  private queriers: TableQuerier[] = [];
  private session: SourceSession | null = null;
  private next = 0;

  version(): string {
    return JDBC_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    const settings = parseJdbcSourceSettings(props);
    this.session = new SourceSession(settings.connection);
    const tables = parseTableIdList(props[SourceKeys.TABLES] ?? '');
    if (settings.query !== '') {
      if (tables.length > 0)
        throw new ConfigError(
          'Invalid configuration: a JdbcSourceTask cannot have both a table and a query assigned to it',
        );
      this.queriers = [new TableQuerier({ kind: 'query', sql: settings.query }, settings, consoleLog)];
      return;
    }
    if (tables.length === 0 && props[SourceKeys.TABLES_FETCHED] !== 'false') {
      throw new ConfigError(
        'Task is being killed because it was not assigned a table nor a query to execute. If run in table mode please make sure that the tables exist on the database. If the table does exist on the database, we recommend using the fully qualified table name.',
      );
    }
    this.queriers = tables.map((id) => new TableQuerier({ kind: 'table', id }, settings, consoleLog));
  }

  async poll(): Promise<SourceRecord[] | null> {
    const session = this.session;
    if (session === null || this.queriers.length === 0) return null;
    try {
      return await this.pollQueriers(await session.connection());
    } catch (error) {
      session.failed(error);
      throw error;
    }
  }

  async stop(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session === null) return;
    await Promise.all(
      this.queriers.map((q) =>
        q.inPass
          ? session
              .connection()
              .then((c) => q.close(c))
              .catch((e: unknown) => session.failed(e))
          : undefined,
      ),
    );
    session.close();
  }

  private async pollQueriers(client: PoolClient): Promise<SourceRecord[] | null> {
    const now = Date.now();
    // A bulk pass holds the session's only cursor: finish it before another querier runs.
    const open = this.queriers.find((q) => q.inPass);
    if (open !== undefined) return this.nonEmpty(await open.poll(client, this.context?.offsetStorageReader(), now));
    for (let tried = 0; tried < this.queriers.length; tried++) {
      const querier = this.queriers[this.next]!;
      this.next = (this.next + 1) % this.queriers.length;
      if (!querier.isDue(now)) continue;
      const records = await querier.poll(client, this.context?.offsetStorageReader(), now);
      if (records.length > 0) return records;
    }
    return null;
  }

  private nonEmpty(records: SourceRecord[]): SourceRecord[] | null {
    return records.length > 0 ? records : null;
  }
}
