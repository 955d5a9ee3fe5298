/**
 * What parquet-avro's `AvroSchemaConverter` and `AvroWriteSupport` make of an Avro schema and its values
 * (Confluent's ParquetFormat writes Connect data through `AvroData` and `AvroParquetWriter`), for
 * hyparquet-writer's flattened schema and row objects:
 *
 * - the top-level record is the message; a record field is REQUIRED, or OPTIONAL when its type is the
 *   union `[null, X]` (Connect's optional schemas); other unions are refused (Connect makes none);
 * - boolean, int, long, float, double as BOOLEAN, INT32, INT64, FLOAT, DOUBLE; string as BYTE_ARRAY
 *   (STRING); bytes as BYTE_ARRAY; enum as BYTE_ARRAY (ENUM); fixed as FIXED_LEN_BYTE_ARRAY;
 * - logical types: decimal (DECIMAL(precision, scale) on the bytes), date (DATE), time-millis
 *   (TIME(MILLIS)), timestamp-millis (TIMESTAMP(MILLIS)), both adjusted to UTC as parquet-avro writes them;
 * - records as groups, arrays as 3-level lists (`<name> (LIST) { repeated group list { element } }`,
 *   parquet-avro with `parquet.avro.write-old-list-structure=false`), maps as
 *   `<name> (MAP) { repeated group key_value { required binary key (STRING); value } }`.
 */
import { DataError } from 'lambda-connect/api';

/** hyparquet-writer's `SchemaElement` (parquet-format's), the fields this module sets. */
export interface ParquetElement {
  name: string;
  type?: 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY' | 'FIXED_LEN_BYTE_ARRAY';
  type_length?: number;
  repetition_type?: 'REQUIRED' | 'OPTIONAL' | 'REPEATED';
  num_children?: number;
  converted_type?: string;
  scale?: number;
  precision?: number;
  logical_type?: Record<string, unknown> & { type: string };
}

/** An Avro schema as JSON (after `JSON.parse` of the schema text). */
type AvroJson = string | AvroJson[] | { type: AvroJson; [key: string]: unknown };

/** A resolved Avro node: named references replaced by their definitions. */
type Node =
  | { kind: 'primitive'; type: string; logicalType?: string; precision?: number; scale?: number }
  | { kind: 'record'; name: string; fields: Array<{ name: string; node: Node }> }
  | { kind: 'enum'; name: string }
  | { kind: 'fixed'; name: string; size: number; logicalType?: string; precision?: number; scale?: number }
  | { kind: 'array'; items: Node }
  | { kind: 'map'; values: Node }
  | { kind: 'optional'; node: Node };

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/** Parses Avro schema JSON into nodes; named types resolve by full name; recursion is refused. */
function resolve(schema: AvroJson, named: Map<string, Node>, namespace: string, path: string[]): Node {
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema)) return { kind: 'primitive', type: schema };
    const full = schema.includes('.') || namespace === '' ? schema : `${namespace}.${schema}`;
    const found = named.get(full) ?? named.get(schema);
    if (found === undefined) throw new DataError(`Parquet: unknown or recursive Avro type ${schema}`);
    return found;
  }
  if (Array.isArray(schema)) {
    const members = schema.filter((m) => m !== 'null');
    if (schema.length === 2 && members.length === 1)
      return { kind: 'optional', node: resolve(members[0] as AvroJson, named, namespace, path) };
    throw new DataError(
      `Parquet: the union at ${path.join('.') || 'the top'} is not [null, X]; ParquetFormat writes optional fields only (as parquet-avro)`,
    );
  }
  const { type } = schema;
  if (typeof type !== 'string' || !['record', 'enum', 'fixed', 'array', 'map'].includes(type)) {
    if (typeof type !== 'string') return resolve(type, named, namespace, path);
    const logical = schema['logicalType'];
    const node: Node = { kind: 'primitive', type };
    if (typeof logical === 'string') {
      node.logicalType = logical;
      if (typeof schema['precision'] === 'number') node.precision = schema['precision'];
      if (typeof schema['scale'] === 'number') node.scale = schema['scale'];
    }
    return node;
  }
  if (type === 'array') return { kind: 'array', items: resolve(schema['items'] as AvroJson, named, namespace, path) };
  if (type === 'map') return { kind: 'map', values: resolve(schema['values'] as AvroJson, named, namespace, path) };
  const name = String(schema['name']);
  const ns = typeof schema['namespace'] === 'string' ? schema['namespace'] : name.includes('.') ? '' : namespace;
  const full = name.includes('.') || ns === '' ? name : `${ns}.${name}`;
  const innerNs = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
  if (type === 'enum') {
    const node: Node = { kind: 'enum', name: full };
    named.set(full, node);
    return node;
  }
  if (type === 'fixed') {
    const node: Node = { kind: 'fixed', name: full, size: Number(schema['size']) };
    if (typeof schema['logicalType'] === 'string') node.logicalType = schema['logicalType'];
    if (typeof schema['precision'] === 'number') node.precision = schema['precision'];
    if (typeof schema['scale'] === 'number') node.scale = schema['scale'];
    named.set(full, node);
    return node;
  }
  const fields = schema['fields'] as Array<{ name: string; type: AvroJson }>;
  const resolved: Array<{ name: string; node: Node }> = [];
  const node: Node = { kind: 'record', name: full, fields: resolved };
  for (const field of fields)
    resolved.push({ name: field.name, node: resolve(field.type, named, innerNs, [...path, field.name]) });
  named.set(full, node);
  return node;
}

/** Parquet's annotations of a primitive Avro type (with its logical type). */
function primitiveElement(node: Node & { kind: 'primitive' | 'fixed' }): Omit<ParquetElement, 'name'> {
  if (node.kind === 'fixed') {
    const element: Omit<ParquetElement, 'name'> = { type: 'FIXED_LEN_BYTE_ARRAY', type_length: node.size };
    if (node.logicalType === 'decimal') Object.assign(element, decimal(node.precision, node.scale));
    return element;
  }
  switch (node.type) {
    case 'boolean':
      return { type: 'BOOLEAN' };
    case 'int':
      if (node.logicalType === 'date') return { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
      if (node.logicalType === 'time-millis')
        return {
          type: 'INT32',
          converted_type: 'TIME_MILLIS',
          logical_type: { type: 'TIME', isAdjustedToUTC: true, unit: 'MILLIS' },
        };
      return { type: 'INT32' };
    case 'long':
      if (node.logicalType === 'timestamp-millis')
        return {
          type: 'INT64',
          converted_type: 'TIMESTAMP_MILLIS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        };
      return { type: 'INT64' };
    case 'float':
      return { type: 'FLOAT' };
    case 'double':
      return { type: 'DOUBLE' };
    case 'string':
      return { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'bytes':
      if (node.logicalType === 'decimal') return { type: 'BYTE_ARRAY', ...decimal(node.precision, node.scale) };
      return { type: 'BYTE_ARRAY' };
    default:
      throw new DataError(`Parquet: Avro type ${node.type} has no Parquet column (a null field)`);
  }
}

function decimal(precision: number | undefined, scale: number | undefined): Omit<ParquetElement, 'name'> {
  const p = precision ?? 64;
  const s = scale ?? 0;
  return {
    converted_type: 'DECIMAL',
    precision: p,
    scale: s,
    logical_type: { type: 'DECIMAL', precision: p, scale: s },
  };
}

/** Appends the elements of one field (depth first, as parquet-format flattens a schema). */
function fieldElements(name: string, node: Node, repetition: 'REQUIRED' | 'OPTIONAL', out: ParquetElement[]): void {
  switch (node.kind) {
    case 'optional':
      fieldElements(name, node.node, 'OPTIONAL', out);
      return;
    case 'record':
      if (node.fields.length === 0)
        throw new DataError(`Parquet: the struct ${name} has no fields (parquet-avro refuses empty groups)`);
      out.push({ name, repetition_type: repetition, num_children: node.fields.length });
      for (const field of node.fields) fieldElements(field.name, field.node, 'REQUIRED', out);
      return;
    case 'array':
      out.push({
        name,
        repetition_type: repetition,
        num_children: 1,
        converted_type: 'LIST',
        logical_type: { type: 'LIST' },
      });
      out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      fieldElements('element', node.items, 'REQUIRED', out);
      return;
    case 'map':
      out.push({
        name,
        repetition_type: repetition,
        num_children: 1,
        converted_type: 'MAP',
        logical_type: { type: 'MAP' },
      });
      out.push({ name: 'key_value', repetition_type: 'REPEATED', num_children: 2, converted_type: 'MAP_KEY_VALUE' });
      out.push({
        name: 'key',
        repetition_type: 'REQUIRED',
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
      });
      fieldElements('value', node.values, 'REQUIRED', out);
      return;
    case 'enum':
      out.push({
        name,
        repetition_type: repetition,
        type: 'BYTE_ARRAY',
        converted_type: 'ENUM',
        logical_type: { type: 'ENUM' },
      });
      return;
    default:
      out.push({ name, repetition_type: repetition, ...primitiveElement(node) });
  }
}

/** The Parquet schema of a record's Avro schema, and the conversion of its avsc values to row objects. */
export interface ParquetShape {
  readonly elements: ParquetElement[];
  readonly columns: readonly string[];
  /** An avsc value (wrapped unions, the schema-registry plugin's longs) as a hyparquet-writer row. */
  row(value: unknown): Record<string, unknown>;
}

/** The shape of the Avro schema text `avroText`; `DataError` when it is not a record (as parquet-avro). */
export function parquetShape(avroText: string): ParquetShape {
  const top = resolve(JSON.parse(avroText) as AvroJson, new Map(), '', []);
  // An optional struct (Debezium's values, for one) is written as its struct: null values are refused
  // before they get here.
  const root = top.kind === 'optional' ? top.node : top;
  if (root.kind !== 'record')
    throw new DataError(
      'ParquetFormat writes structs: the schema is not a struct (parquet-avro needs an Avro record at the top)',
    );
  if (root.fields.length === 0) throw new DataError('ParquetFormat: the struct has no fields');
  const elements: ParquetElement[] = [{ name: root.name, num_children: root.fields.length }];
  for (const field of root.fields) fieldElements(field.name, field.node, 'REQUIRED', elements);
  const convert = converter(top);
  return {
    elements,
    columns: root.fields.map((f) => f.name),
    row: (value) => convert(value) as Record<string, unknown>,
  };
}

const utf8 = new TextEncoder();

/** Two's complement big-endian bytes (Avro's decimal) as the unscaled bigint. */
function unscaled(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return (bytes[0] as number) & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

/** A converter of avsc values of `node` to the values hyparquet-writer takes for its column. */
function converter(node: Node): (value: unknown) => unknown {
  switch (node.kind) {
    case 'optional': {
      const inner = converter(node.node);
      // Wrapped unions: `{ "<branch>": value }` or null.
      return (v) => (v === null || v === undefined ? null : inner(Object.values(v as object)[0]));
    }
    case 'record': {
      const fields = node.fields.map((f) => [f.name, converter(f.node)] as const);
      return (v) => {
        const source = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [name, convert] of fields) out[name] = convert(source[name]);
        return out;
      };
    }
    case 'array': {
      const item = converter(node.items);
      return (v) => (v as unknown[]).map(item);
    }
    case 'map': {
      const value = converter(node.values);
      return (v) => Object.entries(v as Record<string, unknown>).map(([key, x]) => ({ key, value: value(x) }));
    }
    case 'enum':
      return (v) => utf8.encode(v as string);
    case 'fixed':
      return node.logicalType === 'decimal' ? (v) => unscaled(v as Uint8Array) : (v) => v;
    default:
      if (node.type === 'long') return (v) => BigInt(v as number | bigint);
      if (node.type === 'bytes') return node.logicalType === 'decimal' ? (v) => unscaled(v as Uint8Array) : (v) => v;
      return (v) => v;
  }
}
