/** Java's `HashMap` order, against orders printed by a JVM (`new HashMap<>(map).keySet()`, `put` one by one). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { javaHashMapOrder, javaHashMapString, javaStringHash } from '../../../lib/herder/java-hash-map.js';

test('String.hashCode with 32-bit overflow', () => {
  assert.equal(javaStringHash(''), 0);
  assert.equal(javaStringHash('name'), 3373707);
  assert.equal(javaStringHash('connector.class'), -862495593);
  assert.equal(javaStringHash('tasks.max'), 197300996);
  assert.equal(javaStringHash('über-ü'), -1281763390);
});

test('copied maps iterate as the JVM printed them', () => {
  assert.equal(javaHashMapString({ topic: 't', 'tasks.max': '1', name: 'nc' }), '{name=nc, topic=t, tasks.max=1}');
  assert.deepEqual(javaHashMapOrder(['zz', 'topic', 'aa', 'tasks.max', 'mm']), [
    'zz',
    'aa',
    'mm',
    'topic',
    'tasks.max',
  ]);
  assert.deepEqual(javaHashMapOrder(['zz', 'topic', 'aa', 'tasks.max', 'mm', 'name']), [
    'zz',
    'aa',
    'mm',
    'tasks.max',
    'name',
    'topic',
  ]);
  assert.equal(javaHashMapString({}), '{}');
  assert.equal(javaHashMapString({ a: null }), '{a=null}');
});

test('maps filled one key at a time use 16 buckets', () => {
  const keys = [
    'converter.type',
    'schemas.enable',
    'schemas.cache.size',
    'schema.content',
    'decimal.format',
    'replace.null.with.default',
  ];
  assert.deepEqual(javaHashMapOrder(keys, { copy: false }), [
    'decimal.format',
    'converter.type',
    'schemas.cache.size',
    'replace.null.with.default',
    'schemas.enable',
    'schema.content',
  ]);
});
