import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import avro from 'avsc';
import snappy from 'snappyjs';
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

/** Avro's snappy codec for avsc's encoder: the raw block, then zlib's CRC-32 of the input, big-endian. */
function snappyCompress(data: Buffer, callback: (error: Error | null, block?: Buffer) => void): void {
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data));
  callback(null, Buffer.concat([snappy.compress(data), crc]));
}

/** A container file written by avsc's own BlockEncoder, independent of the sink's writer. */
async function containerOf(values: unknown[], codec: string, corruptCrc = false): Promise<Buffer> {
  const snappyCodec = corruptCrc
    ? (data: Buffer, callback: (error: Error | null, block?: Buffer) => void) =>
        snappyCompress(data, (_, block) => {
          const corrupt = Buffer.from(block as Buffer);
          corrupt.writeUInt32BE(corrupt.readUInt32BE(corrupt.length - 4) ^ 0xff, corrupt.length - 4);
          callback(null, corrupt);
        })
    : snappyCompress;
  const encoder = new avro.streams.BlockEncoder(avro.Type.forSchema(schema as avro.Schema), {
    codec,
    codecs: { ...avro.streams.BlockEncoder.defaultCodecs(), snappy: snappyCodec },
  });
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
  for (const codec of ['null', 'deflate', 'snappy']) {
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

  test('a snappy block whose CRC-32 does not match its data is a DataError', async () => {
    const body = await containerOf([{ id: 1, note: 'one' }], 'snappy', true);
    await assert.rejects(
      AvroReader.open(source(body), 'Object o.avro'),
      (e: unknown) =>
        e instanceof DataError && /o\.avro is not an Avro container file.*checksum mismatch/.test(e.message),
    );
  });

  test('bytes that are not a container file are a DataError naming the object', async () => {
    await assert.rejects(
      AvroReader.open(source(Buffer.from('{"not":"avro"}\n')), 'Object topics/t/partition=0/t+0+0000000000.avro'),
      (e: unknown) => e instanceof DataError && /t\+0\+0000000000\.avro is not an Avro container file/.test(e.message),
    );
  });
});
