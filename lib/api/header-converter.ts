import type { ConfigDef } from './config-def.js';
import type { ConverterContext, SchemaAndValue } from './converter.js';
import type { Schema } from './schema.js';

/** Turns one header value into bytes and back. Mirrors Connect's `HeaderConverter`. */
export interface HeaderConverter {
  /** Plugin API 1.2, optional: as {@link Converter.initialize}, called once before `configure`. */
  initialize?(context: ConverterContext): void;
  configure(configs: Readonly<Record<string, string>>): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null;
  toConnectHeader(topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue;
  config(): ConfigDef;
}

export interface HeaderConverterClass {
  readonly className: string;
  new (): HeaderConverter;
}
