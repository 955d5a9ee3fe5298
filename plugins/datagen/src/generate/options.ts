/**
 * The `options` hint: each JSON choice is checked against its type and turned into the Connect value once,
 * when the schema is parsed (a string option for an int field is a config error then, not a task failure
 * at the millionth record).
 */
import { Struct, BigDecimal, type Schema } from 'lambda-connect/api';
import { hintError } from '../avro/hints.js';
import type { AvroNode } from '../avro/avro-schema.js';
import { nullableBranch } from '../avro/connect-schema.js';
import { logicalValue } from './logical-values.js';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** The Connect value of one option for `node` (whose Connect schema is `schema`). */
export function coerceOption(node: AvroNode, schema: Schema, raw: unknown, where: string): unknown {
  const fail = (): never => {
    throw hintError(where, `the option ${JSON.stringify(raw)} is not a valid ${node.kind}`);
  };
  if (raw === null) {
    if (schema.optional || node.kind === 'null') return null;
    return fail();
  }
  switch (node.kind) {
    case 'null':
      return fail();
    case 'boolean':
      return typeof raw === 'boolean' ? raw : fail();
    case 'int':
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= INT_MIN && raw <= INT_MAX
        ? logicalValue(node, raw)
        : fail();
    case 'long':
      return typeof raw === 'number' && Number.isSafeInteger(raw) ? logicalValue(node, raw) : fail();
    case 'float':
    case 'double':
      return typeof raw === 'number' ? raw : fail();
    case 'string':
      return typeof raw === 'string' ? raw : fail();
    case 'bytes':
      if (node.logicalType?.name === 'decimal' && (typeof raw === 'number' || typeof raw === 'string'))
        return decimalOption(raw, node.logicalType.scale, fail);
      return typeof raw === 'string' ? new TextEncoder().encode(raw) : fail();
    case 'enum':
      return typeof raw === 'string' && node.symbols.includes(raw) ? raw : fail();
    case 'fixed':
      return typeof raw === 'string' && Buffer.byteLength(raw) === node.size ? new TextEncoder().encode(raw) : fail();
    case 'array':
      return Array.isArray(raw)
        ? raw.map((item, i) => coerceOption(node.items, schema.valueSchema as Schema, item, `${where}[${i}]`))
        : fail();
    case 'map':
      if (typeof raw !== 'object' || Array.isArray(raw)) return fail();
      return new Map(
        Object.entries(raw as object).map(([k, v]) => [
          k,
          coerceOption(node.values, schema.valueSchema as Schema, v, `${where}.${k}`),
        ]),
      );
    case 'record':
      return recordOption(node, schema, raw, where, fail);
    case 'union': {
      const inner = nullableBranch(node);
      // A general union's option would have to say which branch it is; only nullable unions take options.
      return inner === undefined ? fail() : coerceOption(inner, schema, raw, where);
    }
  }
}

function recordOption(
  node: Extract<AvroNode, { kind: 'record' }>,
  schema: Schema,
  raw: unknown,
  where: string,
  fail: () => never,
): Struct {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail();
  const struct = new Struct(schema);
  const values = raw as Record<string, unknown>;
  for (const field of node.fields) {
    const fieldSchema = schema.fields?.find((f) => f.name === field.name)?.schema as Schema;
    const inner = nullableBranch(field.type) ?? field.type;
    struct.put(field.name, coerceOption(inner, fieldSchema, values[field.name] ?? null, `${where}.${field.name}`));
  }
  return struct;
}

function decimalOption(raw: number | string, scale: number, fail: () => never): BigDecimal {
  try {
    const parsed = typeof raw === 'number' ? BigDecimal.fromNumber(raw) : BigDecimal.parse(raw);
    if (parsed.scale > scale) return fail();
    return new BigDecimal(parsed.unscaled * 10n ** BigInt(scale - parsed.scale), scale);
  } catch {
    return fail();
  }
}
