import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, DataError, SchemaBuilder, Schemas, Struct, type Schema } from 'lambda-connect/api';
import { parseS3SinkConfig } from '../../src/s3-sink-config.js';
import { ValueSchemas } from '../../src/schema-compatibility.js';
import { projectValue, schemasEqual } from '../../src/schema-projector.js';
import { MemoryS3SinkTask, offsetsFor, testContext } from '../fixtures/memory-task.js';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';
import { V1, V2, interleaved, jsonLine, versionedOrder } from '../fixtures/versioned-orders.js';

const struct = (build: (b: SchemaBuilder) => SchemaBuilder, version?: number): Schema => {
  const b = build(new SchemaBuilder('struct').name('t.R'));
  return (version === undefined ? b : b.version(version)).build();
};

describe('SchemaProjector', () => {
  test('v1 to v2: a missing field with a default takes it, a missing optional one stays null', () => {
    const projected = projectValue(V1, new Struct(V1).put('id', 7).put('name', 'x'), V2) as Struct;
    assert.equal(projected.schema, V2);
    assert.deepEqual(
      ['id', 'name', 'qty', 'note'].map((f) => projected.get(f)),
      [7, 'x', 1, null],
    );
  });

  test('v2 to v1: fields the target does not have are dropped', () => {
    const value = new Struct(V2).put('id', 7).put('name', 'x').put('qty', 3).put('note', 'n');
    const projected = projectValue(V2, value, V1) as Struct;
    assert.equal(projected.toString(), 'Struct{id=7,name=x}');
  });

  test('a required field missing from the source without a default is an error naming it', () => {
    const target = struct((b) => b.field('id', Schemas.INT32).field('sku', Schemas.STRING));
    const source = struct((b) => b.field('id', Schemas.INT32));
    assert.throws(
      () => projectValue(source, new Struct(source).put('id', 1), target),
      (e: unknown) => e instanceof DataError && /Required field `sku` is missing from source schema/.test(e.message),
    );
  });

  test('numbers widen (int32 to int64 keeps the value, int64 bigint to double, float rounding), never narrow', () => {
    assert.equal(projectValue(Schemas.INT32, 5, Schemas.INT64), 5);
    assert.equal(projectValue(Schemas.INT64, 2n ** 40n, Schemas.FLOAT64), 2 ** 40);
    assert.equal(projectValue(Schemas.FLOAT64, 0.1, Schemas.FLOAT64), 0.1);
    assert.equal(projectValue(Schemas.INT32, 16_777_217, Schemas.FLOAT32), 16_777_216);
    assert.throws(
      () => projectValue(Schemas.INT64, 5, Schemas.INT32),
      /Schema type mismatch. source type: int64 and target type: int32/,
    );
    assert.throws(() => projectValue(Schemas.STRING, 'x', Schemas.INT32), /Schema type mismatch/);
  });

  test('optional to required needs a target default (null takes it); names must match', () => {
    const withDefault = new SchemaBuilder('string').defaultValue('d').build();
    assert.equal(projectValue(Schemas.OPTIONAL_STRING, null, withDefault), 'd');
    assert.equal(projectValue(Schemas.OPTIONAL_STRING, 'v', withDefault), 'v');
    assert.throws(
      () => projectValue(Schemas.OPTIONAL_STRING, 'v', Schemas.STRING),
      /Writer schema is optional, however, target schema does not provide a default value/,
    );
    const a = struct((b) => b.field('id', Schemas.INT32));
    const other = new SchemaBuilder('struct').name('t.Other').field('id', Schemas.INT32).build();
    assert.throws(() => projectValue(a, new Struct(a).put('id', 1), other), /Schema name mismatch/);
  });

  test('parameters: documentation ones are ignored, an enum may gain symbols but not lose them', () => {
    const doc = (text: string) => new SchemaBuilder('string').parameter('connect.record.doc', text).build();
    assert.equal(projectValue(doc('a'), 'x', doc('b')), 'x');
    const e = (symbols: string[]) => {
      const b = new SchemaBuilder('string').name('t.Color').parameter('io.confluent.connect.avro.Enum', 't.Color');
      for (const s of symbols) b.parameter(`io.confluent.connect.avro.Enum.${s}`, s);
      return b.build();
    };
    assert.equal(projectValue(e(['RED']), 'RED', e(['RED', 'BLUE'])), 'RED');
    assert.throws(() => projectValue(e(['RED', 'BLUE']), 'RED', e(['RED'])), /is not a subset of target parameters/);
    const p = (v: string) => new SchemaBuilder('string').parameter('length', v).build();
    assert.throws(() => projectValue(p('1'), 'x', p('2')), /Schema parameters not equal/);
  });

  test('arrays and maps project their elements; nested struct errors name the field', () => {
    const arr = (s: Schema) => SchemaBuilder.array(s).build();
    assert.deepEqual(projectValue(arr(Schemas.INT32), [1, 2], arr(Schemas.FLOAT64)), [1, 2]);
    const map = (s: Schema) => SchemaBuilder.map(Schemas.STRING, s).build();
    assert.deepEqual(projectValue(map(Schemas.INT8), new Map([['a', 1]]), map(Schemas.INT64)), new Map([['a', 1]]));
    const outer = (inner: Schema) => struct((b) => b.field('inner', inner));
    const inner2 = struct((b) => b.field('x', Schemas.INT32).field('y', Schemas.STRING));
    const inner1 = struct((b) => b.field('x', Schemas.INT32));
    const value = new Struct(outer(inner1)).put('inner', new Struct(inner1).put('x', 1));
    assert.throws(
      () => projectValue(outer(inner1), value, outer(inner2)),
      /Error projecting inner: Required field `y` is missing/,
    );
  });

  test("schemasEqual is Connect's equals: version, doc, defaults and field schemas count", () => {
    assert.ok(
      schemasEqual(
        V1,
        struct((b) => b.name('shop.Order').field('id', Schemas.INT32).field('name', Schemas.STRING), 1),
      ),
    );
    assert.ok(
      !schemasEqual(
        V1,
        struct((b) => b.name('shop.Order').field('id', Schemas.INT32).field('name', Schemas.STRING), 3),
      ),
    );
    assert.ok(!schemasEqual(V1, V2));
    assert.ok(
      !schemasEqual(
        new SchemaBuilder('int32').defaultValue(1).build(),
        new SchemaBuilder('int32').defaultValue(2).build(),
      ),
    );
    assert.ok(schemasEqual(null, null) && !schemasEqual(V1, null));
  });
});

describe('ValueSchemas (StorageSchemaCompatibility)', () => {
  const v = (o: number, version: 1 | 2) => versionedOrder(o, version);

  test('BACKWARD and FULL: a newer version changes; an older one is projected to the open schema', () => {
    for (const mode of ['BACKWARD', 'FULL'] as const) {
      const schemas = new ValueSchemas(mode);
      assert.equal(schemas.shouldChange(v(0, 1), ''), false);
      schemas.opened('', V1);
      assert.equal(schemas.shouldChange(v(1, 2), ''), true, mode);
      schemas.clear();
      schemas.opened('', V2);
      assert.equal(schemas.shouldChange(v(2, 1), ''), false);
      const projected = schemas.project(v(2, 1), '');
      assert.equal(projected.valueSchema, V2);
      assert.equal((projected.value as Struct).get('qty'), 1);
      assert.equal(projected.kafkaOffset, 2);
    }
  });

  test('FORWARD: an older version changes; a newer one is projected to the open (older) schema', () => {
    const schemas = new ValueSchemas('FORWARD');
    schemas.opened('', V2);
    assert.equal(schemas.shouldChange(v(0, 1), ''), true);
    schemas.clear();
    schemas.opened('', V1);
    assert.equal(schemas.shouldChange(v(1, 2), ''), false);
    assert.equal((schemas.project(v(1, 2), '').value as Struct).toString(), 'Struct{id=1,name=o1}');
  });

  test('NONE: any unequal schema changes, per encoded partition; nothing is projected', () => {
    const schemas = new ValueSchemas('NONE');
    schemas.opened('a', V1);
    assert.equal(schemas.shouldChange(v(0, 2), 'a'), true);
    assert.equal(schemas.shouldChange(v(0, 1), 'a'), false);
    assert.equal(schemas.shouldChange(v(0, 2), 'b'), false, 'another encoded partition has no open schema yet');
    const record = v(0, 2);
    assert.equal(schemas.project(record, 'a'), record);
  });

  test('without versions BACKWARD/FORWARD/FULL fail the record (DataError), NONE compares schemas', () => {
    const unversioned = struct((b) => b.field('id', Schemas.INT32));
    const record = sinkRecord({ offset: 3, value: new Struct(unversioned).put('id', 1), valueSchema: unversioned });
    for (const mode of ['BACKWARD', 'FORWARD', 'FULL'] as const) {
      assert.throws(
        () => new ValueSchemas(mode).shouldChange(record, ''),
        (e: unknown) =>
          e instanceof DataError &&
          new RegExp(`Schema version required for ${mode} compatibility: orders-0@3`).test(e.message),
      );
    }
    assert.equal(new ValueSchemas('NONE').shouldChange(record, ''), false);
  });

  test('schema-based then schemaless is an error in every mode; schemaless then schema-based is not', () => {
    for (const mode of ['NONE', 'BACKWARD'] as const) {
      const schemas = new ValueSchemas(mode);
      schemas.opened('', V1);
      assert.throws(
        () => schemas.shouldChange(sinkRecord({ offset: 1, value: { id: 1 } }), ''),
        /Switch between schema-based and schema-less data is not supported/,
      );
      const schemaless = new ValueSchemas(mode);
      schemaless.opened('', null);
      assert.equal(schemaless.shouldChange(sinkRecord({ offset: 1, value: { id: 1 } }), ''), false);
      assert.equal(schemaless.shouldChange(v(2, 1), ''), false);
    }
  });

  test('schema.compatibility is validated (case-insensitive, defaults to NONE)', () => {
    assert.equal(parseS3SinkConfig(sinkConfig()).schemaCompatibility, 'NONE');
    assert.equal(parseS3SinkConfig(sinkConfig({ 'schema.compatibility': 'backward' })).schemaCompatibility, 'BACKWARD');
    assert.throws(
      () => parseS3SinkConfig(sinkConfig({ 'schema.compatibility': 'TRANSITIVE' })),
      (e: unknown) => e instanceof ConfigError && /NONE, BACKWARD, FORWARD, FULL/.test(e.message),
    );
  });
});

/** A task on a memory store with `orders-0` open, reporting record errors to `reported` (or without a DLQ). */
async function writeInterleaved(mode: string, extra: Record<string, string> = {}, dlq = true) {
  const config = sinkConfig({ 'flush.size': '4', 'schema.compatibility': mode, ...extra });
  const reported: Array<{ offset: number; error: Error }> = [];
  const task = new MemoryS3SinkTask();
  task.initialize(testContext(config, dlq ? reported : null));
  task.start(config);
  const tps = [{ topic: 'orders', partition: 0 }];
  await task.open(tps);
  return { task, tps, reported };
}

/** Each object's lines by key, in key order. */
function objectLines(task: MemoryS3SinkTask): Record<string, string[]> {
  const objects = (task.memory as unknown as { objects: Map<string, Buffer> }).objects;
  return Object.fromEntries(
    [...objects.keys()]
      .sort()
      .map((k) => [
        k.slice(k.lastIndexOf('+') + 1),
        (objects.get(k) ?? Buffer.alloc(0)).toString().trimEnd().split('\n'),
      ]),
  );
}

describe('schema.compatibility in the S3 sink task (JsonFormat, flush.size 4, versions 1 1 2 1 2 2 1 1 2 1 1 2)', () => {
  test('BACKWARD: objects at 0, 2, 6, 8; v1 records after a v2 one written as v2 (qty 1, note null)', async () => {
    const { task, tps } = await writeInterleaved('BACKWARD');
    await task.put(interleaved());
    const committed = await task.preCommit(offsetsFor(tps));
    assert.equal(committed.get('orders-0')?.offset, 12);
    assert.deepEqual(objectLines(task), {
      '0000000000.json': [jsonLine(0, 1), jsonLine(1, 1)],
      '0000000002.json': [2, 3, 4, 5].map((o) => jsonLine(o, 2)),
      '0000000006.json': [jsonLine(6, 1), jsonLine(7, 1)],
      '0000000008.json': [8, 9, 10, 11].map((o) => jsonLine(o, 2)),
    });
  });

  test('FORWARD: objects at 0, 4, 6 (10 and 11 open); v2 records after a v1 one written as v1', async () => {
    const { task, tps } = await writeInterleaved('FORWARD');
    await task.put(interleaved());
    const committed = await task.preCommit(offsetsFor(tps));
    assert.equal(committed.get('orders-0')?.offset, 10);
    assert.deepEqual(objectLines(task), {
      '0000000000.json': [0, 1, 2, 3].map((o) => jsonLine(o, 1)),
      '0000000004.json': [jsonLine(4, 2), jsonLine(5, 2)],
      '0000000006.json': [6, 7, 8, 9].map((o) => jsonLine(o, 1)),
    });
  });

  test('NONE: a new object at every change of schema (JsonFormat too), nothing projected', async () => {
    const { task, tps } = await writeInterleaved('NONE');
    await task.put(interleaved());
    const committed = await task.preCommit(offsetsFor(tps));
    assert.equal(committed.get('orders-0')?.offset, 11);
    assert.deepEqual(
      Object.keys(objectLines(task)),
      [0, 2, 3, 4, 6, 8, 9].map((o) => `${String(o).padStart(10, '0')}.json`),
    );
    assert.deepEqual(objectLines(task)['0000000009.json'], [jsonLine(9, 1), jsonLine(10, 1)]);
    assert.deepEqual(objectLines(task)['0000000004.json'], [jsonLine(4, 2), jsonLine(5, 2)]);
  });

  test('a record that cannot be projected goes to the DLQ; the object around it is written without it', async () => {
    // v3 drops `name` for a required `sku` without a default: a v3 file cannot take v1 or v2 records
    // (BACKWARD projects them to v3), and they are reported with the reason.
    const v3 = new SchemaBuilder('struct')
      .name('shop.Order')
      .version(3)
      .field('id', Schemas.INT32)
      .field('sku', Schemas.STRING)
      .build();
    const r3 = (o: number) =>
      sinkRecord({ offset: o, value: new Struct(v3).put('id', o).put('sku', `s${o}`), valueSchema: v3 });
    const { task, tps, reported } = await writeInterleaved('BACKWARD', { 'errors.tolerance': 'all' });
    await task.put([r3(0), versionedOrder(1, 1), r3(2), r3(3), versionedOrder(4, 2), r3(5)]);
    assert.deepEqual(
      reported.map((r) => [r.offset, r.error instanceof DataError]),
      [
        [1, true],
        [4, true],
      ],
    );
    assert.match(
      reported[0]?.error.message ?? '',
      /orders-0@1: its value \(schema version 1\) cannot be projected to version 3 .*Required field `sku` is missing/,
    );
    assert.deepEqual(objectLines(task), {
      '0000000000.json': [0, 2, 3, 5].map((o) => `{"id":${o},"sku":"s${o}"}`),
    });
    assert.equal((await task.preCommit(offsetsFor(tps))).get('orders-0')?.offset, 6);
  });

  test('BACKWARD without DLQ: an unversioned schema fails the task with the reason', async () => {
    const unversioned = struct((b) => b.field('id', Schemas.INT32));
    const { task } = await writeInterleaved('BACKWARD', {}, false);
    await assert.rejects(
      task.put([sinkRecord({ offset: 0, value: new Struct(unversioned).put('id', 1), valueSchema: unversioned })]),
      /Schema version required for BACKWARD compatibility/,
    );
  });
});
