/**
 * A small Confluent Schema Registry client over {@link RegistryHttp}: the five calls a serializer and a
 * deserializer make. Not @kafkajs/confluent-schema-registry: it takes one host (no failover list), and it
 * bundles its own Avro, Protobuf and JSON Schema stacks and schema cache behind serialize/deserialize,
 * where the converters need the schema strings and ids to map Connect schemas themselves (decision 0025).
 */
import { RegistryErrorCode, RegistryRequestError } from './registry-errors.js';
import type { RegistryHttp } from './registry-http.js';

/** Confluent's `schemaType`; absent on the wire means AVRO. */
export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema as the registry stores it. */
export interface RegistrySchema {
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly SchemaReference[];
}

/** A schema registered under a subject. */
export interface SubjectVersion extends RegistrySchema {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
}

interface SchemaBody {
  readonly schema?: string;
  readonly schemaType?: SchemaType;
  readonly references?: readonly SchemaReference[];
}

export class SchemaRegistryClient {
  constructor(readonly http: RegistryHttp) {}

  /** `POST /subjects/{subject}/versions`: the id (an existing one when the subject already holds the schema). */
  async register(subject: string, schema: RegistrySchema, normalize = false): Promise<number> {
    const path = `/subjects/${encodeURIComponent(subject)}/versions${normalize ? '?normalize=true' : ''}`;
    const answer = await this.http.request<{ id: number }>('POST', path, body(schema));
    return answer.id;
  }

  /** `POST /subjects/{subject}`: the id of a schema already registered under the subject. */
  async lookup(subject: string, schema: RegistrySchema, normalize = false): Promise<number> {
    const path = `/subjects/${encodeURIComponent(subject)}${normalize ? '?normalize=true' : ''}`;
    const answer = await this.http.request<{ id: number }>('POST', path, body(schema));
    return answer.id;
  }

  /** `POST /subjects/{subject}`: the version under which the subject holds `schema`. */
  async versionOf(subject: string, schema: RegistrySchema): Promise<number> {
    const answer = await this.http.request<{ version: number }>(
      'POST',
      `/subjects/${encodeURIComponent(subject)}`,
      body(schema),
    );
    return answer.version;
  }

  /** `GET /schemas/ids/{id}`. */
  async schemaById(id: number): Promise<RegistrySchema> {
    const answer = await this.http.request<SchemaBody>('GET', `/schemas/ids/${id}`);
    return fromBody(answer);
  }

  /** `GET /subjects/{subject}/versions/latest`. */
  async latest(subject: string): Promise<SubjectVersion> {
    const answer = await this.http.request<SchemaBody & { subject: string; version: number; id: number }>(
      'GET',
      `/subjects/${encodeURIComponent(subject)}/versions/latest`,
    );
    return { ...fromBody(answer), subject: answer.subject, version: answer.version, id: answer.id };
  }

  /** `POST /compatibility/subjects/{subject}/versions/latest`: whether the registry would accept `schema` next. */
  async isCompatible(subject: string, schema: RegistrySchema): Promise<boolean> {
    try {
      const answer = await this.http.request<{ is_compatible: boolean }>(
        'POST',
        `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`,
        body(schema),
      );
      return answer.is_compatible;
    } catch (error) {
      // No version yet: anything is compatible with nothing.
      if (error instanceof RegistryRequestError && error.errorCode === RegistryErrorCode.SUBJECT_NOT_FOUND) return true;
      throw error;
    }
  }
}

function body(schema: RegistrySchema): SchemaBody {
  return {
    schema: schema.schema,
    ...(schema.schemaType === 'AVRO' ? {} : { schemaType: schema.schemaType }),
    ...(schema.references.length === 0 ? {} : { references: schema.references }),
  };
}

function fromBody(answer: SchemaBody): RegistrySchema {
  return { schema: answer.schema ?? '', schemaType: answer.schemaType ?? 'AVRO', references: answer.references ?? [] };
}
