/**
 * `io.confluent.connect.http.HttpSinkConnector` (aliases `HttpSinkConnector`, `HttpSink`): sends record
 * values to an HTTP endpoint. Every task gets the same settings; the framework splits the partitions.
 */
import {
  SinkConnector,
  type ConfigDef,
  type ConfigValue,
  type TaskClass,
  type TopicPartition,
} from 'lambda-connect/api';
import { httpSinkConfigDef } from './http-sink-config-def.js';
import { HttpSinkConfig } from './http-sink-config.js';
import { HttpSinkTask } from './http-sink-task.js';
import { PLUGIN_VERSION } from './plugin-version.js';

export class HttpSinkConnector extends SinkConnector {
  static readonly className = 'io.confluent.connect.http.HttpSinkConnector';

  private props: Record<string, string> = {};

  version(): string {
    return PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    new HttpSinkConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return HttpSinkTask;
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return httpSinkConfigDef();
  }

  /** Per-key results, plus the checks across keys (credentials for auth.type, header syntax) on the key at fault. */
  override validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    const results = super.validate(props);
    if (results.some((r) => r.errors.length > 0)) return results;
    try {
      new HttpSinkConfig(props);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const target =
        results.find((r) => message.includes(` configuration ${r.name}`)) ??
        results.find((r) => r.name === 'auth.type');
      target?.errors.push(message);
    }
    return results;
  }

  /** Offsets live in the framework's store only: any alteration is fine. */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): boolean {
    return true;
  }
}
