/**
 * Connect schema equality and projection, as the storage connectors use them: `ConnectSchema.equals`
 * (the `NONE` test of a schema change) and kafka-connect-storage-common's `SchemaProjector`, which turns a
 * value written with one version of a schema into a value of another (the `BACKWARD`, `FORWARD` and `FULL`
 * modes of `schema.compatibility`). A value that cannot be projected is a `DataError` naming the field:
 * a record error (dead letter queue with `errors.tolerance=all`).
 *
 * The plugin API has no schema equality, so it is written here (the runtime's lives in lib/converters).
 */
import { BigDecimal, DataError, SchemaType, Struct, type Schema } from 'lambda-connect/api';

/** Connect's `ConnectSchema.equals`: type, optionality, name, version, doc, parameters, default and children. */
export function schemasEqual(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (a.type !== b.type || a.optional !== b.optional || a.name !== b.name || a.version !== b.version || a.doc !== b.doc)
    return false;
  if (!parametersEqual(a.parameters ?? {}, b.parameters ?? {})) return false;
  if (!valuesEqual(a.defaultValue, b.defaultValue)) return false;
  if (!schemasEqual(a.keySchema, b.keySchema) || !schemasEqual(a.valueSchema, b.valueSchema)) return false;
  const fa = a.fields ?? [];
  const fb = b.fields ?? [];
  return fa.length === fb.length && fa.every((f, i) => f.name === fb[i]?.name && schemasEqual(f.schema, fb[i]?.schema));
}

function parametersEqual(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** Deep equality of Connect values (defaults): Structs, decimals, dates, bytes, arrays and maps. */
function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (a == null || b == null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof BigDecimal) return a.equals(b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Uint8Array) return b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  if (a instanceof Struct)
    return (
      b instanceof Struct &&
      schemasEqual(a.schema, b.schema) &&
      (a.schema.fields ?? []).every((f) => valuesEqual(a.get(f.name), b.get(f.name)))
    );
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  const ea = a instanceof Map ? [...a.entries()] : Object.entries(a);
  const eb = new Map<unknown, unknown>(b instanceof Map ? [...b.entries()] : Object.entries(b));
  return ea.length === eb.size && ea.every(([k, v]) => eb.has(k) && valuesEqual(v, eb.get(k)));
}

/** The numeric types in promotion order: a type projects to itself and to every type after it. */
const NUMERIC: readonly SchemaType[] = [
  SchemaType.INT8,
  SchemaType.INT16,
  SchemaType.INT32,
  SchemaType.INT64,
  SchemaType.FLOAT32,
  SchemaType.FLOAT64,
];

function isPromotable(source: SchemaType, target: SchemaType): boolean {
  const from = NUMERIC.indexOf(source);
  return from !== -1 && NUMERIC.indexOf(target) >= from;
}

/** The enum parameters of AvroData, ProtobufData and the generalized sum type. */
const ENUM_PARAMETERS = [
  'org.apache.kafka.connect.data.Enum',
  'io.confluent.connect.avro.Enum',
  'io.confluent.connect.protobuf.Enum',
];

/** Documentation parameters (record doc, aliases, namespace, Avro field docs) do not make schemas differ. */
function significantParameters(parameters: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(
    Object.entries(parameters).filter(
      ([k]) =>
        k !== 'connect.record.doc' &&
        k !== 'connect.record.aliases' &&
        k !== 'connect.record.namespace' &&
        !k.startsWith('io.confluent.connect.avro.field.doc.'),
    ),
  );
}

function checkMaybeCompatible(source: Schema, target: Schema): void {
  if (source.type !== target.type && !isPromotable(source.type, target.type))
    throw new DataError(`Schema type mismatch. source type: ${source.type} and target type: ${target.type}`);
  if ((source.name ?? null) !== (target.name ?? null))
    throw new DataError(`Schema name mismatch. source name: ${source.name} and target name: ${target.name}`);
  if (source.parameters === undefined || target.parameters === undefined) return;
  const from = significantParameters(source.parameters);
  const to = significantParameters(target.parameters);
  const isEnum = (p: Readonly<Record<string, string>>) => ENUM_PARAMETERS.some((k) => Object.hasOwn(p, k));
  if (isEnum(source.parameters) && isEnum(target.parameters)) {
    // An enum may gain symbols: the source's parameters must be a subset of the target's.
    if ([...from].some(([k, v]) => to.get(k) !== v))
      throw new DataError(
        `Schema parameters mismatch. Source parameter: ${JSON.stringify(source.parameters)} is not a subset of target parameters: ${JSON.stringify(target.parameters)}`,
      );
  } else if (from.size !== to.size || [...from].some(([k, v]) => to.get(k) !== v)) {
    throw new DataError(
      `Schema parameters not equal. source parameters: ${JSON.stringify(source.parameters)} and target parameters: ${JSON.stringify(target.parameters)}`,
    );
  }
}

/** storage-common's `SchemaProjector.project`: `value` (of `source`) as a value of `target`. */
export function projectValue(source: Schema, value: unknown, target: Schema): unknown {
  checkMaybeCompatible(source, target);
  const present = value !== null && value !== undefined;
  if (source.optional && !target.optional) {
    const fallback = target.defaultValue ?? null;
    if (fallback === null)
      throw new DataError('Writer schema is optional, however, target schema does not provide a default value.');
    return present ? projectRequired(source, value, target) : fallback;
  }
  return present ? projectRequired(source, value, target) : null;
}

function projectRequired(source: Schema, value: unknown, target: Schema): unknown {
  switch (target.type) {
    case SchemaType.STRUCT:
      return projectStruct(source, value as Struct, target);
    case SchemaType.ARRAY:
      return (value as unknown[]).map((v) => projectValue(child(source.valueSchema), v, child(target.valueSchema)));
    case SchemaType.MAP:
      return projectMap(source, value, target);
    default:
      return projectPrimitive(source, value, target);
  }
}

function child(schema: Schema | undefined): Schema {
  if (schema === undefined) throw new DataError('An array or map schema without its element schema');
  return schema;
}

function projectStruct(source: Schema, struct: Struct, target: Schema): Struct {
  const projected = new Struct(target);
  const sourceFields = new Map((source.fields ?? []).map((f) => [f.name, f]));
  for (const field of target.fields ?? []) {
    const from = sourceFields.get(field.name);
    if (from !== undefined) {
      try {
        projected.put(field.name, projectValue(from.schema, struct.get(field.name), field.schema));
      } catch (error) {
        throw new DataError(`Error projecting ${field.name}: ${(error as Error).message}`, { cause: error });
      }
    } else if (field.schema.optional) {
      // a field the source does not have stays unset (null, or its default when read)
    } else if (field.schema.defaultValue !== undefined && field.schema.defaultValue !== null) {
      projected.put(field.name, field.schema.defaultValue);
    } else {
      throw new DataError(`Required field \`${field.name}\` is missing from source schema: ${describe(source)}`);
    }
  }
  return projected;
}

function projectMap(source: Schema, value: unknown, target: Schema): unknown {
  const keySource = child(source.keySchema);
  const keyTarget = child(target.keySchema);
  const valueSource = child(source.valueSchema);
  const valueTarget = child(target.valueSchema);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
  const projected = entries.map(
    ([k, v]) => [projectValue(keySource, k, keyTarget), projectValue(valueSource, v, valueTarget)] as const,
  );
  if (value instanceof Map) return new Map(projected);
  return Object.fromEntries(projected);
}

/** A promotable number becomes the target type's value (Java's `Number.floatValue()` and friends). */
function projectPrimitive(source: Schema, value: unknown, target: Schema): unknown {
  if (source.type === target.type || !isPromotable(source.type, target.type)) return value;
  if (typeof value !== 'number' && typeof value !== 'bigint') return value;
  switch (target.type) {
    case SchemaType.FLOAT32:
      return Math.fround(Number(value));
    case SchemaType.FLOAT64:
      return Number(value);
    default:
      // a widening integer promotion keeps the value (int64 may be a number or a bigint)
      return value;
  }
}

function describe(schema: Schema): string {
  const fields = (schema.fields ?? []).map((f) => f.name).join(', ');
  return `Schema{${schema.name ?? schema.type}${schema.version === undefined ? '' : ` v${schema.version}`}: ${fields}}`;
}
