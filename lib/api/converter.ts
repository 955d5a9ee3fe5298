import type { ConfigDef } from './config-def.js';
import type { Headers } from './header.js';
import type { Schema } from './schema.js';
import type { TaskRuntimeContext } from './task-runtime.js';

/** A value with its schema, as Connect's `SchemaAndValue`. */
export interface SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;
}

/**
 * What the runtime lends a converter or header converter (plugin API 1.2): the task's logger and its
 * AWS SDK client factory, the same as the task's own (lib/api/task-runtime.ts). A converter that calls
 * an AWS service (a Glue Schema Registry) builds its client through `awsClient`, so the client gets the
 * runtime's timeouts and, in the local stack, the task runner's IAM check. The members are optional in
 * the type as the task context's are: call them through `createAwsClient(context, …)` and
 * `taskLogger(context)`, which fall back to plain behaviour in unit tests.
 *
 * The runtime gives the same `awsClient` function to every converter of a warm environment, so a
 * converter may key what it keeps per environment (a client, its caches) by that function.
 */
export type ConverterContext = Pick<TaskRuntimeContext, 'logger' | 'awsClient'>;

/**
 * Turns Connect data into Kafka bytes and back. The framework calls `configure` once with the
 * converter's settings (prefix stripped) and whether it handles keys. Mirrors Connect's `Converter`.
 * `null` bytes stand for a null value (a tombstone).
 */
export interface Converter {
  /**
   * Plugin API 1.2, optional: called once before `configure` with the runtime's context. A converter
   * built against API 1.0/1.1 does not have it and is configured as before; a converter that has it must
   * still work when it is not called (a runtime before 1.2, unit tests).
   */
  initialize?(context: ConverterContext): void;
  configure(configs: Readonly<Record<string, string>>, isKey: boolean): void;
  fromConnectData(topic: string, headers: Headers, schema: Schema | null, value: unknown): Uint8Array | null;
  toConnectData(topic: string, headers: Headers, value: Uint8Array | null): SchemaAndValue;
  config(): ConfigDef;
}

/** A converter class, named by its fully qualified class name. */
export interface ConverterClass {
  readonly className: string;
  new (): Converter;
}
