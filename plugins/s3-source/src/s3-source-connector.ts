/**
 * `io.confluent.connect.s3.source.S3SourceConnector` (aliases `S3SourceConnector`, `S3Source`), in
 * Confluent's backup and restore mode: reads what the S3 sink wrote with the DefaultPartitioner and
 * produces every record back to its original topic and partition, with its key and headers when the sink
 * stored them. Renaming topics on the way is a `RegexRouter` transform.
 *
 * Splitting work: `tasks.max` tasks, each reading a stable share of the partition folders (see
 * folder-assignment.ts). The connector itself never calls S3.
 */
import {
  ConnectError,
  ExactlyOnceSupport,
  SourceConnector,
  type ConfigDef,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from 'lambda-connect/api';
import { parseS3SourceConfig, s3SourceConfigDef, TaskKeys } from './s3-source-config.js';
import { S3SourceTask } from './s3-source-task.js';
import { checkPartition, parsePosition } from './source-offsets.js';
import { PLUGIN_VERSION } from './version.js';

export class S3SourceConnector extends SourceConnector {
  static readonly className = 'io.confluent.connect.s3.source.S3SourceConnector';

  private props: Record<string, string> = {};

  version(): string {
    return PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    parseS3SourceConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return S3SourceTask;
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    const count = Math.max(1, maxTasks);
    return Array.from({ length: count }, (_, index) => ({
      ...this.props,
      [TaskKeys.INDEX]: String(index),
      [TaskKeys.COUNT]: String(count),
    }));
  }

  stop(): void {}

  config(): ConfigDef {
    return s3SourceConfigDef();
  }

  /** Re-reading an object from a stored offset yields the same records: replay is deterministic. */
  override exactlyOnceSupport(_props: Readonly<Record<string, string>>): ExactlyOnceSupport {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** Offsets written through the REST API must have the shape the tasks read (see source-offsets.ts). */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    offsets: ReadonlyMap<SourcePartition, SourceOffset | null>,
  ): boolean {
    for (const [partition, offset] of offsets) {
      checkPartition(partition);
      // Tombstones are allowed: a reset folder is read again from its first object.
      if (offset === null || offset === undefined) continue;
      try {
        parsePosition(offset);
      } catch (error) {
        throw new ConnectError((error as Error).message);
      }
    }
    return true;
  }
}
