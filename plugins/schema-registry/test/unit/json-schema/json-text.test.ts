import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError } from 'lambda-connect/api';
import { parseJson, writeJson } from '../../../src/json-schema/json-text.js';

describe('JSON text with 64-bit integers', () => {
  test('bigints are written as exact integers, other values as JSON.stringify writes them', () => {
    assert.equal(
      writeJson({ a: 9_007_199_254_740_993n, b: [1, 'x', null, true], c: { d: -0.5 } }),
      '{"a":9007199254740993,"b":[1,"x",null,true],"c":{"d":-0.5}}',
    );
  });

  test('non-finite numbers cannot be written; invalid text is a DataError', () => {
    assert.throws(() => writeJson({ a: Number.NaN }), DataError);
    assert.throws(
      () => parseJson('{"a":'),
      (e: unknown) => e instanceof DataError && /Invalid JSON/.test(e.message),
    );
  });

  test('safe integers and decimals read as numbers; an unsafe integer reads exactly where the runtime gives the source', () => {
    const value = parseJson('{"safe":42,"dec":1.25,"big":9007199254740993}') as Record<string, unknown>;
    assert.equal(value.safe, 42);
    assert.equal(value.dec, 1.25);
    const exact = typeof value.big === 'bigint';
    assert.equal(
      exact ? value.big : BigInt(value.big as number),
      exact ? 9_007_199_254_740_993n : 9_007_199_254_740_992n,
    );
  });
});
