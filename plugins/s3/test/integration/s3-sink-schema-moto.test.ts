/**
 * `schema.compatibility` against a real S3-compatible server (moto): two partitions whose records
 * interleave schema versions 1 and 2 (1 1 2 1 2 2 1 1 2 1 1 2), flush.size 4, written by slices of about
 * six records per partition, so open objects are dropped and re-read from the committed offset again and
 * again. For each mode the exact keys are spelled out, and every AvroFormat (snappy) object is decoded by
 * avsc: its writer schema version and every value, projected or not. Slices that crash between upload and
 * commit leave the same keys and bytes as a clean run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SinkRecord } from 'lambda-connect/api';
import { decodeContainer } from '../fixtures/avro-files.js';
import { useMotoS3 } from '../fixtures/moto-s3.js';
import { sinkConfig } from '../fixtures/records.js';
import { runSlice } from '../fixtures/slices.js';
import { VERSIONS, interleaved, jsonLine } from '../fixtures/versioned-orders.js';

const moto = useMotoS3();

/** One expected object: its start offset, the offsets it holds and the schema version it is written with. */
type Expected = readonly [start: number, offsets: readonly number[], version: 1 | 2];

/** What each mode writes per partition, and the offset committed at the end (records after it stay open). */
const EXPECTED: Record<string, { objects: readonly Expected[]; committed: number }> = {
  // A newer version rotates; older records are projected up (offsets 3, 9 and 10 as v2).
  BACKWARD: {
    objects: [
      [0, [0, 1], 1],
      [2, [2, 3, 4, 5], 2],
      [6, [6, 7], 1],
      [8, [8, 9, 10, 11], 2],
    ],
    committed: 12,
  },
  // An older version rotates; newer records are projected down (offsets 2 and 8 as v1); 10, 11 open.
  FORWARD: {
    objects: [
      [0, [0, 1, 2, 3], 1],
      [4, [4, 5], 2],
      [6, [6, 7, 8, 9], 1],
    ],
    committed: 10,
  },
  // Every change rotates; 11 open.
  NONE: {
    objects: [
      [0, [0, 1], 1],
      [2, [2], 2],
      [3, [3], 1],
      [4, [4, 5], 2],
      [6, [6, 7], 1],
      [8, [8], 2],
      [9, [9, 10], 1],
    ],
    committed: 11,
  },
};
EXPECTED['FULL'] = EXPECTED['BACKWARD'] as (typeof EXPECTED)[string];

function log(): Map<string, SinkRecord[]> {
  return new Map([0, 1].map((p) => [`orders-${p}`, interleaved(p)]));
}

function keyOf(p: number, start: number, extension: string): string {
  return `topics/orders/partition=${p}/orders+${p}+${String(start).padStart(10, '0')}${extension}`;
}

/** Slices of about six records per partition until the committed offsets stop moving. */
async function runSlices(
  config: Record<string, string>,
  records: Map<string, SinkRecord[]>,
  crashes: readonly number[] = [],
): Promise<Map<string, number>> {
  const committed = new Map<string, number>();
  const slice = { maxRecords: 10, batchSize: 4 };
  for (const crashAfter of crashes) await runSlice(config, records, committed, { ...slice, crashAfter });
  for (let i = 0; i < 20; i++) {
    const before = JSON.stringify([...committed]);
    await runSlice(config, records, committed, slice);
    if (JSON.stringify([...committed]) === before) break;
  }
  return committed;
}

/** The value avsc decodes for offset `o` written as schema version `as`. */
function avroValue(o: number, as: 1 | 2): object {
  if (as === 1) return { id: o, name: `o${o}` };
  return VERSIONS[o] === 2
    ? { id: o, name: `o${o}`, qty: o * 10, note: `n${o}` }
    : { id: o, name: `o${o}`, qty: 1, note: null };
}

function config(bucket: string, overrides: Record<string, string>): Record<string, string> {
  return sinkConfig({
    's3.bucket.name': bucket,
    'store.url': moto.endpoint,
    's3.region': 'us-east-1',
    'flush.size': '4',
    ...overrides,
  });
}

describe('S3 sink schema.compatibility on moto', () => {
  for (const mode of ['NONE', 'BACKWARD', 'FORWARD', 'FULL']) {
    test(`${mode}, AvroFormat with snappy: the keys, writer schema versions and values spelled out`, async () => {
      const bucket = await moto.bucket(mode.toLowerCase());
      const expected = EXPECTED[mode] as (typeof EXPECTED)[string];
      const committed = await runSlices(
        config(bucket, {
          'schema.compatibility': mode,
          'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat',
          'avro.codec': 'snappy',
        }),
        log(),
      );
      assert.deepEqual(Object.fromEntries(committed), {
        'orders-0': expected.committed,
        'orders-1': expected.committed,
      });
      const keys = [0, 1].flatMap((p) => expected.objects.map(([start]) => keyOf(p, start, '.avro')));
      assert.deepEqual(await moto.keys(bucket), keys.sort());
      for (const p of [0, 1]) {
        for (const [start, offsets, version] of expected.objects) {
          const key = keyOf(p, start, '.avro');
          const file = await decodeContainer(await moto.body(bucket, key));
          assert.equal(file.codec, 'snappy', key);
          assert.equal(file.writerSchema['connect.version'], version, key);
          assert.deepEqual(
            file.values.map((v) => ({ ...(v as object) })),
            offsets.map((o) => avroValue(o, version)),
            key,
          );
        }
      }
    });
  }

  test('BACKWARD, JsonFormat: the same objects as lines, v1 records projected to v2 with qty 1 and note null', async () => {
    const bucket = await moto.bucket('json');
    await runSlices(config(bucket, { 'schema.compatibility': 'BACKWARD' }), log());
    assert.deepEqual(await moto.keys(bucket), [
      'topics/orders/partition=0/orders+0+0000000000.json',
      'topics/orders/partition=0/orders+0+0000000002.json',
      'topics/orders/partition=0/orders+0+0000000006.json',
      'topics/orders/partition=0/orders+0+0000000008.json',
      'topics/orders/partition=1/orders+1+0000000000.json',
      'topics/orders/partition=1/orders+1+0000000002.json',
      'topics/orders/partition=1/orders+1+0000000006.json',
      'topics/orders/partition=1/orders+1+0000000008.json',
    ]);
    assert.equal(
      (await moto.body(bucket, 'topics/orders/partition=1/orders+1+0000000008.json')).toString(),
      [
        '{"id":8,"name":"o8","qty":80,"note":"n8"}',
        '{"id":9,"name":"o9","qty":1,"note":null}',
        '{"id":10,"name":"o10","qty":1,"note":null}',
        '{"id":11,"name":"o11","qty":110,"note":"n11"}',
        '',
      ].join('\n'),
    );
    assert.equal(
      (await moto.body(bucket, 'topics/orders/partition=0/orders+0+0000000002.json')).toString(),
      `${[2, 3, 4, 5].map((o) => jsonLine(o, 2)).join('\n')}\n`,
    );
  });

  for (const mode of ['BACKWARD', 'FORWARD']) {
    test(`${mode}: slices crashing between upload and commit leave the clean run's keys and bytes`, async () => {
      const clean = await moto.bucket('clean');
      const crashed = await moto.bucket('crashed');
      const overrides = {
        'schema.compatibility': mode,
        'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat',
        'avro.codec': 'snappy',
      };
      await runSlices(config(clean, overrides), log());
      // Three slices die after their puts (at 4, 8 and 6 records), before committing what they uploaded.
      const committed = await runSlices(config(crashed, overrides), log(), [4, 8, 6]);
      const expected = (EXPECTED[mode] as (typeof EXPECTED)[string]).committed;
      assert.deepEqual(Object.fromEntries(committed), { 'orders-0': expected, 'orders-1': expected });
      const keys = await moto.keys(clean);
      assert.deepEqual(await moto.keys(crashed), keys);
      for (const key of keys) assert.deepEqual(await moto.body(crashed, key), await moto.body(clean, key), key);
    });
  }
});
