/**
 * `io.confluent.connect.s3.S3SinkConnector` (aliases `S3SinkConnector`, `S3Sink`): writes records of the
 * `topics` to S3 objects named and laid out as Confluent's S3 sink names them. Every task gets the same
 * config; the framework assigns each task its partitions.
 */
import {
  SinkConnector,
  type ConfigDef,
  type ConfigValue,
  type TaskClass,
  type TopicPartition,
} from 'lambda-connect/api';
import { parseS3SinkConfig, s3SinkConfigDef } from './s3-sink-config.js';
import { S3SinkTask } from './s3-sink-task.js';
import { S3_PLUGIN_VERSION } from './version.js';

export class S3SinkConnector extends SinkConnector {
  static readonly className = 'io.confluent.connect.s3.S3SinkConnector';

  private props: Record<string, string> = {};

  version(): string {
    return S3_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    // Cross-key checks (partitioner settings, formats) fail here, before any task runs.
    parseS3SinkConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return S3SinkTask;
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return s3SinkConfigDef();
  }

  /** Per-key results, plus the cross-key checks reported on the key they name. */
  override validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    const results = super.validate(props);
    if (results.some((r) => r.errors.length > 0)) return results;
    try {
      parseS3SinkConfig(props);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const names = (r: ConfigValue) =>
        message.includes(`configuration ${r.name}:`) || message.endsWith(`configuration ${r.name}`);
      const named = results.find(names) ?? results.find((r) => r.name === 'partitioner.class');
      named?.errors.push(message);
    }
    return results;
  }

  /** Offsets live in the framework's store only (objects are rewritten from there), so any alteration is fine. */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): boolean {
    return true;
  }
}
