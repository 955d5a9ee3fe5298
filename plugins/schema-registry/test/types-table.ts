/**
 * The table of types the Avro cross-checks run: every primitive, optional, nested struct, array, map (string
 * and non-string keys), decimal, date, time, timestamp, enum and bytes, as one Connect struct with values.
 */
import {
  BigDecimal,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
  type Schema,
} from 'lambda-connect/api';

export const ADDRESS = SchemaBuilder.struct()
  .name('com.acme.Address')
  .field('street', Schemas.STRING)
  .field('zip', Schemas.OPTIONAL_INT32)
  .build();
export const COLOR = new SchemaBuilder('string')
  .name('com.acme.Color')
  .parameter('io.confluent.connect.avro.Enum', 'com.acme.Color')
  .parameter('io.confluent.connect.avro.Enum.RED', 'RED')
  .parameter('io.confluent.connect.avro.Enum.GREEN', 'GREEN')
  .build();

export const TYPES = SchemaBuilder.struct()
  .name('com.acme.Types')
  .field('i8', Schemas.INT8)
  .field('i16', Schemas.INT16)
  .field('i32', Schemas.INT32)
  .field('i64', Schemas.INT64)
  .field('big', Schemas.INT64)
  .field('f32', Schemas.FLOAT32)
  .field('f64', Schemas.FLOAT64)
  .field('flag', Schemas.BOOLEAN)
  .field('text', Schemas.STRING)
  .field('blob', Schemas.BYTES)
  .field('maybe', Schemas.OPTIONAL_STRING)
  .field('absent', Schemas.OPTIONAL_INT64)
  .field('address', ADDRESS)
  .field('tags', SchemaBuilder.array(Schemas.STRING).build())
  .field('scores', SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT64).build())
  .field('byId', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
  .field('price', Decimal.schema(2))
  .field('day', LogicalDate.SCHEMA)
  .field('at', LogicalTime.SCHEMA)
  .field('when', LogicalTimestamp.SCHEMA)
  .field('color', COLOR)
  .build();

/** One value of {@link TYPES}. */
export function typesValue(schema: Schema = TYPES): Struct {
  return new Struct(schema)
    .put('i8', -8)
    .put('i16', 1600)
    .put('i32', -320_000)
    .put('i64', 1_700_000_000_123)
    .put('big', 2n ** 62n + 1n)
    .put('f32', 1.5)
    .put('f64', -2.25e10)
    .put('flag', true)
    .put('text', 'héllo ✓')
    .put('blob', Uint8Array.of(0, 1, 254, 255))
    .put('maybe', 'present')
    .put('absent', null)
    .put('address', new Struct(ADDRESS).put('street', '1 Main St').put('zip', null))
    .put('tags', ['a', 'b'])
    .put('scores', { x: 1.25, y: -3 })
    .put(
      'byId',
      new Map([
        [1, 'one'],
        [2, 'two'],
      ]),
    )
    .put('price', new BigDecimal(-12345n, 2))
    .put('day', new Date(Date.UTC(2026, 11, 6)))
    .put('at', new Date(45_296_789))
    .put('when', new Date(Date.UTC(2026, 11, 6, 20, 1, 2, 345)))
    .put('color', 'GREEN');
}

/** A plain Avro schema as a Python user writes it: the types table's logical types, enum and MapEntry map. */
export const PYTHON_SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Types',
  namespace: 'com.acme',
  fields: [
    { name: 'i8', type: { type: 'int', 'connect.type': 'int8' } },
    { name: 'i16', type: { type: 'int', 'connect.type': 'int16' } },
    { name: 'i32', type: 'int' },
    { name: 'i64', type: 'long' },
    { name: 'big', type: 'long' },
    { name: 'f32', type: 'float' },
    { name: 'f64', type: 'double' },
    { name: 'flag', type: 'boolean' },
    { name: 'text', type: 'string' },
    { name: 'blob', type: 'bytes' },
    { name: 'maybe', type: ['null', 'string'], default: null },
    { name: 'absent', type: ['null', 'long'], default: null },
    {
      name: 'address',
      type: {
        type: 'record',
        name: 'Address',
        fields: [
          { name: 'street', type: 'string' },
          { name: 'zip', type: ['null', 'int'], default: null },
        ],
      },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'scores', type: { type: 'map', values: 'double' } },
    {
      name: 'byId',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'MapEntry',
          namespace: 'io.confluent.connect.avro',
          fields: [
            { name: 'key', type: 'int' },
            { name: 'value', type: 'string' },
          ],
        },
      },
    },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'at', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'when', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'color', type: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] } },
  ],
});
