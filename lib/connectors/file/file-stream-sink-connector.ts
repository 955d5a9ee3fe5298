/**
 * `org.apache.kafka.connect.file.FileStreamSinkConnector` (alias `FileStreamSink`): appends each record's
 * value to a file. Creates `tasks.max` identical tasks, all appending to the same file.
 */
import { ConfigDef, ConfigType, Importance, SinkConnector, type TaskClass, type TopicPartition } from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../plugins/builtin-version.js';
import { confinedFile } from './file-access.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';

export const FILE_STREAM_SINK_FILE_CONFIG = 'file';

export function fileStreamSinkConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: FILE_STREAM_SINK_FILE_CONFIG,
    type: ConfigType.STRING,
    defaultValue: null,
    validator: confinedFile,
    importance: Importance.HIGH,
    documentation: 'Destination filename. If not specified, the standard output will be used',
  });
}

export class FileStreamSinkConnector extends SinkConnector {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    fileStreamSinkConfigDef().parse(props);
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return FileStreamSinkTask;
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return fileStreamSinkConfigDef();
  }

  /** Offsets live in Connect's consumer group only, so any alteration is fine. */
  override alterOffsets(_config: Readonly<Record<string, string>>, _offsets: ReadonlyMap<TopicPartition, number | null>): boolean {
    return true;
  }
}
