/**
 * Splits a stream of chunks into records at a separator, gunzipping first when asked. A record is every
 * run of bytes ended by the separator, plus the bytes after the last separator when there are any (the
 * sink ends every record with the separator, so a final empty run is no record; an empty run elsewhere
 * is an empty record).
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError } from 'lambda-connect/api';

export class LineReader {
  private readonly chunks: AsyncIterator<Uint8Array>;
  private buffer: Buffer = Buffer.alloc(0);
  private cursor = 0;
  private ended = false;
  /** Records returned so far. */
  count = 0;

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly separator: Buffer,
    gzip: boolean,
    private readonly name: string,
  ) {
    const stream = gzip ? Readable.from(source, { objectMode: false }).pipe(createGunzip()) : source;
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** The next record's bytes, or null at the end of the object. */
  async next(): Promise<Buffer | null> {
    for (let line = this.buffered(); ; line = this.buffered()) {
      if (line !== undefined) return line;
      await this.fill();
    }
  }

  /**
   * The next record if it is already buffered (or null at the end), undefined when more bytes must be
   * read first: lets a caller skip an await per record, which dominates the cost of short records.
   */
  buffered(): Buffer | null | undefined {
    const at = this.buffer.indexOf(this.separator, this.cursor);
    if (at !== -1) {
      const line = this.buffer.subarray(this.cursor, at);
      this.cursor = at + this.separator.length;
      this.count++;
      return line;
    }
    if (!this.ended) return undefined;
    if (this.cursor >= this.buffer.length) return null;
    const line = this.buffer.subarray(this.cursor);
    this.cursor = this.buffer.length;
    this.count++;
    return line;
  }

  /** Stops reading (closes the underlying stream). */
  async close(): Promise<void> {
    this.ended = true;
    await this.chunks.return?.();
  }

  private async fill(): Promise<void> {
    let result: IteratorResult<Uint8Array>;
    try {
      result = await this.chunks.next();
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('Z_') === true)
        throw new DataError(`${this.name} is not valid gzip: ${(error as Error).message}`, { cause: error });
      throw error;
    }
    if (result.done === true) {
      this.ended = true;
      return;
    }
    // Keep only the unread tail: records never span more than what is buffered here.
    const tail = this.buffer.subarray(this.cursor);
    this.buffer =
      tail.length === 0
        ? Buffer.from(result.value.buffer, result.value.byteOffset, result.value.byteLength)
        : Buffer.concat([tail, result.value]);
    this.cursor = 0;
  }
}
