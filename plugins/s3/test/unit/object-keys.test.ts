import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { objectKey } from '../../src/object-keys.js';
import { createPartitioner } from '../../src/partitioner.js';
import { parseS3SinkConfig } from '../../src/s3-sink-config.js';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';

describe('object keys as Confluent names them', () => {
  test('<topics.dir>/<topic>/partition=<p>/<topic>+<p>+<offset, 10 digits>.json', () => {
    const config = parseS3SinkConfig(sinkConfig());
    const partitioner = createPartitioner(config.partitioner);
    const encoded = partitioner.encodePartition(sinkRecord({ partition: 3, offset: 42, value: 'x' }), 0);
    const key = objectKey(config, partitioner.generatePartitionedPath('orders', encoded), 'orders', 3, 42, '.json');
    assert.equal(key, 'topics/orders/partition=3/orders+3+0000000042.json');
  });

  test('topics.dir, the delimiters and the pad width are honoured; a blank topics.dir puts objects at the root', () => {
    const custom = parseS3SinkConfig(
      sinkConfig({ 'topics.dir': 'lake/raw', 'file.delim': '_', 'filename.offset.zero.pad.width': '4' }),
    );
    assert.equal(
      objectKey(custom, 'orders/partition=0', 'orders', 0, 7, '.keys.json.gz'),
      'lake/raw/orders/partition=0/orders_0_0007.keys.json.gz',
    );
    const root = parseS3SinkConfig(sinkConfig({ 'topics.dir': '' }));
    assert.equal(
      objectKey(root, 'orders/partition=0', 'orders', 0, 12345678901, '.bin'),
      'orders/partition=0/orders+0+12345678901.bin',
    );
  });
});
