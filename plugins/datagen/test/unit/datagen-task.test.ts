/**
 * The task: Structs with schemas and keys, reproducible by seed, offsets that resume the count across
 * task lifetimes (slices), `iterations` capping the total, and `max.interval` waits bounded per poll.
 * Offsets come from an in-memory reader that keeps what the "framework" committed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  SchemaType,
  Struct,
  type SourceOffset,
  type SourcePartition,
  type SourceRecord,
  type SourceTaskContext,
} from 'lambda-connect/api';
import {
  DatagenTask,
  CURRENT_ITERATION,
  NEXT_DUE,
  RANDOM_SEED,
  TASK_GENERATION,
  UNPACED_BATCH,
} from '../../src/datagen-task.js';
import { MAX_POLL_WAIT_MS, type Clock } from '../../src/pacing.js';

/** Committed offsets by partition, as the framework keeps them between slices. */
class OffsetStore {
  readonly offsets = new Map<string, SourceOffset>();

  context(props: Record<string, string>): SourceTaskContext {
    return {
      configs: () => props,
      offsetStorageReader: () => ({
        offset: async (p: SourcePartition) => this.offsets.get(JSON.stringify(p)) ?? null,
        offsets: async (ps: readonly SourcePartition[]) =>
          new Map(ps.map((p) => [p, this.offsets.get(JSON.stringify(p)) ?? null])),
      }),
    };
  }

  commit(records: readonly SourceRecord[]): void {
    for (const r of records)
      if (r.sourcePartition && r.sourceOffset) this.offsets.set(JSON.stringify(r.sourcePartition), r.sourceOffset);
  }
}

/** A clock that moves only when the task sleeps on it. */
class FakeClock implements Clock {
  time = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

class ClockedTask extends DatagenTask {
  constructor(private readonly fake: Clock) {
    super();
  }
  protected override clock(): Clock {
    return this.fake;
  }
}

const base = { 'kafka.topic': 'datagen-out', 'max.interval': '0' };

async function started(props: Record<string, string>, store = new OffsetStore(), clock?: Clock): Promise<DatagenTask> {
  const task = clock === undefined ? new DatagenTask() : new ClockedTask(clock);
  task.initialize(store.context(props));
  await task.start(props);
  return task;
}

/** Runs one lifetime of the task: polls until it has `count` records (or it returns null), commits them. */
async function slice(props: Record<string, string>, store: OffsetStore, count: number): Promise<SourceRecord[]> {
  const task = await started(props, store);
  const out: SourceRecord[] = [];
  while (out.length < count) {
    const batch = await task.poll();
    if (batch === null) break;
    out.push(...batch.slice(0, count - out.length));
  }
  await task.stop();
  store.commit(out);
  return out;
}

const text = (records: readonly SourceRecord[]): string[] => records.map((r) => `${String(r.key)}|${String(r.value)}`);

describe('DatagenTask', () => {
  test('records are Structs with their schema, keyed by the quickstart key field, with Confluent headers', async () => {
    const task = await started({ ...base, quickstart: 'orders', 'task.id': '2' });
    const [record] = (await task.poll()) ?? [];
    assert.ok(record);
    assert.equal(record.topic, 'datagen-out');
    assert.ok(record.value instanceof Struct);
    assert.equal(record.valueSchema?.type, SchemaType.STRUCT);
    assert.equal(record.valueSchema?.name, 'ksql.orders');
    (record.value as Struct).validate();
    assert.equal(record.keySchema?.type, SchemaType.INT32);
    assert.equal(record.key, (record.value as Struct).get('orderid'));
    assert.deepEqual(record.sourcePartition, { 'task.id': 2 });
    assert.deepEqual(
      record.headers.map((h) => [h.key, h.value, h.schema?.type]),
      [
        ['task.generation', 0, 'int64'],
        ['task.id', 2, 'int64'],
        ['current.iteration', 0, 'int64'],
      ],
    );
  });

  test('schema.keyfield overrides the default key; without one the key is a null optional string', async () => {
    const keyed = await started({ ...base, quickstart: 'users', 'schema.keyfield': 'regionid' });
    const [a] = (await keyed.poll()) ?? [];
    assert.match(String(a?.key), /^Region_[1-9]$/);
    const schemaString = JSON.stringify({ type: 'record', name: 'x', fields: [{ name: 'n', type: 'int' }] });
    const unkeyed = await started({ ...base, 'schema.string': schemaString });
    const [b] = (await unkeyed.poll()) ?? [];
    assert.equal(b?.key, null);
    assert.equal(b?.keySchema?.type, SchemaType.STRING);
    assert.equal(b?.keySchema?.optional, true);
  });

  test('the same random.seed gives the same records; another seed or task id gives others', async () => {
    const props = { ...base, quickstart: 'users', 'random.seed': '1234' };
    const first = text((await (await started(props)).poll()) ?? []);
    const again = text((await (await started(props)).poll()) ?? []);
    const otherSeed = text((await (await started({ ...props, 'random.seed': '1235' })).poll()) ?? []);
    const otherTask = text((await (await started({ ...props, 'task.id': '1' })).poll()) ?? []);
    assert.equal(first.length, UNPACED_BATCH);
    assert.deepEqual(again, first);
    assert.notDeepEqual(otherSeed, first);
    assert.notDeepEqual(otherTask, first);
  });

  test('a restart continues the count and the stream: three lifetimes make what one makes', async () => {
    const props = { ...base, quickstart: 'pageviews', 'random.seed': '99' };
    const whole = await slice(props, new OffsetStore(), 30);
    const store = new OffsetStore();
    const parts = [
      ...(await slice(props, store, 10)),
      ...(await slice(props, store, 7)),
      ...(await slice(props, store, 13)),
    ];
    assert.deepEqual(text(parts), text(whole));
    assert.deepEqual(
      parts.map((r) => (r.value as Struct).get('viewtime')),
      Array.from({ length: 30 }, (_, i) => 1 + 10 * i),
    );
    const offset = store.offsets.get(JSON.stringify({ 'task.id': 0 }));
    assert.equal(offset?.[CURRENT_ITERATION], 30);
    assert.equal(offset?.[TASK_GENERATION], 3, 'each lifetime is one generation');
    assert.equal(offset?.[RANDOM_SEED], 99);
  });

  test('without random.seed a seed is chosen once and kept in the offset, so a restart continues that stream', async () => {
    const props = { ...base, quickstart: 'users' };
    const store = new OffsetStore();
    const first = await slice(props, store, 5);
    const seed = store.offsets.get(JSON.stringify({ 'task.id': 0 }))?.[RANDOM_SEED];
    assert.ok(Number.isSafeInteger(seed));
    const rest = await slice(props, store, 5);
    const replay = await slice({ ...props, 'random.seed': String(seed) }, new OffsetStore(), 10);
    assert.deepEqual(text([...first, ...rest]), text(replay));
  });

  test('iterations caps the records of a task across restarts, then the task idles', async () => {
    const props = { ...base, quickstart: 'orders', iterations: '25' };
    const store = new OffsetStore();
    assert.equal((await slice(props, store, 20)).length, 20);
    const rest = await slice(props, store, 20);
    assert.equal(rest.length, 5, 'only what is left of the 25');
    assert.deepEqual(
      rest.map((r) => (r.value as Struct).get('orderid')),
      [20, 21, 22, 23, 24],
    );
    const idle = await started(props, store);
    assert.equal(await idle.poll(), null);
    const oneBatch = await started({ ...props, iterations: '3' });
    assert.equal((await oneBatch.poll())?.length, 3, 'a batch never passes the cap');
    assert.equal(await oneBatch.poll(), null);
  });

  test('max.interval: a poll waits for a record due within the cap, and never longer', async () => {
    const clock = new FakeClock();
    const props = { ...base, quickstart: 'users', 'max.interval': '400' };
    const task = await started(props, new OffsetStore(), clock);
    const records: SourceRecord[] = [];
    for (let i = 0; i < 50; i++) records.push(...((await task.poll()) ?? []));
    assert.equal(records.length, 50, 'each poll returns one record');
    assert.equal(clock.sleeps.length >= 40, true, 'polls waited between records');
    assert.ok(
      clock.sleeps.every((ms) => ms > 0 && ms < 400),
      `waits below max.interval: ${clock.sleeps.join(',')}`,
    );
  });

  test('max.interval beyond the poll cap: the poll returns null at once, and a later lifetime still waits for the due time', async () => {
    const clock = new FakeClock();
    const store = new OffsetStore();
    const props = { ...base, quickstart: 'users', 'max.interval': '60000', 'random.seed': '5' };
    const task = await started(props, store, clock);
    const first = (await task.poll()) ?? [];
    assert.equal(first.length, 1, 'the first record is due at once');
    store.commit(first);
    const due = Number(first[0]?.sourceOffset?.[NEXT_DUE]);
    assert.ok(due >= clock.time && due < clock.time + 60000);
    // Just before the poll cap of the due time (the wait itself is random): nothing yet.
    clock.time = due - MAX_POLL_WAIT_MS - 1;
    assert.equal(await task.poll(), null);
    const restarted = await started(props, store, clock);
    assert.equal(await restarted.poll(), null, 'a new lifetime does not produce early');
    clock.time = due - MAX_POLL_WAIT_MS + 100;
    const next = (await restarted.poll()) ?? [];
    assert.equal(next.length, 1);
    assert.deepEqual(clock.sleeps, [MAX_POLL_WAIT_MS - 100], 'waited exactly until due');
    assert.equal(next[0]?.sourceOffset?.[CURRENT_ITERATION], 2);
  });

  test('an offset altered to something that is not a count fails the task with a clear error', async () => {
    const store = new OffsetStore();
    store.offsets.set(JSON.stringify({ 'task.id': 0 }), { [CURRENT_ITERATION]: 'ten' });
    await assert.rejects(
      started({ ...base, quickstart: 'users' }, store),
      /The offset's 'current\.iteration' must be an integer/,
    );
  });
});
