/**
 * `org.apache.kafka.connect.file.FileStreamSinkTask`: appends `String.valueOf(value)` and a newline per
 * record, in UTF-8. `put` only buffers; `flush` appends and fsyncs, so the lines are durable before the
 * framework commits the offsets. Without `file`, lines go to standard output (the function's log).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ConnectError, SinkTask, formatValue, type PartitionOffsets, type SinkRecord } from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../plugins/builtin-version.js';
import { FILE_STREAM_SINK_FILE_CONFIG, fileStreamSinkConfigDef } from './file-stream-sink-connector.js';

export class FileStreamSinkTask extends SinkTask {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkTask';

  private filename: string | null = null;
  private handle: FileHandle | undefined;
  private pending: string[] = [];

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    const file = fileStreamSinkConfigDef().parse(props).get(FILE_STREAM_SINK_FILE_CONFIG) as string | null;
    this.filename = file === null || file === '' ? null : file;
    if (this.filename === null) return;
    try {
      this.handle = await open(this.filename, 'a');
    } catch (error) {
      throw new ConnectError(`Couldn't find or create file '${this.filename}' for FileStreamSinkTask`, { cause: error });
    }
  }

  put(records: readonly SinkRecord[]): void {
    for (const record of records) this.pending.push(`${formatValue(record.value)}\n`);
  }

  override async flush(_currentOffsets: PartitionOffsets): Promise<void> {
    await this.writePending();
  }

  /** Like Connect closing its stream: whatever was put is written out. */
  async stop(): Promise<void> {
    try {
      await this.writePending();
    } finally {
      const handle = this.handle;
      this.handle = undefined;
      await handle?.close();
    }
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const data = Buffer.from(this.pending.join(''), 'utf8');
    if (this.handle === undefined) {
      if (this.filename !== null) throw new ConnectError(`FileStreamSinkTask for '${this.filename}' is not started`);
      process.stdout.write(data);
      this.pending = [];
      return;
    }
    await this.handle.appendFile(data);
    await this.handle.sync();
    this.pending = [];
  }
}
