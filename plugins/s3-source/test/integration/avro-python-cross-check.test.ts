/**
 * The S3 source's AvroReader on container files written by Apache Avro's Python DataFileWriter (random
 * sync markers, its own block sizes): null, deflate and snappy (CRC-32 after each block).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Struct } from 'lambda-connect/api';
import { bytesJson, pythonAvroWrite } from '../../../s3/test/reference/python-avro.js';
import { AvroReader } from '../../src/avro-reader.js';

const schema = {
  type: 'record',
  name: 'Event',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'name', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'blob', type: 'bytes' },
    { name: 'total', type: 'long' },
  ],
};

const values = Array.from({ length: 2_000 }, (_, o) => ({
  id: o,
  name: `event ${o} ${'y'.repeat(o % 90)}`,
  note: o % 4 === 0 ? null : `n${o}`,
  blob: Buffer.from([o & 0xff, 7]),
  total: o * 4_000_000_007,
}));

async function* once(body: Buffer): AsyncIterable<Uint8Array> {
  yield body;
}

describe('AvroReader on files written by Apache Avro (Python)', () => {
  for (const codec of ['null', 'deflate', 'snappy']) {
    test(`codec ${codec}: 2,000 records back as Structs, in order`, async () => {
      const body = await pythonAvroWrite(
        schema,
        values.map((v) => ({ ...v, blob: bytesJson(v.blob) })),
        codec,
      );
      const reader = await AvroReader.open(once(body), `python-${codec}.avro`);
      const got: unknown[] = [];
      for (let record = await reader.next(); record !== null; record = await reader.next()) {
        const { schema: connect, value } = reader.decode(record);
        assert.equal(connect?.name, 'shop.Event');
        const s = value as Struct;
        got.push({
          id: s.get('id'),
          name: s.get('name'),
          note: s.get('note'),
          blob: Buffer.from(s.get('blob') as Uint8Array),
          total: s.get('total'),
        });
      }
      assert.deepEqual(got, values);
    });
  }
});
