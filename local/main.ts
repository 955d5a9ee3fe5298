/**
 * `npm start`: the local stack on http://localhost:8083 (PORT), with state in DATA_DIR (default ./data),
 * Kafka from KAFKA_BOOTSTRAP_SERVERS or a broker started here, DynamoDB from DYNAMODB_ENDPOINT or embedded;
 * ALLOWED_HOSTS (comma-separated) adds host names the REST API answers to besides the loopback ones.
 * START_POSTGRES=1 also starts a local PostgreSQL (local/postgres) for the JDBC connectors and logs its URL.
 * START_SCHEMA_REGISTRY=1 also starts a Schema Registry (Apicurio, local/schema-registry) and logs its URL.
 * Ctrl-C / SIGTERM stops everything it started.
 */
import { tmpdir } from 'node:os';
import { delimiter, resolve } from 'node:path';
import { Env } from '../lib/config/env.js';
import { createLocalLogger } from './logging.js';
import { startPostgres } from './postgres/server.js';
import { startSchemaRegistry } from './schema-registry/server.js';
import { startLocalStack } from './stack.js';

const log = createLocalLogger({
  component: 'local',
  level: (process.env['LOG_LEVEL'] as 'info' | undefined) ?? 'info',
});
const port = Number(process.env['PORT'] ?? '8083');
const dataDir = resolve(process.env['DATA_DIR'] ?? 'data');

// FileStream connectors may use the data dir and the temp dir unless told otherwise (decision 0008).
process.env[Env.FILE_ALLOWED_DIRS] ??= [dataDir, tmpdir()].join(delimiter);

log.info('starting lambda-connect local stack', { port, dataDir, fileAllowedDirs: process.env[Env.FILE_ALLOWED_DIRS] });
const stack = await startLocalStack({
  port,
  dataDir,
  logger: log,
  ...(process.env['KAFKA_BOOTSTRAP_SERVERS'] ? { kafkaBootstrapServers: process.env['KAFKA_BOOTSTRAP_SERVERS'] } : {}),
  ...(process.env['DYNAMODB_ENDPOINT'] ? { dynamoEndpoint: process.env['DYNAMODB_ENDPOINT'] } : {}),
  ...(process.env['ALLOWED_HOSTS'] ? { allowedHosts: process.env['ALLOWED_HOSTS'].split(',') } : {}),
});
for (const manifest of stack.plugins.loaded.manifests)
  log.info('plugin package loaded', { name: manifest.name, version: manifest.version });
for (const failure of stack.plugins.loaded.failures) log.warn('plugin package skipped', { ...failure });
// For trying the JDBC connectors: a fresh cluster each start, removed on stop.
const postgres = process.env['START_POSTGRES'] === '1' ? await startPostgres() : undefined;
if (postgres)
  log.info('postgres ready', {
    'connection.url': postgres.url,
    'connection.user': postgres.user,
    'connection.password': postgres.password,
  });
// For trying the Schema Registry converters: an in-memory registry, empty each start.
const schemaRegistry = process.env['START_SCHEMA_REGISTRY'] === '1' ? await startSchemaRegistry() : undefined;
if (schemaRegistry) log.info('schema registry ready', { 'schema.registry.url': schemaRegistry.url });
log.info('ready', {
  restApi: stack.url.replace('127.0.0.1', 'localhost'),
  kafka: stack.kafkaBootstrapServers,
  dynamodb: stack.dynamoEndpoint,
  lambdaInvoke: stack.invokeEndpoint,
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    Promise.all([stack.stop(), postgres?.stop(), schemaRegistry?.stop()]).then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error('stop failed', { error });
        process.exit(1);
      },
    );
  });
}
