import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError, DataError, RetriableError, SchemaBuilder, Schemas, Struct } from 'lambda-connect/api';
import { freePort } from '../../../../local/kafka/free-port.js';
import { JdbcSinkTask } from '../../src/sink/index.js';
import { usePostgres } from '../postgres.js';
import { RecordingContext, sinkRecord } from '../records.js';

const pg = usePostgres();

const VALUE = SchemaBuilder.struct().field('id', Schemas.INT32).field('qty', Schemas.INT32).build();
const row = (id: number, qty: number, offset = id) =>
  sinkRecord({ valueSchema: VALUE, value: new Struct(VALUE).put('id', id).put('qty', qty), offset });

function startTask(
  props: Record<string, string>,
  withReporter = false,
): { task: JdbcSinkTask; context: RecordingContext } {
  const task = new JdbcSinkTask();
  const context = new RecordingContext(props, withReporter);
  task.initialize(context);
  task.start(props);
  return { task, context };
}

describe('JdbcSinkTask on PostgreSQL: failures', () => {
  test('with a reporter, only the records the database refuses are reported, with its message; the rest commit', async (t) => {
    const db = await pg.database();
    await db.query('CREATE TABLE orders (id int PRIMARY KEY, qty int CHECK (qty >= 0))');
    const { task, context } = startTask({ ...db.props, 'pk.mode': 'record_value', 'pk.fields': 'id' }, true);
    t.after(() => task.stop());
    await task.put([row(1, 1), row(2, -5), row(3, 3), row(1, 9, 4), row(5, 5)]);
    assert.deepEqual(await db.query('SELECT id, qty FROM orders ORDER BY id'), [
      { id: 1, qty: 1 },
      { id: 3, qty: 3 },
      { id: 5, qty: 5 },
    ]);
    assert.deepEqual(
      context.reported.map((r) => r.record.kafkaOffset),
      [2, 4],
    );
    assert.match(context.reported[0]!.error.message, /violates check constraint "orders_qty_check".*SQLSTATE 23514/);
    assert.match(
      context.reported[1]!.error.message,
      /duplicate key value violates unique constraint "orders_pkey".*SQLSTATE 23505/,
    );
    assert.ok(context.reported.every((r) => r.error instanceof DataError));
  });

  test('a record that cannot be written (tombstone without delete.enabled, schemaless value) is reported before any SQL', async (t) => {
    const db = await pg.database();
    const { task, context } = startTask({ ...db.props, 'auto.create': 'true' }, true);
    t.after(() => task.stop());
    await task.put([
      row(1, 1, 0),
      sinkRecord({ offset: 1, value: null }),
      sinkRecord({ offset: 2, value: { id: 2 } }),
      row(3, 3, 3),
    ]);
    assert.deepEqual(await db.query('SELECT id FROM orders ORDER BY id'), [{ id: 1 }, { id: 3 }]);
    assert.deepEqual(
      context.reported.map((r) => r.record.kafkaOffset),
      [1, 2],
    );
    assert.match(context.reported[0]!.error.message, /delete\.enabled=false/);
    assert.match(context.reported[1]!.error.message, /non-null Struct value and non-null Struct schema/);
  });

  test('without a reporter a refused record fails the put, and the whole put is rolled back', async (t) => {
    const db = await pg.database();
    await db.query('CREATE TABLE orders (id int PRIMARY KEY, qty int CHECK (qty >= 0))');
    const { task } = startTask({ ...db.props, 'batch.size': '1' });
    t.after(() => task.stop());
    await assert.rejects(task.put([row(1, 1), row(2, -1), row(3, 3)]), (error: Error) => {
      assert.ok(error instanceof ConnectError && !error.retriable);
      assert.match(
        error.message,
        /refused a batch of 1 record\(s\) for the record at \(topic='orders',partition=0,offset=2.*orders_qty_check/,
      );
      return true;
    });
    assert.deepEqual(await db.query('SELECT id FROM orders'), []);
  });

  test('auto.evolve adds a column for a new optional field; without it the put fails naming the field', async (t) => {
    const db = await pg.database();
    await db.query('CREATE TABLE orders (id int PRIMARY KEY, qty int)');
    const wider = SchemaBuilder.struct()
      .field('id', Schemas.INT32)
      .field('qty', Schemas.INT32)
      .field('note', Schemas.OPTIONAL_STRING)
      .build();
    const rec = sinkRecord({
      valueSchema: wider,
      value: new Struct(wider).put('id', 1).put('qty', 1).put('note', 'hi'),
    });
    const fixed = startTask({ ...db.props, 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await assert.rejects(fixed.task.put([rec]), /missing fields \(note\) and auto-evolution is disabled/);
    fixed.task.stop();
    const { task } = startTask({
      ...db.props,
      'pk.mode': 'record_value',
      'pk.fields': 'id',
      'auto.evolve': 'true',
      'insert.mode': 'upsert',
    });
    t.after(() => task.stop());
    await task.put([row(2, 2), rec]);
    assert.deepEqual(await db.query('SELECT id, qty, note FROM orders ORDER BY id'), [
      { id: 1, qty: 1, note: 'hi' },
      { id: 2, qty: 2, note: null },
    ]);
    const required = SchemaBuilder.struct()
      .field('id', Schemas.INT32)
      .field('qty', Schemas.INT32)
      .field('must', Schemas.STRING)
      .build();
    await assert.rejects(
      task.put([
        sinkRecord({ valueSchema: required, value: new Struct(required).put('id', 3).put('qty', 3).put('must', 'x') }),
      ]),
      /field must, as the field is not optional and does not have a default value/,
    );
  });

  test('a missing table without auto.create fails the put', async (t) => {
    const db = await pg.database();
    const { task } = startTask(db.props);
    t.after(() => task.stop());
    await assert.rejects(task.put([row(1, 1)]), /Table "orders" is missing and auto-creation is disabled/);
  });

  test('an unreachable database is retriable: retry.backoff.ms is asked for, and the task fails after max.retries', async (t) => {
    const port = await freePort();
    const props = {
      'connection.url': `jdbc:postgresql://127.0.0.1:${port}/nowhere?connectTimeout=2`,
      'connection.user': 'u',
      'max.retries': '2',
      'retry.backoff.ms': '1234',
    };
    const { task, context } = startTask(props);
    t.after(() => task.stop());
    await assert.rejects(task.put([row(1, 1)]), RetriableError);
    await assert.rejects(task.put([row(1, 1)]), RetriableError);
    await assert.rejects(
      task.put([row(1, 1)]),
      (error: Error) => error instanceof ConnectError && !error.retriable && /after 2 retries/.test(error.message),
    );
    assert.deepEqual(context.timeouts, [1234, 1234]);
  });

  test('wrong credentials fail the task at once (retrying cannot fix them)', async (t) => {
    const db = await pg.database();
    const { task } = startTask({ ...db.props, 'connection.password': 'not-the-password' });
    t.after(() => task.stop());
    await assert.rejects(
      task.put([row(1, 1)]),
      (error: Error) =>
        error instanceof ConnectError && !error.retriable && /password authentication failed/.test(error.message),
    );
  });
});
