import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import avro from 'avsc';
import { DataError, Struct } from 'lambda-connect/api';
import { AvroReader } from '../../src/avro-reader.js';

const schema = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

/** A container file written by avsc's own BlockEncoder, independent of the sink's writer. */
async function containerOf(values: unknown[], codec: string): Promise<Buffer> {
  const encoder = new avro.streams.BlockEncoder(avro.Type.forSchema(schema as avro.Schema), { codec });
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of encoder) chunks.push(chunk as Buffer);
  })();
  for (const v of values) encoder.write(v);
  encoder.end();
  await done;
  return Buffer.concat(chunks);
}

async function* source(body: Buffer): AsyncIterable<Uint8Array> {
  // Split across chunks: the reader must not assume one chunk per object.
  yield body.subarray(0, 7);
  yield body.subarray(7);
}

describe('AvroReader', () => {
  for (const codec of ['null', 'deflate']) {
    test(`codec ${codec}: records in order as Structs of the writer schema, then null`, async () => {
      const body = await containerOf(
        [
          { id: 1, note: null },
          { id: 2, note: 'two' },
        ],
        codec,
      );
      const reader = await AvroReader.open(source(body), 'Object o');
      const first = reader.decode((await reader.next()) as Buffer);
      const second = reader.decode(reader.buffered() as Buffer);
      assert.equal(reader.buffered(), null);
      assert.equal(reader.count, 2);
      assert.equal(first.schema?.name, 'shop.Order');
      assert.ok(second.value instanceof Struct);
      assert.deepEqual(
        [first.value, second.value].map((v) => [(v as Struct).get('id'), (v as Struct).get('note')]),
        [
          [1, null],
          [2, 'two'],
        ],
      );
    });
  }

  test('bytes that are not a container file are a DataError naming the object', async () => {
    await assert.rejects(
      AvroReader.open(source(Buffer.from('{"not":"avro"}\n')), 'Object topics/t/partition=0/t+0+0000000000.avro'),
      (e: unknown) => e instanceof DataError && /t\+0\+0000000000\.avro is not an Avro container file/.test(e.message),
    );
  });
});
