/**
 * AvroFormat objects read by Python's Avro implementations (Apache Avro, which checks every snappy block's
 * CRC-32, and fastavro): the sink's container files with each codec, over several blocks, and a
 * `schema.compatibility=BACKWARD` object holding projected records.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SchemaBuilder, Schemas, Struct } from 'lambda-connect/api';
import type { MemoryObjectStore } from '../../src/object-store.js';
import { MemoryS3SinkTask, offsetsFor, testContext } from '../fixtures/memory-task.js';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';
import { interleaved } from '../fixtures/versioned-orders.js';
import { bytesJson, pythonAvroRead } from '../reference/python-avro.js';

const schema = new SchemaBuilder('struct')
  .name('shop.Event')
  .version(1)
  .field('id', Schemas.INT32)
  .field('name', Schemas.STRING)
  .field('note', Schemas.OPTIONAL_STRING)
  .field('blob', Schemas.BYTES)
  .field('total', Schemas.INT64)
  .field('ratio', Schemas.FLOAT64)
  .build();

function event(o: number): Struct {
  return new Struct(schema)
    .put('id', o)
    .put('name', `event ${o} ${'x'.repeat(o % 120)}`)
    .put('note', o % 3 === 0 ? null : `note ${o}`)
    .put('blob', Buffer.from([o & 0xff, (o >> 8) & 0xff, 0, 255]))
    .put('total', o * 1_000_003)
    .put('ratio', o / 8);
}

/** Writes `records` through the task (memory store) and returns the objects by key. */
async function write(
  overrides: Record<string, string>,
  records: ReturnType<typeof sinkRecord>[],
): Promise<Map<string, Buffer>> {
  const config = sinkConfig({ 'format.class': 'AvroFormat', ...overrides });
  const task = new MemoryS3SinkTask();
  task.initialize(testContext(config, null));
  task.start(config);
  const tps = [{ topic: 'orders', partition: 0 }];
  await task.open(tps);
  await task.put(records);
  await task.preCommit(offsetsFor(tps));
  return (task.memory as MemoryObjectStore).objects;
}

describe('AvroFormat objects read by Apache Avro (Python) and fastavro', () => {
  for (const codec of ['null', 'deflate', 'snappy']) {
    test(`avro.codec=${codec}: 3,000 records over several 64 KB blocks, every value as written`, async () => {
      const records = Array.from({ length: 3_000 }, (_, o) =>
        sinkRecord({ offset: o, value: event(o), valueSchema: schema }),
      );
      const objects = await write({ 'avro.codec': codec, 'flush.size': '3000' }, records);
      assert.deepEqual([...objects.keys()], ['topics/orders/partition=0/orders+0+0000000000.avro']);
      const body = [...objects.values()][0] as Buffer;
      assert.ok(body.length > 3 * 64_000 || codec !== 'null', `${body.length} bytes`);
      const [file] = await pythonAvroRead([body]);
      assert.equal(file?.codec, codec);
      assert.equal(file?.schema['connect.name'], 'shop.Event');
      const expected = records.map((r) => {
        const v = r.value as Struct;
        return {
          id: v.get('id'),
          name: v.get('name'),
          note: v.get('note'),
          blob: bytesJson(v.get('blob') as Uint8Array),
          total: v.get('total'),
          ratio: v.get('ratio'),
        };
      });
      assert.deepEqual(file?.records, expected);
      assert.deepEqual(file?.fastavro, expected);
    });
  }

  test('a snappy block whose CRC-32 is wrong is refused by Apache Avro: the check above is a real one', async () => {
    const objects = await write(
      { 'avro.codec': 'snappy', 'flush.size': '2' },
      [0, 1].map((o) => sinkRecord({ offset: o, value: event(o), valueSchema: schema })),
    );
    const body = Buffer.from([...objects.values()][0] as Buffer);
    // One block: its last 4 bytes before the 16-byte sync marker are the CRC.
    const at = body.length - 16 - 4;
    body.writeUInt32BE(body.readUInt32BE(at) ^ 1, at);
    await assert.rejects(pythonAvroRead([body]), /CRC|checksum/i);
  });

  test('schema.compatibility=BACKWARD, snappy: the projected v1 records read back as v2 values (qty 1, note null)', async () => {
    const objects = await write(
      { 'avro.codec': 'snappy', 'flush.size': '4', 'schema.compatibility': 'BACKWARD' },
      interleaved(),
    );
    const files = await pythonAvroRead([objects.get('topics/orders/partition=0/orders+0+0000000008.avro') as Buffer]);
    assert.equal(files[0]?.schema['connect.version'], 2);
    assert.deepEqual(files[0]?.records, [
      { id: 8, name: 'o8', qty: 80, note: 'n8' },
      { id: 9, name: 'o9', qty: 1, note: null },
      { id: 10, name: 'o10', qty: 1, note: null },
      { id: 11, name: 'o11', qty: 110, note: 'n11' },
    ]);
  });
});
