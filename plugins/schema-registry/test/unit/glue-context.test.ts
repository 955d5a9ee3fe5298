/**
 * The AWSKafkaAvroConverter builds its Glue client through the converter context (plugin API 1.2): with
 * the runtime's defaults, instrumented before its first command, once per warm environment; a refusal
 * the instrumentation throws (local IAM's AccessDeniedException) reaches the caller as the record's
 * DataError naming the call, not as an outage. Without a context it builds a plain client, as in 1.1.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DataError,
  PendingIoError,
  RetriableError,
  Schemas,
  settlePendingIo,
  type AwsClientFactory,
  type AwsSdkClient,
  type ConverterContext,
} from 'lambda-connect/api';
import { AWSKafkaAvroConverter } from '../../src/glue/aws-kafka-avro-converter.js';

process.env['AWS_ACCESS_KEY_ID'] ??= 'test';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'test';

class Denied extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $metadata = { httpStatusCode: 400 };
}

type Middleware = (next: unknown, context: { commandName?: string }) => (args: { input: unknown }) => Promise<unknown>;

/** A runtime context whose clients refuse every command, as local IAM does without a grant. */
function denyingContext(): { context: ConverterContext; built: unknown[]; commands: string[] } {
  const built: unknown[] = [];
  const commands: string[] = [];
  const awsClient = <C extends AwsSdkClient>(create: AwsClientFactory<C>): C => {
    const defaults = {
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    };
    built.push(defaults);
    const client = create(defaults);
    const deny: Middleware = (_next, context) => async () => {
      commands.push(context.commandName ?? '?');
      throw new Denied(
        `User: arn:aws:sts::000000000000:assumed-role/r/task is not authorized to perform: glue:GetSchemaByDefinition on resource: arn:aws:glue:us-east-1:000000000000:registry/orders`,
      );
    };
    (client.middlewareStack as { add(m: Middleware, o: object): void }).add(deny, {
      step: 'initialize',
      name: 'deny',
      priority: 'high',
    });
    return client;
  };
  return { context: { awsClient, logger: () => ({ debug() {}, info() {}, warn() {}, error() {} }) }, built, commands };
}

const settings = (registry: string): Record<string, string> => ({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9',
  'registry.name': registry,
  schemaAutoRegistrationEnabled: 'true',
});

describe('AWSKafkaAvroConverter and the converter context', () => {
  test('the Glue client comes from context.awsClient, once per environment; a refusal is a DataError with the IAM message', async () => {
    const { context, built, commands } = denyingContext();
    const converter = (): AWSKafkaAvroConverter => {
      const c = new AWSKafkaAvroConverter();
      c.initialize(context);
      c.configure(settings('orders'), false);
      return c;
    };
    for (let slice = 0; slice < 2; slice++) {
      const c = converter();
      await assert.rejects(
        settlePendingIo(() => c.fromConnectData('orders', [], Schemas.STRING, `v${slice}`)),
        (error: unknown) =>
          error instanceof DataError &&
          !(error instanceof RetriableError) &&
          /AccessDeniedException: .*not authorized to perform: glue:GetSchemaByDefinition/.test(error.message),
      );
    }
    assert.equal(built.length, 1, 'one client for both slices');
    assert.deepEqual(commands, ['GetSchemaByDefinitionCommand', 'GetSchemaByDefinitionCommand']);
  });

  test('without initialize (a runtime before 1.2) the converter builds a plain client: an unreachable endpoint is an outage', async () => {
    const c = new AWSKafkaAvroConverter();
    c.configure({ ...settings('plain'), endpoint: 'http://127.0.0.1:9' }, false);
    let pending: unknown;
    try {
      c.fromConnectData('orders', [], Schemas.STRING, 'v');
    } catch (error) {
      pending = error;
    }
    assert.ok(pending instanceof PendingIoError);
    // The worker awaits `ready`: a refused connection rejects it as an outage (weather), never the record's fault.
    await assert.rejects(
      pending.ready,
      (error: unknown) => error instanceof RetriableError && /ECONNREFUSED/.test(error.message),
    );
  });
});
