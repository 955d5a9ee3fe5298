/**
 * The local Lambda endpoint's event source mappings API through `@aws-sdk/client-lambda`, as the
 * scheduler calls it: create (202, the configuration back), list by function with paging, get, delete,
 * and Lambda's errors (unknown function 404, a duplicate 409, MSK refused locally). Disabled mappings,
 * so no poller needs a broker (the integration test covers polling).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  InvalidParameterValueException,
} from '@aws-sdk/client-lambda';
import { startInvokeEndpoint, type InvokeEndpoint } from '../../../local/lambda/index.js';

let endpoint: InvokeEndpoint;
let lambda: LambdaClient;

before(async () => {
  endpoint = await startInvokeEndpoint({});
  endpoint.registerFunction('bell', async () => ({}));
  lambda = new LambdaClient({
    region: 'us-east-1',
    endpoint: endpoint.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
after(async () => {
  lambda?.destroy();
  await endpoint?.close();
});

const input = (topic: string, group = 'lambda-connect-doorbell-c') => ({
  FunctionName: 'bell',
  Topics: [topic],
  StartingPosition: 'LATEST' as const,
  Enabled: false,
  SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['127.0.0.1:9092'] } },
  SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: group },
});

test('create, get, list by function with paging, delete', async () => {
  const created = await lambda.send(new CreateEventSourceMappingCommand(input('t1')));
  assert.ok(created.UUID);
  assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:bell');
  assert.deepEqual(created.Topics, ['t1']);
  assert.equal(created.SelfManagedKafkaEventSourceConfig?.ConsumerGroupId, 'lambda-connect-doorbell-c');
  assert.ok(created.LastModified instanceof Date);
  const second = await lambda.send(new CreateEventSourceMappingCommand(input('t2')));
  const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(got.State, 'Disabled');
  const first = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'bell', MaxItems: 1 }));
  assert.equal(first.EventSourceMappings?.length, 1);
  assert.ok(first.NextMarker);
  const rest = await lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: 'bell', MaxItems: 1, Marker: first.NextMarker }),
  );
  assert.deepEqual(
    [...(first.EventSourceMappings ?? []), ...(rest.EventSourceMappings ?? [])].map((m) => m.UUID).sort(),
    [created.UUID, second.UUID].sort(),
  );
  assert.equal(
    (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'other' }))).EventSourceMappings?.length,
    0,
  );
  const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(deleted.State, 'Deleting');
  await lambda.send(new DeleteEventSourceMappingCommand({ UUID: second.UUID }));
  assert.equal(endpoint.mappings.stats().mappings, 0);
});

test("Lambda's errors: unknown function, a duplicate, an unknown mapping, MSK", async () => {
  await assert.rejects(
    lambda.send(new CreateEventSourceMappingCommand({ ...input('t'), FunctionName: 'nope' })),
    ResourceNotFoundException,
  );
  const kept = await lambda.send(new CreateEventSourceMappingCommand(input('dup')));
  await assert.rejects(lambda.send(new CreateEventSourceMappingCommand(input('dup'))), ResourceConflictException);
  // Another group on the same topic is another mapping.
  const other = await lambda.send(new CreateEventSourceMappingCommand(input('dup', 'lambda-connect-doorbell-d')));
  await assert.rejects(
    lambda.send(new GetEventSourceMappingCommand({ UUID: '00000000-0000-0000-0000-000000000000' })),
    ResourceNotFoundException,
  );
  await assert.rejects(
    lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'bell',
        Topics: ['t'],
        EventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/c/u',
      }),
    ),
    InvalidParameterValueException,
  );
  for (const m of [kept, other]) await lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID }));
});
