/**
 * Connect ↔ Avro as Confluent's AvroData maps them, without a registry: the Avro schema of each Connect
 * type (connect.* metadata, logical types, optional unions, MapEntry arrays), the Connect schema read back,
 * and every value of the types table through Avro binary and back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BigDecimal, Decimal, LogicalDate, SchemaBuilder, Schemas, Struct } from 'lambda-connect/api';
import { avroCodec, decode, encode } from '../../src/avro/avro-codec.js';
import { DEFAULT_AVRO_DATA_SETTINGS as DEFAULTS, type AvroDataSettings } from '../../src/avro/avro-data-config.js';
import { fromConnectData } from '../../src/avro/from-connect-data.js';
import { fromConnectSchema } from '../../src/avro/from-connect-schema.js';
import { parseAvroSchemaText, type AvroNode } from '../../src/avro/avro-schema-node.js';
import { toConnectData } from '../../src/avro/to-connect-data.js';
import { toConnectSchema } from '../../src/avro/to-connect-schema.js';
import { TYPES, typesValue } from '../types-table.js';

const unionFieldName = (member: AvroNode): string =>
  'name' in member ? member.name : member.kind === 'primitive' ? member.type : member.kind;

function roundTrip(
  schema: Parameters<typeof fromConnectSchema>[0],
  value: unknown,
  settings: AvroDataSettings = DEFAULTS,
): { schema: ReturnType<typeof toConnectSchema>; value: unknown; text: string } {
  const codec = avroCodec(JSON.stringify(fromConnectSchema(schema, settings)));
  const bytes = encode(codec, fromConnectData(schema, codec.node, value, unionFieldName));
  const back = toConnectSchema(parseAvroSchemaText(codec.text), settings);
  return {
    schema: back,
    value: toConnectData(back, codec.node, decode(codec, bytes), unionFieldName),
    text: codec.text,
  };
}

describe('Connect → Avro schemas (AvroData.fromConnectSchema)', () => {
  test('a Decimal carries scale, precision 64, its Connect metadata and logicalType, as Confluent writes it', () => {
    assert.deepEqual(fromConnectSchema(Decimal.schema(2), DEFAULTS), {
      type: 'bytes',
      scale: 2,
      precision: 64,
      'connect.version': 1,
      'connect.parameters': { scale: '2' },
      'connect.name': 'org.apache.kafka.connect.data.Decimal',
      logicalType: 'decimal',
    });
    assert.deepEqual(fromConnectSchema(LogicalDate.SCHEMA, DEFAULTS), {
      type: 'int',
      'connect.version': 1,
      'connect.name': 'org.apache.kafka.connect.data.Date',
      logicalType: 'date',
    });
  });

  test('optional fields are unions with null first and default null; int8 keeps connect.type; unnamed structs are ConnectDefault', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.OPTIONAL_STRING).field('b', Schemas.INT8).build();
    assert.deepEqual(fromConnectSchema(schema, DEFAULTS), {
      type: 'record',
      name: 'ConnectDefault',
      namespace: 'io.confluent.connect.avro',
      fields: [
        { name: 'a', type: ['null', { type: 'string' }], default: null },
        { name: 'b', type: { type: 'int', 'connect.type': 'int8' } },
      ],
    });
  });

  test('an optional field with a default puts null last and keeps the default; maps with int keys are MapEntry arrays', () => {
    const withDefault = new SchemaBuilder('string').optional().defaultValue('x').build();
    const schema = SchemaBuilder.struct()
      .name('r.R')
      .field('s', withDefault)
      .field('m', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
      .build();
    const json = fromConnectSchema(schema, DEFAULTS) as { fields: Array<Record<string, unknown>> };
    assert.deepEqual(json.fields[0], {
      name: 's',
      type: [{ type: 'string', 'connect.default': 'x' }, 'null'],
      default: 'x',
    });
    assert.deepEqual(json.fields[1], {
      name: 'm',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'MapEntry',
          namespace: 'io.confluent.connect.avro',
          fields: [
            { name: 'key', type: { type: 'int' } },
            { name: 'value', type: { type: 'string' } },
          ],
        },
      },
    });
  });

  test('with enhanced.avro.schema.support an enum-parameterised string is an Avro enum; without it a string', () => {
    const color = TYPES.fields?.find((f) => f.name === 'color')?.schema;
    assert.ok(color !== undefined);
    assert.equal((fromConnectSchema(color, DEFAULTS) as { type: string }).type, 'string');
    const enhanced = fromConnectSchema(color, { ...DEFAULTS, enhancedSchemaSupport: true }) as Record<string, unknown>;
    assert.equal(enhanced['type'], 'enum');
    assert.deepEqual(enhanced['symbols'], ['RED', 'GREEN']);
    assert.equal(enhanced['namespace'], 'com.acme');
  });

  test('connect.meta.data=false leaves the connect.* props out', () => {
    assert.deepEqual(fromConnectSchema(Decimal.schema(2), { ...DEFAULTS, connectMetaData: false }), {
      type: 'bytes',
      scale: 2,
      precision: 64,
      logicalType: 'decimal',
    });
  });
});

describe('Avro → Connect schemas (AvroData.toConnectSchema)', () => {
  test('a plain Avro record: named struct, optional union, enum with Confluent parameters, registry version', () => {
    const text = JSON.stringify({
      type: 'record',
      name: 'User',
      namespace: 'com.acme',
      doc: 'a user',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'nick', type: ['null', 'string'], default: null },
        { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
        { name: 'n', type: 'int', default: 7 },
      ],
    });
    const schema = toConnectSchema(parseAvroSchemaText(text), DEFAULTS, 3);
    assert.equal(schema.name, 'com.acme.User');
    assert.equal(schema.version, 3);
    assert.equal(schema.parameters?.['io.confluent.connect.avro.record.doc'], 'a user');
    const [id, nick, kind, n] = schema.fields ?? [];
    assert.equal(id?.schema.type, 'int64');
    assert.equal(nick?.schema.optional, true);
    assert.equal(nick?.schema.type, 'string');
    assert.deepEqual(kind?.schema.parameters, {
      'io.confluent.connect.avro.Enum': 'com.acme.Kind',
      'io.confluent.connect.avro.Enum.A': 'A',
      'io.confluent.connect.avro.Enum.B': 'B',
    });
    assert.equal(kind?.schema.name, 'com.acme.Kind');
    assert.equal(n?.schema.defaultValue, 7);
    assert.equal(n?.schema.parameters?.['io.confluent.connect.avro.field.default'], 'true');
  });

  test('a general union becomes an io.confluent.connect.avro.Union struct whose set field is the branch', () => {
    const text = JSON.stringify({
      type: 'record',
      name: 'U',
      fields: [{ name: 'v', type: ['null', 'int', 'string'] }],
    });
    const codec = avroCodec(text);
    const schema = toConnectSchema(codec.node, DEFAULTS);
    const union = schema.fields?.[0]?.schema;
    assert.equal(union?.name, 'io.confluent.connect.avro.Union');
    assert.deepEqual(
      union?.fields?.map((f) => f.name),
      ['int', 'string'],
    );
    const value = new Struct(schema).put('v', new Struct(union as NonNullable<typeof union>).put('string', 'x'));
    const bytes = encode(codec, fromConnectData(schema, codec.node, value, unionFieldName));
    const back = toConnectData(schema, codec.node, decode(codec, bytes), unionFieldName) as Struct;
    assert.equal((back.get('v') as Struct).get('string'), 'x');
    assert.equal((back.get('v') as Struct).get('int'), null);
  });

  test('recursive schemas are refused with a DataError, not a stack overflow', () => {
    const text = JSON.stringify({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'] }] });
    assert.throws(
      () => toConnectSchema(parseAvroSchemaText(text), DEFAULTS),
      /Recursive Avro schemas are not supported/,
    );
  });
});

describe('values through Avro binary and back', () => {
  test('every type of the table reads back as the value written', () => {
    const { schema, value } = roundTrip(TYPES, typesValue());
    const struct = value as Struct;
    const expected = typesValue();
    for (const field of TYPES.fields ?? []) {
      const actual = struct.get(field.name);
      const wanted = expected.get(field.name);
      if (actual instanceof BigDecimal) assert.ok(actual.equals(wanted), field.name);
      else if (actual instanceof Struct) assert.equal(actual.toString(), (wanted as Struct).toString(), field.name);
      else assert.deepEqual(actual, wanted, field.name);
    }
    assert.equal(schema.name, 'com.acme.Types');
    assert.equal(schema.fields?.find((f) => f.name === 'price')?.schema.name, Decimal.LOGICAL_NAME);
  });

  test('a value of the wrong type is a DataError naming the type', () => {
    const schema = SchemaBuilder.struct().field('n', Schemas.INT32).build();
    const codec = avroCodec(JSON.stringify(fromConnectSchema(schema, DEFAULTS)));
    assert.throws(
      () => fromConnectData(schema, codec.node, new Struct(schema).put('n', 'seven'), unionFieldName),
      /Invalid Java object for schema with type INT32: string/,
    );
    assert.throws(
      () => fromConnectData(schema, codec.node, new Struct(schema), unionFieldName),
      /Found null value for non-optional schema/,
    );
  });
});
