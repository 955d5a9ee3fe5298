/**
 * The local Kafka launcher: a real broker starts, keeps its data and cluster id across restarts on
 * the same data dir, fails loudly when it cannot start, and leaves no process behind.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KafkajsKafka } from '../../../lib/kafka/kafkajs/kafkajs-kafka.js';
import { startKafkaBroker, type KafkaBroker } from '../../../local/kafka/broker.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a broker restarts on its data dir with the same cluster id and data, and stops without leftovers', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lc-broker-test-'));
  let broker: KafkaBroker | undefined;
  t.after(async () => {
    await broker?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  broker = await startKafkaBroker({ dataDir });
  const first = broker;
  assert.match(first.clusterId, /^[A-Za-z0-9_-]{22}$/, 'a base64url 16-byte cluster id');
  assert.match(first.bootstrapServers, /^127\.0\.0\.1:\d+$/);
  const client = new KafkajsKafka({ brokers: [first.bootstrapServers], clientId: 'broker-test' });
  try {
    assert.equal(await client.clusterId(), first.clusterId);
    await client.send([
      {
        topic: 'kept',
        partition: null,
        key: null,
        value: new TextEncoder().encode('still here'),
        timestamp: null,
        headers: [],
      },
    ]);
  } finally {
    await client.close();
  }
  await first.stop();
  broker = undefined;
  assert.equal(alive(first.pid), false, `broker PID ${first.pid} is gone after stop()`);

  broker = await startKafkaBroker({ dataDir });
  assert.equal(broker.clusterId, first.clusterId);
  assert.notEqual(broker.pid, first.pid);
  const again = new KafkajsKafka({ brokers: [broker.bootstrapServers], clientId: 'broker-test' });
  try {
    assert.equal(await again.clusterId(), first.clusterId);
    const { records } = await again.fetch([{ topic: 'kept', partition: 0, offset: 0 }], {
      maxBytes: 1 << 16,
      maxWaitMs: 0,
    });
    assert.deepEqual(
      records.map((r) => new TextDecoder().decode(r.value ?? new Uint8Array())),
      ['still here'],
    );
  } finally {
    await again.close();
  }
  const second = broker;
  await second.stop();
  broker = undefined;
  assert.equal(alive(second.pid), false);
});

test('a broker that cannot start fails with its log tail, and no process is left', async (t) => {
  // Whoever holds the port is not Kafka: it hangs up on the readiness probe.
  const blocker: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const address = blocker.address();
  assert.ok(address !== null && typeof address === 'object');
  const lines: string[] = [];

  const error = await startKafkaBroker({ port: address.port, log: (line) => lines.push(line) }).then(
    (broker) => {
      void broker.stop();
      return undefined;
    },
    (e: unknown) => e,
  );
  assert.ok(error instanceof Error, 'startKafkaBroker rejects when its port is taken');
  assert.match(error.message, /exited during startup/);
  assert.match(error.message, /Address already in use|BindException/);
  assert.ok(lines.length > 0, 'the log callback saw the broker output');
  assert.ok(lines.some((line) => line.includes('Address already in use')));
  const pid = Number(/\(pid (\d+)\)/.exec(error.message)?.[1]);
  assert.ok(pid > 0, 'the error names the PID');
  assert.equal(alive(pid), false, `PID ${pid} is gone`);
});
