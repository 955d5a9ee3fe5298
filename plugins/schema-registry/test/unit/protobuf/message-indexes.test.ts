import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError } from 'lambda-connect/api';
import { decodeMessageIndexes, encodeMessageIndexes } from '../../../src/protobuf/message-indexes.js';

describe('Protobuf message indexes', () => {
  test('[0] is the single byte 0; other paths are a zigzag count then zigzag indexes', () => {
    assert.deepEqual([...encodeMessageIndexes([0])], [0]);
    assert.deepEqual([...encodeMessageIndexes([1])], [2, 2]);
    assert.deepEqual([...encodeMessageIndexes([0, 2])], [4, 0, 4]);
    assert.deepEqual([...encodeMessageIndexes([70])], [2, 140, 1]);
  });

  test('decoding returns the path and the offset after it', () => {
    for (const path of [[0], [1], [0, 2], [70], [3, 1, 200]]) {
      const bytes = Uint8Array.from([9, ...encodeMessageIndexes(path), 42]);
      const { indexes, next } = decodeMessageIndexes(bytes, 1);
      assert.deepEqual(indexes, path);
      assert.equal(bytes[next], 42);
    }
  });

  test('a truncated or negative count is a DataError', () => {
    assert.throws(() => decodeMessageIndexes(Uint8Array.of(4, 2), 0), DataError);
    assert.throws(() => decodeMessageIndexes(Uint8Array.of(1), 0), DataError);
    assert.throws(() => decodeMessageIndexes(Uint8Array.of(0x80), 0), DataError);
  });
});
