import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Schemas } from '../../../lib/api/index.js';
import {
  BooleanConverter,
  ByteArrayConverter,
  DoubleConverter,
  FloatConverter,
  IntegerConverter,
  LongConverter,
  ShortConverter,
  StringConverter,
} from '../../../lib/converters/index.js';

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));

describe('StringConverter', () => {
  test('round trips UTF-8 and renders non-strings with toString', () => {
    const c = new StringConverter();
    c.configure({}, false);
    assert.equal(hex(c.fromConnectData('t', [], Schemas.STRING, 'é€')), 'c3a9e282ac');
    assert.deepEqual(c.toConnectData('t', [], Buffer.from('é€')), { schema: Schemas.OPTIONAL_STRING, value: 'é€' });
    assert.equal(Buffer.from(c.fromConnectData('t', [], null, 42) ?? []).toString(), '42');
    assert.equal(Buffer.from(c.fromConnectData('t', [], null, { a: 1 }) ?? []).toString(), '{a=1}');
    assert.equal(c.fromConnectData('t', [], null, null), null);
    assert.deepEqual(c.toConnectData('t', [], null), { schema: Schemas.OPTIONAL_STRING, value: null });
  });

  test('honours converter.encoding', () => {
    const c = new StringConverter();
    c.configure({ 'converter.encoding': 'UTF-16' }, true);
    assert.equal(hex(c.fromConnectData('t', [], null, 'A')), 'feff0041');
    assert.equal(c.toConnectData('t', [], Uint8Array.of(0xff, 0xfe, 0x41, 0)).value, 'A');
    const latin = new StringConverter();
    latin.configure({ 'converter.encoding': 'ISO-8859-1' });
    assert.equal(hex(latin.fromConnectHeader('t', 'h', null, 'é€')), 'e93f');
    assert.throws(() => new StringConverter().configure({ 'converter.encoding': 'EBCDIC-XYZ' }, false), {
      name: 'ConfigError',
    });
    assert.deepEqual(c.config().names(), ['converter.type', 'converter.encoding']);
  });
});

describe('ByteArrayConverter', () => {
  test('passes bytes through and rejects other types', () => {
    const c = new ByteArrayConverter();
    const bytes = Uint8Array.of(1, 2);
    assert.equal(c.fromConnectData('t', [], Schemas.BYTES, bytes), bytes);
    assert.equal(c.fromConnectData('t', [], null, null), null);
    assert.deepEqual(c.toConnectData('t', [], bytes), { schema: Schemas.OPTIONAL_BYTES, value: bytes });
    assert.throws(() => c.fromConnectData('t', [], Schemas.STRING, 'x'), {
      message: 'Invalid schema type for ByteArrayConverter: STRING',
    });
    assert.throws(() => c.fromConnectData('t', [], null, 'x'), {
      message: 'ByteArrayConverter is not compatible with objects of type class java.lang.String',
    });
  });
});

describe('number converters', () => {
  test('use big-endian fixed-width layouts', () => {
    const cases = [
      [new ShortConverter(), -2, 'fffe', Schemas.OPTIONAL_INT16],
      [new IntegerConverter(), 258, '00000102', Schemas.OPTIONAL_INT32],
      [new LongConverter(), -1, 'ffffffffffffffff', Schemas.OPTIONAL_INT64],
      [new FloatConverter(), 1.5, '3fc00000', Schemas.OPTIONAL_FLOAT32],
      [new DoubleConverter(), 1.5, '3ff8000000000000', Schemas.OPTIONAL_FLOAT64],
    ] as const;
    for (const [c, value, bytes, schema] of cases) {
      assert.equal(hex(c.fromConnectData('t', [], null, value)), bytes);
      assert.deepEqual(c.toConnectData('t', [], Buffer.from(bytes, 'hex')), { schema, value });
      assert.deepEqual(c.toConnectData('t', [], null), { schema, value: null });
      assert.equal(c.fromConnectData('t', [], null, null), null);
    }
  });

  test('longs beyond 2^53 come back as bigint', () => {
    const c = new LongConverter();
    const bytes = c.fromConnectData('t', [], Schemas.INT64, 2n ** 62n);
    assert.equal(hex(bytes), '4000000000000000');
    assert.equal(c.toConnectData('t', [], bytes).value, 2n ** 62n);
  });

  test("errors carry Connect's messages", () => {
    assert.throws(() => new ShortConverter().fromConnectData('t', [], null, 'x'), {
      message: 'Failed to serialize to short (was class java.lang.String): ',
    });
    assert.throws(() => new ShortConverter().fromConnectData('t', [], null, 70000), {
      message: 'Failed to serialize to short (was class java.lang.Integer): ',
    });
    assert.throws(
      () => new IntegerConverter().toConnectData('t', [], Uint8Array.of(1)),
      (error: Error) => {
        assert.equal(error.message, 'Failed to deserialize integer: ');
        assert.equal((error.cause as Error).message, 'Size of data received by IntegerDeserializer is not 4');
        return true;
      },
    );
  });
});

describe('BooleanConverter', () => {
  test('one byte per value', () => {
    const c = new BooleanConverter();
    assert.equal(hex(c.fromConnectData('t', [], Schemas.BOOLEAN, true)), '01');
    assert.equal(hex(c.fromConnectData('t', [], null, false)), '00');
    assert.deepEqual(c.toConnectData('t', [], Uint8Array.of(1)), { schema: Schemas.OPTIONAL_BOOLEAN, value: true });
    assert.throws(() => c.fromConnectData('t', [], Schemas.INT32, true), {
      message: 'Invalid schema type for BooleanConverter: INT32',
    });
    assert.throws(() => c.fromConnectData('t', [], null, 1), {
      message: 'BooleanConverter is not compatible with objects of type class java.lang.Integer',
    });
    assert.throws(
      () => c.toConnectData('t', [], Uint8Array.of(2)),
      (error: Error) => {
        assert.equal((error.cause as Error).message, 'Unexpected byte received by BooleanDeserializer: 2');
        return true;
      },
    );
  });
});
