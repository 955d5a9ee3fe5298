/** JDBC source: PostgreSQL types to Connect schemas and values, numeric.mapping, dates and times. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BigDecimal, Decimal, LogicalDate, LogicalTime, LogicalTimestamp, SchemaType } from 'lambda-connect/api';
import { NumericMapping } from '../../src/source/jdbc-source-config-def.js';
import { mapColumn, numericPrecisionScale, type ColumnDefinition } from '../../src/source/type-mapping.js';
import { parseDateDays, parseTimeMicros, parseTimestampMicros, zoneOffsetMs } from '../../src/source/temporal.js';

const column = (typeName: string, typmod = -1, optional = false, typeKind = 'b'): ColumnDefinition => ({
  name: 'c',
  typeName,
  typeKind,
  typmod,
  optional,
  autoIncrement: false,
});
/** numeric(p,s)'s atttypmod as PostgreSQL stores it. */
const numeric = (p: number, s: number): number => ((p << 16) | (s & 0x7ff)) + 4;
const map = (c: ColumnDefinition, mapping: NumericMapping = NumericMapping.NONE, zone = 'UTC') => {
  const m = mapColumn(c, mapping, zone);
  assert.ok(m !== null, `${c.typeName} is mapped`);
  return m;
};

describe('schemas', () => {
  test('integers, floats, booleans, strings, bytes', () => {
    assert.equal(map(column('int2')).schema.type, SchemaType.INT16);
    assert.equal(map(column('int4')).schema.type, SchemaType.INT32);
    assert.equal(map(column('int8')).schema.type, SchemaType.INT64);
    assert.equal(map(column('float4')).schema.type, SchemaType.FLOAT32);
    assert.equal(map(column('float8')).schema.type, SchemaType.FLOAT64);
    assert.equal(map(column('bool')).schema.type, SchemaType.BOOLEAN);
    assert.equal(map(column('bytea')).schema.type, SchemaType.BYTES);
    for (const name of ['text', 'varchar', 'bpchar', 'uuid', 'json', 'jsonb', 'inet', 'interval'])
      assert.equal(map(column(name)).schema.type, SchemaType.STRING, name);
    assert.equal(map(column('mood', -1, false, 'e')).schema.type, SchemaType.STRING);
  });

  test('nullable columns are optional; unsupported types are left out (null)', () => {
    assert.equal(map(column('int4', -1, true)).schema.optional, true);
    assert.equal(map(column('int4')).schema.optional, false);
    assert.equal(mapColumn(column('point'), NumericMapping.NONE, 'UTC'), null);
    assert.equal(mapColumn({ ...column('_point'), elementTypeName: 'point' }, NumericMapping.NONE, 'UTC'), null);
    assert.equal(mapColumn(column('point'), NumericMapping.NONE, 'UTC'), null);
  });

  test('dates and times are Connect logical types', () => {
    assert.equal(map(column('date')).schema.name, LogicalDate.LOGICAL_NAME);
    assert.equal(map(column('time')).schema.name, LogicalTime.LOGICAL_NAME);
    assert.equal(map(column('timestamp')).schema.name, LogicalTimestamp.LOGICAL_NAME);
    assert.equal(map(column('timestamptz')).schema.name, LogicalTimestamp.LOGICAL_NAME);
  });
});

describe('arrays', () => {
  test('one-dimensional arrays of mapped types are Connect arrays of optional elements', () => {
    const ints = map({ ...column('_int4'), elementTypeName: 'int4' });
    assert.equal(ints.schema.type, SchemaType.ARRAY);
    assert.equal(ints.schema.valueSchema?.type, SchemaType.INT32);
    assert.equal(ints.schema.valueSchema?.optional, true);
    assert.deepEqual(ints.read('{1,-2,NULL}'), [1, -2, null]);
    assert.deepEqual(ints.read('{}'), []);
    assert.deepEqual(ints.read('[0:1]={7,8}'), [7, 8]);
    const texts = map({ ...column('_text'), elementTypeName: 'text' });
    assert.deepEqual(texts.read('{plain,"with space","q\\"uote","back\\\\slash","NULL",NULL}'), [
      'plain',
      'with space',
      'q"uote',
      'back\\slash',
      'NULL',
      null,
    ]);
    const days = map({ ...column('_date'), elementTypeName: 'date' });
    assert.deepEqual(days.read('{2024-02-29}'), [new Date('2024-02-29T00:00:00Z')]);
    assert.throws(() => ints.read('{{1,2},{3,4}}'), /Multi-dimensional/);
  });
});

describe('numeric.mapping', () => {
  test('typmod decoding, negative scales included', () => {
    assert.deepEqual(numericPrecisionScale(numeric(10, 2)), { precision: 10, scale: 2 });
    assert.deepEqual(numericPrecisionScale(numeric(5, -2)), { precision: 5, scale: -2 });
    assert.equal(numericPrecisionScale(-1), null);
  });

  test('none: always Decimal with the column scale', () => {
    const m = map(column('numeric', numeric(4, 0)));
    assert.equal(m.schema.name, Decimal.LOGICAL_NAME);
    assert.equal(m.schema.parameters?.['scale'], '0');
  });

  test('precision_only and best_fit: integers sized by precision when the scale is 0', () => {
    const cases: Array<[number, SchemaType]> = [
      [2, SchemaType.INT8],
      [4, SchemaType.INT16],
      [9, SchemaType.INT32],
      [18, SchemaType.INT64],
    ];
    for (const [precision, type] of cases) {
      assert.equal(
        map(column('numeric', numeric(precision, 0)), NumericMapping.PRECISION_ONLY).schema.type,
        type,
        `p=${precision}`,
      );
      assert.equal(
        map(column('numeric', numeric(precision, 0)), NumericMapping.BEST_FIT).schema.type,
        type,
        `p=${precision}`,
      );
    }
    assert.equal(
      map(column('numeric', numeric(19, 0)), NumericMapping.PRECISION_ONLY).schema.name,
      Decimal.LOGICAL_NAME,
    );
    assert.equal(
      map(column('numeric', numeric(10, 2)), NumericMapping.PRECISION_ONLY).schema.name,
      Decimal.LOGICAL_NAME,
    );
  });

  test('best_fit: FLOAT64 with a scale up to precision 18; eager double beyond', () => {
    assert.equal(map(column('numeric', numeric(10, 2)), NumericMapping.BEST_FIT).schema.type, SchemaType.FLOAT64);
    assert.equal(map(column('numeric', numeric(30, 2)), NumericMapping.BEST_FIT).schema.name, Decimal.LOGICAL_NAME);
    assert.equal(
      map(column('numeric', numeric(30, 2)), NumericMapping.BEST_FIT_EAGER_DOUBLE).schema.type,
      SchemaType.FLOAT64,
    );
  });

  test('unconstrained numeric: the exact text, or FLOAT64 with best_fit', () => {
    assert.equal(map(column('numeric')).schema.type, SchemaType.STRING);
    assert.equal(map(column('numeric')).read('3.14159265358979323846'), '3.14159265358979323846');
    assert.equal(map(column('numeric'), NumericMapping.BEST_FIT).read('2.5'), 2.5);
  });
});

describe('values from PostgreSQL text', () => {
  test('numbers: int8 beyond 2^53 as bigint, decimals at the column scale, NaN and infinities', () => {
    assert.equal(map(column('int8')).read('9007199254740991'), 9007199254740991);
    assert.equal(map(column('int8')).read('9223372036854775807'), 9223372036854775807n);
    assert.ok((map(column('numeric', numeric(10, 2))).read('-12.30') as BigDecimal).equals(new BigDecimal(-1230n, 2)));
    assert.ok((map(column('numeric', numeric(5, -2))).read('12300') as BigDecimal).equals(new BigDecimal(123n, -2)));
    assert.equal(map(column('float8')).read('-Infinity'), -Infinity);
    assert.ok(Number.isNaN(map(column('float4')).read('NaN') as number));
    assert.equal(
      map(column('numeric', numeric(18, 0)), NumericMapping.BEST_FIT).read('123456789012345678'),
      123456789012345678n,
    );
  });

  test('booleans and bytea (hex output)', () => {
    assert.equal(map(column('bool')).read('t'), true);
    assert.equal(map(column('bool')).read('f'), false);
    assert.deepEqual(map(column('bytea')).read('\\x00ff10'), new Uint8Array([0, 255, 16]));
  });

  test('dates are calendar days; times are time of day; timestamps instants (ms in the record)', () => {
    assert.equal(parseDateDays('1970-01-01'), 0);
    assert.equal(parseDateDays('2024-02-29'), 19782);
    assert.equal(parseDateDays('0001-01-01'), -719162);
    assert.equal(parseDateDays('0001-12-31 BC'), -719163);
    assert.deepEqual(map(column('date')).read('2024-02-29'), new Date('2024-02-29T00:00:00Z'));
    assert.equal(parseTimeMicros('13:14:15.123456'), 47_655_123_456n);
    assert.equal(parseTimeMicros('01:00:00+02'), 23n * 3_600_000_000n);
    assert.deepEqual(map(column('time')).read('00:00:01.5'), new Date(1500));
    assert.equal(parseTimestampMicros('2024-01-01 10:00:00.123456', 'UTC'), 1_704_103_200_123_456n);
    assert.equal(parseTimestampMicros('2024-01-01 10:00:00+02', 'UTC'), 1_704_096_000_000_000n);
    assert.equal(parseTimestampMicros('2024-01-01 10:00:00.5+05:30', 'UTC'), 1_704_083_400_500_000n);
    assert.equal(parseTimestampMicros('1969-12-31 23:59:59.999999', 'UTC'), -1n);
    assert.deepEqual(map(column('timestamp')).read('1969-12-31 23:59:59.999999'), new Date(-1));
    assert.throws(() => map(column('timestamp')).read('infinity'), /infinite/);
  });

  test('timestamps without time zone are wall times in db.timezone, across DST', () => {
    assert.equal(zoneOffsetMs('Europe/Paris', Date.UTC(2024, 0, 1, 12)), 3_600_000);
    assert.equal(zoneOffsetMs('Europe/Paris', Date.UTC(2024, 6, 1, 12)), 7_200_000);
    assert.equal(parseTimestampMicros('2024-07-01 12:00:00', 'Europe/Paris'), BigInt(Date.UTC(2024, 6, 1, 10)) * 1000n);
    assert.equal(
      parseTimestampMicros('2024-01-01 12:00:00', 'America/New_York'),
      BigInt(Date.UTC(2024, 0, 1, 17)) * 1000n,
    );
    // A timestamptz carries its offset: db.timezone does not apply.
    assert.equal(
      parseTimestampMicros('2024-01-01 12:00:00+00', 'America/New_York'),
      BigInt(Date.UTC(2024, 0, 1, 12)) * 1000n,
    );
  });
});
