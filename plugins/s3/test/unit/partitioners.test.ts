import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, DataError, SchemaBuilder, Schemas, Struct } from 'lambda-connect/api';
import { createPartitioner } from '../../src/partitioner.js';
import { parseS3SinkConfig } from '../../src/s3-sink-config.js';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';

const P = 'io.confluent.connect.storage.partitioner.';
const partitionerFor = (overrides: Record<string, string>) =>
  createPartitioner(parseS3SinkConfig(sinkConfig(overrides)).partitioner);
// 2026-12-06T16:43:36.789Z
const T = Date.UTC(2026, 11, 6, 16, 43, 36, 789);

describe('DefaultPartitioner', () => {
  test('encodes the Kafka partition', () => {
    const p = partitionerFor({});
    assert.equal(p.encodePartition(sinkRecord({ partition: 7, offset: 0, value: 1 }), 0), 'partition=7');
    assert.equal(p.generatePartitionedPath('orders', 'partition=7'), 'orders/partition=7');
    assert.equal(p.timestampExtractor, null);
  });
});

describe('FieldPartitioner', () => {
  const schema = new SchemaBuilder('struct')
    .field('region', Schemas.STRING)
    .field('shard', Schemas.INT32)
    .field('vip', Schemas.OPTIONAL_BOOLEAN)
    .field('price', Schemas.FLOAT64)
    .build();
  const value = new Struct(schema).put('region', 'eu').put('shard', 4).put('price', 1.5);

  test('joins <field>=<value> of struct fields with the directory delimiter; null fields read null', () => {
    const p = partitionerFor({
      'partitioner.class': `${P}FieldPartitioner`,
      'partition.field.name': 'region,shard,vip',
    });
    assert.equal(
      p.encodePartition(sinkRecord({ offset: 0, value, valueSchema: schema }), 0),
      'region=eu/shard=4/vip=null',
    );
  });

  test('reads schemaless maps too (an extension: Confluent accepts structs only)', () => {
    const p = partitionerFor({ 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'customer.country' });
    assert.equal(
      p.encodePartition(sinkRecord({ offset: 0, value: { customer: { country: 'NZ' } } }), 0),
      'customer.country=NZ',
    );
  });

  test('unsupported field types, missing fields and non-struct values are data errors', () => {
    const p = partitionerFor({ 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'price' });
    assert.throws(() => p.encodePartition(sinkRecord({ offset: 0, value, valueSchema: schema }), 0), DataError);
    const missing = partitionerFor({ 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'nope' });
    assert.throws(
      () => missing.encodePartition(sinkRecord({ offset: 0, value, valueSchema: schema }), 0),
      /not present/,
    );
    assert.throws(() => missing.encodePartition(sinkRecord({ offset: 0, value: 'text' }), 0), DataError);
  });

  test('needs partition.field.name', () => {
    assert.throws(
      () => partitionerFor({ 'partitioner.class': 'FieldPartitioner' }),
      (e: unknown) => e instanceof ConfigError && /partition.field.name/.test(e.message),
    );
  });
});

describe('TimeBasedPartitioner', () => {
  const base = {
    'partitioner.class': `${P}TimeBasedPartitioner`,
    'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
    'partition.duration.ms': '3600000',
    locale: 'en-US',
    timezone: 'UTC',
    'timestamp.extractor': 'Record',
  };

  test('Record: buckets the Kafka timestamp by partition.duration.ms and formats it', () => {
    const p = partitionerFor(base);
    assert.equal(
      p.encodePartition(sinkRecord({ offset: 0, value: 1, timestamp: T }), 0),
      'year=2026/month=12/day=06/hour=16',
    );
  });

  test('time zones move the bucket; durations align to local time', () => {
    const auckland = partitionerFor({ ...base, timezone: 'Pacific/Auckland' });
    assert.equal(
      auckland.encodePartition(sinkRecord({ offset: 0, value: 1, timestamp: T }), 0),
      'year=2026/month=12/day=07/hour=05',
    );
    const kolkata = partitionerFor({
      ...base,
      timezone: 'Asia/Kolkata',
      'path.format': "YYYY-MM-dd'T'HH:mm",
      'partition.duration.ms': '1800000',
    });
    // 22:13:36 local time falls in the 22:00 half hour.
    assert.equal(kolkata.encodePartition(sinkRecord({ offset: 0, value: 1, timestamp: T }), 0), '2026-12-06T22:00');
  });

  test('Wallclock uses the time the sink handles the record', () => {
    const p = partitionerFor({ ...base, 'timestamp.extractor': 'Wallclock' });
    assert.equal(
      p.encodePartition(sinkRecord({ offset: 0, value: 1, timestamp: 0 }), T),
      'year=2026/month=12/day=06/hour=16',
    );
  });

  test('RecordField reads epoch millis, numeric strings, ISO-8601 strings and nested fields', () => {
    const p = partitionerFor({ ...base, 'timestamp.extractor': 'RecordField', 'timestamp.field': 'meta.at' });
    const at = (v: unknown) => p.encodePartition(sinkRecord({ offset: 0, value: { meta: { at: v } } }), 0);
    assert.equal(at(T), 'year=2026/month=12/day=06/hour=16');
    assert.equal(at(String(T)), 'year=2026/month=12/day=06/hour=16');
    assert.equal(at('2026-12-06T18:00:00+02:00'), 'year=2026/month=12/day=06/hour=16');
    assert.throws(() => at(true), DataError);
  });

  test('month and day names follow the locale', () => {
    const de = partitionerFor({ ...base, 'path.format': "MMMM/'q'", locale: 'de' });
    assert.equal(de.encodePartition(sinkRecord({ offset: 0, value: 1, timestamp: T }), 0), 'Dezember/q');
    const en = partitionerFor({ ...base, 'path.format': 'EEEE-EEE-MMM-D-e-hha', locale: 'en_US' });
    assert.equal(en.encodePartition(sinkRecord({ offset: 0, value: 1, timestamp: T }), 0), 'Sunday-Sun-Dec-340-7-04PM');
  });

  test('Daily and Hourly preset the format and duration', () => {
    const daily = partitionerFor({
      'partitioner.class': `${P}DailyPartitioner`,
      locale: 'en',
      timezone: 'UTC',
      'timestamp.extractor': 'Record',
    });
    assert.equal(
      daily.encodePartition(sinkRecord({ offset: 0, value: 1, timestamp: T }), 0),
      'year=2026/month=12/day=06',
    );
    const hourly = partitionerFor({
      'partitioner.class': `${P}HourlyPartitioner`,
      locale: 'en',
      timezone: 'America/New_York',
      'timestamp.extractor': 'Record',
    });
    assert.equal(
      hourly.encodePartition(sinkRecord({ offset: 0, value: 1, timestamp: T }), 0),
      'year=2026/month=12/day=06/hour=11',
    );
  });

  test('missing locale, timezone, path.format or duration are config errors naming the key', () => {
    const fails = (overrides: Record<string, string>, key: string) =>
      assert.throws(
        () => partitionerFor({ ...base, ...overrides }),
        (e: unknown) => e instanceof ConfigError && e.message.includes(key),
      );
    fails({ locale: '' }, 'locale');
    fails({ timezone: '' }, 'timezone');
    fails({ timezone: 'Mars/Olympus' }, 'timezone');
    fails({ 'path.format': '' }, 'path.format');
    fails({ 'path.format': 'YYYY/ww' }, 'path.format');
    fails({ 'partition.duration.ms': '-1' }, 'partition.duration.ms');
    assert.throws(
      () => partitionerFor({ ...base, 'timestamp.extractor': 'Sundial' }),
      /Invalid timestamp extractor: Sundial/,
    );
    assert.throws(() => partitionerFor({ 'partitioner.class': 'com.example.Mine' }), /partitioner.class/);
  });
});
