/**
 * The reference Apache Kafka Connect worker starts beside a broker and runs a FileStreamSource
 * connector end to end: the oracle later comparison tests rely on.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startConnectWorker, type ConnectWorker } from '../../../local/kafka/connect-worker.js';
import { uniqueTopic, useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait.js';

const kafka = useKafka();

test('Connect 4.3.1 answers GET / and streams a file into a topic with FileStreamSource', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lc-connect-test-'));
  let worker: ConnectWorker | undefined;
  t.after(async () => {
    await worker?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'input.txt');
  await writeFile(file, 'first\nsecond\n');
  const topic = uniqueTopic('file-lines');
  const client = kafka.client('connect-oracle-test');

  worker = await startConnectWorker({ bootstrapServers: kafka.bootstrapServers });
  const root = (await (await fetch(`${worker.url}/`)).json()) as { version: string; kafka_cluster_id: string };
  assert.equal(root.version, '4.3.1');
  assert.equal(root.kafka_cluster_id, await client.clusterId());

  const created = await fetch(`${worker.url}/connectors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'file-source',
      config: { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file, topic },
    }),
  });
  assert.equal(created.status, 201);

  const values: string[] = [];
  await waitFor(
    async () => {
      if ((await client.partitionCounts([topic])).size === 0) return false;
      const { records } = await client.fetch([{ topic, partition: 0, offset: values.length }], {
        maxBytes: 1 << 16,
        maxWaitMs: 100,
      });
      values.push(...records.map((r) => new TextDecoder().decode(r.value ?? new Uint8Array())));
      return values.length >= 2;
    },
    { timeoutMs: 60_000, intervalMs: 200, message: 'two lines in the topic' },
  );
  assert.deepEqual(
    values.map((v) => (JSON.parse(v) as { payload: string }).payload),
    ['first', 'second'],
  );
  const status = (await (await fetch(`${worker.url}/connectors/file-source/status`)).json()) as {
    connector: { state: string };
    tasks: Array<{ state: string }>;
  };
  assert.equal(status.connector.state, 'RUNNING');
  assert.deepEqual(
    status.tasks.map((task) => task.state),
    ['RUNNING'],
  );

  const pid = worker.pid;
  await worker.stop();
  worker = undefined;
  assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the worker process is gone');
});
