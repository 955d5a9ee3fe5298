/**
 * Writes one `put` in one transaction (Confluent's `JdbcDbWriter` + `BufferedRecords`): records are grouped
 * by table, keeping their order within each table; consecutive records with the same operation and
 * columns share statements of up to `batch.size` rows.
 *
 * With an errant record reporter (errors.tolerance=all and a dead letter queue), each statement runs under
 * a savepoint: when the database refuses it for a record's fault (a constraint, a bad value), the
 * statement is rolled back to the savepoint and its rows are written one by one, each under its own
 * savepoint, so only the records the database refuses are reported, with its message, and the rest commit.
 * Reports are sent after the commit, so a batch delivered again after an outage reports nothing twice.
 */
import { ConnectError, DataError, type ErrantRecordReporter, type SinkRecord } from 'lambda-connect/api';
import type pg from 'pg';
import { quoteTable, tableName } from '../common/identifiers.js';
import { describeDatabaseError, isRecordFault, toConnectError } from '../common/errors.js';
import type { PoolLease } from '../common/pool-registry.js';
import { InsertMode, type JdbcSinkConfig } from './jdbc-sink-config.js';
import { Operation, RecordPreparer, coordinates, type Parameter, type PreparedRecord } from './prepared-record.js';
import {
  deleteSql,
  insertSql,
  rowParameters,
  rowsPerStatement,
  updateSql,
  upsertSql,
  type StatementShape,
} from './statements.js';
import { TableStructure } from './table-structure.js';

interface Rejection {
  readonly record: SinkRecord;
  readonly error: Error;
}

interface Statement {
  readonly shape: StatementShape;
  readonly operation: Operation;
  readonly text: string;
  readonly values: unknown[];
  readonly records: readonly PreparedRecord[];
}

export class JdbcWriter {
  private readonly preparer: RecordPreparer;
  private readonly structure: TableStructure;

  constructor(
    private readonly config: JdbcSinkConfig,
    private readonly pool: PoolLease,
    private readonly reporter: ErrantRecordReporter | null,
  ) {
    this.preparer = new RecordPreparer(config);
    this.structure = new TableStructure({
      autoCreate: config.autoCreate,
      autoEvolve: config.autoEvolve,
      timeZone: config.dbTimezone,
    });
  }

  /** Writes `records` in one transaction; throws `RetriableError` on an outage, `ConnectError` otherwise. */
  async write(records: readonly SinkRecord[]): Promise<void> {
    const rejected: Rejection[] = [];
    const prepared = this.prepareAll(records, rejected);
    if (prepared.length > 0) await this.transaction(prepared, rejected);
    for (const { record, error } of rejected) await this.reporter!(record, error);
  }

  private prepareAll(records: readonly SinkRecord[], rejected: Rejection[]): PreparedRecord[] {
    const prepared: PreparedRecord[] = [];
    for (const record of records) {
      try {
        prepared.push(this.preparer.prepare(record));
      } catch (error) {
        if (this.reporter === null || !(error instanceof ConnectError)) throw error;
        rejected.push({ record, error });
      }
    }
    return prepared;
  }

  private async transaction(prepared: readonly PreparedRecord[], rejected: Rejection[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.checkout();
    } catch (error) {
      throw toConnectError(error, 'Connecting to the database');
    }
    let failure: unknown;
    try {
      const statements = await this.plan(client, prepared);
      await client.query('BEGIN');
      const failedInTransaction: Rejection[] = [];
      for (const statement of statements) await this.execute(client, statement, failedInTransaction);
      await client.query('COMMIT');
      rejected.push(...failedInTransaction);
    } catch (error) {
      failure = error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw toConnectError(error, 'Writing records to the database');
    } finally {
      this.pool.done(client, failure);
    }
  }

  /** Prepares the tables (DDL commits on its own) and builds the statements, table by table. */
  private async plan(client: pg.PoolClient, prepared: readonly PreparedRecord[]): Promise<Statement[]> {
    const byTable = new Map<string, PreparedRecord[]>();
    for (const record of prepared) {
      const key = quoteTable(record.table);
      const list = byTable.get(key);
      if (list === undefined) byTable.set(key, [record]);
      else list.push(record);
    }
    const statements: Statement[] = [];
    for (const records of byTable.values()) {
      for (const run of runs(records)) {
        const first = run[0]!;
        const columns = await this.structure.prepare(client, first.table, first.fields);
        const keys = first.fields.keyFields.map((field) => columns.get(field.name)!);
        const others =
          first.operation === Operation.DELETE
            ? []
            : first.fields.nonKeyFields.map((field) => columns.get(field.name)!);
        const all = [...keys, ...others];
        const shape: StatementShape = {
          table: first.table,
          keyColumns: keys.map((column) => column.name),
          nonKeyColumns: others.map((column) => column.name),
          ...(all.some((column) => column.isArray) ? {} : { columnTypes: all.map((column) => column.type) }),
        };
        statements.push(...this.statementsFor(shape, first.operation, run));
      }
    }
    return statements;
  }

  private statementsFor(shape: StatementShape, operation: Operation, run: readonly PreparedRecord[]): Statement[] {
    const name = tableName(shape.table);
    if (operation === Operation.DELETE) {
      if (shape.keyColumns.length === 0) throw new ConnectError('Require primary keys to support delete');
      return chunks(run, rowsPerStatement(this.config.batchSize, shape.keyColumns.length)).map((rows) => ({
        shape,
        operation,
        text: deleteSql(shape, rows.length),
        values: rows.flatMap((row) => row.keyParameters),
        records: rows,
      }));
    }
    const width = shape.keyColumns.length + shape.nonKeyColumns.length;
    const arrays = shape.columnTypes !== undefined;
    switch (this.config.insertMode) {
      case InsertMode.INSERT:
        return chunks(run, rowsPerStatement(this.config.batchSize, width, arrays)).map((rows) => ({
          shape,
          operation,
          text: insertSql(shape, rows.length),
          values: rowParameters(rows.map(rowOf), arrays),
          records: rows,
        }));
      case InsertMode.UPSERT:
        if (shape.keyColumns.length === 0) {
          throw new ConnectError(
            `Write to table '${name}' in UPSERT mode requires key field names to be known, check the primary key configuration`,
          );
        }
        return chunks(run, rowsPerStatement(this.config.batchSize, width, arrays)).map((rows) => {
          // One statement may not touch a row twice (ON CONFLICT would fail): the last record per key wins,
          // as it would have had the records been written one after another.
          const latest = lastPerKey(rows);
          return {
            shape,
            operation,
            text: upsertSql(shape, latest.length),
            values: rowParameters(latest.map(rowOf), arrays),
            records: rows,
          };
        });
      case InsertMode.UPDATE:
        if (shape.keyColumns.length === 0) {
          throw new ConnectError(
            `Write to table '${name}' in UPDATE mode requires key field names to be known, check the primary key configuration`,
          );
        }
        if (shape.nonKeyColumns.length === 0) return [];
        return run.map((row) => ({
          shape,
          operation,
          text: updateSql(shape),
          values: [...row.nonKeyParameters, ...row.keyParameters],
          records: [row],
        }));
    }
  }

  private async execute(client: pg.PoolClient, statement: Statement, rejected: Rejection[]): Promise<void> {
    if (this.reporter === null) {
      try {
        await client.query(statement.text, statement.values);
      } catch (error) {
        if (!isRecordFault(error)) throw error;
        const where =
          statement.records.length === 1 ? ` for the record at ${coordinates(statement.records[0]!.record)}` : '';
        throw new ConnectError(
          `The database refused a batch of ${statement.records.length} record(s)${where}: ${describeDatabaseError(error)}`,
          { cause: error },
        );
      }
      return;
    }
    const fault = await underSavepoint(client, statement);
    if (fault === undefined) return;
    if (statement.records.length === 1) {
      rejected.push(rejection(statement.records[0]!.record, fault));
      return;
    }
    for (const row of statement.records) {
      for (const single of this.statementsFor(statement.shape, statement.operation, [row])) {
        const rowFault = await underSavepoint(client, single);
        if (rowFault !== undefined) rejected.push(rejection(row.record, rowFault));
      }
    }
  }
}

/** Runs one statement; the database's error (rolled back to the savepoint) when it refuses the data. */
async function underSavepoint(client: pg.PoolClient, statement: Statement): Promise<unknown> {
  await client.query('SAVEPOINT lc_put');
  try {
    await client.query(statement.text, statement.values);
  } catch (error) {
    if (!isRecordFault(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT lc_put');
    return error;
  }
  await client.query('RELEASE SAVEPOINT lc_put');
  return undefined;
}

/**
 * The database's error is described in the message rather than kept as the cause: the dead letter queue's
 * `__connect.errors.exception.*` headers show the root cause, and node-postgres's error carries neither the
 * SQLSTATE nor the detail in its message.
 */
function rejection(record: SinkRecord, fault: unknown): Rejection {
  return {
    record,
    error: new DataError(`The database refused the record at ${coordinates(record)}: ${describeDatabaseError(fault)}`),
  };
}

/** Splits a table's records into runs of consecutive records that share a statement shape. */
function runs(records: readonly PreparedRecord[]): PreparedRecord[][] {
  const result: PreparedRecord[][] = [];
  for (const record of records) {
    const last = result[result.length - 1];
    if (last !== undefined && last[0]!.group === record.group) last.push(record);
    else result.push([record]);
  }
  return result;
}

function rowOf(row: PreparedRecord): Parameter[] {
  return [...row.keyParameters, ...row.nonKeyParameters];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function lastPerKey(rows: readonly PreparedRecord[]): PreparedRecord[] {
  const latest = new Map<string, PreparedRecord>();
  for (const row of rows) {
    const key = JSON.stringify(row.keyParameters);
    latest.delete(key);
    latest.set(key, row);
  }
  return [...latest.values()];
}
