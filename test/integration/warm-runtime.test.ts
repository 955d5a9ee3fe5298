/**
 * A warm Lambda environment is thawed with whatever Kafka connections it had when it was frozen: closed
 * by the broker long ago (`connections.max.idle.ms`), or pointing at a broker that has restarted since.
 * The first slice on such a runtime must succeed, without a failed slice first. The test's own broker
 * closes idle connections after one second; the same local-stack runtime (one warm environment) serves
 * every slice.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SliceReport } from '../../lib/worker/task-runner.js';
import { startKafkaBroker, type KafkaBroker } from '../../local/kafka/broker.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { testStackOptions, uniqueName } from '../helpers/stack.js';
import { restClient, type RestClient } from '../helpers/rest.js';
import { waitFor } from '../helpers/wait.js';

const IDLE_MS = 1_000;

/**
 * Established TCP connections the broker holds on its client port (Linux: /proc/net/tcp and tcp6; the
 * JVM accepts IPv4 clients on an IPv6 socket, as v4-mapped addresses).
 */
async function brokerConnections(port: number): Promise<number> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((f) => readFile(f, 'utf8')));
  const lines = tables.flatMap((t) => t.split('\n').slice(1));
  // Columns: sl local_address rem_address st ...; state 01 is ESTABLISHED.
  return lines.filter((line) => {
    const [, local, , state] = line.trim().split(/\s+/);
    return local?.endsWith(`:${hexPort}`) === true && state === '01';
  }).length;
}

describe('a warm runtime after its Kafka connections went away', () => {
  let dir: string;
  let broker: KafkaBroker;
  let port: number;
  let stack: LocalStack;
  let rest: RestClient;
  const slices: SliceReport[] = [];
  /** The most broker connections seen while slices ran (sampled on every poll of `deliver`). */
  let connectionsSeen = 0;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lc-warm-'));
    broker = await startKafkaBroker({
      dataDir: join(dir, 'kafka'),
      overrides: { 'connections.max.idle.ms': String(IDLE_MS) },
    });
    port = Number(broker.bootstrapServers.split(':')[1]);
    stack = await startLocalStack(
      testStackOptions(join(dir, 'state'), {
        kafkaBootstrapServers: broker.bootstrapServers,
        tickMs: 3_600_000,
        onSlice: (r) => slices.push(r),
      }),
    );
    rest = restClient(stack.url);
  });
  after(async () => {
    await stack?.stop();
    await broker?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Appends `lines` and runs slices until they are all delivered; returns the slices that ran for it. */
  async function deliver(name: string, file: string, lines: string[]): Promise<SliceReport[]> {
    const from = slices.length;
    await appendFile(file, lines.map((l) => `${l}\n`).join(''));
    const target = lines.length;
    await waitFor(
      async () => {
        connectionsSeen = Math.max(connectionsSeen, await brokerConnections(port));
        const mine = slices.slice(from).filter((r) => r.connector === name);
        if (mine.reduce((n, r) => n + (r.records ?? 0), 0) >= target) return true;
        if (!mine.some((r) => r.outcome === 'failed')) await stack.tick();
        return mine.some((r) => r.outcome === 'failed');
      },
      { timeoutMs: 60_000, intervalMs: 100, message: `${target} records delivered by ${name}` },
    );
    return slices.slice(from).filter((r) => r.connector === name && r.outcome !== 'busy' && r.outcome !== 'stale');
  }

  test('connections closed by the broker for idleness: the next slice succeeds', async () => {
    const file = join(dir, 'idle.txt');
    await writeFile(file, '');
    const name = uniqueName('idle');
    assert.equal(
      (
        await rest.post('/connectors', {
          name,
          config: { 'connector.class': 'FileStreamSource', file, topic: uniqueName('idle-topic') },
        })
      ).status,
      201,
    );
    const first = await deliver(name, file, ['a', 'b']);
    assert.deepEqual(
      first.filter((r) => r.outcome === 'failed'),
      [],
    );

    assert.ok(connectionsSeen > 0, 'the slices had connections to the broker');
    await waitFor(async () => (await brokerConnections(port)) === 0, {
      timeoutMs: 30_000,
      intervalMs: 100,
      message: `the broker closed every idle connection (connections.max.idle.ms=${IDLE_MS})`,
    });
    const afterIdle = await deliver(name, file, ['c', 'd', 'e']);
    assert.equal(afterIdle[0]?.outcome, 'completed', JSON.stringify(afterIdle[0]));
    assert.deepEqual(
      afterIdle.filter((r) => r.outcome === 'failed'),
      [],
      'no slice failed',
    );
  });

  test('a broker restarted since the last slice: the next slice succeeds', async () => {
    const file = join(dir, 'restart.txt');
    await writeFile(file, '');
    const name = uniqueName('restart');
    assert.equal(
      (
        await rest.post('/connectors', {
          name,
          config: { 'connector.class': 'FileStreamSource', file, topic: uniqueName('restart-topic') },
        })
      ).status,
      201,
    );
    await deliver(name, file, ['1', '2']);

    await broker.stop();
    broker = await startKafkaBroker({
      dataDir: join(dir, 'kafka'),
      port,
      overrides: { 'connections.max.idle.ms': String(IDLE_MS) },
    });
    const afterRestart = await deliver(name, file, ['3', '4', '5']);
    assert.equal(afterRestart[0]?.outcome, 'completed', JSON.stringify(afterRestart[0]));
    assert.deepEqual(
      afterRestart.filter((r) => r.outcome === 'failed'),
      [],
      'no slice failed',
    );
    const status = (await rest.get<{ tasks: Array<{ state: string }> }>(`/connectors/${name}/status`)).body;
    assert.deepEqual(
      status.tasks.map((t) => t.state),
      ['RUNNING'],
    );
  });
});
