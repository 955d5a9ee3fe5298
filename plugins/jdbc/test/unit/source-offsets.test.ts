/** JDBC source: partitions and offsets as Confluent shapes them, and their checks for the offsets REST API. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError } from 'lambda-connect/api';
import {
  checkOffset,
  checkPartition,
  legacyTablePartition,
  offsetToPosition,
  positionToOffset,
  tablePartition,
} from '../../src/source/offsets.js';
import { microsToOffset, offsetToMicros } from '../../src/source/temporal.js';

describe('partitions', () => {
  test('protocol 1 names the table fully qualified, unquoted; protocol 0 by its bare name', () => {
    const id = { catalog: 'shop', schema: 'public', table: 'orders' };
    assert.deepEqual(tablePartition(id), { protocol: '1', table: 'shop.public.orders' });
    assert.deepEqual(legacyTablePartition(id), { table: 'orders' });
  });
});

describe('offsets', () => {
  test('incrementing, timestamp and both, with the second fraction in nanoseconds', () => {
    assert.deepEqual(positionToOffset({ incrementing: 42, timestampMicros: null }), { incrementing: 42 });
    assert.deepEqual(positionToOffset({ incrementing: null, timestampMicros: 1_704_103_200_123_456n }), {
      timestamp: 1_704_103_200_123,
      timestamp_nanos: 123_456_000,
    });
    assert.deepEqual(positionToOffset({ incrementing: 3, timestampMicros: 0n }), {
      incrementing: 3,
      timestamp: 0,
      timestamp_nanos: 0,
    });
  });

  test('round trip, before 1970 too (floor, as java.sql.Timestamp)', () => {
    for (const micros of [0n, 1n, 999_999n, 1_704_103_200_123_456n, -1n, -500_000n, -86_400_000_001n]) {
      const offset = microsToOffset(micros);
      assert.equal(offsetToMicros(offset.timestamp, offset.timestamp_nanos), micros, String(micros));
      assert.deepEqual(offsetToPosition(positionToOffset({ incrementing: 1, timestampMicros: micros })), {
        incrementing: 1,
        timestampMicros: micros,
      });
    }
    assert.deepEqual(microsToOffset(-500_000n), { timestamp: -500, timestamp_nanos: 500_000_000 });
  });

  test('a timestamp without nanos is read as whole milliseconds (an offset edited by hand)', () => {
    assert.deepEqual(offsetToPosition({ timestamp: 1500 }), { incrementing: null, timestampMicros: 1_500_000n });
    assert.equal(offsetToPosition(null), null);
  });

  test('malformed offsets and partitions are refused with a message naming the key', () => {
    assert.throws(
      () => checkOffset({ incrementing: 'x' }),
      (e: unknown) => e instanceof ConnectError && /'incrementing' key .* Long/.test(e.message),
    );
    assert.throws(() => checkOffset({ position: 1 }), /Unknown key 'position'/);
    assert.throws(() => checkOffset({ timestamp: 1, timestamp_nanos: 1_000_000_000 }), /between 0 and 999999999/);
    assert.throws(() => checkOffset({ timestamp_nanos: 5 }), /must also have 'timestamp'/);
    assert.throws(() => checkOffset({ incrementing: 1.5 }), /Long/);
    assert.doesNotThrow(() => checkOffset({ incrementing: 1, timestamp: -5, timestamp_nanos: 0 }));
    assert.throws(() => checkPartition({ filename: 'x' }), /'table'/);
    assert.throws(() => checkPartition(null), /cannot be null/);
    assert.doesNotThrow(() => checkPartition({ query: 'query' }));
  });
});
