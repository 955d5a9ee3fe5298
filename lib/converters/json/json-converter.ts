/**
 * `org.apache.kafka.connect.json.JsonConverter`: Connect data as JSON, by default wrapped in Connect's
 * `{"schema":…,"payload":…}` envelope. Usable as a key/value converter and as a header converter.
 *
 * Value representation (both directions): int8/16/32 and float/double are numbers; int64 is a number when
 * it is a safe integer, else a bigint; bytes are Uint8Array; arrays are arrays; string-keyed maps are plain
 * objects, other maps are `Map`s; structs are `Struct`; Decimal is `BigDecimal`; Date/Time/Timestamp are JS
 * `Date`s. Without a schema, JSON integers read as int64 and other numbers as double.
 */
import type { ConfigDef, Converter, HeaderConverter, Headers, Schema, SchemaAndValue } from '../../api/index.js';
import { DataError } from '../../api/index.js';
import { withConverterType } from '../converter-config.js';
import {
  jsonConverterConfigDef,
  parseJsonConverterSettings,
  type JsonConverterSettings,
} from './json-converter-config.js';
import { decodeUtf8, parseJsonText, type JsonNode } from './json-node.js';
import { JsonReader } from './json-reader.js';
import { JsonWriter } from './json-writer.js';

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields.' +
  ' If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });

export class JsonConverter implements Converter, HeaderConverter {
  static readonly className = 'org.apache.kafka.connect.json.JsonConverter';

  private settings: JsonConverterSettings = parseJsonConverterSettings(withConverterType({}, false));
  private writer = new JsonWriter(this.settings);
  private reader = new JsonReader(this.settings.replaceNullWithDefault);
  private schemaCache = new Map<string, Schema | null>();

  /** As a key/value converter pass `isKey`; as a header converter call it with the configs only. */
  configure(configs: Readonly<Record<string, string>>, isKey?: boolean): void {
    this.settings = parseJsonConverterSettings(withConverterType(configs, isKey));
    this.writer = new JsonWriter(this.settings);
    this.reader = new JsonReader(this.settings.replaceNullWithDefault);
    this.schemaCache = new Map();
  }

  config(): ConfigDef {
    return jsonConverterConfigDef();
  }

  fromConnectData(_topic: string, _headers: Headers, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema === null && (value === null || value === undefined)) return null;
    const text = this.settings.schemasEnabled ? this.writer.envelope(schema, value) : this.writer.value(schema, value);
    return Buffer.from(text, 'utf8');
  }

  toConnectData(_topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    let node: JsonNode | undefined;
    let text: string;
    try {
      text = decodeUtf8(value);
      node = parseJsonText(text);
    } catch (error) {
      throw new DataError('Converting byte[] to Kafka Connect data failed due to serialization error: ', {
        cause: error,
      });
    }
    if (!this.settings.schemasEnabled) return { schema: null, value: this.reader.value(null, node) };
    if (
      node?.kind !== 'object' ||
      node.fields.size !== 2 ||
      !node.fields.has('schema') ||
      !node.fields.has('payload')
    ) {
      throw new DataError(ENVELOPE_ERROR);
    }
    const schema = this.cachedSchema(node.fields.get('schema') as JsonNode, text);
    return { schema, value: this.reader.value(schema, node.fields.get('payload')) };
  }

  /** Schemas repeat across records: reuse the Schema read for identical schema JSON (`schemas.cache.size` entries). */
  private cachedSchema(node: JsonNode, text: string): Schema | null {
    if (node.kind !== 'object' || this.settings.schemaCacheSize <= 0) return this.reader.schema(node);
    const key = text.slice(node.start, node.end);
    const cached = this.schemaCache.get(key);
    if (cached !== undefined) return cached;
    const schema = this.reader.schema(node);
    if (this.schemaCache.size >= this.settings.schemaCacheSize)
      this.schemaCache.delete(this.schemaCache.keys().next().value as string);
    this.schemaCache.set(key, schema);
    return schema;
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, [], schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, [], value);
  }
}
