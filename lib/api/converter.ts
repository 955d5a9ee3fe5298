import type { ConfigDef } from './config-def.js';
import type { Headers } from './header.js';
import type { Schema } from './schema.js';

/** A value with its schema, as Connect's `SchemaAndValue`. */
export interface SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;
}

/**
 * Turns Connect data into Kafka bytes and back. The framework calls `configure` once with the
 * converter's settings (prefix stripped) and whether it handles keys. Mirrors Connect's `Converter`.
 * `null` bytes stand for a null value (a tombstone).
 */
export interface Converter {
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
