/**
 * `io.confluent.connect.http.HttpSinkConnector` (aliases `HttpSinkConnector`, `HttpSink`): sends record
 * values to an HTTP endpoint. Every task gets the same settings; the framework splits the partitions.
 * Offsets live in the framework's store only: any alteration is fine.
 */
import { UniformSinkConnector, type ConfigDef, type TaskClass } from 'lambda-connect/api';
import { httpSinkConfigDef } from './http-sink-config-def.js';
import { HttpSinkConfig } from './http-sink-config.js';
import { HttpSinkTask } from './http-sink-task.js';
import { PLUGIN_VERSION } from './plugin-version.js';

export class HttpSinkConnector extends UniformSinkConnector {
  static readonly className = 'io.confluent.connect.http.HttpSinkConnector';

  version(): string {
    return PLUGIN_VERSION;
  }

  taskClass(): TaskClass {
    return HttpSinkTask;
  }

  config(): ConfigDef {
    return httpSinkConfigDef();
  }

  /** The checks across keys: credentials for auth.type, header syntax. */
  protected checkConfig(props: Readonly<Record<string, string>>): void {
    new HttpSinkConfig(props);
  }

  protected override crossCheckKey(message: string, keys: readonly string[]): string {
    return super.crossCheckKey(message, keys) ?? 'auth.type';
  }
}
