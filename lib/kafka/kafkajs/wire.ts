/**
 * Kafka's wire primitives (big-endian ints, zigzag varints, length-prefixed strings and bytes) for the
 * few messages this adapter encodes and decodes itself: record batches, Produce and Fetch.
 */

/** Reads Kafka primitives from a buffer, front to back. */
export class ByteReader {
  offset = 0;

  constructor(readonly buffer: Buffer) {}

  remaining(): number {
    return this.buffer.length - this.offset;
  }

  int8(): number {
    return this.buffer.readInt8(this.#advance(1));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.#advance(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.#advance(4));
  }

  uint32(): number {
    return this.buffer.readUInt32BE(this.#advance(4));
  }

  /** An int64 as a JS number: offsets and timestamps stay far below 2^53. */
  int64(): number {
    return Number(this.buffer.readBigInt64BE(this.#advance(8)));
  }

  /** An int16-length string; null for length -1. */
  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const start = this.#advance(length);
    return this.buffer.toString('utf8', start, start + length);
  }

  string(): string {
    return this.nullableString() ?? '';
  }

  /** A slice (not a copy) of `length` bytes. */
  slice(length: number): Buffer {
    const start = this.#advance(length);
    return this.buffer.subarray(start, start + length);
  }

  /** An int32-length byte string; null for length -1. */
  nullableBytes(): Buffer | null {
    const length = this.int32();
    return length < 0 ? null : this.slice(length);
  }

  /** A zigzag varint (32-bit range). */
  varint(): number {
    const raw = this.#unsignedVarint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  /** A zigzag varlong, exact within ±2^53. */
  varlong(): number {
    return this.varint();
  }

  /** A varint-length byte string; null for length -1. */
  varBytes(): Buffer | null {
    const length = this.varint();
    return length < 0 ? null : this.slice(length);
  }

  varString(): string | null {
    const bytes = this.varBytes();
    return bytes === null ? null : bytes.toString('utf8');
  }

  array<T>(read: (reader: ByteReader) => T): T[] {
    const count = this.int32();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(read(this));
    return items;
  }

  #unsignedVarint(): number {
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.buffer.readUInt8(this.#advance(1));
      result += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return result;
      multiplier *= 128;
    }
    throw new RangeError('Malformed varint: more than 10 bytes');
  }

  #advance(length: number): number {
    const start = this.offset;
    if (start + length > this.buffer.length) {
      throw new RangeError(`Truncated Kafka message: wanted ${length} bytes at ${start} of ${this.buffer.length}`);
    }
    this.offset = start + length;
    return start;
  }
}

/** Writes Kafka primitives into a growing buffer. */
export class ByteWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(initialSize = 1024) {
    this.#buffer = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.#length;
  }

  /** Forgets what was written, keeping the memory (for scratch writers). */
  reset(): this {
    this.#length = 0;
    return this;
  }

  /** The bytes written so far (a view, valid until the next write). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  int8(value: number): this {
    const at = this.#reserve(1);
    this.#buffer.writeInt8(value, at);
    return this;
  }

  int16(value: number): this {
    const at = this.#reserve(2);
    this.#buffer.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.#reserve(4);
    this.#buffer.writeInt32BE(value, at);
    return this;
  }

  uint32(value: number): this {
    const at = this.#reserve(4);
    this.#buffer.writeUInt32BE(value, at);
    return this;
  }

  int64(value: number): this {
    const at = this.#reserve(8);
    this.#buffer.writeBigInt64BE(BigInt(value), at);
    return this;
  }

  /** Overwrites an int32 written earlier (length fields known only at the end). */
  int32At(position: number, value: number): this {
    this.#buffer.writeInt32BE(value, position);
    return this;
  }

  uint32At(position: number, value: number): this {
    this.#buffer.writeUInt32BE(value, position);
    return this;
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const length = Buffer.byteLength(value, 'utf8');
    this.int16(length);
    const at = this.#reserve(length);
    this.#buffer.write(value, at, length, 'utf8');
    return this;
  }

  raw(bytes: Uint8Array): this {
    const start = this.#reserve(bytes.length);
    this.#buffer.set(bytes, start);
    return this;
  }

  /** An int32-length byte string. */
  bytesField(bytes: Uint8Array): this {
    return this.int32(bytes.length).raw(bytes);
  }

  /** A zigzag varint; also used for varlongs (exact within ±2^53). */
  varint(value: number): this {
    let raw = value >= 0 ? value * 2 : -value * 2 - 1;
    for (;;) {
      if (raw < 0x80) {
        const at = this.#reserve(1);
        this.#buffer.writeUInt8(raw, at);
        return this;
      }
      const at = this.#reserve(1);
      this.#buffer.writeUInt8((raw % 128) | 0x80, at);
      raw = Math.floor(raw / 128);
    }
  }

  /** A varint-length byte string; -1 for null. */
  varBytes(bytes: Uint8Array | null): this {
    if (bytes === null) return this.varint(-1);
    return this.varint(bytes.length).raw(bytes);
  }

  varString(value: string): this {
    return this.varBytes(Buffer.from(value, 'utf8'));
  }

  /** Makes room for `length` bytes and returns where they go (call before touching #buffer: it may move). */
  #reserve(length: number): number {
    const start = this.#length;
    const needed = start + length;
    if (needed > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, start);
      this.#buffer = grown;
    }
    this.#length = needed;
    return start;
  }
}
