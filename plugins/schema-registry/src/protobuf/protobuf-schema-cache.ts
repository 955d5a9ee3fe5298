/**
 * The ProtobufConverter's schema caches per registry, key/value side and ProtobufData settings per warm
 * environment (converters are built per slice; these outlive them): Connect schema → .proto text and
 * message type (ProtobufData caches by schema object), registered schema text → parsed schema, and
 * (id, message indexes) → message type and Connect schema. Referenced files are fetched from the registry
 * once each (`GET /subjects/{subject}/versions/{version}`); well-known imports need no reference.
 */
import type { Schema } from 'lambda-connect/api';
import type protobuf from 'protobufjs';
import type { RegistrySchema, SchemaReference } from '../client/registry-client.js';
import type { RegistrySerde } from '../shared/registry-serde.js';
import { messageAt, parseProtoSchema, type ProtoSchema } from './proto-schema.js';
import { ProtobufData } from './protobuf-data.js';
import type { ProtobufDataOptions } from './protobuf-data-config.js';

export interface ProtobufWriterPlan {
  readonly registrySchema: RegistrySchema;
  /** The message's full name, which the record subject name strategies use. */
  readonly recordName: string;
  readonly type: protobuf.Type;
  readonly indexes: readonly number[];
}

export interface ProtobufReaderPlan {
  readonly type: protobuf.Type;
  readonly schema: Schema;
}

const caches = new Map<string, ProtobufSchemaCache>();

export class ProtobufSchemaCache {
  readonly data: ProtobufData;
  private readonly parsed: BoundedMap<ProtoSchema>;
  private readonly readers: BoundedMap<ProtobufReaderPlan>;
  private readonly writers = new WeakMap<Schema, ProtobufWriterPlan>();

  private constructor(
    private readonly serde: RegistrySerde,
    options: ProtobufDataOptions,
  ) {
    this.data = new ProtobufData(options);
    this.parsed = new BoundedMap(serde.settings.schemasCacheSize);
    this.readers = new BoundedMap(serde.settings.schemasCacheSize);
  }

  /** The environment's cache for this registry, side and ProtobufData settings. */
  static for(serde: RegistrySerde, options: ProtobufDataOptions): ProtobufSchemaCache {
    const { settings } = serde;
    const key = JSON.stringify([
      settings.urls,
      settings.userInfo ?? null,
      settings.isKey,
      settings.schemasCacheSize,
      options,
    ]);
    let cache = caches.get(key);
    if (cache === undefined || cache.serde.registry !== serde.registry) {
      cache = new ProtobufSchemaCache(serde, options);
      caches.set(key, cache);
    }
    return cache;
  }

  writer(schema: Schema): ProtobufWriterPlan {
    let plan = this.writers.get(schema);
    if (plan === undefined) {
      const generated = this.data.fromConnectSchema(schema);
      plan = {
        registrySchema: { schema: generated.schema.text, schemaType: 'PROTOBUF', references: [] },
        recordName: generated.type.fullName.slice(1),
        type: generated.type,
        indexes: generated.indexes,
      };
      this.writers.set(schema, plan);
    }
    return plan;
  }

  /** A registered schema parsed, with its references fetched (cached by text and references). */
  parse(registered: RegistrySchema): ProtoSchema {
    const key = `${JSON.stringify(registered.references)}\0${registered.schema}`;
    let parsed = this.parsed.get(key);
    if (parsed === undefined) {
      parsed = parseProtoSchema(registered.schema, this.referencedFiles(registered.references, new Map()));
      this.parsed.set(key, parsed);
    }
    return parsed;
  }

  /** The message type at `indexes` of schema `id`, and its Connect schema (with the subject version). */
  reader(topic: string, id: number, indexes: readonly number[]): ProtobufReaderPlan {
    const key = `${topic}\0${id}\0${indexes.join('.')}`;
    let plan = this.readers.get(key);
    if (plan === undefined) {
      const registered = this.serde.readerSchema(id, topic);
      const type = messageAt(this.parse(registered), indexes);
      // As Confluent's deserializer: the Connect schema carries the version under the topic's subject.
      const version = this.serde.version(topic, id, registered, type.fullName.slice(1));
      plan = { type, schema: this.data.toConnectSchema(type, version) };
      this.readers.set(key, plan);
    }
    return plan;
  }

  private referencedFiles(references: readonly SchemaReference[], files: Map<string, string>): Map<string, string> {
    const { registry } = this.serde;
    for (const reference of references) {
      if (files.has(reference.name)) continue;
      const path = `/subjects/${encodeURIComponent(reference.subject)}/versions/${reference.version}`;
      const referenced = registry.schemas.get(
        `reference\0${reference.subject}\0${reference.version}`,
        `version ${reference.version} of ${reference.subject}`,
        async () => {
          const answer = await registry.client.http.request<Partial<RegistrySchema>>('GET', path);
          return {
            schema: answer.schema ?? '',
            schemaType: answer.schemaType ?? 'PROTOBUF',
            references: answer.references ?? [],
          };
        },
      );
      files.set(reference.name, referenced.schema);
      this.referencedFiles(referenced.references, files);
    }
    return files;
  }
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
