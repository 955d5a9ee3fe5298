/**
 * An Avro schema (its JSON, as the registry returns it) parsed into nodes with named references resolved
 * (namespaces as the Avro specification defines them) and every non-structural attribute kept as a prop:
 * Confluent's mapping reads `connect.*` props, `logicalType` and field-level `connect.parameters`.
 */
import { DataError } from 'lambda-connect/api';

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
export type Props = Readonly<Record<string, unknown>>;

export interface AvroField {
  readonly name: string;
  readonly type: AvroNode;
  readonly doc: string | undefined;
  /** The field's default as JSON, `undefined` when it has none (JSON `null` is a default of null). */
  readonly default: unknown;
  readonly props: Props;
}

export type AvroNode =
  | { readonly kind: 'primitive'; readonly type: AvroPrimitive; readonly props: Props }
  | {
      readonly kind: 'record';
      readonly fullName: string;
      readonly name: string;
      readonly doc: string | undefined;
      readonly fields: AvroField[];
      readonly props: Props;
    }
  | {
      readonly kind: 'enum';
      readonly fullName: string;
      readonly name: string;
      readonly doc: string | undefined;
      readonly symbols: readonly string[];
      readonly default: string | undefined;
      readonly props: Props;
    }
  | {
      readonly kind: 'fixed';
      readonly fullName: string;
      readonly name: string;
      readonly size: number;
      readonly props: Props;
    }
  | { readonly kind: 'array'; readonly items: AvroNode; readonly props: Props }
  | { readonly kind: 'map'; readonly values: AvroNode; readonly props: Props }
  | { readonly kind: 'union'; readonly types: readonly AvroNode[] };

const PRIMITIVES = new Set<string>(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const STRUCTURAL = new Set([
  'type',
  'name',
  'namespace',
  'doc',
  'fields',
  'symbols',
  'default',
  'size',
  'items',
  'values',
  'aliases',
]);
const FIELD_STRUCTURAL = new Set(['name', 'type', 'doc', 'default', 'order', 'aliases']);

/**
 * Parses schema text from the registry; `DataError` for invalid JSON or an invalid schema. `named` holds
 * the named types already defined (a schema's references, parsed first), and collects this schema's.
 */
export function parseAvroSchemaText(text: string, named: Map<string, AvroNode> = new Map()): AvroNode {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError(`Invalid Avro schema (not JSON): ${(error as Error).message}`);
  }
  return parseAvroSchema(json, '', named);
}

/** Parses an Avro schema's JSON; `named` collects named types by full name. */
export function parseAvroSchema(json: unknown, namespace: string, named: Map<string, AvroNode>): AvroNode {
  if (typeof json === 'string')
    return PRIMITIVES.has(json)
      ? { kind: 'primitive', type: json as AvroPrimitive, props: {} }
      : reference(json, namespace, named);
  if (Array.isArray(json))
    return { kind: 'union', types: json.map((member) => parseAvroSchema(member, namespace, named)) };
  if (json === null || typeof json !== 'object') throw new DataError(`Invalid Avro schema: ${JSON.stringify(json)}`);
  const object = json as Record<string, unknown>;
  const type = object['type'];
  const props = propsOf(object, STRUCTURAL);
  if (typeof type !== 'string') return parseAvroSchema(type, namespace, named);
  switch (type) {
    case 'record':
    case 'error':
      return record(object, namespace, named, props);
    case 'enum': {
      const { fullName, name } = define(object, namespace);
      const node: AvroNode = {
        kind: 'enum',
        fullName,
        name,
        doc: text(object['doc']),
        symbols: (object['symbols'] as string[] | undefined) ?? [],
        default: text(object['default']),
        props,
      };
      named.set(fullName, node);
      return node;
    }
    case 'fixed': {
      const { fullName, name } = define(object, namespace);
      const node: AvroNode = { kind: 'fixed', fullName, name, size: Number(object['size']), props };
      named.set(fullName, node);
      return node;
    }
    case 'array':
      return { kind: 'array', items: parseAvroSchema(object['items'], namespace, named), props };
    case 'map':
      return { kind: 'map', values: parseAvroSchema(object['values'], namespace, named), props };
    default:
      if (PRIMITIVES.has(type)) return { kind: 'primitive', type: type as AvroPrimitive, props };
      return reference(type, namespace, named);
  }
}

function record(
  object: Record<string, unknown>,
  namespace: string,
  named: Map<string, AvroNode>,
  props: Props,
): AvroNode {
  const { fullName, name, space } = define(object, namespace);
  const fields: AvroField[] = [];
  const node: AvroNode = { kind: 'record', fullName, name, doc: text(object['doc']), fields, props };
  // Registered before its fields: a field may refer to the record itself (a recursive schema).
  named.set(fullName, node);
  for (const field of (object['fields'] as Record<string, unknown>[] | undefined) ?? []) {
    fields.push({
      name: String(field['name']),
      type: parseAvroSchema(field['type'], space, named),
      doc: text(field['doc']),
      default: field['default'],
      props: propsOf(field, FIELD_STRUCTURAL),
    });
  }
  return node;
}

/** The full name of a named type's definition and the namespace its contents inherit. */
function define(object: Record<string, unknown>, enclosing: string): { fullName: string; name: string; space: string } {
  const raw = String(object['name']);
  const declared = typeof object['namespace'] === 'string' ? object['namespace'] : enclosing;
  const fullName = raw.includes('.') ? raw : declared === '' ? raw : `${declared}.${raw}`;
  const dot = fullName.lastIndexOf('.');
  return { fullName, name: fullName.slice(dot + 1), space: dot < 0 ? '' : fullName.slice(0, dot) };
}

function reference(name: string, namespace: string, named: Map<string, AvroNode>): AvroNode {
  const node =
    (!name.includes('.') && namespace !== '' ? named.get(`${namespace}.${name}`) : undefined) ?? named.get(name);
  if (node === undefined) throw new DataError(`Invalid Avro schema: undefined name: ${name}`);
  return node;
}

function propsOf(object: Record<string, unknown>, structural: ReadonlySet<string>): Props {
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (!structural.has(key)) props[key] = value;
  return props;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The union member's name as avsc spells wrapped union branches (and as Confluent names union fields). */
export function branchName(node: AvroNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.type;
    case 'record':
    case 'enum':
    case 'fixed':
      return node.fullName;
    case 'array':
    case 'map':
      return node.kind;
    case 'union':
      throw new DataError('Invalid Avro schema: a union directly inside a union');
  }
}
