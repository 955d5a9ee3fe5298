/**
 * AvroFormat against a real S3-compatible server (moto): the task writes Struct records (int, string,
 * optional, decimal, timestamp) as Avro container files; each object is downloaded and decoded with
 * avsc's own BlockDecoder, independent of the sink's writer. Keys, codec, schema and values are asserted.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  Decimal,
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
  type SinkRecord,
} from 'lambda-connect/api';
import { decodeContainer } from '../fixtures/avro-files.js';
import { useMotoS3 } from '../fixtures/moto-s3.js';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';
import { runSlice } from '../fixtures/slices.js';

const moto = useMotoS3();
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);

const schema = new SchemaBuilder('struct')
  .name('shop.Order')
  .field('id', Schemas.INT32)
  .field('customer', Schemas.STRING)
  .field('note', Schemas.OPTIONAL_STRING)
  .field('amount', Decimal.schema(2))
  .field('at', LogicalTimestamp.SCHEMA)
  .build();

/** `count` orders on partitions 0 and 1 of `orders`; every third has a note. */
function orders(count: number): Map<string, SinkRecord[]> {
  const log = new Map<string, SinkRecord[]>();
  for (const p of [0, 1]) {
    const records = Array.from({ length: count / 2 }, (_, o) =>
      sinkRecord({
        partition: p,
        offset: o,
        valueSchema: schema,
        value: new Struct(schema)
          .put('id', p * 100_000 + o)
          .put('customer', `c${o % 7}`)
          .put('note', o % 3 === 0 ? `note ${o}` : null)
          .put('amount', BigDecimal.parse(`${o}.${String(o % 100).padStart(2, '0')}`))
          .put('at', new Date(T0 + o * 1_000)),
        timestamp: T0 + o * 1_000,
      }),
    );
    log.set(`orders-${p}`, records);
  }
  return log;
}

/** The unscaled two's-complement bytes of a decimal, as Avro's `decimal` logical type stores them. */
function unscaledBytes(text: string): Buffer {
  let n = BigInt(text.replace('.', ''));
  const out: number[] = [];
  do {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n !== 0n && n !== -1n);
  if ((out[0] ?? 0) & 0x80) out.unshift(0);
  return Buffer.from(out);
}

async function runUntilCommitted(config: Record<string, string>, log: Map<string, SinkRecord[]>): Promise<void> {
  const committed = new Map<string, number>();
  for (let i = 0; i < 20 && ![...log].every(([k, r]) => committed.get(k) === r.length); i++)
    await runSlice(config, log, committed, { maxRecords: 1_000, batchSize: 200 });
  assert.deepEqual(Object.fromEntries(committed), Object.fromEntries([...log].map(([k, r]) => [k, r.length])));
}

describe('S3 sink AvroFormat on moto', () => {
  for (const codec of ['null', 'deflate']) {
    test(`avro.codec=${codec}: Confluent's keys, one container file per object, values decoded by avsc`, async () => {
      const bucket = await moto.bucket('avro');
      const config = sinkConfig({
        's3.bucket.name': bucket,
        'store.url': moto.endpoint,
        's3.region': 'us-east-1',
        'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat',
        'avro.codec': codec,
        'flush.size': '500',
      });
      const log = orders(2_000);
      await runUntilCommitted(config, log);
      const expectedKeys = [0, 1].flatMap((p) =>
        [0, 500].map((o) => `topics/orders/partition=${p}/orders+${p}+${String(o).padStart(10, '0')}.avro`),
      );
      assert.deepEqual(await moto.keys(bucket), expectedKeys.sort());
      for (const key of expectedKeys) {
        const [, p, start] = /orders\+(\d)\+(\d+)\.avro$/.exec(key) ?? [];
        const file = await decodeContainer(await moto.body(bucket, key));
        assert.equal(file.codec, codec, key);
        const written = file.schema as { name: string; fields: Array<{ name: string; type: unknown }> };
        assert.equal(written.name, 'shop.Order');
        assert.deepEqual(
          written.fields.map((f) => f.name),
          ['id', 'customer', 'note', 'amount', 'at'],
        );
        const expected = (log.get(`orders-${p}`) ?? []).slice(Number(start), Number(start) + 500);
        assert.equal(file.values.length, 500, key);
        file.values.forEach((v, i) => {
          const record = expected[i]?.value as Struct;
          const amount = (record.get('amount') as BigDecimal).toString();
          assert.deepEqual(
            { ...(v as object) },
            {
              id: record.get('id'),
              customer: record.get('customer'),
              note: record.get('note'),
              amount: unscaledBytes(amount),
              at: (record.get('at') as Date).getTime(),
            },
            `${key} #${i}`,
          );
        });
      }
    });
  }
});
