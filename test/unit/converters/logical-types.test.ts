import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  Decimal,
  LogicalDate,
  LogicalTime,
  bigintToBytes,
  bytesToBigint,
} from '../../../lib/converters/index.js';

describe('BigDecimal', () => {
  test('parses and prints as Java does', () => {
    const cases: Array<[string, bigint, number, string]> = [
      ['-123.45', -12345n, 2, '-123.45'],
      ['0.000000001', 1n, 9, '1E-9'],
      ['0.000001', 1n, 6, '0.000001'],
      ['1.2E+3', 12n, -2, '1.2E+3'],
      ['10', 10n, 0, '10'],
      ['0.50', 50n, 2, '0.50'],
    ];
    for (const [text, unscaled, scale, printed] of cases) {
      const d = BigDecimal.parse(text);
      assert.deepEqual([d.unscaled, d.scale, d.toString()], [unscaled, scale, printed], text);
    }
    assert.throws(() => BigDecimal.parse('abc'), { name: 'DataError' });
    assert.ok(BigDecimal.parse('1.5').equals(new BigDecimal(15n, 1)));
    assert.ok(!BigDecimal.parse('1.5').equals(BigDecimal.parse('1.50')));
  });

  test('two-complement bytes match Java BigInteger.toByteArray', () => {
    const cases: Array<[bigint, string]> = [
      [0n, '00'],
      [-1n, 'ff'],
      [127n, '7f'],
      [128n, '0080'],
      [-128n, '80'],
      [-129n, 'ff7f'],
      [-12345n, 'cfc7'],
    ];
    for (const [value, hex] of cases) {
      assert.equal(Buffer.from(bigintToBytes(value)).toString('hex'), hex, String(value));
      assert.equal(bytesToBigint(Buffer.from(hex, 'hex')), value);
    }
  });
});

describe('logical schemas', () => {
  test('decimal round trip and checks', () => {
    const schema = Decimal.schema(2);
    assert.equal(
      String(Decimal.toLogical(schema, Decimal.fromLogical(schema, BigDecimal.parse('-123.45')))),
      '-123.45',
    );
    assert.deepEqual(
      [schema.name, schema.version, schema.parameters],
      ['org.apache.kafka.connect.data.Decimal', 1, { scale: '2' }],
    );
  });

  test('date and time validate their range', () => {
    assert.equal(LogicalDate.fromLogical(LogicalDate.SCHEMA, new Date(-86400000)), -1);
    assert.throws(() => LogicalDate.fromLogical(LogicalTime.SCHEMA, new Date(0)), {
      message: 'Requested conversion of Date object but the schema does not match.',
    });
    assert.throws(() => LogicalTime.fromLogical(LogicalTime.SCHEMA, new Date(86400001)), {
      message: 'Kafka Connect Time type should not have any date fields set to non-zero values.',
    });
  });
});
