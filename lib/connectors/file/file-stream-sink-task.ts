/**
 * `org.apache.kafka.connect.file.FileStreamSinkTask`: appends `String.valueOf(value)` and a newline per
 * record, in UTF-8. Like Connect's, `put` writes at once (one append per batch, so readers of the file see
 * lines without waiting for a commit); `flush` fsyncs, so the lines are durable before the framework
 * commits the offsets. Without `file`, lines go to standard output (the function's log).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ConnectError, SinkTask, formatValue, type PartitionOffsets, type SinkRecord } from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/builtin-version.js';
import { confineFile } from './file-access.js';
import { FILE_STREAM_SINK_FILE_CONFIG, fileStreamSinkConfigDef } from './file-stream-sink-config.js';

export class FileStreamSinkTask extends SinkTask {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkTask';

  private filename: string | null = null;
  private handle: FileHandle | undefined;
  /** Lines were appended since the last fsync. */
  private unsynced = false;

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    const file = fileStreamSinkConfigDef().parse(props).get(FILE_STREAM_SINK_FILE_CONFIG) as string | null;
    this.filename = file === null || file === '' ? null : file;
    if (this.filename === null) return;
    // Checked again where the file is opened: the directories may have changed since validation.
    const real = confineFile(FILE_STREAM_SINK_FILE_CONFIG, this.filename);
    try {
      this.handle = await open(real, 'a');
    } catch (error) {
      throw new ConnectError(`Couldn't find or create file '${this.filename}' for FileStreamSinkTask`, {
        cause: error,
      });
    }
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = '';
    for (const record of records) text += `${formatValue(record.value)}\n`;
    if (this.handle === undefined) {
      if (this.filename !== null) throw new ConnectError(`FileStreamSinkTask for '${this.filename}' is not started`);
      process.stdout.write(text);
      return;
    }
    await this.handle.appendFile(text, 'utf8');
    this.unsynced = true;
  }

  override async flush(_currentOffsets: PartitionOffsets): Promise<void> {
    if (!this.unsynced || this.handle === undefined) return;
    await this.handle.sync();
    this.unsynced = false;
  }

  /** Like Connect closing its stream: what was put is made durable, then the file is closed. */
  async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    try {
      if (this.unsynced) await handle?.sync();
    } finally {
      this.unsynced = false;
      await handle?.close();
    }
  }
}
