/**
 * Confluent's schema references (`references` in the registry API: a schema that imports named types,
 * files or documents registered under other subjects): each reference fetched once per environment by
 * subject and version (`GET /subjects/{subject}/versions/{version}`, in the registry's schema cache), and
 * the whole set flattened depth first, dependencies before the schemas that use them, each name once — the
 * order Confluent's `AbstractSchemaProvider.resolveReferences` hands them to a format's parser.
 * Synchronous over the cache: a miss throws `PendingIoError`, as every lookup of the converters.
 */
import { DataError } from 'lambda-connect/api';
import type { RegistrySchema, SchemaReference, SchemaType } from '../client/registry-client.js';
import { RegistryRequestError } from '../client/registry-errors.js';
import type { SharedRegistry } from '../client/shared-registry.js';

/** A referenced schema: the name the referring schema uses for it, and its text. */
export interface ResolvedReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
  readonly schema: RegistrySchema;
}

/** The referenced schemas of `references`, transitively, dependencies first. */
export function resolveReferences(
  registry: SharedRegistry,
  references: readonly SchemaReference[],
  schemaType: SchemaType,
): ResolvedReference[] {
  const resolved: ResolvedReference[] = [];
  visit(registry, references, schemaType, new Set(), resolved);
  return resolved;
}

/** A cache key part that tells two schemas of equal text but different references apart. */
export function referencesKey(references: readonly SchemaReference[]): string {
  return references.length === 0 ? '' : JSON.stringify(references.map((r) => [r.name, r.subject, r.version]));
}

function visit(
  registry: SharedRegistry,
  references: readonly SchemaReference[],
  schemaType: SchemaType,
  seen: Set<string>,
  out: ResolvedReference[],
): void {
  for (const reference of references) {
    if (seen.has(reference.name)) continue;
    seen.add(reference.name);
    const schema = referencedSchema(registry, reference, schemaType);
    visit(registry, schema.references, schemaType, seen, out);
    out.push({ ...reference, schema });
  }
}

function referencedSchema(
  registry: SharedRegistry,
  reference: SchemaReference,
  schemaType: SchemaType,
): RegistrySchema {
  const { subject, version } = reference;
  try {
    return registry.schemas.get(`reference\0${subject}\0${version}`, `version ${version} of ${subject}`, async () => {
      const path = `/subjects/${encodeURIComponent(subject)}/versions/${version}`;
      const answer = await registry.client.http.request<Partial<RegistrySchema>>('GET', path);
      return {
        schema: answer.schema ?? '',
        schemaType: answer.schemaType ?? schemaType,
        references: answer.references ?? [],
      };
    });
  } catch (error) {
    if (!(error instanceof RegistryRequestError)) throw error;
    throw new DataError(
      `Schema Registry error for the reference ${reference.name} (version ${version} of ${subject}): ${error.message}`,
      { cause: error },
    );
  }
}
