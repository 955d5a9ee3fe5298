/**
 * A closed client stays closed: an operation in flight when `close()` runs settles without opening a new
 * connection (before, its reconnect-and-retry path opened one on a fresh cluster, a socket nothing would
 * ever close, as jdbc-sink-stack once showed by holding one to the broker for 7 minutes).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openSocketsTo } from '../../helpers/sockets.js';
import { useKafka } from '../../helpers/kafka.js';

describe('KafkajsKafka.close', () => {
  const kafka = useKafka();

  test('a fetch in flight when the client closes opens no connection afterwards, and later calls fail at once', async () => {
    const port = Number(kafka.bootstrapServers.split(',')[0]?.split(':').pop());
    const client = kafka.client('close-test');
    const topic = `close-${Date.now().toString(36)}`;
    await client.createTopics([{ topic, numPartitions: 1, replicationFactor: -1 }]);
    assert.ok(openSocketsTo(port).length > 0, 'the client is connected');
    // A long poll on an empty partition: in flight until the broker's wait ends or the socket closes.
    const fetching = client.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1 << 16, maxWaitMs: 5_000 }).then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await client.close();
    await fetching;
    assert.deepEqual(
      openSocketsTo(port).map((s) => `${s.localPort}->${s.remotePort}`),
      [],
      'no socket to the broker once the fetch settled',
    );
    await assert.rejects(client.listTopics(), /closed/);
    assert.equal(openSocketsTo(port).length, 0);
  });
});
