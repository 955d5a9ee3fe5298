/**
 * The AvroConverter's schema caches, per registry and Avro data settings per warm environment (converters
 * are built per slice; these outlive them): Connect schema → Avro schema and codec (by schema object, then
 * by Avro text), schema text → codec, and (topic, id) → the reader's codec and Connect schema. Bounded by
 * `schemas.cache.config`. With warm caches a record costs no schema work at all.
 */
import type { Schema } from 'lambda-connect/api';
import type { RegistrySchema } from '../client/registry-client.js';
import type { RegistrySerde } from '../shared/registry-serde.js';
import { referencesKey, resolveReferences } from '../shared/schema-references.js';
import type { AvroDataSettings } from './avro-data-config.js';
import { ANYTHING_FULL_NAME, ANYTHING_SCHEMA_TEXT } from './anything.js';
import { avroCodec, type AvroCodec } from './avro-codec.js';
import type { AvroNode } from './avro-schema-node.js';
import { fromConnectSchema } from './from-connect-schema.js';
import { toConnectSchema } from './to-connect-schema.js';

export interface WriterPlan {
  readonly registrySchema: RegistrySchema;
  /** The full name the record subject name strategies use. */
  readonly recordName: string;
  readonly codec: AvroCodec;
}

export interface ReaderPlan {
  readonly codec: AvroCodec;
  /** Null for Confluent's `Anything` record: a schemaless value. */
  readonly schema: Schema | null;
}

const caches = new Map<string, AvroSchemaCache>();

export class AvroSchemaCache {
  private readonly writers = new WeakMap<Schema, WriterPlan>();
  private readonly codecs: BoundedMap<AvroCodec>;
  private readonly readers: BoundedMap<ReaderPlan>;
  readonly unionFieldName: (member: AvroNode) => string;

  private constructor(
    private readonly registry: RegistrySerde['registry'],
    private readonly data: AvroDataSettings,
    cacheSize: number,
  ) {
    this.codecs = new BoundedMap(cacheSize);
    this.readers = new BoundedMap(cacheSize);
    this.unionFieldName = (member) => {
      if (member.kind === 'record' || member.kind === 'enum' || member.kind === 'fixed')
        return data.enhancedSchemaSupport ? member.fullName : member.name;
      return member.kind === 'primitive' ? member.type : member.kind === 'union' ? 'union' : member.kind;
    };
  }

  /** The environment's cache for this registry, key/value side and data settings. */
  static for(serde: RegistrySerde, data: AvroDataSettings): AvroSchemaCache {
    const { settings } = serde;
    const key = JSON.stringify([
      settings.urls,
      settings.userInfo ?? null,
      settings.isKey,
      settings.schemasCacheSize,
      data,
    ]);
    let cache = caches.get(key);
    if (cache === undefined || cache.registry !== serde.registry) {
      cache = new AvroSchemaCache(serde.registry, data, settings.schemasCacheSize);
      caches.set(key, cache);
    }
    return cache;
  }

  writer(schema: Schema): WriterPlan {
    let plan = this.writers.get(schema);
    if (plan === undefined) {
      const json = fromConnectSchema(schema, this.data);
      const codec = this.codec(JSON.stringify(json));
      plan = {
        registrySchema: { schema: codec.text, schemaType: 'AVRO', references: [] },
        recordName: recordName(codec.node),
        codec,
      };
      this.writers.set(schema, plan);
    }
    return plan;
  }

  /** Schemaless values: Confluent's `Anything` record (anything.ts). */
  schemalessWriter(): WriterPlan {
    const codec = this.codec(ANYTHING_SCHEMA_TEXT);
    return {
      registrySchema: { schema: codec.text, schemaType: 'AVRO', references: [] },
      recordName: ANYTHING_FULL_NAME,
      codec,
    };
  }

  codec(text: string): AvroCodec {
    let codec = this.codecs.get(text);
    if (codec === undefined) {
      codec = avroCodec(text);
      this.codecs.set(text, codec);
    }
    return codec;
  }

  /**
   * The codec of a schema as the registry holds it: with references, the referenced schemas (fetched once
   * per environment) define the named types it uses. Cached by text and references.
   */
  registeredCodec(registered: RegistrySchema): AvroCodec {
    if (registered.references.length === 0) return this.codec(registered.schema);
    const key = `${referencesKey(registered.references)}\0${registered.schema}`;
    let codec = this.codecs.get(key);
    if (codec === undefined) {
      const dependencies = resolveReferences(this.registry, registered.references, 'AVRO');
      codec = avroCodec(
        registered.schema,
        dependencies.map((d) => d.schema.schema),
      );
      this.codecs.set(key, codec);
    }
    return codec;
  }

  /**
   * The writer schema of `id` as read on `topic` by a converter of `serde`'s settings: its subject (by the
   * converter's strategy), hence its version, depends on both.
   */
  reader(serde: RegistrySerde, topic: string, id: number): ReaderPlan {
    const registered = serde.readerSchema(id, topic);
    const codec = this.registeredCodec(registered);
    const name = recordName(codec.node);
    const key = `${serde.subject(topic, name)}\0${id}`;
    let plan = this.readers.get(key);
    if (plan === undefined) {
      // AvroData reads the Anything record as a schemaless value (no version lookup: no schema to carry it).
      plan =
        name === ANYTHING_FULL_NAME
          ? { codec, schema: null }
          : { codec, schema: toConnectSchema(codec.node, this.data, serde.version(topic, id, registered, name)) };
      this.readers.set(key, plan);
    }
    return plan;
  }
}

/** Confluent's `AvroSchema.name()`: a named type's full name, else the type's name. */
function recordName(node: AvroNode): string {
  if (node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed') return node.fullName;
  return node.kind === 'primitive' ? node.type : node.kind;
}

/** A Map that forgets its oldest entries past `capacity`. */
class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
    while (this.entries.size > Math.max(this.capacity, 1)) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) return;
      this.entries.delete(oldest.value);
    }
  }
}
