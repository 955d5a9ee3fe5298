/**
 * `io.confluent.connect.s3.S3SinkConnector` (aliases `S3SinkConnector`, `S3Sink`): writes records of the
 * `topics` to S3 objects named and laid out as Confluent's S3 sink names them. Every task gets the same
 * config; the framework assigns each task its partitions. Offsets live in the framework's store only
 * (objects are rewritten from there), so any alteration is fine.
 */
import { UniformSinkConnector, type ConfigDef, type TaskClass } from 'lambda-connect/api';
import { parseS3SinkConfig, s3SinkConfigDef } from './s3-sink-config.js';
import { S3SinkTask } from './s3-sink-task.js';
import { S3_PLUGIN_VERSION } from './version.js';

export class S3SinkConnector extends UniformSinkConnector {
  static readonly className = 'io.confluent.connect.s3.S3SinkConnector';

  version(): string {
    return S3_PLUGIN_VERSION;
  }

  taskClass(): TaskClass {
    return S3SinkTask;
  }

  config(): ConfigDef {
    return s3SinkConfigDef();
  }

  /** Cross-key checks (partitioner settings, formats) fail here, before any task runs. */
  protected checkConfig(props: Readonly<Record<string, string>>): void {
    parseS3SinkConfig(props);
  }

  protected override crossCheckKey(message: string, keys: readonly string[]): string {
    return super.crossCheckKey(message, keys) ?? 'partitioner.class';
  }
}
