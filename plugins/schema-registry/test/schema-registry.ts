/** One real Schema Registry (Apicurio, local/schema-registry) per test file, and fresh subject names per test. */
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { startSchemaRegistry, type SchemaRegistryServer } from '../../../local/schema-registry/server.js';
import { resetSharedRegistries } from '../src/client/shared-registry.js';

export interface TestRegistry {
  /** `schema.registry.url`. */
  readonly url: string;
  readonly server: SchemaRegistryServer;
  /** A topic name no other test uses (subjects derive from it). */
  topic(prefix?: string): string;
}

/** Starts the registry before the file's tests and stops it by PID after them, on failure too. */
export function useSchemaRegistry(): () => TestRegistry {
  let server: SchemaRegistryServer | undefined;
  before(async () => {
    server = await startSchemaRegistry();
  });
  after(async () => {
    resetSharedRegistries();
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('the Schema Registry is not started');
    const started = server;
    return { url: started.url, server: started, topic: (prefix = 'sr') => `${prefix}-${randomUUID().slice(0, 8)}` };
  };
}
