import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExactlyOnceSupport } from 'lambda-connect/api';
import plugin, { Formats, S3SourceConnector, S3SourceTask } from '../../src/index.js';

const CONFIG = { 's3.bucket.name': 'backups', 'format.class': Formats.JSON };

const errorsOf = (props: Record<string, string>) =>
  Object.fromEntries(
    new S3SourceConnector()
      .validate(props)
      .filter((v) => v.errors.length > 0)
      .map((v) => [v.name, v.errors.join('; ')]),
  );

describe('S3SourceConnector', () => {
  test('the manifest offers the connector under Confluent class names', () => {
    assert.equal(plugin.name, '@lambda-connect/s3-source');
    assert.deepEqual(plugin.sourceConnectors, [S3SourceConnector]);
    assert.equal(S3SourceConnector.className, 'io.confluent.connect.s3.source.S3SourceConnector');
    assert.equal(new S3SourceConnector().taskClass(), S3SourceTask);
  });

  test("Confluent's keys and defaults", () => {
    const keys = new Map(
      new S3SourceConnector()
        .config()
        .configKeys()
        .map((k) => [k.name, k.defaultValue]),
    );
    assert.equal(keys.get('topics.dir'), 'topics');
    assert.equal(keys.get('s3.region'), 'us-west-2');
    assert.equal(keys.get('s3.poll.interval.ms'), 60_000);
    assert.equal(keys.get('record.batch.max.size'), 200);
    assert.equal(keys.get('directory.delim'), '/');
    assert.equal(keys.get('partitioner.class'), 'io.confluent.connect.storage.partitioner.DefaultPartitioner');
  });

  test('validation names what to change', () => {
    assert.deepEqual(errorsOf(CONFIG), {});
    assert.match(errorsOf({})['s3.bucket.name'] ?? '', /Missing required configuration "s3.bucket.name"/);
    assert.deepEqual(
      errorsOf({ ...CONFIG, 'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat' }),
      {},
    );
    assert.match(
      errorsOf({ ...CONFIG, 'format.class': 'io.confluent.connect.s3.format.orc.OrcFormat' })['format.class'] ?? '',
      /Expected one of io\.confluent\.connect\.s3\.format\.parquet\.ParquetFormat/,
    );
    assert.match(
      errorsOf({ ...CONFIG, 'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner' })[
        'partitioner.class'
      ] ?? '',
      /Only io\.confluent\.connect\.storage\.partitioner\.DefaultPartitioner/,
    );
    assert.match(errorsOf({ ...CONFIG, 'record.batch.max.size': '0' })['record.batch.max.size'] ?? '', /at least 1/);
  });

  test('start refuses half-given credentials', () => {
    assert.throws(
      () => new S3SourceConnector().start({ ...CONFIG, 'aws.access.key.id': 'AKIA' }),
      /Set both aws.access.key.id and aws.secret.access.key/,
    );
  });

  test('tasks.max task configs, each with its share', () => {
    const connector = new S3SourceConnector();
    connector.start(CONFIG);
    const configs = connector.taskConfigs(3);
    assert.deepEqual(
      configs.map((c) => [c['s3.source.task.index'], c['s3.source.task.count'], c['s3.bucket.name']]),
      [
        ['0', '3', 'backups'],
        ['1', '3', 'backups'],
        ['2', '3', 'backups'],
      ],
    );
    assert.equal(connector.exactlyOnceSupport(CONFIG), ExactlyOnceSupport.SUPPORTED);
  });

  test('offsets written through the REST API are checked', () => {
    const connector = new S3SourceConnector();
    const folder = { folder: 'topics/t/partition=0/' };
    assert.equal(
      connector.alterOffsets(
        CONFIG,
        new Map([
          [folder, { lastFileRead: 'topics/t/partition=0/t+0+0000000000.json', fileOffset: '2', eof: 'false' }],
        ]),
      ),
      true,
    );
    assert.equal(connector.alterOffsets(CONFIG, new Map([[folder, null]])), true);
    assert.throws(
      () => connector.alterOffsets(CONFIG, new Map([[{ file: 'x' }, null]])),
      /must contain the key 'folder'/,
    );
    assert.throws(
      () => connector.alterOffsets(CONFIG, new Map([[folder, { lastFileRead: 'k', fileOffset: 'two', eof: 'false' }]])),
      /'fileOffset'/,
    );
  });
});
