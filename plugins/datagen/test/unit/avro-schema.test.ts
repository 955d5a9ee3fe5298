/** Avro-style schema parsing and its Connect schemas (what the JsonConverter with schemas shows). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, SchemaType, type Schema } from 'lambda-connect/api';
import { parseAvroSchema } from '../../src/avro/avro-schema.js';
import { ENUM_PARAMETER, UNION_SCHEMA_NAME, toConnectSchema } from '../../src/avro/connect-schema.js';
import { QUICKSTARTS } from '../../src/quickstarts.js';
import { compileSchema, parseDatagenConfig } from '../../src/datagen-config.js';

const record = (fields: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ type: 'record', name: 'r', namespace: 'ns', fields, ...extra });
const field = (schema: Schema, name: string): Schema => {
  const found = schema.fields?.find((f) => f.name === name);
  assert.ok(found, `field ${name}`);
  return found.schema;
};

describe('parseAvroSchema', () => {
  test('a record becomes a struct named by its full name, fields in order with their types', () => {
    const schema = toConnectSchema(
      parseAvroSchema(
        record([
          { name: 'b', type: 'boolean' },
          { name: 'i', type: 'int' },
          { name: 'l', type: 'long' },
          { name: 'f', type: 'float' },
          { name: 'd', type: 'double' },
          { name: 'y', type: 'bytes' },
          { name: 's', type: { type: 'string' } },
        ]),
      ),
    );
    assert.equal(schema.type, SchemaType.STRUCT);
    assert.equal(schema.name, 'ns.r');
    assert.deepEqual(
      schema.fields?.map((f) => [f.name, f.schema.type, f.schema.optional]),
      [
        ['b', 'boolean', false],
        ['i', 'int32', false],
        ['l', 'int64', false],
        ['f', 'float', false],
        ['d', 'double', false],
        ['y', 'bytes', false],
        ['s', 'string', false],
      ],
    );
  });

  test('nested records, arrays, maps, enums, fixed and unions map as AvroData maps them', () => {
    const schema = toConnectSchema(
      parseAvroSchema(
        record([
          { name: 'address', type: { type: 'record', name: 'address', fields: [{ name: 'zip', type: 'long' }] } },
          { name: 'again', type: 'address' },
          { name: 'tags', type: { type: 'array', items: 'string' } },
          { name: 'counts', type: { type: 'map', values: 'int' } },
          { name: 'colour', type: { type: 'enum', name: 'Colour', symbols: ['RED', 'GREEN'] } },
          { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 4 } },
          { name: 'maybe', type: ['null', 'string'] },
          { name: 'either', type: ['int', 'string'] },
        ]),
      ),
    );
    assert.equal(field(schema, 'address').name, 'ns.address');
    assert.equal(field(schema, 'again').name, 'ns.address', 'a named type is referenced by name');
    assert.equal(field(schema, 'tags').valueSchema?.type, SchemaType.STRING);
    assert.equal(field(schema, 'counts').keySchema?.type, SchemaType.STRING);
    assert.equal(field(schema, 'counts').valueSchema?.type, SchemaType.INT32);
    assert.equal(field(schema, 'colour').type, SchemaType.STRING);
    assert.equal(field(schema, 'colour').parameters?.[ENUM_PARAMETER], 'ns.Colour');
    assert.equal(field(schema, 'colour').parameters?.[`${ENUM_PARAMETER}.GREEN`], 'GREEN');
    assert.equal(field(schema, 'hash').type, SchemaType.BYTES);
    assert.equal(field(schema, 'maybe').type, SchemaType.STRING);
    assert.equal(field(schema, 'maybe').optional, true);
    assert.equal(field(schema, 'either').name, UNION_SCHEMA_NAME);
    assert.deepEqual(
      field(schema, 'either').fields?.map((f) => f.name),
      ['int', 'string'],
    );
  });

  test('logical types become Connect logical types', () => {
    const schema = toConnectSchema(
      parseAvroSchema(
        record([
          { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
          { name: 'day', type: { type: 'int', logicalType: 'date' } },
          { name: 'tod', type: { type: 'int', logicalType: 'time-millis' } },
          { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 } },
          { name: 'uuid', type: { type: 'string', logicalType: 'uuid' } },
        ]),
      ),
    );
    assert.equal(field(schema, 'ts').name, 'org.apache.kafka.connect.data.Timestamp');
    assert.equal(field(schema, 'day').name, 'org.apache.kafka.connect.data.Date');
    assert.equal(field(schema, 'tod').name, 'org.apache.kafka.connect.data.Time');
    assert.equal(field(schema, 'price').name, 'org.apache.kafka.connect.data.Decimal');
    assert.equal(field(schema, 'price').parameters?.['scale'], '2');
    assert.equal(field(schema, 'uuid').name, undefined, 'a logical type Connect lacks falls back to its primitive');
  });

  const refused: Array<[string, string, RegExp]> = [
    ['text that is not JSON', '{"type": "record",', /Unable to parse the provided schema/],
    ['a top level that is not a record', '"string"', /top level must be a record/],
    [
      'an unknown type',
      record([{ name: 'a', type: 'decimal128' }]),
      /Invalid schema at ns\.r\.a: unknown type 'decimal128'/,
    ],
    ['a recursive record', record([{ name: 'next', type: ['null', 'ns.r'] }]), /recursive schemas cannot be generated/],
    [
      'a field defined twice',
      record([
        { name: 'a', type: 'int' },
        { name: 'a', type: 'long' },
      ]),
      /the field 'a' is defined twice/,
    ],
    [
      'a type defined twice',
      record([
        { name: 'a', type: { type: 'enum', name: 'E', symbols: ['X'] } },
        { name: 'b', type: { type: 'enum', name: 'E', symbols: ['Y'] } },
      ]),
      /'ns\.E' is defined twice/,
    ],
    [
      'an unknown hint',
      record([{ name: 'a', type: { type: 'int', 'arg.properties': { rnage: { min: 1 } } } }]),
      /unknown arg\.properties key 'rnage'/,
    ],
    [
      'an empty range',
      record([{ name: 'a', type: { type: 'int', 'arg.properties': { range: { min: 5, max: 5 } } } }]),
      /'min' must be strictly less than 'max'/,
    ],
    [
      'options from a file',
      record([
        {
          name: 'a',
          type: { type: 'string', 'arg.properties': { options: { file: '/etc/passwd', encoding: 'json' } } },
        },
      ]),
      /options read from a file are not supported/,
    ],
    [
      'an option of the wrong type',
      record([{ name: 'a', type: { type: 'int', 'arg.properties': { options: [1, 'two'] } } }]),
      /Invalid schema at ns\.r\.a: the option "two" is not a valid int/,
    ],
    [
      'an iteration step of 0',
      record([{ name: 'a', type: { type: 'int', 'arg.properties': { iteration: { start: 1, step: 0 } } } }]),
      /'step' cannot be 0/,
    ],
    [
      'an iteration on a record',
      record([{ name: 'a', type: { type: 'array', items: 'int', 'arg.properties': { iteration: { start: 1 } } } }]),
      /'iteration' applies to numbers, booleans and strings/,
    ],
    [
      'an invalid regex',
      record([{ name: 'a', type: { type: 'string', 'arg.properties': { regex: 'User_[1-9' } } }]),
      /is not a valid regular expression/,
    ],
    [
      'a regex making huge strings',
      record([{ name: 'a', type: { type: 'string', 'arg.properties': { regex: '(x{1000}){2000}' } } }]),
      /can make strings longer than 1048576 characters/,
    ],
  ];
  for (const [what, text, message] of refused) {
    test(`refuses ${what} with a ConfigError saying where`, () => {
      assert.throws(
        () => parseDatagenConfig({ 'kafka.topic': 't', 'schema.string': text }),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }
});

describe('the quickstarts', () => {
  const expected: Record<string, Array<[string, string]>> = {
    users: [
      ['registertime', 'int64'],
      ['userid', 'string'],
      ['regionid', 'string'],
      ['gender', 'string'],
    ],
    pageviews: [
      ['viewtime', 'int64'],
      ['userid', 'string'],
      ['pageid', 'string'],
    ],
    orders: [
      ['ordertime', 'int64'],
      ['orderid', 'int32'],
      ['itemid', 'string'],
      ['orderunits', 'double'],
      ['address', 'struct'],
    ],
    clickstream: [
      ['ip', 'string'],
      ['userid', 'int32'],
      ['remote_user', 'string'],
      ['time', 'string'],
      ['_time', 'int64'],
      ['request', 'string'],
      ['status', 'string'],
      ['bytes', 'string'],
      ['referrer', 'string'],
      ['agent', 'string'],
    ],
  };
  for (const [name, fields] of Object.entries(expected)) {
    test(`${name} has kafka-connect-datagen's field names and types`, () => {
      const quickstart = QUICKSTARTS.find((q) => q.name === name);
      assert.ok(quickstart);
      const { valueSchema } = compileSchema(quickstart.schema);
      assert.deepEqual(
        valueSchema.fields?.map((f) => [f.name, f.schema.type]),
        fields,
      );
      assert.ok(
        valueSchema.fields?.some((f) => f.name === quickstart.keyField),
        'the default key field exists',
      );
    });
  }

  test('every quickstart compiles', () => {
    for (const quickstart of QUICKSTARTS)
      assert.equal(compileSchema(quickstart.schema).valueSchema.type, SchemaType.STRUCT, quickstart.name);
  });
});
