/**
 * Avro schemas as JSON (the subset a data generator needs): primitives, logical types, records, enums,
 * arrays, maps, fixed and unions, with named types referenced by name. Each node carries its generation
 * hints. Parsing is strict: an unknown type, a duplicate name, a recursive record (it could never end) or a
 * bad hint is a `ConfigError` that says where in the schema it is.
 */
import { ConfigError } from 'lambda-connect/api';
import { ARG_PROPERTIES, hintError, parseHints, type Hints } from './hints.js';

export const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type PrimitiveKind = (typeof PRIMITIVES)[number];

/** The logical types mapped to Connect's: timestamp-millis, date, time-millis, decimal. */
export type LogicalType =
  | { readonly name: 'timestamp-millis' | 'date' | 'time-millis' }
  | { readonly name: 'decimal'; readonly precision: number; readonly scale: number };

export interface AvroField {
  readonly name: string;
  readonly type: AvroNode;
  readonly doc?: string;
}

export type AvroNode =
  | { readonly kind: PrimitiveKind; readonly hints: Hints; readonly logicalType?: LogicalType }
  | {
      readonly kind: 'record';
      readonly fullName: string;
      readonly doc?: string;
      readonly fields: readonly AvroField[];
      readonly hints: Hints;
    }
  | { readonly kind: 'enum'; readonly fullName: string; readonly symbols: readonly string[]; readonly hints: Hints }
  | { readonly kind: 'fixed'; readonly fullName: string; readonly size: number; readonly hints: Hints }
  | { readonly kind: 'array'; readonly items: AvroNode; readonly hints: Hints }
  | { readonly kind: 'map'; readonly values: AvroNode; readonly hints: Hints }
  | { readonly kind: 'union'; readonly branches: readonly AvroNode[]; readonly hints: Hints };

export type RecordNode = Extract<AvroNode, { kind: 'record' }>;
export type PrimitiveNode = Extract<AvroNode, { kind: PrimitiveKind }>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses schema text; the top level must be a record (Datagen's records are Connect Structs). */
export function parseAvroSchema(text: string): RecordNode {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Unable to parse the provided schema: ${(error as Error).message}`);
  }
  return parseAvroJson(json);
}

/** Parses a schema already read from JSON; the top level must be a record. */
export function parseAvroJson(json: unknown): RecordNode {
  const node = new AvroParser().parse(json, '', '');
  if (node.kind !== 'record')
    throw new ConfigError(`Unable to use the provided schema: the top level must be a record, not ${node.kind}`);
  return node;
}

class AvroParser {
  /** Named types by full name; `undefined` while the type is being defined (a reference then is a cycle). */
  private readonly named = new Map<string, AvroNode | undefined>();

  parse(json: unknown, namespace: string, where: string): AvroNode {
    if (typeof json === 'string') return this.reference(json, namespace, where);
    if (Array.isArray(json)) return { kind: 'union', branches: this.branches(json, namespace, where), hints: {} };
    if (json === null || typeof json !== 'object')
      throw hintError(where, `a type must be a name, an object or a union array, not ${JSON.stringify(json)}`);
    const spec = json as Record<string, unknown>;
    const hints = parseHints(spec[ARG_PROPERTIES], where);
    const type = spec['type'];
    if (Array.isArray(type) || (typeof type === 'object' && type !== null)) {
      // `{"type": {...}}` or `{"type": [...]}` wraps another type; hints at either level apply.
      return withHints(this.parse(type, namespace, where), hints);
    }
    if (typeof type !== 'string') throw hintError(where, "a type object needs a 'type'");
    switch (type) {
      case 'record':
      case 'error':
        return this.record(spec, namespace, where, hints);
      case 'enum':
        return this.enumeration(spec, namespace, where, hints);
      case 'fixed':
        return this.fixed(spec, namespace, where, hints);
      case 'array':
        return { kind: 'array', items: this.parse(spec['items'], namespace, `${where}[]`), hints };
      case 'map':
        return { kind: 'map', values: this.parse(spec['values'], namespace, `${where}{}`), hints };
      default:
        if ((PRIMITIVES as readonly string[]).includes(type))
          return primitive(type as PrimitiveKind, spec, hints, where);
        return withHints(this.reference(type, namespace, where), hints);
    }
  }

  private reference(name: string, namespace: string, where: string): AvroNode {
    if ((PRIMITIVES as readonly string[]).includes(name)) return { kind: name as PrimitiveKind, hints: {} };
    const full = name.includes('.') || namespace === '' ? name : `${namespace}.${name}`;
    const key = this.named.has(full) ? full : name;
    if (!this.named.has(key)) throw hintError(where, `unknown type '${name}'`);
    const node = this.named.get(key);
    if (node === undefined)
      throw hintError(where, `the type '${name}' contains itself; recursive schemas cannot be generated`);
    return node;
  }

  private branches(json: unknown[], namespace: string, where: string): AvroNode[] {
    if (json.length === 0) throw hintError(where, 'a union needs at least one branch');
    const branches = json.map((b, i) => this.parse(b, namespace, `${where}<${i}>`));
    if (branches.some((b) => b.kind === 'union')) throw hintError(where, 'a union cannot directly contain a union');
    return branches;
  }

  private define(
    spec: Record<string, unknown>,
    namespace: string,
    where: string,
  ): { fullName: string; namespace: string } {
    const name = spec['name'];
    if (typeof name !== 'string' || name === '') throw hintError(where, "a named type needs a 'name'");
    const ownNamespace = typeof spec['namespace'] === 'string' ? spec['namespace'] : namespace;
    const fullName = name.includes('.') ? name : ownNamespace === '' ? name : `${ownNamespace}.${name}`;
    const simple = fullName.slice(fullName.lastIndexOf('.') + 1);
    if (!NAME.test(simple)) throw hintError(where, `'${name}' is not a valid Avro name`);
    if (this.named.has(fullName)) throw hintError(where, `the type '${fullName}' is defined twice`);
    this.named.set(fullName, undefined);
    return { fullName, namespace: fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : '' };
  }

  private record(spec: Record<string, unknown>, namespace: string, where: string, hints: Hints): AvroNode {
    const { fullName, namespace: inner } = this.define(spec, namespace, where);
    const path = where === '' ? fullName : where;
    const rawFields = spec['fields'];
    if (!Array.isArray(rawFields)) throw hintError(path, "a record needs a 'fields' array");
    const fields: AvroField[] = [];
    for (const raw of rawFields) {
      const field = raw as Record<string, unknown> | null;
      const name = field?.['name'];
      if (typeof name !== 'string' || !NAME.test(name))
        throw hintError(path, `a field needs a valid 'name', not ${JSON.stringify(name)}`);
      if (fields.some((f) => f.name === name)) throw hintError(path, `the field '${name}' is defined twice`);
      const type = this.parse(field?.['type'], inner, `${path}.${name}`);
      // Hints may also sit on the field itself, beside its type.
      const fieldHints = parseHints(field?.[ARG_PROPERTIES], `${path}.${name}`);
      const doc = field?.['doc'];
      fields.push({ name, type: withHints(type, fieldHints), ...(typeof doc === 'string' ? { doc } : {}) });
    }
    const doc = spec['doc'];
    const node: AvroNode = { kind: 'record', fullName, fields, hints, ...(typeof doc === 'string' ? { doc } : {}) };
    this.named.set(fullName, node);
    return node;
  }

  private enumeration(spec: Record<string, unknown>, namespace: string, where: string, hints: Hints): AvroNode {
    const { fullName } = this.define(spec, namespace, where);
    const symbols = spec['symbols'];
    if (
      !Array.isArray(symbols) ||
      symbols.length === 0 ||
      !symbols.every((s) => typeof s === 'string' && NAME.test(s))
    ) {
      throw hintError(where, "an enum needs a non-empty 'symbols' array of names");
    }
    const node: AvroNode = { kind: 'enum', fullName, symbols: symbols as string[], hints };
    this.named.set(fullName, node);
    return node;
  }

  private fixed(spec: Record<string, unknown>, namespace: string, where: string, hints: Hints): AvroNode {
    const { fullName } = this.define(spec, namespace, where);
    const size = spec['size'];
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > 1 << 20)
      throw hintError(where, "a fixed type needs an integer 'size'");
    const node: AvroNode = { kind: 'fixed', fullName, size, hints };
    this.named.set(fullName, node);
    return node;
  }
}

function primitive(kind: PrimitiveKind, spec: Record<string, unknown>, hints: Hints, where: string): AvroNode {
  const logical = logicalType(kind, spec, where);
  return { kind, hints, ...(logical === undefined ? {} : { logicalType: logical }) };
}

/** Logical types Connect has; others (uuid, micros…) fall back to the underlying type, as Avro says readers should. */
function logicalType(kind: PrimitiveKind, spec: Record<string, unknown>, where: string): LogicalType | undefined {
  const name = spec['logicalType'];
  if (name === 'timestamp-millis' && kind === 'long') return { name };
  if ((name === 'date' || name === 'time-millis') && kind === 'int') return { name };
  if (name === 'decimal' && kind === 'bytes') {
    const precision = spec['precision'];
    const scale = spec['scale'] ?? 0;
    if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1 || precision > 1000)
      throw hintError(where, "a decimal needs an integer 'precision' from 1 to 1000");
    if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision)
      throw hintError(where, "a decimal's 'scale' must be an integer from 0 to its precision");
    return { name, precision, scale };
  }
  return undefined;
}

/** Hints given on a wrapper or a field add to (and override) the wrapped type's own. */
function withHints(node: AvroNode, hints: Hints): AvroNode {
  return Object.keys(hints).length === 0 ? node : { ...node, hints: { ...node.hints, ...hints } };
}
