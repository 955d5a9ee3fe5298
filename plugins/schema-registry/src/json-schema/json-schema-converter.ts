/**
 * `io.confluent.connect.json.JsonSchemaConverter`: Connect data as JSON in Confluent's wire format (magic
 * byte, schema id, UTF-8 JSON), JSON Schemas in a Schema Registry. The Connect schema maps to a JSON Schema
 * (cached per schema object), registered or looked up once per subject; reading, the id names the schema,
 * fetched and converted once per environment. Registry calls happen on cache misses only and never block
 * (the API's `PendingIoError`). Also a header converter.
 */
import {
  type ConfigDef,
  type Converter,
  DataError,
  type HeaderConverter,
  type Headers,
  type Schema,
  type SchemaAndValue,
} from 'lambda-connect/api';
import type { RegistrySchema } from '../client/registry-client.js';
import { RegistrySerde } from '../shared/registry-serde.js';
import { resolveReferences } from '../shared/schema-references.js';
import { parseRegistrySettings, registryConfigDef } from '../shared/registry-config.js';
import { frame, unframe } from '../shared/wire-format.js';
import { defineJsonSchemaDataConfig, jsonSchemaDataOptions } from './json-schema-data-config.js';
import { JsonSchemaData, type ParsedJsonSchema } from './json-schema-data.js';

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Per warm environment: one JsonSchemaData and the parsed reader schemas per registry, side and settings. */
const environments = new Map<string, { data: JsonSchemaData; readers: Map<number, ParsedJsonSchema> }>();

export class JsonSchemaConverter implements Converter, HeaderConverter {
  static readonly className = 'io.confluent.connect.json.JsonSchemaConverter';

  private serde: RegistrySerde | undefined;
  private env: { data: JsonSchemaData; readers: Map<number, ParsedJsonSchema> } | undefined;

  configure(configs: Readonly<Record<string, string>>, isKey = false): void {
    const { settings } = parseRegistrySettings(configs, isKey, this.config());
    const options = jsonSchemaDataOptions(configs);
    this.serde = new RegistrySerde(settings);
    const key = JSON.stringify([settings.urls, settings.userInfo ?? null, isKey, options]);
    let env = environments.get(key);
    if (env === undefined) {
      env = { data: new JsonSchemaData(options), readers: new Map() };
      environments.set(key, env);
    }
    this.env = env;
  }

  config(): ConfigDef {
    return defineJsonSchemaDataConfig(registryConfigDef());
  }

  fromConnectData(topic: string, _headers: Headers, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    const { serde, env } = this.configured();
    if (schema === null)
      throw new DataError(`Failed to serialize JSON data from topic ${topic}: JsonSchemaConverter needs a schema`);
    const parsed = env.data.fromConnectSchema(schema);
    const title = typeof parsed.document.title === 'string' ? parsed.document.title : null;
    const writer = serde.writerSchema(
      topic,
      { schema: parsed.text, schemaType: 'JSON', references: [] },
      title,
      () => true,
    );
    const target = writer.latest ? this.reader(writer.id, topic, writer.schema) : parsed;
    try {
      return frame(writer.id, encoder.encode(env.data.fromConnectData(schema, value, target)));
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`Failed to serialize JSON data from topic ${topic}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  toConnectData(topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    const { env } = this.configured();
    try {
      const { schemaId, payload } = unframe(value);
      const parsed = this.reader(schemaId, topic);
      return env.data.toConnectData(parsed, decoder.decode(payload), this.version(topic, schemaId, parsed));
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`Failed to deserialize data for topic ${topic} to JSON: ${error.message}`, {
          cause: error,
        });
      if (error instanceof TypeError && /encoded data was not valid/.test(error.message)) {
        throw new DataError(`Failed to deserialize data for topic ${topic} to JSON: not UTF-8`, { cause: error });
      }
      throw error;
    }
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, [], schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, [], value);
  }

  /** The subject version of schema `id` as read on `topic` (Confluent's deserializer sets it on the Connect schema). */
  private version(topic: string, id: number, parsed: ParsedJsonSchema): number {
    const { serde } = this.configured();
    const title = typeof parsed.document.title === 'string' ? parsed.document.title : null;
    return serde.version(topic, id, { schema: parsed.text, schemaType: 'JSON', references: parsed.references }, title);
  }

  /**
   * The parsed schema of `id` (fetched from the registry once per environment unless `known`), with the
   * schemas it references (schema references, fetched once each).
   */
  private reader(id: number, topic: string, known?: RegistrySchema): ParsedJsonSchema {
    const { serde, env } = this.configured();
    let parsed = env.readers.get(id);
    if (parsed === undefined) {
      const registered = known ?? serde.readerSchema(id, topic);
      const dependencies = resolveReferences(serde.registry, registered.references, 'JSON');
      parsed = env.data.parse(
        registered.schema,
        registered.references,
        dependencies.map((d) => ({ name: d.name, text: d.schema.schema })),
      );
      if (env.readers.size >= Math.max(serde.settings.schemasCacheSize, 1))
        env.readers.delete(env.readers.keys().next().value as number);
      env.readers.set(id, parsed);
    }
    return parsed;
  }

  private configured(): {
    serde: RegistrySerde;
    env: { data: JsonSchemaData; readers: Map<number, ParsedJsonSchema> };
  } {
    if (this.serde === undefined || this.env === undefined)
      throw new DataError('JsonSchemaConverter is not configured');
    return { serde: this.serde, env: this.env };
  }
}
