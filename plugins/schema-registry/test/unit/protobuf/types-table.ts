/**
 * The types table of issue 17: one Connect struct with every primitive, optional, nested struct, array, map,
 * decimal, date/time/timestamp, enum and bytes, and a value for it. Shared by the Protobuf unit tests.
 */
import {
  BigDecimal,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  type Schema,
  SchemaBuilder,
  SchemaType,
  Schemas,
  Struct,
} from 'lambda-connect/api';

const ENUM = 'io.confluent.connect.protobuf.Enum';

export const COLOR_SCHEMA: Schema = new SchemaBuilder(SchemaType.STRING)
  .name('Color')
  .parameter(ENUM, 'Color')
  .parameter(`${ENUM}.RED`, '0')
  .parameter(`${ENUM}.GREEN`, '1')
  .optional()
  .build();

export const INNER_SCHEMA: Schema = SchemaBuilder.struct()
  .name('Inner')
  .field('label', Schemas.OPTIONAL_STRING)
  .optional()
  .build();

export const TABLE_SCHEMA: Schema = SchemaBuilder.struct()
  .name('lc.test.AllTypes')
  .field('i8', Schemas.INT8)
  .field('i16', Schemas.INT16)
  .field('i32', Schemas.INT32)
  .field('i64', Schemas.INT64)
  .field('big64', Schemas.INT64)
  .field('f32', Schemas.FLOAT32)
  .field('f64', Schemas.FLOAT64)
  .field('flag', Schemas.BOOLEAN)
  .field('text', Schemas.STRING)
  .field('blob', Schemas.BYTES)
  .field('maybe', Schemas.OPTIONAL_STRING)
  .field('inner', INNER_SCHEMA)
  .field('tags', SchemaBuilder.array(Schemas.STRING).optional().build())
  .field('counts', SchemaBuilder.map(Schemas.STRING, Schemas.INT64).optional().build())
  .field('by_id', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).optional().build())
  .field('amount', Decimal.builder(2).optional().build())
  .field('day', LogicalDate.builder().optional().build())
  .field('at_time', LogicalTime.builder().optional().build())
  .field('at', LogicalTimestamp.builder().optional().build())
  .field('color', COLOR_SCHEMA)
  .build();

/** A value of TABLE_SCHEMA with every field set. */
export function tableValue(): Struct {
  return new Struct(TABLE_SCHEMA)
    .put('i8', -8)
    .put('i16', 1600)
    .put('i32', -320_000)
    .put('i64', 6_400_000_000)
    .put('big64', 9_007_199_254_740_993n)
    .put('f32', 1.5)
    .put('f64', -2.25e10)
    .put('flag', true)
    .put('text', 'héllo')
    .put('blob', Uint8Array.of(0, 1, 254, 255))
    .put('maybe', 'here')
    .put('inner', new Struct(INNER_SCHEMA).put('label', 'in'))
    .put('tags', ['a', 'b'])
    .put('counts', { x: 1, y: 9_007_199_254_740_993n })
    .put(
      'by_id',
      new Map([
        [1, 'one'],
        [-2, 'minus two'],
      ]),
    )
    .put('amount', new BigDecimal(-12345n, 2))
    .put('day', new Date(Date.UTC(2026, 11, 6)))
    .put('at_time', new Date(13 * 3_600_000 + 14 * 60_000 + 15_000 + 16))
    .put('at', new Date(Date.UTC(2026, 11, 6, 19, 38, 25, 123)))
    .put('color', 'GREEN');
}
