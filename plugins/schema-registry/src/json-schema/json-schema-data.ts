/**
 * `io.confluent.connect.json.JsonSchemaData` in TypeScript: Connect schemas and values ↔ JSON Schema
 * documents and JSON text, with optional payload validation by ajv (`json.fail.invalid.schema`). Schemas are
 * converted once per schema object or schema text, validators compiled once per schema text.
 */
import { DataError, type Schema, type SchemaAndValue } from 'lambda-connect/api';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaReference } from '../client/registry-client.js';
import { referencesKey } from '../shared/schema-references.js';
import { type JsonObject, jsonSchemaFromConnect } from './connect-to-json-schema.js';
import { JSON_SCHEMA_DATA_DEFAULTS, type JsonSchemaDataOptions } from './json-schema-data-config.js';
import { connectSchemaFromJson } from './json-schema-to-connect.js';
import { parseJson, writeJson } from './json-text.js';
import { toConnectValue, toJsonValue } from './json-values.js';

/** A parsed JSON Schema document, its text, and (when validating) its compiled validator. */
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export interface ParsedJsonSchema {
  readonly text: string;
  readonly document: JsonObject;
  readonly validate: ValidateFunction | undefined;
  /** The registry's references of the schema (none for the schemas we derive from Connect schemas). */
  readonly references: readonly SchemaReference[];
  /** The referenced documents by reference name, transitively. */
  readonly documents: ReadonlyMap<string, JsonObject>;
}

/** A referenced schema: the name `$ref`s use for it and its text. */
export interface JsonSchemaDependency {
  readonly name: string;
  readonly text: string;
}

export class JsonSchemaData {
  private readonly fromConnectCache = new WeakMap<Schema, ParsedJsonSchema>();
  private readonly toConnectCache = new Map<string, Schema>();

  constructor(readonly options: JsonSchemaDataOptions = JSON_SCHEMA_DATA_DEFAULTS) {}

  /** The JSON Schema of a Connect schema (cached per schema object). */
  fromConnectSchema(schema: Schema): ParsedJsonSchema {
    let parsed = this.fromConnectCache.get(schema);
    if (parsed === undefined) {
      const document = jsonSchemaFromConnect(schema, this.options, (s) =>
        toJsonValue({ ...s, defaultValue: undefined }, s.defaultValue, this.options),
      );
      // Apicurio takes `{"type": "string"}` for Avro unless the dialect is named; objects are unambiguous.
      const named = document.type === 'object' ? document : { $schema: DRAFT_07, ...document };
      parsed = this.parse(writeJson(named));
      this.fromConnectCache.set(schema, parsed);
    }
    return parsed;
  }

  /**
   * Parses schema text (a validator is compiled when validation is on). With schema references:
   * `references` as the registry lists them and `dependencies` their texts (resolved transitively).
   */
  parse(
    text: string,
    references: readonly SchemaReference[] = [],
    dependencies: readonly JsonSchemaDependency[] = [],
  ): ParsedJsonSchema {
    const document = parseObject(text);
    const documents = new Map(dependencies.map((d) => [d.name, parseObject(d.text)] as const));
    return {
      text,
      document,
      validate: this.options.failInvalidSchema ? compile(document, documents) : undefined,
      references,
      documents,
    };
  }

  /** The Connect schema of a JSON Schema (cached per text and version). */
  toConnectSchema(parsed: ParsedJsonSchema, version?: number): Schema {
    const key = `${version ?? ''}\0${referencesKey(parsed.references)}\0${parsed.text}`;
    let schema = this.toConnectCache.get(key);
    if (schema === undefined) {
      schema = connectSchemaFromJson(parsed.document, this.options, version, parsed.documents);
      if (this.toConnectCache.size >= 1000)
        this.toConnectCache.delete(this.toConnectCache.keys().next().value as string);
      this.toConnectCache.set(key, schema);
    }
    return schema;
  }

  /** A Connect value as JSON text, validated against `parsed` when validation is on. */
  fromConnectData(schema: Schema, value: unknown, parsed: ParsedJsonSchema): string {
    const tree = toJsonValue(schema, value, this.options);
    check(parsed, tree);
    return writeJson(tree);
  }

  /** JSON text as a Connect schema and value. */
  toConnectData(parsed: ParsedJsonSchema, text: string, version?: number): SchemaAndValue {
    const tree = parseJson(text);
    check(parsed, tree);
    const schema = this.toConnectSchema(parsed, version);
    return { schema, value: toConnectValue(schema, tree) };
  }
}

function parseObject(text: string): JsonObject {
  const document = parseJson(text);
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new DataError('Invalid JSON Schema: expected an object');
  return document as JsonObject;
}

function compile(document: JsonObject, documents: ReadonlyMap<string, JsonObject>): ValidateFunction {
  const dialect = String(document.$schema ?? '');
  const options = { strict: false, allErrors: false, validateFormats: false };
  const ajv = dialect.includes('2020-12')
    ? new Ajv2020(options)
    : dialect.includes('2019-09')
      ? new Ajv2019(options)
      : new Ajv(options);
  try {
    // Referenced schemas under their reference names, and under their `$id`s (ajv takes one key each).
    for (const [name, referenced] of documents) {
      const { $id: id, ...withoutId } = referenced;
      ajv.addSchema(withoutId, name);
      if (typeof id === 'string' && id !== name && !documents.has(id)) ajv.addSchema({ ...withoutId }, id);
    }
    return ajv.compile(document);
  } catch (cause) {
    throw new DataError(`Invalid JSON Schema: ${(cause as Error).message}`, { cause });
  }
}

function check(parsed: ParsedJsonSchema, tree: unknown): void {
  const validate = parsed.validate;
  if (validate === undefined) return;
  // ajv knows JSON numbers only; a bigint is an integer beyond 2^53.
  if (!validate(withoutBigints(tree))) {
    const problems = (validate.errors ?? []).map((e) =>
      `${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? ''}`.trim(),
    );
    throw new DataError(`Validation error: ${problems.join('; ')}`);
  }
}

function withoutBigints(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(withoutBigints);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBigints(v)]));
  return value;
}
