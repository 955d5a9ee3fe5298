import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteReader, ByteWriter } from '../../../lib/kafka/kafkajs/wire.js';

test('zigzag varints round-trip across the 32-bit range and beyond (varlongs within 2^53)', () => {
  const values = [0, 1, -1, 63, -64, 64, -65, 300, -300, 2 ** 31 - 1, -(2 ** 31), 2 ** 40 + 7, -(2 ** 40) - 7, 2 ** 52];
  const writer = new ByteWriter(4);
  for (const value of values) writer.varint(value);
  const reader = new ByteReader(Buffer.from(writer.bytes()));
  assert.deepEqual(
    values.map(() => reader.varint()),
    values,
  );
  assert.equal(reader.remaining(), 0);
});

test('small varints use Kafka’s byte layout', () => {
  assert.deepEqual([...new ByteWriter().varint(0).bytes()], [0]);
  assert.deepEqual([...new ByteWriter().varint(-1).bytes()], [1]);
  assert.deepEqual([...new ByteWriter().varint(1).bytes()], [2]);
  assert.deepEqual([...new ByteWriter().varint(64).bytes()], [0x80, 0x01]);
});

test('the writer grows past its initial size without losing earlier or later bytes', () => {
  const writer = new ByteWriter(2);
  for (let i = 0; i < 1000; i++)
    writer
      .int8(i % 100)
      .varint(i)
      .int16(i)
      .int32(-i)
      .int64(i * 1000);
  const reader = new ByteReader(Buffer.from(writer.bytes()));
  for (let i = 0; i < 1000; i++) {
    assert.deepEqual(
      [reader.int8(), reader.varint(), reader.int16(), reader.int32(), reader.int64()],
      [i % 100, i, i, -i | 0, i * 1000],
    );
  }
});

test('nullable strings and byte fields distinguish null from empty', () => {
  const writer = new ByteWriter(1);
  writer.nullableString(null).nullableString('').nullableString('héllo');
  writer
    .varBytes(null)
    .varBytes(new Uint8Array())
    .varString('k')
    .bytesField(new Uint8Array([9, 8]));
  const reader = new ByteReader(Buffer.from(writer.bytes()));
  assert.equal(reader.nullableString(), null);
  assert.equal(reader.nullableString(), '');
  assert.equal(reader.nullableString(), 'héllo');
  assert.equal(reader.varBytes(), null);
  assert.equal(reader.varBytes()?.length, 0);
  assert.equal(reader.varString(), 'k');
  assert.deepEqual([...(reader.nullableBytes() ?? [])], [9, 8]);
});

test('reading past the end fails instead of returning garbage', () => {
  const reader = new ByteReader(Buffer.from([0, 0, 0]));
  assert.throws(() => reader.int32(), /Truncated/);
});
