// Expected values were checked against Apache Kafka 4.3.1's Cast SMT for the same inputs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SchemaBuilder, Schemas, SchemaType, Struct } from '../../../lib/api/index.js';
import { LogicalTimestamp } from '../../../lib/converters/index.js';
import { CastKey, CastValue } from '../../../lib/transforms/index.js';
import { keyRecord, valueRecord } from './records.js';

function cast(spec: string): CastValue {
  const t = new CastValue();
  t.configure({ spec });
  return t;
}

describe('Cast', () => {
  test('casts struct fields with Java narrowing, keeping other fields', () => {
    const schema = SchemaBuilder.struct()
      .field('i8', Schemas.INT32)
      .field('i16', Schemas.FLOAT64)
      .field('f', Schemas.FLOAT64)
      .field('s', Schemas.STRING)
      .field('b', Schemas.BOOLEAN)
      .field('bo', Schemas.BOOLEAN)
      .field('d', Schemas.FLOAT64)
      .field('by', Schemas.BYTES)
      .field('ts', LogicalTimestamp.SCHEMA)
      .field('fl', Schemas.FLOAT32)
      .field('keep', Schemas.OPTIONAL_STRING)
      .build();
    const value = new Struct(schema)
      .put('i8', 300)
      .put('i16', 1e10)
      .put('f', -2.7)
      .put('s', '1.5e3')
      .put('b', true)
      .put('bo', false)
      .put('d', 1.0)
      .put('by', Uint8Array.of(1, 2, 3))
      .put('ts', new Date(1700000000123))
      .put('fl', Math.fround(0.1));
    const t = cast('i8:int8,i16:int16,f:int32,s:float64,b:string,bo:int64,d:string,by:string,ts:int64,fl:string');
    const out = t.apply(valueRecord(schema, value));
    assert.equal(
      String(out.value),
      'Struct{i8=44,i16=-1,f=-2,s=1500,b=true,bo=0,d=1.0,by=AQID,ts=1700000000123,fl=0.1}',
    );
    assert.deepEqual(
      out.valueSchema?.fields?.map((f) => [f.name, f.schema.type]),
      [
        ['i8', SchemaType.INT8],
        ['i16', SchemaType.INT16],
        ['f', SchemaType.INT32],
        ['s', SchemaType.FLOAT64],
        ['b', SchemaType.STRING],
        ['bo', SchemaType.INT64],
        ['d', SchemaType.STRING],
        ['by', SchemaType.STRING],
        ['ts', SchemaType.INT64],
        ['fl', SchemaType.STRING],
        ['keep', SchemaType.STRING],
      ],
    );
    assert.equal(t.apply(valueRecord(schema, value)).valueSchema, out.valueSchema, 'schema is cached');
  });

  test('whole-value casts parse strings strictly', () => {
    const whole = (spec: string, input: string) => cast(spec).apply(valueRecord(Schemas.STRING, input)).value;
    assert.equal(whole('float32', '1e3f'), 1000);
    assert.equal(whole('boolean', 'TRUE'), true);
    for (const [spec, input] of [
      ['int8', '300'],
      ['int32', ' 5'],
      ['int64', '1.5'],
    ] as const) {
      assert.throws(() => whole(spec, input), {
        name: 'DataError',
        message: `Value (${input}) was out of range for requested data type`,
      });
    }
    const out = cast('int64').apply(keyRecord(null, null));
    assert.equal(out.key, null);
  });

  test('schemaless maps: missing fields become null, key variant works on the key', () => {
    const out = cast('a:string,missing:int32').apply(valueRecord(null, { a: 1, b: 2 }));
    assert.deepEqual(out.value, { a: '1', b: 2, missing: null });
    const key = new CastKey();
    key.configure({ spec: 'int16' });
    const keyed = key.apply(keyRecord(Schemas.INT64, 70000));
    assert.deepEqual([keyed.key, keyed.keySchema?.type], [4464, SchemaType.INT16]);
  });

  test('null values and tombstones pass through unchanged', () => {
    const record = valueRecord(Schemas.OPTIONAL_STRING, null);
    assert.equal(cast('int8').apply(record), record);
    const tombstone = valueRecord(null, null);
    assert.equal(cast('a:int8').apply(tombstone), tombstone);
  });

  test("config errors carry Connect's messages", () => {
    const configure = (spec: string) => new CastValue().configure({ spec });
    assert.throws(() => configure(''), { message: 'Must specify at least one field to cast.' });
    assert.throws(() => configure('a:bytes'), {
      message:
        'Cast transformation does not support casting to BYTES; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]',
    });
    assert.throws(() => configure('a:int8,int8'), {
      message:
        'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
    });
    assert.throws(() => configure('a:b:c'), {
      message: 'Invalid value [a:b:c] for configuration renames: Invalid rename mapping: a:b:c',
    });
    assert.throws(() => configure('a:foo'), /Invalid type found in casting spec: foo$/);
    assert.throws(() => cast('int32').apply(valueRecord(null, [1])), {
      message:
        'Cast transformation does not support casting from ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]',
    });
    assert.throws(() => cast('a:int32').apply(valueRecord(null, 'x')), {
      message: 'Only Map objects supported in absence of schema for [cast types], found: java.lang.String',
    });
  });
});
