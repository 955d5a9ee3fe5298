/**
 * The HTTP sink when the process running its slices is SIGKILLed while records flow: nothing is lost, and
 * what is sent twice stays within one slice per kill (offsets are committed after delivery, so a crash
 * between the two redelivers; it never skips). The lease is short (2 s) and a slice's `put` longer, so
 * this also checks that a slice keeps its lease while `put` runs (else a second slice would deliver the
 * same records again).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { HttpTestServer } from '../helpers/http-test-server.js';

const RECORDS = 10_000;
const KILLS = 5;
/** Produced in batches of this many; `slice.max.bytes=1` makes each slice take one batch and commit it. */
const SLICE_RECORDS = 250;
const BATCH = 10;
const STRING = 'org.apache.kafka.connect.storage.StringConverter';

describe('HTTP sink under task-runner crashes', () => {
  const ref = useTestStack({ isolateTaskRunner: true, leaseTtlMs: 2_000, tickMs: 500 });
  let producer: Producer;
  let server: HttpTestServer | undefined;

  before(async () => {
    const kafka = new Kafka({
      brokers: ref.current.stack.kafkaBootstrapServers.split(','),
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer();
    await producer.connect();
  });
  after(async () => {
    await producer?.disconnect();
    await server?.close();
  });

  test(`${KILLS} kills of the task runner lose no record and repeat at most a slice per kill`, async () => {
    const { rest, stack } = ref.current;
    const topic = uniqueName('http-crash');
    const values = Array.from({ length: RECORDS }, (_, i) => `crash-${i}`);
    for (let i = 0; i < RECORDS; i += SLICE_RECORDS) {
      const messages = values.slice(i, i + SLICE_RECORDS).map((value) => ({ value }));
      await waitFor(async () => (await producer.send({ topic, messages }), true), {
        timeoutMs: 15_000,
        message: `produce to ${topic}`,
      });
    }
    const s = await HttpTestServer.start(() => ({ status: 200 }));
    server = s;
    const received = (): string[] => s.received.flatMap((r) => r.body.split(';'));
    const created = await rest.post('/connectors', {
      name: uniqueName('http-crash-sink'),
      config: {
        'connector.class': 'HttpSink',
        topics: topic,
        'http.api.url': s.url,
        'batch.max.size': String(BATCH),
        'batch.separator': ';',
        'slice.max.bytes': '1',
        'key.converter': STRING,
        'value.converter': STRING,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // Each kill lands while records flow: after the next ~1/(KILLS+1) of them has arrived.
    for (let k = 1; k <= KILLS; k++) {
      const target = Math.floor((RECORDS * k) / (KILLS + 1));
      await waitFor(() => new Set(received()).size >= target, {
        timeoutMs: 60_000,
        intervalMs: 5,
        message: `${target} records before kill ${k}`,
      }).catch((error: Error) => {
        throw new Error(`${error.message} (${new Set(received()).size} distinct arrived, ${s.attempts} requests)`);
      });
      await stack.killTaskRunner();
    }
    await waitFor(() => new Set(received()).size >= RECORDS, {
      timeoutMs: 90_000,
      intervalMs: 100,
      message: 'every record after the kills',
    });
    const got = received();
    assert.deepEqual([...new Set(got)].sort(), [...values].sort(), 'nothing lost, nothing else');
    const duplicates = got.length - RECORDS;
    assert.ok(
      duplicates <= KILLS * SLICE_RECORDS,
      `${duplicates} duplicates exceed one slice per kill (${KILLS * SLICE_RECORDS})`,
    );
    process.stdout.write(
      `# http sink crashes: ${KILLS} kills, ${duplicates} duplicate records of ${RECORDS} (bound ${KILLS * SLICE_RECORDS})\n`,
    );
  });
});
