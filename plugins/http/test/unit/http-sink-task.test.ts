import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  ConnectError,
  RetriableError,
  SchemaBuilder,
  Schemas,
  Struct,
  type PartitionOffsets,
} from 'lambda-connect/api';
import { HttpResponseError } from '../../src/index.js';
import { HttpTestServer, type Responder } from '../helpers/http-test-server.js';
import { sinkRecord, startTask, type Harness } from '../helpers/task-harness.js';

const servers: HttpTestServer[] = [];
const tasks: Harness[] = [];
after(async () => {
  for (const h of tasks) h.task.stop();
  await Promise.all(servers.map((s) => s.close()));
});

async function server(respond?: Responder): Promise<HttpTestServer> {
  const s = await HttpTestServer.start(respond);
  servers.push(s);
  return s;
}

function task(url: string, props: Record<string, string> = {}, withReporter = true): Harness {
  const h = startTask(url, props, withReporter);
  tasks.push(h);
  return h;
}

const records = (n: number, from = 0): ReturnType<typeof sinkRecord>[] =>
  Array.from({ length: n }, (_, i) => sinkRecord(`v${from + i}`, from + i));

describe('HttpSinkTask against a real HTTP server', () => {
  test('one request per record by default, POST with the value as text', async () => {
    const s = await server();
    const { task: t } = task(s.url);
    await t.put(records(3));
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['v0', 'v1', 'v2'],
    );
    assert.ok(s.received.every((r) => r.method === 'POST' && r.url === '/events'));
    assert.equal(s.received[0]?.headers['content-type'], 'text/plain; charset=utf-8');
  });

  test('batches as a JSON array, Structs as objects, with PUT and configured headers', async () => {
    const s = await server();
    const schema = SchemaBuilder.struct().field('id', Schemas.INT32).field('name', Schemas.OPTIONAL_STRING).build();
    const structs = [1, 2, 3].map((id, i) =>
      sinkRecord(new Struct(schema).put('id', id).put('name', id === 2 ? null : `n${id}`), i),
    );
    const { task: t } = task(s.url, {
      'request.body.format': 'json',
      'batch.max.size': '2',
      'batch.json.as.array': 'true',
      'request.method': 'PUT',
      headers: 'X-Team:data|X-Trace: abc',
    });
    await t.put(structs);
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['[{"id":1,"name":"n1"},{"id":2,"name":null}]', '[{"id":3,"name":"n3"}]'],
    );
    assert.ok(
      s.received.every((r) => r.method === 'PUT' && r.headers['x-team'] === 'data' && r.headers['x-trace'] === 'abc'),
    );
    assert.equal(s.received[0]?.headers['content-type'], 'application/json');
  });

  test('string batches use batch.prefix, batch.separator and batch.suffix', async () => {
    const s = await server();
    const { task: t } = task(s.url, {
      'batch.max.size': '3',
      'batch.prefix': '<',
      'batch.suffix': '>',
      'batch.separator': ';',
    });
    await t.put(records(4));
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['<v0;v1;v2>', '<v3>'],
    );
  });

  test('BASIC sends the user and password; BEARER / THIRD_PARTY send the token', async () => {
    const s = await server();
    await task(s.url, { 'auth.type': 'BASIC', 'connection.user': 'svc', 'connection.password': 'p:w' }).task.put(
      records(1),
    );
    await task(s.url, { 'auth.type': 'THIRD_PARTY', 'bearer.token': 'tok-123' }).task.put(records(1));
    await task(s.url, { 'auth.type': 'bearer', 'bearer.token': 'tok-456' }).task.put(records(1));
    assert.deepEqual(
      s.received.map((r) => r.headers.authorization),
      [`Basic ${Buffer.from('svc:p:w').toString('base64')}`, 'Bearer tok-123', 'Bearer tok-456'],
    );
  });

  test('a 503 is retried with backoff until it passes; the record arrives once', async () => {
    const s = await server((_, i) => (i < 2 ? { status: 503, headers: { 'retry-after': '0' } } : { status: 200 }));
    const h = task(s.url, { 'max.retries': '5' });
    await h.task.put(records(1));
    assert.equal(s.attempts, 3);
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['v0'],
    );
    assert.equal(h.timeouts.length, 2, 'each retriable failure tells the framework how long to wait');
  });

  test('a dropped connection is retried and the record arrives once', async () => {
    const s = await server((_, i) => (i === 0 ? 'drop' : { status: 200 }));
    const { task: t } = task(s.url);
    await t.put(records(2));
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['v0', 'v1'],
    );
    assert.equal(s.attempts, 3);
  });

  test('no answer within http.request.timeout.ms is retried', async () => {
    const s = await server((_, i) => (i === 0 ? 'hang' : { status: 200 }));
    const { task: t } = task(s.url, { 'http.request.timeout.ms': '200' });
    await t.put(records(1));
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['v0'],
    );
  });

  test('a refused connection is retriable', async () => {
    const s = await server();
    const url = s.url;
    await s.close();
    const { task: t } = task(url, { 'max.retries': '1' });
    await assert.rejects(
      t.put(records(1)),
      (e: unknown) => e instanceof RetriableError && /ECONNREFUSED/.test(e.message),
    );
  });

  test('retries exhausted: RetriableError; put again skips what was delivered; preCommit offers it', async () => {
    const failing = new Set(['v2']);
    const s = await server((r) => (failing.has(r.body) ? { status: 503 } : { status: 200 }));
    const h = task(s.url, { 'max.retries': '2' });
    const batch = records(4);
    await assert.rejects(
      h.task.put(batch),
      (e: unknown) => e instanceof RetriableError && e.retriable && /HTTP 503/.test(e.message),
    );
    assert.equal(s.attempts, 2 + 3, 'v0 and v1, then v2 three times (1 + max.retries)');
    const current: PartitionOffsets = new Map([['events-0', { tp: { topic: 'events', partition: 0 }, offset: 0 }]]);
    assert.equal((await h.task.preCommit(current)).get('events-0')?.offset, 2, 'v0 and v1 were delivered');
    failing.clear();
    await h.task.put(batch);
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['v0', 'v1', 'v2', 'v3'],
    );
  });

  test('the retry budget (slice.max.ms) stops retries before max.retries', async () => {
    const s = await server(() => ({ status: 500 }));
    const h = task(s.url, {
      'max.retries': '1000',
      'retry.backoff.ms': '20',
      'retry.backoff.policy': 'CONSTANT_VALUE',
      'slice.max.ms': '200',
    });
    await assert.rejects(h.task.put(records(1)), RetriableError);
    assert.ok(s.attempts < 20, `stopped by the budget after ${s.attempts} attempts`);
  });

  test('a 400 under errors.tolerance=all goes to the errant record reporter with status and body', async () => {
    const s = await server((r) =>
      r.body === 'poison' ? { status: 400, body: '{"error":"bad field"}' } : { status: 200 },
    );
    const h = task(s.url, { 'errors.tolerance': 'all' });
    await h.task.put([sinkRecord('a', 0), sinkRecord('poison', 1), sinkRecord('b', 2)]);
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['a', 'b'],
    );
    assert.equal(h.reported.length, 1);
    const { record, error } = h.reported[0] ?? assert.fail('nothing reported');
    assert.equal(record.kafkaOffset, 1);
    assert.ok(error instanceof HttpResponseError);
    assert.equal(error.status, 400);
    assert.equal(error.body, '{"error":"bad field"}');
    assert.match(
      error.message,
      /HTTP 400 from POST http:\/\/127\.0\.0\.1:\d+\/events; response body: \{"error":"bad field"\}/,
    );
  });

  test('a 400 under errors.tolerance=all without a dead letter queue is skipped, not failed', async () => {
    const s = await server((r) => (r.body === 'poison' ? { status: 400 } : { status: 200 }));
    const h = task(s.url, { 'errors.tolerance': 'all' }, false);
    await h.task.put([sinkRecord('poison', 0), sinkRecord('next', 1)]);
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['next'],
    );
  });

  test('a 400 without tolerance: behavior.on.error fail fails the task, log and ignore skip', async () => {
    const s = await server((r) => (r.body === 'poison' ? { status: 400, body: 'nope' } : { status: 200 }));
    const failing = task(s.url, {}, true);
    await assert.rejects(
      failing.task.put([sinkRecord('poison', 0)]),
      (e: unknown) => e instanceof ConnectError && !e.retriable && /HTTP 400/.test(e.message),
    );
    assert.equal(failing.reported.length, 0, 'errors.tolerance=none: the reporter is not used');
    for (const behavior of ['log', 'ignore']) {
      const h = task(s.url, { 'behavior.on.error': behavior });
      await h.task.put([sinkRecord('poison', 0), sinkRecord(`after-${behavior}`, 1)]);
    }
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['after-log', 'after-ignore'],
    );
  });

  test('a status in retry.on.status.codes is retried even when it is a 4xx', async () => {
    const s = await server((_, i) => (i === 0 ? { status: 409 } : { status: 200 }));
    const { task: t } = task(s.url, { 'retry.on.status.codes': '409,500-' });
    await t.put(records(1));
    assert.equal(s.attempts, 2);
    assert.equal(s.received.length, 1);
  });

  test('null values are skipped by default and fail under behavior.on.null.values=fail', async () => {
    const s = await server();
    await task(s.url).task.put([sinkRecord('a', 0), sinkRecord(null, 1), sinkRecord('b', 2)]);
    assert.deepEqual(
      s.received.map((r) => r.body),
      ['a', 'b'],
    );
    await assert.rejects(
      task(s.url, { 'behavior.on.null.values': 'fail' }).task.put([sinkRecord(null, 0)]),
      /null value/,
    );
  });
});
