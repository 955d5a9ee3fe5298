/**
 * One registry client and its lookups per registry (URLs + credentials) per warm environment: module state,
 * so the caches outlive a slice (converters are built per slice) and every task of a Lambda environment
 * shares them. A slice asks the registry once per distinct schema, not per record.
 */
import { SchemaRegistryClient, type RegistrySchema, type SubjectVersion } from './registry-client.js';
import { RegistryHttp } from './registry-http.js';
import type { RegistryTls } from './registry-tls.js';
import { SyncLookup } from './sync-lookup.js';

export interface SharedRegistry {
  readonly client: SchemaRegistryClient;
  /** `<mode>\0<subject>\0<schema>` → id. */
  readonly ids: SyncLookup<number>;
  /** id → schema. */
  readonly schemas: SyncLookup<RegistrySchema>;
  /** subject → its latest version (`latest.cache.ttl.sec`). */
  readonly latest: SyncLookup<SubjectVersion>;
  /** `<subject>\0<id>` → the version of that schema under the subject (Connect schemas carry it). */
  readonly versions: SyncLookup<number>;
}

export interface SharedRegistryOptions {
  readonly urls: readonly string[];
  readonly userInfo: string | undefined;
  readonly bearerToken?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: RegistryTls | undefined;
  readonly cacheSize: number;
  readonly latestTtlSec: number;
}

const registries = new Map<string, SharedRegistry>();

/** The environment's registry for these URLs, credentials and TLS settings, created on first use. */
export function sharedRegistry(options: SharedRegistryOptions): SharedRegistry {
  const key = JSON.stringify([
    options.urls,
    options.userInfo ?? null,
    options.bearerToken ?? null,
    options.headers ?? {},
    options.tls ?? null,
    options.latestTtlSec,
  ]);
  let registry = registries.get(key);
  if (registry === undefined) {
    const http = new RegistryHttp({
      urls: options.urls,
      ...(options.userInfo === undefined ? {} : { userInfo: options.userInfo }),
      ...(options.bearerToken === undefined ? {} : { bearerToken: options.bearerToken }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
    });
    // Ids and schemas never change once assigned, so those caches only need a size bound.
    const size = Math.max(options.cacheSize, 100);
    registry = {
      client: new SchemaRegistryClient(http),
      ids: new SyncLookup(size),
      schemas: new SyncLookup(size),
      latest: new SyncLookup(size, options.latestTtlSec < 0 ? -1 : options.latestTtlSec * 1000),
      versions: new SyncLookup(size),
    };
    registries.set(key, registry);
  }
  return registry;
}

/** HTTP requests sent to every registry of this environment (the bench's registry calls). */
export function registryRequestCount(): number {
  let total = 0;
  for (const registry of registries.values()) total += registry.client.http.requests;
  return total;
}

/** Drops every environment registry (tests that restart a registry on the same URL). */
export function resetSharedRegistries(): void {
  for (const registry of registries.values()) registry.client.http.close();
  registries.clear();
}
