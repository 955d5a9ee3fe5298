/**
 * The registry side of Confluent's `AbstractKafkaSchemaSerDe`, format-neutral: which schema id a record is
 * written with (`use.schema.id`, `auto.register.schemas`, `use.latest.version` with
 * `latest.compatibility.strict`, else a lookup), and the schema of an id being read. Synchronous over the
 * environment's caches: a miss throws `PendingIoError` (see client/sync-lookup.ts).
 */
import { DataError } from 'lambda-connect/api';
import type { RegistrySchema } from '../client/registry-client.js';
import { RegistryRequestError } from '../client/registry-errors.js';
import { sharedRegistry, type SharedRegistry } from '../client/shared-registry.js';
import type { RegistrySettings } from './registry-config.js';

/** The schema a record is written with, and its id. */
export interface WriterSchema {
  readonly id: number;
  readonly schema: RegistrySchema;
  /** True when it is the subject's latest version rather than the record's own schema. */
  readonly latest: boolean;
}

/** Whether data written with `writer` can be read with `reader` (a format's own check, no registry call). */
export type CanRead = (reader: RegistrySchema, writer: RegistrySchema) => boolean;

export class RegistrySerde {
  readonly registry: SharedRegistry;

  constructor(readonly settings: RegistrySettings) {
    this.registry = sharedRegistry({
      urls: settings.urls,
      userInfo: settings.userInfo,
      bearerToken: settings.bearerToken,
      headers: settings.headers,
      tls: settings.tls,
      cacheSize: settings.schemasCacheSize,
      latestTtlSec: settings.latestCacheTtlSec,
    });
  }

  /** The subject for a record of `topic` whose schema's full name is `recordName`. */
  subject(topic: string, recordName: string | null): string {
    return this.settings.subjectNameStrategy(topic, this.settings.isKey, recordName);
  }

  /** Confluent's serializer order: a fixed id, else register, else the latest version, else look up. */
  writerSchema(topic: string, schema: RegistrySchema, recordName: string | null, canRead: CanRead): WriterSchema {
    const { settings, registry } = this;
    if (settings.useSchemaId >= 0) {
      const fixed = registry.schemas.get(String(settings.useSchemaId), `schema ${settings.useSchemaId}`, () =>
        registry.client.schemaById(settings.useSchemaId),
      );
      return { id: settings.useSchemaId, schema: fixed, latest: false };
    }
    const subject = this.subject(topic, recordName);
    if (settings.autoRegister) {
      const id = this.guard(subject, () =>
        registry.ids.get(
          `register\0${settings.normalize}\0${subject}\0${schema.schema}`,
          `registering a schema under ${subject}`,
          () => registry.client.register(subject, schema, settings.normalize),
        ),
      );
      return { id, schema, latest: false };
    }
    if (settings.useLatestVersion) {
      const latest = this.guard(subject, () =>
        registry.latest.get(subject, `the latest version of ${subject}`, () => registry.client.latest(subject)),
      );
      if (settings.latestCompatibilityStrict && !canRead(latest, schema)) {
        throw new DataError(
          `Failed to serialize for subject ${subject}: the latest version (id ${latest.id}, version ${latest.version}) cannot read data of the record's schema, and latest.compatibility.strict is true`,
        );
      }
      return { id: latest.id, schema: latest, latest: true };
    }
    const id = this.guard(subject, () =>
      registry.ids.get(
        `lookup\0${settings.normalize}\0${subject}\0${schema.schema}`,
        `the id of a schema under ${subject}`,
        () => registry.client.lookup(subject, schema, settings.normalize),
      ),
    );
    return { id, schema, latest: false };
  }

  /** The schema registered as `id`. */
  readerSchema(id: number, topic: string): RegistrySchema {
    return this.guard(
      `id ${id}`,
      () => this.registry.schemas.get(String(id), `schema ${id}`, () => this.registry.client.schemaById(id)),
      topic,
    );
  }

  /** The version of schema `id` under its subject, as Confluent's deserializer reports it to Connect. */
  version(topic: string, id: number, schema: RegistrySchema, recordName: string | null): number {
    const subject = this.subject(topic, recordName);
    return this.guard(
      subject,
      () =>
        this.registry.versions.get(`${subject}\0${id}`, `the version of schema ${id} under ${subject}`, () =>
          this.registry.client.versionOf(subject, schema),
        ),
      topic,
    );
  }

  /** The registry's own answer (an incompatible schema's reasons) in a DataError, as Confluent's converters. */
  private guard<T>(subject: string, call: () => T, topic?: string): T {
    try {
      return call();
    } catch (error) {
      if (!(error instanceof RegistryRequestError)) throw error;
      const where = topic === undefined ? `subject ${subject}` : `${subject} of topic ${topic}`;
      throw new DataError(`Schema Registry error for ${where}: ${error.message}`, { cause: error });
    }
  }
}
