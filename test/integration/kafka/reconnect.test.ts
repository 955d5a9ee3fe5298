/**
 * The kafkajs adapter survives what a Lambda meets between invocations: brokers that restarted while
 * it was frozen (every socket closed), and a broker that stops answering on a live socket.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KafkajsKafka } from '../../../lib/kafka/kafkajs/kafkajs-kafka.js';
import { startKafkaBroker, type KafkaBroker } from '../../../local/kafka/broker.js';
import { waitFor } from '../../helpers/wait.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array | null): string => new TextDecoder().decode(bytes ?? new Uint8Array());

test('a client keeps working across a broker restart, without the caller retrying', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lc-reconnect-'));
  let broker: KafkaBroker | undefined = await startKafkaBroker({ dataDir });
  const port = Number(broker.bootstrapServers.split(':')[1]);
  const client = new KafkajsKafka({ brokers: [broker.bootstrapServers], clientId: 'reconnect-test' });
  t.after(async () => {
    await client.close();
    await broker?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  await client.createTopics([{ topic: 'survivor', numPartitions: 1, replicationFactor: -1 }]);
  await client.send([
    { topic: 'survivor', partition: 0, key: null, value: encode('before'), timestamp: null, headers: [] },
  ]);
  await client.commitGroupOffsets('survivor-group', [{ topic: 'survivor', partition: 0, offset: 1 }]);

  await broker.stop();
  broker = await startKafkaBroker({ dataDir, port });

  const sent = await client.send([
    { topic: 'survivor', partition: 0, key: null, value: encode('after'), timestamp: null, headers: [] },
  ]);
  assert.equal(sent[0]?.offset, 1);
  const { records } = await client.fetch([{ topic: 'survivor', partition: 0, offset: 0 }], {
    maxBytes: 1 << 16,
    maxWaitMs: 0,
  });
  assert.deepEqual(
    records.map((r) => decode(r.value)),
    ['before', 'after'],
  );
  assert.deepEqual(await client.fetchGroupOffsets('survivor-group'), [{ topic: 'survivor', partition: 0, offset: 1 }]);
});

test('a broker frozen past the request timeout: the call times out once, reconnects, and succeeds', async (t) => {
  const broker = await startKafkaBroker();
  const requestTimeoutMs = 1500;
  const client = new KafkajsKafka({
    brokers: [broker.bootstrapServers],
    clientId: 'freeze-test',
    requestTimeoutMs,
    logLevel: 'nothing',
  });
  let resume: NodeJS.Timeout | undefined;
  t.after(async () => {
    clearTimeout(resume);
    process.kill(broker.pid, 'SIGCONT');
    await client.close();
    await broker.stop();
  });
  await client.createTopics([{ topic: 'frozen', numPartitions: 1, replicationFactor: -1 }]);
  await client.send([{ topic: 'frozen', partition: 0, key: null, value: encode('x'), timestamp: null, headers: [] }]);

  // Freeze the broker; thaw it after the first attempt has timed out, while the retry is waiting.
  process.kill(broker.pid, 'SIGSTOP');
  await waitFor(
    async () => (await readFile(`/proc/${broker.pid}/stat`, 'utf8')).split(') ')[1]?.startsWith('T') === true,
    {
      timeoutMs: 5000,
      message: 'the broker process is stopped',
    },
  );
  resume = setTimeout(() => process.kill(broker.pid, 'SIGCONT'), requestTimeoutMs + 700);
  const started = Date.now();
  const offsets = await client.listOffsets([{ topic: 'frozen', partition: 0 }], 'latest');
  const elapsed = Date.now() - started;
  assert.deepEqual(offsets, new Map([['frozen-0', 1]]));
  assert.ok(elapsed >= requestTimeoutMs, `the first attempt waited for its timeout (${elapsed} ms)`);
});
