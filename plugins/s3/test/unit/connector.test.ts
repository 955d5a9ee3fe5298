import assert from 'node:assert/strict';
import { test } from 'node:test';
import plugin, { S3SinkConnector, S3SinkTask } from '../../src/index.js';
import { sinkConfig } from '../fixtures/records.js';

test("the manifest lists the sink under Confluent's class name", () => {
  assert.equal(plugin.name, '@lambda-connect/s3');
  assert.deepEqual(
    plugin.sinkConnectors?.map((c) => c.className),
    ['io.confluent.connect.s3.S3SinkConnector'],
  );
  assert.equal(S3SinkTask.className, 'io.confluent.connect.s3.S3SinkTask');
});

test("every task gets the connector's config; a bad cross-key setting fails start", () => {
  const connector = new S3SinkConnector();
  connector.start(sinkConfig());
  assert.deepEqual(connector.taskConfigs(3), [sinkConfig(), sinkConfig(), sinkConfig()]);
  assert.equal(connector.taskClass(), S3SinkTask);
  assert.throws(
    () => new S3SinkConnector().start(sinkConfig({ 'partitioner.class': 'TimeBasedPartitioner' })),
    /partition.duration.ms/,
  );
});

test('validate reports per key, cross-key problems on the key they name', () => {
  const errorsOf = (overrides: Record<string, string>) =>
    Object.fromEntries(
      new S3SinkConnector()
        .validate(sinkConfig(overrides))
        .filter((v) => v.errors.length > 0)
        .map((v) => [v.name, v.errors]),
    );
  assert.deepEqual(errorsOf({}), {});
  assert.match(
    errorsOf({ 'format.class': 'OrcFormat' })['format.class']?.[0] ?? '',
    /Class OrcFormat could not be found; use io\.confluent\.connect\.s3\.format\.parquet\.ParquetFormat/,
  );
  assert.deepEqual(errorsOf({ 'format.class': 'ParquetFormat' }), {});
  assert.match(errorsOf({ 'parquet.codec': 'lz4' })['parquet.codec']?.[0] ?? '', /lz4 is not supported.*snappy/);
  assert.match(errorsOf({ 's3.compression.type': 'zstd' })['s3.compression.type']?.[0] ?? '', /none, gzip/);
  assert.match(
    errorsOf({ 'partitioner.class': 'HourlyPartitioner', locale: 'en' })['timezone']?.[0] ?? '',
    /Timezone cannot be empty/,
  );
  assert.match(
    errorsOf({ 'flush.size': '900', 'slice.max.records': '500' })['flush.size']?.[0] ?? '',
    /slice.max.records=500/,
  );
});
