/**
 * `org.apache.kafka.connect.file.FileStreamSourceTask`: one record per line of the file.
 *
 * - `\n`, `\r\n` and a lone `\r` end a line; a last line without its terminator is held back until the
 *   terminator arrives (a `\r` at the end of the data waits too, since a `\n` may follow).
 * - Source partition `{filename}`, offset `{position}`: the **byte** position after the line, terminator
 *   included. Connect counts characters but skips bytes when resuming, so multibyte text drifts there;
 *   counting bytes here keeps resume exact.
 * - `poll` never blocks: it returns up to `batch.size` records, or null when there is nothing new (also
 *   while the file does not exist yet), and the framework ends the slice.
 * - Reading is in large chunks through one file handle; lines are split on bytes (UTF-8 never uses
 *   0x0A/0x0D inside a multibyte character) and decoded once complete.
 * - Standard input (no `file`) is not supported: a Lambda has no stdin to read.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ConnectError, Schemas, SourceTask, sourceRecord, type SourceRecord } from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/builtin-version.js';
import { confineFile } from './file-access.js';
import {
  FILENAME_FIELD,
  FileStreamSourceKeys,
  POSITION_FIELD,
  isLong,
  parseFileStreamSourceSettings,
} from './file-stream-source-config.js';

const CHUNK_SIZE = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder('utf-8');

export class FileStreamSourceTask extends SourceTask {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSourceTask';

  private filename = '';
  /** One partition object for every record: the framework keys offsets by it once per batch, not per record. */
  private partition: Readonly<Record<string, string>> = {};
  private topic = '';
  private batchSize = 2000;
  private handle: FileHandle | undefined;
  /** Bytes read from the file but not yet emitted as lines: `buffer[cursor..]`. */
  private buffer: Buffer = Buffer.alloc(0);
  private cursor = 0;
  /** The file position of `buffer[cursor]`, i.e. the offset of the last emitted line. */
  private streamOffset = 0;
  private readonly chunk = Buffer.allocUnsafe(CHUNK_SIZE);

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    const settings = parseFileStreamSourceSettings(props);
    if (settings.file === null) {
      throw new ConnectError(
        "FileStreamSourceTask cannot read standard input here: set 'file' to the path of the file to read",
      );
    }
    this.filename = settings.file;
    this.partition = Object.freeze({ [FILENAME_FIELD]: this.filename });
    this.topic = settings.topic;
    this.batchSize = settings.batchSize;
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.handle === undefined && !(await this.openAtStoredOffset())) return null;
    const records: SourceRecord[] = [];
    this.extractLines(records);
    while (records.length < this.batchSize && (await this.readChunk()) > 0) this.extractLines(records);
    return records.length > 0 ? records : null;
  }

  async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  /** Opens the file and positions after the committed offset; false while the file does not exist. */
  private async openAtStoredOffset(): Promise<boolean> {
    let handle: FileHandle;
    // Checked where the file is opened: a symlink may have appeared since validation.
    const real = confineFile(FileStreamSourceKeys.FILE, this.filename);
    try {
      handle = await open(real, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new ConnectError(`Error while trying to open file ${this.filename}`, { cause: error });
    }
    try {
      this.streamOffset = await this.storedPosition();
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.handle = handle;
    this.buffer = Buffer.alloc(0);
    this.cursor = 0;
    return true;
  }

  private async storedPosition(): Promise<number> {
    const reader = this.context?.offsetStorageReader();
    const offset = reader === undefined ? null : await reader.offset({ [FILENAME_FIELD]: this.filename });
    const position = offset?.[POSITION_FIELD];
    if (position === undefined || position === null) return 0;
    if (!isLong(position)) throw new ConnectError('Offset position is the incorrect type');
    return Number(position);
  }

  /** Appends the next chunk of the file to the buffer; returns the number of bytes read (0 at EOF). */
  private async readChunk(): Promise<number> {
    const handle = this.handle;
    if (handle === undefined) return 0;
    const filePosition = this.streamOffset + (this.buffer.length - this.cursor);
    const { bytesRead } = await handle.read(this.chunk, 0, CHUNK_SIZE, filePosition);
    if (bytesRead > 0)
      this.buffer = Buffer.concat([this.buffer.subarray(this.cursor), this.chunk.subarray(0, bytesRead)]);
    else this.buffer = this.buffer.subarray(this.cursor);
    this.cursor = 0;
    return bytesRead;
  }

  /** Moves complete lines from the buffer into `records`, up to the batch size. */
  private extractLines(records: SourceRecord[]): void {
    const buffer = this.buffer;
    let nextLf = -2;
    let nextCr = -2;
    while (records.length < this.batchSize) {
      // Cache the next LF and CR positions so a file without CRs is not rescanned for each line.
      if (nextLf !== -1 && nextLf < this.cursor) nextLf = buffer.indexOf(LF, this.cursor);
      if (nextCr !== -1 && nextCr < this.cursor) nextCr = buffer.indexOf(CR, this.cursor);
      const until = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextLf, nextCr);
      if (until === -1) return;
      let next = until + 1;
      if (until === nextCr) {
        if (until + 1 >= buffer.length) return;
        if (buffer[until + 1] === LF) next = until + 2;
      }
      const line = utf8.decode(buffer.subarray(this.cursor, until));
      this.streamOffset += next - this.cursor;
      this.cursor = next;
      records.push(this.record(line));
    }
  }

  private record(line: string): SourceRecord {
    return sourceRecord({
      topic: this.topic,
      sourcePartition: this.partition,
      sourceOffset: { [POSITION_FIELD]: this.streamOffset },
      valueSchema: Schemas.STRING,
      value: line,
      timestamp: Date.now(),
    });
  }
}
