// Router results were checked against Apache Kafka 4.3.1's RegexRouter and TimestampRouter.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Schemas } from '../../../lib/api/index.js';
import { DropHeaders, Filter, InsertHeader, RegexRouter, TimestampRouter } from '../../../lib/transforms/index.js';
import { sinkRecord } from './records.js';

function router(regex: string, replacement: string): RegexRouter {
  const t = new RegexRouter();
  t.configure({ regex, replacement });
  return t;
}
const routed = (t: RegexRouter, topic: string) => t.apply(sinkRecord({ topic })).topic;

describe('RegexRouter', () => {
  test("uses Java's matches() and replaceFirst", () => {
    const named = router('(?<pre>[a-z]+)-(\\d+)', '${pre}_$2$10');
    assert.equal(routed(named, 'abc-12'), 'abc_12abc0');
    assert.equal(routed(named, 'axb'), 'axb');
    assert.equal(routed(router('a*?', 'X'), 'aaa'), 'Xaaa');
    assert.equal(routed(router('(?i)TOPIC', 'lower'), 'topic'), 'lower');
    assert.equal(routed(router('\\Qa.b\\E', 'quoted'), 'a.b'), 'quoted');
    assert.equal(routed(router('\\Qa.b\\E', 'quoted'), 'axb'), 'axb');
    assert.equal(routed(router('(to)(p)ic', '$2-$1-\\$x'), 'topic'), 'p-to-$x');
    assert.equal(routed(router('orders', 'x'), 'orders-v2'), 'orders-v2');
  });

  test('keeps everything but the topic', () => {
    const record = sinkRecord({ topic: 'orders', value: 'v', headers: [{ key: 'h', value: 1, schema: null }] });
    const out = router('orders', 'archive').apply(record);
    assert.deepEqual({ ...out, topic: 'orders' }, record);
    assert.equal(out.originalTopic, 'orders');
    assert.throws(() => router('(', 'x'), /^ConfigError: Invalid value \( for configuration regex: Invalid regex: /);
  });
});

describe('TimestampRouter', () => {
  test('formats the timestamp in UTC into the topic', () => {
    const t = new TimestampRouter();
    t.configure({});
    assert.equal(t.apply(sinkRecord()).topic, 'orders-20231114');
    const custom = new TimestampRouter();
    custom.configure({ 'topic.format': 'x-${timestamp}-${topic}-${topic}', 'timestamp.format': "yyyy'w'HH" });
    assert.equal(custom.apply(sinkRecord()).topic, 'x-2023w22-orders-orders');
    assert.throws(() => t.apply(sinkRecord({ timestamp: null })), /^DataError: Timestamp missing on record: /);
  });
});

describe('headers and Filter', () => {
  test('DropHeaders removes every header with a listed name', () => {
    const t = new DropHeaders();
    t.configure({ headers: 'a,c' });
    const headers = ['a', 'b', 'a', 'c'].map((key) => ({ key, value: key, schema: null }));
    assert.deepEqual(
      t.apply(sinkRecord({ headers })).headers.map((h) => h.key),
      ['b'],
    );
    assert.throws(() => new DropHeaders().configure({}), {
      message: 'Missing required configuration "headers" which has no default value.',
    });
  });

  test('InsertHeader parses the literal as Connect does', () => {
    const t = new InsertHeader();
    t.configure({ header: 'h', 'value.literal': '42' });
    const out = t.apply(sinkRecord({ headers: [{ key: 'h', value: 'old', schema: null }] }));
    assert.deepEqual(out.headers, [
      { key: 'h', value: 'old', schema: null },
      { key: 'h', value: 42, schema: Schemas.INT8 },
    ]);
    const text = new InsertHeader();
    text.configure({ header: 'h', 'value.literal': 'hello world' });
    assert.deepEqual(text.apply(sinkRecord()).headers, [{ key: 'h', value: 'hello world', schema: Schemas.STRING }]);
  });

  test('Filter drops everything', () => {
    assert.equal(new Filter().apply(sinkRecord()), null);
  });
});
