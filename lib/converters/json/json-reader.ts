/**
 * JSON tree → Connect schema and data, as Connect's JsonConverter reads it, including its lenient corners
 * (a number where a string is expected reads as null, a string where a number is expected reads as 0,
 * int8/int16/int32 wrap around like Java casts).
 */
import { DataError, SchemaBuilder, SchemaType, Struct, type Schema } from '../../api/index.js';
import { setOwn } from '../../common/java-class.js';
import { BigDecimal, Decimal, LogicalDate, LogicalTime, LogicalTimestamp } from '../../api/logical-types.js';
import { javaTypeName } from '../../common/schema-type-names.js';
import { nodeTypeName, type JsonNode } from './json-node.js';

const PRIMITIVE_TYPES: ReadonlySet<string> = new Set([
  SchemaType.BOOLEAN,
  SchemaType.INT8,
  SchemaType.INT16,
  SchemaType.INT32,
  SchemaType.INT64,
  SchemaType.FLOAT32,
  SchemaType.FLOAT64,
  SchemaType.BYTES,
  SchemaType.STRING,
]);

type LogicalReader = (schema: Schema, node: JsonNode) => unknown;

const LOGICAL_READERS: ReadonlyMap<string, LogicalReader> = new Map<string, LogicalReader>([
  [Decimal.LOGICAL_NAME, readDecimal],
  [
    LogicalDate.LOGICAL_NAME,
    (schema, node) => LogicalDate.toLogical(schema, requireInt(node, 'Date', 'integer', isInt)),
  ],
  [
    LogicalTime.LOGICAL_NAME,
    (schema, node) => LogicalTime.toLogical(schema, requireInt(node, 'Time', 'integer', isInt)),
  ],
  [
    LogicalTimestamp.LOGICAL_NAME,
    (schema, node) => {
      const isIntegral = (n: JsonNode): boolean => n.kind === 'number' && n.integral;
      return LogicalTimestamp.toLogical(schema, requireInt(node, 'Timestamp', 'integral', isIntegral));
    },
  ],
]);

export class JsonReader {
  constructor(private readonly replaceNullWithDefault: boolean) {}

  /** Connect's `asConnectSchema`: a JSON schema object (or JSON null) → Schema (or null). */
  schema(node: JsonNode): Schema | null {
    if (node.kind === 'null') return null;
    const fields = node.kind === 'object' ? node.fields : new Map<string, JsonNode>();
    const typeNode = fields.get('type');
    if (typeNode?.kind !== 'string') throw new DataError("Schema must contain 'type' field");
    const builder = this.builderFor(typeNode.value, fields);
    const optional = fields.get('optional');
    if (optional?.kind === 'boolean' && optional.value) builder.optional();
    const name = fields.get('name');
    if (name?.kind === 'string') builder.name(name.value);
    const version = fields.get('version');
    if (version?.kind === 'number' && version.integral) builder.version(Number(integral(version, 32)));
    const doc = fields.get('doc');
    if (doc?.kind === 'string') builder.doc(doc.value);
    const parameters = fields.get('parameters');
    if (parameters?.kind === 'object') {
      for (const [key, value] of parameters.fields) {
        if (value.kind !== 'string') throw new DataError('Schema parameters must have string values.');
        builder.parameter(key, value.value);
      }
    }
    const defaultNode = fields.get('default');
    if (defaultNode !== undefined) builder.defaultValue(this.value(builder.build(), defaultNode));
    return builder.build();
  }

  private builderFor(type: string, fields: ReadonlyMap<string, JsonNode>): SchemaBuilder {
    if (PRIMITIVE_TYPES.has(type)) return new SchemaBuilder(type as SchemaType);
    switch (type) {
      case SchemaType.ARRAY: {
        const items = fields.get('items');
        if (items === undefined || items.kind === 'null')
          throw new DataError('Array schema did not specify the element type');
        return SchemaBuilder.array(this.required(items));
      }
      case SchemaType.MAP: {
        const keys = fields.get('keys');
        if (keys === undefined || keys.kind === 'null') throw new DataError('Map schema did not specify the key type');
        const values = fields.get('values');
        if (values === undefined || values.kind === 'null')
          throw new DataError('Map schema did not specify the value type');
        return SchemaBuilder.map(this.required(keys), this.required(values));
      }
      case SchemaType.STRUCT: {
        const fieldList = fields.get('fields');
        if (fieldList?.kind !== 'array') throw new DataError('Struct schema\'s "fields" argument is not an array.');
        const builder = SchemaBuilder.struct();
        for (const field of fieldList.items) {
          const fieldName = field.kind === 'object' ? field.fields.get('field') : undefined;
          if (fieldName?.kind !== 'string') throw new DataError("Struct schema's field name not specified properly");
          builder.field(fieldName.value, this.required(field));
        }
        return builder;
      }
      default:
        throw new DataError(`Unknown schema type: ${type}`);
    }
  }

  private required(node: JsonNode): Schema {
    const schema = this.schema(node);
    if (schema === null) throw new DataError("Schema must contain 'type' field");
    return schema;
  }

  /** Connect's `convertToConnect`: a payload node (undefined = missing) read with a schema, or inferred without. */
  value(schema: Schema | null, node: JsonNode | undefined): unknown {
    let type: SchemaType;
    if (schema !== null) {
      if (node === undefined || node.kind === 'null') {
        if (schema.defaultValue !== undefined && schema.defaultValue !== null && this.replaceNullWithDefault)
          return schema.defaultValue;
        if (schema.optional) return null;
        throw new DataError(`Invalid null value for required ${javaTypeName(schema.type)} field`);
      }
      const logical = schema.name === undefined ? undefined : LOGICAL_READERS.get(schema.name);
      if (logical !== undefined) return logical(schema, node);
      type = schema.type;
    } else {
      if (node === undefined || node.kind === 'null') return null;
      type = inferType(node);
    }
    return this.typed(schema, type, node);
  }

  private typed(schema: Schema | null, type: SchemaType, node: JsonNode): unknown {
    switch (type) {
      case SchemaType.BOOLEAN:
        return node.kind === 'boolean' ? node.value : false;
      case SchemaType.INT8:
        return Number(integral(node, 8));
      case SchemaType.INT16:
        return Number(integral(node, 16));
      case SchemaType.INT32:
        return Number(integral(node, 32));
      case SchemaType.INT64:
        return integral(node, 64);
      case SchemaType.FLOAT32:
        return node.kind === 'number' ? Math.fround(Number(node.text)) : 0;
      case SchemaType.FLOAT64:
        return node.kind === 'number' ? Number(node.text) : 0;
      case SchemaType.STRING:
        return node.kind === 'string' ? node.value : null;
      case SchemaType.BYTES:
        return node.kind === 'string' ? decodeBase64(node.value, 'Invalid bytes field') : null;
      case SchemaType.ARRAY: {
        const items = node.kind === 'array' ? node.items : node.kind === 'object' ? [...node.fields.values()] : [];
        const elementSchema = schema?.valueSchema ?? null;
        return items.map((item) => this.value(elementSchema, item));
      }
      case SchemaType.MAP:
        return this.map(schema, node);
      case SchemaType.STRUCT:
        return this.struct(schema, node);
    }
  }

  private map(schema: Schema | null, node: JsonNode): unknown {
    const valueSchema = schema?.valueSchema ?? null;
    if (schema === null || schema.keySchema?.type === SchemaType.STRING) {
      if (node.kind !== 'object')
        throw new DataError(
          `Maps with string fields should be encoded as JSON objects, but found ${nodeTypeName(node)}`,
        );
      const result: Record<string, unknown> = {};
      for (const [key, value] of node.fields) setOwn(result, key, this.value(valueSchema, value));
      return result;
    }
    if (node.kind !== 'array')
      throw new DataError(
        `Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeTypeName(node)}`,
      );
    const result = new Map<unknown, unknown>();
    for (const entry of node.items) {
      if (entry.kind !== 'array')
        throw new DataError(`Found invalid map entry instead of array tuple: ${nodeTypeName(entry)}`);
      if (entry.items.length !== 2)
        throw new DataError(`Found invalid map entry, expected length 2 but found :${entry.items.length}`);
      result.set(this.value(schema.keySchema ?? null, entry.items[0]), this.value(valueSchema, entry.items[1]));
    }
    return result;
  }

  private struct(schema: Schema | null, node: JsonNode): Struct {
    if (node.kind !== 'object')
      throw new DataError(`Structs should be encoded as JSON objects, but found ${nodeTypeName(node)}`);
    if (schema === null) throw new DataError('Cannot read a struct without a schema');
    const struct = new Struct(schema);
    for (const field of schema.fields ?? [])
      struct.put(field.name, this.value(field.schema, node.fields.get(field.name)));
    return struct;
  }
}

function inferType(node: JsonNode): SchemaType {
  switch (node.kind) {
    case 'boolean':
      return SchemaType.BOOLEAN;
    case 'number':
      return node.integral ? SchemaType.INT64 : SchemaType.FLOAT64;
    case 'array':
      return SchemaType.ARRAY;
    case 'object':
      return SchemaType.MAP;
    default:
      return SchemaType.STRING;
  }
}

/**
 * A number node as Java's `intValue()`/`longValue()` would give it: fractions truncated, then the low
 * `bits` bits as a signed value. Non-numbers read as 0. 64-bit results are numbers when safe, else bigint.
 */
export function integral(node: JsonNode, bits: 8 | 16 | 32 | 64): number | bigint {
  if (node.kind !== 'number') return 0;
  if (node.integral && node.text.length <= 15) {
    const n = Number(node.text);
    if (bits === 64) return n;
    return bits === 32 ? n | 0 : bits === 16 ? (n << 16) >> 16 : (n << 24) >> 24;
  }
  const wrapped = BigInt.asIntN(bits, truncate(BigDecimal.parse(node.text)));
  return bits === 64 && !(wrapped >= BigInt(Number.MIN_SAFE_INTEGER) && wrapped <= BigInt(Number.MAX_SAFE_INTEGER))
    ? wrapped
    : Number(wrapped);
}

function truncate(decimal: BigDecimal): bigint {
  const { unscaled, scale } = decimal;
  if (scale <= 0) return -scale >= 64 ? 0n : unscaled * 10n ** BigInt(-scale);
  if (scale > unscaled.toString().length) return 0n;
  return unscaled / 10n ** BigInt(scale);
}

/** Jackson's `isInt()`: an integral number that fits in 32 bits. */
function isInt(node: JsonNode): boolean {
  if (node.kind !== 'number' || !node.integral) return false;
  const n = Number(node.text);
  return n >= -2147483648 && n <= 2147483647;
}

function requireInt(node: JsonNode, label: string, representation: string, check: (node: JsonNode) => boolean): number {
  if (!check(node))
    throw new DataError(
      `Invalid type for ${label}, underlying representation should be ${representation} but was ${nodeTypeName(node)}`,
    );
  return Number(integral(node, 64));
}

function readDecimal(schema: Schema, node: JsonNode): BigDecimal {
  if (node.kind === 'number') return BigDecimal.parse(node.text);
  if (node.kind === 'string') {
    try {
      return Decimal.toLogical(schema, decodeBase64(node.value, 'Invalid bytes for Decimal field'));
    } catch (error) {
      throw new DataError('Invalid bytes for Decimal field', { cause: error });
    }
  }
  throw new DataError(
    `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeTypeName(node)}`,
  );
}

const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 with padding, as Jackson decodes binary text. */
export function decodeBase64(text: string, message: string): Uint8Array {
  if (!BASE64_PATTERN.test(text)) throw new DataError(message);
  return new Uint8Array(Buffer.from(text, 'base64'));
}
