// Expected JSON strings below were produced by Apache Kafka 4.3.1's own JsonConverter (connect-json jar)
// for the same inputs, so these tests pin byte-level compatibility.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, SchemaBuilder, Schemas, SchemaType, Struct, type Schema } from '../../../lib/api/index.js';
import {
  BigDecimal,
  Decimal,
  JsonConverter,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
} from '../../../lib/converters/index.js';

function converter(configs: Record<string, string> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, false);
  return c;
}
const on = converter();
const off = converter({ 'schemas.enable': 'false' });
const numeric = converter({ 'decimal.format': 'numeric' });

function write(c: JsonConverter, schema: Schema | null, value: unknown): string | null {
  const bytes = c.fromConnectData('t', [], schema, value);
  return bytes === null ? null : Buffer.from(bytes).toString('utf8');
}
function read(c: JsonConverter, json: string): { schema: Schema | null; value: unknown } {
  return c.toConnectData('t', [], Buffer.from(json, 'utf8'));
}

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

const userSchema = SchemaBuilder.struct()
  .name('com.example.User')
  .version(2)
  .doc('a user')
  .field('id', Schemas.INT32)
  .field('name', Schemas.OPTIONAL_STRING)
  .field('score', new SchemaBuilder(SchemaType.FLOAT64).defaultValue(1.5).build())
  .field('tags', SchemaBuilder.array(Schemas.STRING).optional().build())
  .field('m', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).optional().build())
  .field('sm', SchemaBuilder.map(Schemas.STRING, Schemas.INT64).optional().build())
  .build();

function user(): Struct {
  return new Struct(userSchema)
    .put('id', 1)
    .put('name', 'a')
    .put('tags', ['x', 'y'])
    .put('m', new Map([[1, 'one']]))
    .put('sm', { k: 5 });
}

describe('JsonConverter writing', () => {
  test('a struct envelope matches Connect byte for byte', () => {
    assert.equal(
      write(on, userSchema, user()),
      '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},{"type":"string","optional":true,"field":"name"},{"type":"double","optional":false,"default":1.5,"field":"score"},{"type":"array","items":{"type":"string","optional":false},"optional":true,"field":"tags"},{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":true,"field":"m"},{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int64","optional":false},"optional":true,"field":"sm"}],"optional":false,"name":"com.example.User","version":2,"doc":"a user"},"payload":{"id":1,"name":"a","score":1.5,"tags":["x","y"],"m":[[1,"one"]],"sm":{"k":5}}}',
    );
    assert.equal(
      write(off, userSchema, user()),
      '{"id":1,"name":"a","score":1.5,"tags":["x","y"],"m":[[1,"one"]],"sm":{"k":5}}',
    );
  });

  test('primitives, nulls and tombstones', () => {
    assert.equal(write(on, Schemas.STRING, 'hello'), '{"schema":{"type":"string","optional":false},"payload":"hello"}');
    assert.equal(write(on, null, 'hello'), '{"schema":null,"payload":"hello"}');
    assert.equal(write(on, null, null), null);
    assert.equal(
      write(on, Schemas.OPTIONAL_STRING, null),
      '{"schema":{"type":"string","optional":true},"payload":null}',
    );
    assert.equal(write(off, Schemas.OPTIONAL_STRING, null), 'null');
    assert.equal(
      write(on, Schemas.BYTES, Uint8Array.of(1, 2, 3, 255)),
      '{"schema":{"type":"bytes","optional":false},"payload":"AQID/w=="}',
    );
    assert.equal(
      write(on, SchemaBuilder.array(Schemas.INT8).build(), [1, -2]),
      '{"schema":{"type":"array","items":{"type":"int8","optional":false},"optional":false},"payload":[1,-2]}',
    );
  });

  test('numbers are printed as Java prints them', () => {
    assert.equal(write(on, Schemas.FLOAT64, 1.0), '{"schema":{"type":"double","optional":false},"payload":1.0}');
    assert.equal(write(off, Schemas.FLOAT64, 1e7), '1.0E7');
    assert.equal(write(off, Schemas.FLOAT64, 0.0001), '1.0E-4');
    assert.equal(write(off, Schemas.FLOAT64, 123.456), '123.456');
    assert.equal(write(off, Schemas.FLOAT64, NaN), '"NaN"');
    assert.equal(write(off, Schemas.FLOAT64, -Infinity), '"-Infinity"');
    assert.equal(write(off, Schemas.FLOAT32, 0.1), '0.1');
    assert.equal(write(off, Schemas.INT64, 2n ** 62n), '4611686018427387904');
    assert.equal(write(off, Schemas.INT64, 9007199254740993n), '9007199254740993');
  });

  test('strings are escaped as Jackson escapes them', () => {
    assert.equal(
      write(off, Schemas.STRING, 'a"b\\c\n\t\u0001\u001f/é€😀\u2028'),
      '"a\\"b\\\\c\\n\\t\\u0001\\u001F/é€\\uD83D\\uDE00\u2028"',
    );
  });

  test('logical types', () => {
    const decimalSchema =
      '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}}';
    assert.equal(
      write(on, Decimal.schema(2), BigDecimal.parse('-123.45')),
      `{"schema":${decimalSchema},"payload":"z8c="}`,
    );
    assert.equal(
      write(numeric, Decimal.schema(2), BigDecimal.parse('-123.45')),
      `{"schema":${decimalSchema},"payload":-123.45}`,
    );
    assert.match(write(numeric, Decimal.schema(9), BigDecimal.parse('0.000000001')) ?? '', /"payload":1E-9}$/);
    assert.match(write(numeric, Decimal.schema(-2), BigDecimal.parse('1.2E+3')) ?? '', /"payload":1\.2E\+3}$/);
    assert.equal(
      write(on, LogicalDate.SCHEMA, new Date(86400000 * 3)),
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":3}',
    );
    assert.equal(
      write(on, LogicalTime.SCHEMA, new Date(3723004)),
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":3723004}',
    );
    assert.equal(
      write(on, LogicalTimestamp.SCHEMA, new Date(1700000000123)),
      '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":1700000000123}',
    );
  });

  test('defaults replace nulls, parameters keep their order', () => {
    const schema = SchemaBuilder.struct()
      .field('d', new SchemaBuilder(SchemaType.INT32).optional().defaultValue(7).build())
      .build();
    assert.equal(
      write(on, schema, new Struct(schema)),
      '{"schema":{"type":"struct","fields":[{"type":"int32","optional":true,"default":7,"field":"d"}],"optional":false},"payload":{"d":7}}',
    );
    const params = new SchemaBuilder(SchemaType.STRING).parameter('b', '2').parameter('a', '1').optional().build();
    assert.equal(
      write(on, params, 'x'),
      '{"schema":{"type":"string","optional":true,"parameters":{"b":"2","a":"1"}},"payload":"x"}',
    );
  });

  test('schemaless values: objects, non-string-keyed maps as pairs', () => {
    assert.equal(write(off, null, { a: 1, b: [1, 2.5, true, null] }), '{"a":1,"b":[1,2.5,true,null]}');
    assert.equal(
      write(
        off,
        null,
        new Map([
          [1, 'x'],
          [2, 'y'],
        ]),
      ),
      '[[1,"x"],[2,"y"]]',
    );
  });

  test("errors carry Connect's messages", () => {
    assert.throws(() => write(on, Schemas.STRING, null), {
      name: 'DataError',
      message: 'Conversion error: null value for field that is required and has no default value',
    });
    assert.throws(() => write(on, Schemas.INT32, 'x'), { message: 'Invalid type for INT32: class java.lang.String' });
    assert.throws(() => write(on, null, user()), { message: 'Mismatching schema.' });
    assert.throws(() => write(on, Decimal.schema(2), BigDecimal.parse('1.5')), {
      message: 'Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 1.',
    });
    assert.throws(() => write(on, LogicalDate.SCHEMA, new Date(5)), {
      message: 'Kafka Connect Date type should not have any time fields set to non-zero values.',
    });
    assert.throws(() => write(off, null, new Date(5)), DataError);
  });
});

describe('JsonConverter reading', () => {
  test('requires exactly schema and payload when schemas are enabled', () => {
    for (const json of ['{"a":1}', '{"schema":null,"payload":1,"x":2}', '[1]', 'null', '']) {
      assert.throws(() => read(on, json), { name: 'DataError', message: ENVELOPE_ERROR }, json);
    }
  });

  test('a null value is a tombstone', () => {
    assert.deepEqual(on.toConnectData('t', [], null), { schema: null, value: null });
    assert.deepEqual(read(off, ''), { schema: null, value: null });
    assert.deepEqual(read(off, 'null'), { schema: null, value: null });
  });

  test('schemaless reading infers types', () => {
    assert.deepEqual(read(on, '{"schema":null,"payload":{"a":1,"b":[1,2.5,"x"]}}'), {
      schema: null,
      value: { a: 1, b: [1, 2.5, 'x'] },
    });
    assert.equal(read(off, '12345678901234').value, 12345678901234);
    assert.equal(read(off, '9223372036854775807').value, 9223372036854775807n);
    assert.equal(read(off, '123456789012345678901234567890').value, -4362896299872285998n);
    assert.equal(read(off, '1e2').value, 100);
    assert.deepEqual(read(off, '{"a":1,"a":2}').value, { a: 2 });
    assert.equal(read(on, '{"schema":null,"payload":1} x').value, 1);
  });

  test('round trips a struct with every type', () => {
    const bytes = on.fromConnectData('t', [], userSchema, user());
    const back = on.toConnectData('t', [], bytes);
    assert.ok(back.value instanceof Struct);
    assert.equal(back.schema?.name, 'com.example.User');
    assert.equal(back.value.get('id'), 1);
    assert.deepEqual(back.value.get('tags'), ['x', 'y']);
    assert.deepEqual(back.value.get('m'), new Map([[1, 'one']]));
    assert.deepEqual(back.value.get('sm'), { k: 5 });
    assert.equal(back.value.get('score'), 1.5);
    assert.equal(
      Buffer.from(on.fromConnectData('t', [], back.schema, back.value) ?? []).toString(),
      Buffer.from(bytes ?? []).toString(),
    );
  });

  test('reads with Java cast semantics', () => {
    assert.equal(read(on, '{"schema":{"type":"int8"},"payload":200}').value, -56);
    assert.equal(read(on, '{"schema":{"type":"int32"},"payload":"5"}').value, 0);
    assert.equal(read(on, '{"schema":{"type":"int32"},"payload":1.9}').value, 1);
    assert.equal(read(on, '{"schema":{"type":"string"},"payload":5}').value, null);
    assert.equal(read(on, '{"schema":{"type":"boolean"},"payload":5}').value, false);
    assert.equal(read(on, '{"schema":{"type":"float"},"payload":0.1}').value, Math.fround(0.1));
    assert.deepEqual(read(on, '{"schema":{"type":"array","items":{"type":"int32"}},"payload":5}').value, []);
  });

  test('logical types and defaults', () => {
    const dec = (payload: string, scale = '2') =>
      read(
        on,
        `{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"${scale}"}},"payload":${payload}}`,
      ).value;
    assert.equal(String(dec('1.50')), '1.50');
    assert.equal(String(dec('"z88="')), '-123.37');
    assert.equal(String(dec('1.5e3', '0')), '1.5E+3');
    assert.throws(() => dec('true'), {
      message: 'Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN',
    });
    const date = read(on, '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":3}').value;
    assert.deepEqual(date, new Date(3 * 86400000));
    assert.throws(
      () => read(on, '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":1.5}'),
      {
        message: 'Invalid type for Time, underlying representation should be integer but was NUMBER',
      },
    );
    assert.throws(
      () => read(on, '{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":1.0}'),
      {
        message: 'Invalid type for Timestamp, underlying representation should be integral but was NUMBER',
      },
    );
    assert.equal(read(on, '{"schema":{"type":"int32","optional":true,"default":7},"payload":null}').value, 7);
    const noReplace = converter({ 'replace.null.with.default': 'false' });
    assert.equal(read(noReplace, '{"schema":{"type":"int32","optional":true,"default":7},"payload":null}').value, null);
    const struct = read(
      on,
      '{"schema":{"type":"struct","fields":[{"type":"int32","field":"a","optional":true},{"type":"string","field":"b","optional":true,"default":"d"}],"name":"n","version":3,"doc":"dd"},"payload":{"a":1,"zz":2}}',
    );
    assert.equal(String(struct.value), 'Struct{a=1,b=d}');
    assert.deepEqual([struct.schema?.name, struct.schema?.version, struct.schema?.doc], ['n', 3, 'dd']);
  });

  test("schema and payload errors carry Connect's messages", () => {
    const cases: Array<[string, string]> = [
      [
        '{"schema":{"type":"struct","fields":[{"type":"int32","field":"a"}]},"payload":{}}',
        'Invalid null value for required INT32 field',
      ],
      ['{"schema":{},"payload":null}', "Schema must contain 'type' field"],
      ['{"schema":"int32","payload":1}', "Schema must contain 'type' field"],
      ['{"schema":{"type":"foo"},"payload":null}', 'Unknown schema type: foo'],
      ['{"schema":{"type":"array"},"payload":[]}', 'Array schema did not specify the element type'],
      ['{"schema":{"type":"map","values":{"type":"string"}},"payload":{}}', 'Map schema did not specify the key type'],
      ['{"schema":{"type":"struct"},"payload":{}}', 'Struct schema\'s "fields" argument is not an array.'],
      [
        '{"schema":{"type":"struct","fields":[{"type":"int32"}]},"payload":{}}',
        "Struct schema's field name not specified properly",
      ],
      ['{"schema":{"type":"int32","parameters":{"a":1}},"payload":1}', 'Schema parameters must have string values.'],
      [
        '{"schema":{"type":"struct","fields":[]},"payload":[1]}',
        'Structs should be encoded as JSON objects, but found ARRAY',
      ],
      [
        '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}},"payload":{"a":1}}',
        'Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT',
      ],
      [
        '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}},"payload":[[1]]}',
        'Found invalid map entry, expected length 2 but found :1',
      ],
      [
        '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}},"payload":[1]}',
        'Found invalid map entry instead of array tuple: NUMBER',
      ],
      [
        '{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"string"}},"payload":[1]}',
        'Maps with string fields should be encoded as JSON objects, but found ARRAY',
      ],
      ['{"schema":{"type":"bytes"},"payload":"AQI"}', 'Invalid bytes field'],
      ['{"schema":', 'Converting byte[] to Kafka Connect data failed due to serialization error: '],
    ];
    for (const [json, message] of cases) assert.throws(() => read(on, json), { name: 'DataError', message }, json);
    assert.throws(() => off.toConnectData('t', [], Uint8Array.of(0x22, 0xff, 0x22)), {
      message: 'Converting byte[] to Kafka Connect data failed due to serialization error: ',
    });
  });

  test('reuses the schema read for identical schema JSON', () => {
    const json = '{"schema":{"type":"struct","fields":[{"type":"int32","field":"a"}]},"payload":{"a":1}}';
    const first = read(on, json);
    const second = read(on, json.replace('"a":1}}', '"a":2}}'));
    assert.equal(second.schema, first.schema);
    assert.equal((second.value as Struct).get('a'), 2);
    const uncached = converter({ 'schemas.cache.size': '0' });
    assert.notEqual(read(uncached, json).schema, read(uncached, json).schema);
  });

  test('works as a header converter', () => {
    const c = new JsonConverter();
    c.configure({ 'schemas.enable': 'false' });
    const bytes = c.fromConnectHeader('t', 'h', Schemas.INT32, 42);
    assert.equal(Buffer.from(bytes ?? []).toString(), '42');
    assert.deepEqual(c.toConnectHeader('t', 'h', bytes), { schema: null, value: 42 });
  });

  test('rejects an invalid decimal.format', () => {
    assert.throws(() => converter({ 'decimal.format': 'hex' }), {
      name: 'ConfigError',
      message:
        'Invalid value hex for configuration decimal.format: String must be one of (case insensitive): BASE64, NUMERIC',
    });
    assert.deepEqual(new JsonConverter().config().names(), [
      'converter.type',
      'schemas.enable',
      'schemas.cache.size',
      'decimal.format',
      'replace.null.with.default',
    ]);
  });
});
