/** Connect's `SchemaUtil`: copying a schema's name, version, doc and parameters onto a new builder. */
import { SchemaBuilder, SchemaType, type Schema } from '../../api/index.js';

export function copySchemaBasics(source: Schema, builder?: SchemaBuilder): SchemaBuilder {
  let target = builder;
  if (target === undefined) {
    if (source.type === SchemaType.ARRAY && source.valueSchema !== undefined)
      target = SchemaBuilder.array(source.valueSchema);
    else if (source.type === SchemaType.MAP && source.keySchema !== undefined && source.valueSchema !== undefined) {
      target = SchemaBuilder.map(source.keySchema, source.valueSchema);
    } else target = new SchemaBuilder(source.type);
  }
  if (source.name !== undefined) target.name(source.name);
  if (source.version !== undefined) target.version(source.version);
  if (source.doc !== undefined) target.doc(source.doc);
  for (const [key, value] of Object.entries(source.parameters ?? {})) target.parameter(key, value);
  return target;
}

/** Schema caches keyed by schema object: schemas are immutable, and a WeakMap frees unused ones. */
export class SchemaCache {
  private readonly cache = new WeakMap<Schema, Schema>();

  getOrCompute(schema: Schema, compute: (schema: Schema) => Schema): Schema {
    const cached = this.cache.get(schema);
    if (cached !== undefined) return cached;
    const computed = compute(schema);
    this.cache.set(schema, computed);
    return computed;
  }
}
