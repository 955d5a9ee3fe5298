/**
 * `org.apache.kafka.connect.file.FileStreamSinkConnector` (alias `FileStreamSink`): appends each record's
 * value to a file. Creates `tasks.max` identical tasks, all appending to the same file.
 */
import { SinkConnector, type ConfigDef, type TaskClass, type TopicPartition } from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/builtin-version.js';
import { fileStreamSinkConfigDef } from './file-stream-sink-config.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';

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
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): boolean {
    return true;
  }
}
