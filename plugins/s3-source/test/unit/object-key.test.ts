import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  byStartOffset,
  LineEncoding,
  ObjectView,
  parseObjectKey,
  parsePartitionFolder,
  partitionFolder,
  type ObjectName,
} from '../../src/object-key.js';
import { parsePosition, positionOffset, START } from '../../src/source-offsets.js';
import { assignedTask } from '../../src/folder-assignment.js';
import { PLUGIN_VERSION } from '../../src/version.js';
import { readFileSync } from 'node:fs';

const parse = (key: string, ext = '.bin') => parseObjectKey(key, '/', ext);

describe('object keys as the S3 sink names them', () => {
  test('values, keys and headers objects, plain and gzip', () => {
    assert.deepEqual(parse('topics/orders/partition=3/orders+3+0000001000.json'), {
      key: 'topics/orders/partition=3/orders+3+0000001000.json',
      topic: 'orders',
      partition: 3,
      startOffset: 1000,
      view: ObjectView.VALUES,
      encoding: LineEncoding.JSON,
      gzip: false,
      suffix: '.json',
    });
    const keys = parse('topics/orders/partition=3/orders+3+0000001000.keys.json.gz');
    assert.equal(keys?.view, ObjectView.KEYS);
    assert.equal(keys?.encoding, LineEncoding.JSON);
    assert.equal(keys?.gzip, true);
    assert.equal(parse('topics/a.b-c_d/partition=0/a.b-c_d+0+0000000000.headers.json')?.view, ObjectView.HEADERS);
    assert.equal(parse('topics/t/partition=0/t+0+0000000000.bin')?.encoding, LineEncoding.BYTES);
    assert.equal(parse('topics/t/partition=0/t+0+0000000000.raw', '.raw')?.encoding, LineEncoding.BYTES);
  });

  test('Avro and Parquet files parse as AVRO and PARQUET (sidecars too, refused later); other files are ignored', () => {
    assert.equal(parse('topics/t/partition=0/t+0+0000000000.keys.avro')?.encoding, LineEncoding.AVRO);
    assert.equal(parse('topics/t/partition=0/t+0+0000000000.avro')?.encoding, LineEncoding.AVRO);
    assert.equal(parse('topics/t/partition=0/t+0+0000000000.keys.snappy.parquet')?.encoding, LineEncoding.PARQUET);
    for (const ext of ['.parquet', '.snappy.parquet', '.gz.parquet', '.br.parquet', '.zstd.parquet', '.lz4.parquet'])
      assert.equal(parse(`topics/t/partition=0/t+0+0000000000${ext}`)?.encoding, LineEncoding.PARQUET, ext);
    assert.equal(parse('topics/t/partition=0/t+0+0000000000.parquet.gz'), null);
    assert.equal(parse('topics/t/partition=0/t+0+0000000000.xz.parquet'), null);
    assert.equal(parse('topics/t/partition=0/notes.txt'), null);
    assert.equal(parse('topics/t/partition=0/t+x+0000000000.json'), null);
  });

  test('objects order by start offset numerically, past 10 digits too', () => {
    const names = ['t+0+10000000000.json', 't+0+9999999999.json', 't+0+0000000010.json', 't+0+0000000002.json'].map(
      (n) => parse(`topics/t/partition=0/${n}`) as ObjectName,
    );
    assert.deepEqual(
      names.sort(byStartOffset).map((n) => n.startOffset),
      [2, 10, 9_999_999_999, 10_000_000_000],
    );
  });

  test('partition folders', () => {
    assert.equal(partitionFolder('topics', '/', 'orders', 7), 'topics/orders/partition=7/');
    assert.deepEqual(parsePartitionFolder('topics/orders/partition=7/', 'topics', '/'), {
      topic: 'orders',
      partition: 7,
    });
    assert.deepEqual(parsePartitionFolder('backup/x/orders/partition=7/', 'backup/x', '/'), {
      topic: 'orders',
      partition: 7,
    });
    assert.equal(parsePartitionFolder('topics/orders/year=2024/', 'topics', '/'), null);
    assert.equal(parsePartitionFolder('topics/orders/partition=7/extra/', 'topics', '/'), null);
  });
});

describe('source offsets', () => {
  test('round-trip in Confluent shape, with string values', () => {
    const position = { lastFileRead: 'topics/t/partition=0/t+0+0000000000.json', fileOffset: 3, eof: false };
    const offset = positionOffset(position);
    assert.deepEqual(offset, { lastFileRead: position.lastFileRead, fileOffset: '3', eof: 'false' });
    assert.deepEqual(parsePosition(offset), position);
    assert.deepEqual(parsePosition(null), START);
  });

  test('bad offsets name the field', () => {
    assert.throws(() => parsePosition({ fileOffset: '1', eof: 'false' }), /'lastFileRead'/);
    assert.throws(() => parsePosition({ lastFileRead: 'k', fileOffset: '-1', eof: 'false' }), /'fileOffset'/);
    assert.throws(() => parsePosition({ lastFileRead: 'k', fileOffset: '1', eof: 'maybe' }), /'eof'/);
  });
});

describe('folder assignment', () => {
  test('a topic partition always goes to one task, and consecutive partitions to different tasks', () => {
    const owners = [0, 1, 2, 3].map((p) => assignedTask('orders', p, 4));
    assert.deepEqual([...owners].sort(), [0, 1, 2, 3]);
    assert.equal(assignedTask('orders', 2, 4), owners[2]);
    assert.equal(assignedTask('orders', 5, 1), 0);
  });
});

test('the version reported is the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(PLUGIN_VERSION, pkg.version);
});
