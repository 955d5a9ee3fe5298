/**
 * `org.apache.kafka.connect.file.FileStreamSourceConnector` (alias `FileStreamSource`): streams the lines of
 * one file into a topic. Always exactly one task, whatever `tasks.max` says: one file is one stream.
 */
import {
  ConnectError,
  ExactlyOnceSupport,
  SourceConnector,
  type ConfigDef,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/builtin-version.js';
import {
  FILENAME_FIELD,
  POSITION_FIELD,
  fileStreamSourceConfigDef,
  isLong,
  parseFileStreamSourceSettings,
} from './file-stream-source-config.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';

export class FileStreamSourceConnector extends SourceConnector {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSourceConnector';

  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    parseFileStreamSourceSettings(props);
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return FileStreamSourceTask;
  }

  taskConfigs(_maxTasks: number): Array<Record<string, string>> {
    return [{ ...this.props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return fileStreamSourceConfigDef();
  }

  override exactlyOnceSupport(props: Readonly<Record<string, string>>): ExactlyOnceSupport {
    // Replaying a real file from an offset is deterministic; stdin is not.
    return parseFileStreamSourceSettings(props).file === null
      ? ExactlyOnceSupport.UNSUPPORTED
      : ExactlyOnceSupport.SUPPORTED;
  }

  /** Validates offsets written through the REST API with Connect's checks and messages. */
  override alterOffsets(
    config: Readonly<Record<string, string>>,
    offsets: ReadonlyMap<SourcePartition, SourceOffset | null>,
  ): boolean {
    const file = config['file'];
    if (file === undefined || file === '') {
      throw new ConnectError(
        "Offsets cannot be modified if the 'file' configuration is unspecified. This is because stdin is used for input and offsets are not tracked.",
      );
    }
    for (const [partition, offset] of offsets) {
      // Tombstones are allowed for any partition, so stale offsets can always be cleaned up.
      if (offset === null || offset === undefined) continue;
      if (!(POSITION_FIELD in offset))
        throw new ConnectError(`Offset objects should either be null or contain the key '${POSITION_FIELD}'`);
      const position = offset[POSITION_FIELD];
      if (!isLong(position))
        throw new ConnectError(
          `The value for the '${POSITION_FIELD}' key in the offset is expected to be a Long value`,
        );
      if (position < 0)
        throw new ConnectError(
          `The value for the '${POSITION_FIELD}' key in the offset should be a non-negative value`,
        );
      if (partition === null || partition === undefined) throw new ConnectError('Partition objects cannot be null');
      if (!(FILENAME_FIELD in partition))
        throw new ConnectError(`Partition objects should contain the key '${FILENAME_FIELD}'`);
    }
    return true;
  }
}
