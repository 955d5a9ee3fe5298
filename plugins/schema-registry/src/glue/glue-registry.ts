/**
 * The AWS Glue Schema Registry calls the converter makes, as the Java library's `SchemaByDefinitionFetcher`
 * and deserializer do, over @aws-sdk/client-glue: a definition's version id (GetSchemaByDefinition; on "not
 * found", CreateSchema or RegisterSchemaVersion when auto-registration is on, waiting for AVAILABLE), and a
 * version id's definition (GetSchemaVersion). Cached per warm environment behind the same synchronous
 * lookups as the Confluent registry (a miss throws the API's PendingIoError). Throttling, 5xx and network
 * failures are outages (RetriableError); other answers are the record's fault (DataError).
 */
import {
  CreateSchemaCommand,
  GetSchemaByDefinitionCommand,
  GetSchemaVersionCommand,
  GlueClient,
  RegisterSchemaVersionCommand,
  type Compatibility,
} from '@aws-sdk/client-glue';
import { ConnectError, DataError, RetriableError, createAwsClient, type ConverterContext } from 'lambda-connect/api';
import { SyncLookup } from '../client/sync-lookup.js';
import type { GlueSettings } from './glue-config.js';

const AVAILABLE_WAIT_ATTEMPTS = 10;
const AVAILABLE_WAIT_MS = 500;
/** Programming errors are never outages. */
const BUGS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);
const RETRIABLE_NAMES = new Set([
  'ThrottlingException',
  'InternalServiceException',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
]);

export class GlueRegistry {
  readonly versionIds: SyncLookup<string>;
  readonly definitions: SyncLookup<string>;
  /** Glue API calls made (the bench reports them). */
  calls = 0;

  constructor(
    private readonly client: GlueClient,
    private readonly settings: GlueSettings,
  ) {
    this.versionIds = new SyncLookup(settings.cacheSize, settings.cacheTtlMs);
    this.definitions = new SyncLookup(settings.cacheSize);
  }

  /** The version id of `definition` under `schemaName` (synchronous over the cache). */
  versionId(schemaName: string, definition: string): string {
    return this.versionIds.get(`${schemaName}\0${definition}`, `the Glue schema version of ${schemaName}`, () =>
      this.fetchOrRegister(schemaName, definition),
    );
  }

  /** The definition of a schema version (synchronous over the cache). */
  definition(versionId: string): string {
    return this.definitions.get(versionId, `Glue schema version ${versionId}`, async () => {
      const answer = await this.send(() =>
        this.client.send(new GetSchemaVersionCommand({ SchemaVersionId: versionId })),
      );
      if (answer.SchemaDefinition === undefined)
        throw new DataError(`Glue schema version ${versionId} has no definition`);
      if (answer.DataFormat !== undefined && answer.DataFormat !== 'AVRO')
        throw new DataError(`Glue schema version ${versionId} is ${answer.DataFormat}, not AVRO`);
      return answer.SchemaDefinition;
    });
  }

  private async fetchOrRegister(schemaName: string, definition: string): Promise<string> {
    const { registryName, autoRegistration } = this.settings;
    const schemaId = { RegistryName: registryName, SchemaName: schemaName };
    try {
      const found = await this.send(() =>
        this.client.send(new GetSchemaByDefinitionCommand({ SchemaId: schemaId, SchemaDefinition: definition })),
      );
      if (found.SchemaVersionId !== undefined && (found.Status === undefined || found.Status === 'AVAILABLE'))
        return found.SchemaVersionId;
    } catch (error) {
      if (!(error instanceof DataError) || !/not found/i.test(error.message)) throw error;
      if (!autoRegistration)
        throw new DataError(
          `Failed to auto-register schema. Auto registration of schema is not enabled (schema ${schemaName} in registry ${registryName}): ${error.message}`,
          { cause: error },
        );
      const schemaMissing =
        /schema is not found|schema .*not found|no schema/i.test(error.message) && !/version/i.test(error.message);
      return schemaMissing ? this.createSchema(schemaName, definition) : this.registerVersion(schemaName, definition);
    }
    return this.registerVersion(schemaName, definition);
  }

  private async createSchema(schemaName: string, definition: string): Promise<string> {
    const { registryName, compatibility, description } = this.settings;
    try {
      const created = await this.send(() =>
        this.client.send(
          new CreateSchemaCommand({
            RegistryId: { RegistryName: registryName },
            SchemaName: schemaName,
            DataFormat: 'AVRO',
            Compatibility: compatibility as Compatibility,
            SchemaDefinition: definition,
            ...(description === undefined ? {} : { Description: description }),
          }),
        ),
      );
      if (created.SchemaVersionId === undefined)
        throw new DataError(`CreateSchema ${schemaName} returned no version id`);
      return this.whenAvailable(created.SchemaVersionId, created.SchemaVersionStatus);
    } catch (error) {
      // Another writer created it first: register the version under it.
      if (error instanceof DataError && /AlreadyExists/i.test(String((error.cause as Error | undefined)?.name)))
        return this.registerVersion(schemaName, definition);
      throw error;
    }
  }

  private async registerVersion(schemaName: string, definition: string): Promise<string> {
    const registered = await this.send(() =>
      this.client.send(
        new RegisterSchemaVersionCommand({
          SchemaId: { RegistryName: this.settings.registryName, SchemaName: schemaName },
          SchemaDefinition: definition,
        }),
      ),
    );
    if (registered.SchemaVersionId === undefined)
      throw new DataError(`RegisterSchemaVersion ${schemaName} returned no version id`);
    return this.whenAvailable(registered.SchemaVersionId, registered.Status);
  }

  /** Glue checks compatibility asynchronously: a new version is PENDING, then AVAILABLE or FAILURE. */
  private async whenAvailable(versionId: string, status: string | undefined): Promise<string> {
    let current = status;
    for (let attempt = 0; current === 'PENDING' && attempt < AVAILABLE_WAIT_ATTEMPTS; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, AVAILABLE_WAIT_MS));
      current = (await this.send(() => this.client.send(new GetSchemaVersionCommand({ SchemaVersionId: versionId }))))
        .Status;
    }
    if (current === undefined || current === 'AVAILABLE') return versionId;
    if (current === 'PENDING') throw new RetriableError(`Glue schema version ${versionId} is still PENDING`);
    throw new DataError(
      `Glue schema version ${versionId} is ${current} (the registry refused it, e.g. as incompatible)`,
    );
  }

  private async send<T>(call: () => Promise<T>): Promise<T> {
    this.calls++;
    try {
      return await call();
    } catch (error) {
      throw glueError(error);
    }
  }
}

/** An SDK failure as an outage (RetriableError) or the record's fault (DataError), with Glue's message. */
export function glueError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  const e = error as Error & { $metadata?: { httpStatusCode?: number }; code?: string; $retryable?: unknown };
  const status = e.$metadata?.httpStatusCode;
  const message = `AWS Glue Schema Registry: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  if (
    RETRIABLE_NAMES.has(e.name) ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    e.$retryable !== undefined ||
    // No HTTP answer at all (refused, reset, DNS): the SDK still attaches $metadata, without a status.
    (status === undefined && !BUGS.has(e.name))
  ) {
    return new RetriableError(message, { cause: error });
  }
  return new DataError(message, { cause: error });
}

/**
 * Per AWS client factory (the runtime's `awsClient`, the same function for a warm environment; or none,
 * outside a runtime), per settings: a client built through the runtime is checked by the local stack's
 * IAM, and its cache never answers for a client that is not.
 */
const registries = new Map<object, Map<string, GlueRegistry>>();
const NO_RUNTIME = {};

/**
 * The environment's Glue registry for these settings, created on first use (one client per
 * region/endpoint), its client built through the converter context's `awsClient` when there is one
 * (the runtime's timeouts, and the local stack's IAM check), else with the SDK's defaults.
 */
export function sharedGlueRegistry(settings: GlueSettings, context?: ConverterContext): GlueRegistry {
  const owner: object = context?.awsClient ?? NO_RUNTIME;
  let forOwner = registries.get(owner);
  if (forOwner === undefined) {
    forOwner = new Map();
    registries.set(owner, forOwner);
  }
  const key = JSON.stringify([
    settings.region,
    settings.endpoint ?? null,
    settings.registryName,
    settings.autoRegistration,
    settings.compatibility,
    settings.cacheSize,
    settings.cacheTtlMs,
  ]);
  let registry = forOwner.get(key);
  if (registry === undefined) {
    const client = createAwsClient(
      context,
      (defaults) =>
        new GlueClient({
          ...defaults,
          region: settings.region,
          ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
        }),
    );
    registry = new GlueRegistry(client, settings);
    forOwner.set(key, registry);
  }
  return registry;
}

/** Glue calls made by every registry of this environment. */
export function glueCallCount(): number {
  let total = 0;
  for (const forOwner of registries.values()) for (const registry of forOwner.values()) total += registry.calls;
  return total;
}
