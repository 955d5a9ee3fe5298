import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigValue } from 'lambda-connect/api';
import plugin from '../../src/index.js';
import { JsonSchemaConverter } from '../../src/json-schema/json-schema-converter.js';
import { ProtobufConverter } from '../../src/protobuf/protobuf-converter.js';

function errorsOf(results: ConfigValue[]): Record<string, string[]> {
  return Object.fromEntries(results.filter((r) => r.errors.length > 0).map((r) => [r.name, r.errors]));
}

describe('ProtobufConverter and JsonSchemaConverter as plugin classes', () => {
  test('the manifest offers both as converters and as header converters, under Confluent class names', () => {
    for (const list of [plugin.converters ?? [], plugin.headerConverters ?? []]) {
      const names = list.map((c) => c.className);
      assert.ok(names.includes('io.confluent.connect.protobuf.ProtobufConverter'));
      assert.ok(names.includes('io.confluent.connect.json.JsonSchemaConverter'));
    }
  });

  test('their ConfigDefs hold the shared registry keys and their own, validated per key', () => {
    const protobuf = new ProtobufConverter().config();
    for (const key of [
      'schema.registry.url',
      'auto.register.schemas',
      'value.subject.name.strategy',
      'enhanced.protobuf.schema.support',
      'wrapper.for.nullables',
    ]) {
      assert.ok(protobuf.key(key), key);
    }
    const json = new JsonSchemaConverter().config();
    for (const key of [
      'schema.registry.url',
      'use.latest.version',
      'json.fail.invalid.schema',
      'decimal.format',
      'use.optional.for.nonrequired',
    ]) {
      assert.ok(json.key(key), key);
    }
    const bad = errorsOf(
      json.validate({ 'schema.registry.url': 'ftp://x', 'decimal.format': 'HEX', 'json.fail.invalid.schema': 'maybe' }),
    );
    assert.deepEqual(Object.keys(bad).sort(), ['decimal.format', 'json.fail.invalid.schema', 'schema.registry.url']);
    assert.deepEqual(
      Object.keys(errorsOf(protobuf.validate({ 'schema.registry.url': 'http://sr:8081', 'int.for.enums': 'yes' }))),
      ['int.for.enums'],
    );
  });

  test('configure rejects a bad value with a ConfigError naming the key', () => {
    assert.throws(
      () =>
        new ProtobufConverter().configure(
          { 'schema.registry.url': 'http://sr:8081', 'optional.for.nullables': 'nope' },
          false,
        ),
      /optional\.for\.nullables/,
    );
    assert.throws(
      () =>
        new JsonSchemaConverter().configure(
          { 'schema.registry.url': 'http://sr:8081', 'decimal.format': 'HEX' },
          false,
        ),
      /decimal\.format/,
    );
  });
});
