/**
 * Reads one table (or the custom query) in bounded batches and turns rows into source records whose
 * offsets say where the next batch starts (Confluent's TableQuerier, one LIMITed statement per poll).
 *
 * Offset rules, so a slice may stop after any batch and the next slice neither skips nor repeats rows:
 * - incrementing and timestamp+incrementing order by a strict key, so each row's offset is its own key;
 * - timestamp mode reads rows after the last timestamp (`>`), so a batch never ends inside a group of rows
 *   sharing a timestamp: a LIMIT that cuts a group is trimmed back, and a group larger than the limit is
 *   read whole by one more statement;
 * - bulk mode reads the whole table through a cursor with no offsets (as Confluent), once per slice at most.
 */
import type { ClientBase, CustomTypesConfig } from 'pg';
import { sourceRecord, type OffsetStorageReader, type SourcePartition, type SourceRecord } from 'lambda-connect/api';
import { describeQuery, describeTable } from './catalog.js';
import { toConnectError } from '../common/index.js';
import {
  bulkStatement,
  incrementalStatement,
  timestampGroupStatement,
  type CriteriaSpec,
  type QuerySource,
  type Statement,
} from './criteria.js';
import { Mode } from './jdbc-source-config-def.js';
import type { JdbcSourceSettings } from './jdbc-source-config.js';
import {
  QUERY_PARTITION,
  legacyTablePartition,
  offsetToPosition,
  positionToOffset,
  tablePartition,
  type TablePosition,
} from './offsets.js';
import { buildRowSchema, readRow, type RowSchema } from './row-schema.js';
import { fullyQualifiedName } from './table-id.js';
import { resolveOffsetColumns, type OffsetColumns } from './offset-columns.js';

/** Every value as PostgreSQL's text: type-mapping.ts reads it exactly (no float rounding of numerics, no local-zone dates). */
const RAW_TEXT: CustomTypesConfig = {
  getTypeParser: (() => (value: string) => value) as unknown as CustomTypesConfig['getTypeParser'],
};

type Row = Array<string | null>;

/** PostgreSQL's undefined_table, kept as the cause of the error `run` throws. */
function isUndefinedTable(error: unknown): boolean {
  return (error as { cause?: { code?: unknown } } | null)?.cause?.code === '42P01';
}

/** What a querier learns from the catalog on its first poll in a slice. */
interface TablePrepared {
  readonly rowSchema: RowSchema;
  readonly offsetColumns: OffsetColumns;
  readonly spec: CriteriaSpec;
}

export interface QuerierLog {
  warn(message: string, details?: Record<string, unknown>): void;
}

export class TableQuerier {
  readonly partition: SourcePartition;
  readonly topic: string;
  private prepared: TablePrepared | null = null;
  private position: TablePosition = { incrementing: null, timestampMicros: null };
  private dueAt = 0;
  private cursor: string | null = null;

  constructor(
    readonly source: QuerySource,
    private readonly settings: JdbcSourceSettings,
    private readonly log: QuerierLog,
  ) {
    this.partition = source.kind === 'table' ? tablePartition(source.id) : QUERY_PARTITION;
    this.topic = source.kind === 'table' ? settings.topicPrefix + source.id.table : settings.topicPrefix;
  }

  get name(): string {
    return this.source.kind === 'table' ? fullyQualifiedName(this.source.id) : 'query';
  }

  /** Whether a statement may run now: not caught up within the last `poll.interval.ms`. */
  isDue(now: number): boolean {
    return this.dueAt <= now;
  }

  /** A bulk pass is open: the task keeps reading this querier until it ends (one cursor per session). */
  get inPass(): boolean {
    return this.cursor !== null;
  }

  /** The next batch (possibly empty); marks the querier caught up when the database had no more rows. */
  async poll(client: ClientBase, offsets: OffsetStorageReader | undefined, now: number): Promise<SourceRecord[]> {
    const prepared = this.prepared ?? (await this.prepare(client, offsets));
    if (prepared === null) {
      this.dueAt = now + this.settings.pollIntervalMs;
      return [];
    }
    if (this.settings.mode === Mode.BULK) return this.pollBulk(client, prepared.rowSchema, now);
    const limit = this.settings.batchMaxRows;
    let rows: Row[];
    try {
      rows = await this.run(client, incrementalStatement(this.source, prepared.spec, this.position, limit));
    } catch (error) {
      if (!isUndefinedTable(error) || this.source.kind !== 'table') throw error;
      // Dropped since the connector listed it: rest until the next tick's task configs leave it out.
      this.log.warn('table dropped while being read; skipped until the connector lists tables again', {
        table: this.name,
      });
      this.prepared = null;
      this.dueAt = now + this.settings.pollIntervalMs;
      return [];
    }
    if (rows.length < limit) this.dueAt = now + this.settings.pollIntervalMs;
    else if (this.settings.mode === Mode.TIMESTAMP) rows = await this.wholeGroups(client, prepared, rows);
    return rows.map((row) => this.record(prepared, row));
  }

  /** Ends an open bulk pass (closing its cursor and transaction). */
  async close(client: ClientBase): Promise<void> {
    if (this.cursor === null) return;
    this.cursor = null;
    await client.query('ROLLBACK');
  }

  private async prepare(client: ClientBase, offsets: OffsetStorageReader | undefined): Promise<TablePrepared | null> {
    const columns = await this.describe(client);
    if (columns.length === 0) {
      this.log.warn('table not found or without columns; skipped until the connector lists tables again', {
        table: this.name,
      });
      return null;
    }
    const rowSchema = buildRowSchema(
      columns,
      this.source.kind === 'table' ? this.source.id.table : null,
      this.settings.numericMapping,
      this.settings.dbTimeZone,
    );
    if (rowSchema.skipped.length > 0)
      this.log.warn('columns of unsupported types are left out of the records', {
        table: this.name,
        columns: rowSchema.skipped,
      });
    const offsetColumns = resolveOffsetColumns(this.settings, this.name, columns, this.source.kind === 'table');
    const spec: CriteriaSpec = {
      mode: this.settings.mode,
      incrementingColumn: offsetColumns.incrementing?.name ?? null,
      timestampColumns: offsetColumns.timestamps.map((c) => c.name),
      timestampsWithZone: offsetColumns.timestamps[0]?.typeName === 'timestamptz',
      zone: this.settings.dbTimeZone,
      delayMs: this.settings.timestampDelayMs,
      quote: this.settings.quoteIdentifiers,
      suffix: this.settings.querySuffix,
    };
    this.position = (await this.storedPosition(offsets)) ?? this.initialPosition();
    this.prepared = { rowSchema, offsetColumns, spec };
    return this.prepared;
  }

  private async describe(client: ClientBase): Promise<Awaited<ReturnType<typeof describeTable>>> {
    try {
      return this.source.kind === 'table'
        ? await describeTable(client, this.source.id)
        : await describeQuery(client, this.source);
    } catch (error) {
      throw toConnectError(error, `Reading the columns of ${this.name}`);
    }
  }

  private async storedPosition(offsets: OffsetStorageReader | undefined): Promise<TablePosition | null> {
    if (offsets === undefined || this.settings.mode === Mode.BULK) return null;
    const stored = await offsets.offset(this.partition);
    if (stored !== null || this.source.kind === 'query') return offsetToPosition(stored);
    // Offsets of Confluent's protocol 0 (an unqualified table name), as Confluent still reads them.
    return offsetToPosition(await offsets.offset(legacyTablePartition(this.source.id)));
  }

  private initialPosition(): TablePosition {
    const initial = this.settings.timestampInitialMs;
    const micros = initial === null ? null : initial === -1 ? BigInt(Date.now()) * 1000n : BigInt(initial) * 1000n;
    return { incrementing: null, timestampMicros: micros };
  }

  private async run(client: ClientBase, statement: Statement): Promise<Row[]> {
    try {
      const result = await client.query<Row>({
        text: statement.text,
        values: statement.values,
        rowMode: 'array',
        types: RAW_TEXT,
      });
      return result.rows;
    } catch (error) {
      throw toConnectError(error, `Querying ${this.name}`);
    }
  }

  /** Drops a trailing group a LIMIT may have cut; a batch that is one group is completed instead. */
  private async wholeGroups(client: ClientBase, prepared: TablePrepared, rows: Row[]): Promise<Row[]> {
    const last = prepared.offsetColumns.timestampOf(rows[rows.length - 1]!);
    let cut = rows.length;
    while (cut > 0 && prepared.offsetColumns.timestampOf(rows[cut - 1]!) === last) cut--;
    if (cut > 0) return rows.slice(0, cut);
    return this.run(client, timestampGroupStatement(this.source, prepared.spec, last));
  }

  private async pollBulk(client: ClientBase, rowSchema: RowSchema, now: number): Promise<SourceRecord[]> {
    const limit = this.settings.batchMaxRows;
    try {
      if (this.cursor === null) {
        const statement = bulkStatement(this.source, this.settings.quoteIdentifiers, this.settings.querySuffix);
        await client.query('BEGIN READ ONLY');
        this.cursor = 'lc_bulk';
        await client.query(`DECLARE ${this.cursor} NO SCROLL CURSOR FOR ${statement.text}`);
      }
      const rows = (
        await client.query<Row>({
          text: `FETCH FORWARD ${limit} FROM ${this.cursor}`,
          rowMode: 'array',
          types: RAW_TEXT,
        })
      ).rows;
      if (rows.length < limit) {
        await this.close(client);
        this.dueAt = now + Math.max(this.settings.pollIntervalMs, 1);
      }
      return rows.map((row) =>
        sourceRecord({
          topic: this.topic,
          sourcePartition: this.partition,
          sourceOffset: null,
          valueSchema: rowSchema.schema,
          value: readRow(rowSchema, row),
        }),
      );
    } catch (error) {
      this.cursor = null;
      await client.query('ROLLBACK').catch(() => undefined);
      throw toConnectError(error, `Reading ${this.name}`);
    }
  }

  private record(prepared: TablePrepared, row: Row): SourceRecord {
    const { offsetColumns } = prepared;
    const position: TablePosition = {
      incrementing: offsetColumns.incrementing === null ? null : offsetColumns.incrementingOf(row),
      timestampMicros: offsetColumns.timestamps.length === 0 ? null : offsetColumns.timestampOf(row),
    };
    this.position = position;
    return sourceRecord({
      topic: this.topic,
      sourcePartition: this.partition,
      sourceOffset: positionToOffset(position),
      valueSchema: prepared.rowSchema.schema,
      value: readRow(prepared.rowSchema, row),
    });
  }
}
