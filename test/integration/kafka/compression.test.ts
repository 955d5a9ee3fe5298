/**
 * Compressed topics on the real broker. A topic whose `compression.type` names a codec makes the broker
 * recompress what it stores with the Java codecs (java.util.zip, snappy-java, lz4-java, zstd-jni), so
 * what the adapter fetches back is exactly what a Java producer's batches look like. Every record must
 * come back intact, and a raw Fetch must show the batches really carry that codec.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KjsCluster } from 'kafkajs/internal-types';
import Cluster from 'kafkajs/src/cluster/index.js';
import loggers from 'kafkajs/src/loggers/index.js';
import defaultSocketFactory from 'kafkajs/src/network/socketFactory.js';
import type { FetchedRecord, ProduceRecord } from '../../../lib/kafka/kafka-port.js';
import { BrokerDirectory, sendLenient } from '../../../lib/kafka/kafkajs/broker-directory.js';
import { canCompress, CompressionCodec } from '../../../lib/kafka/kafkajs/codecs/index.js';
import { KafkajsKafka } from '../../../lib/kafka/kafkajs/kafkajs-kafka.js';
import { batchCodecs, decodeRecordSet } from '../../../lib/kafka/kafkajs/record-batch.js';
import { fetchRequest, type FetchResponse } from '../../../lib/kafka/kafkajs/wire-requests.js';
import { uniqueName, useTestStack } from '../../helpers/stack.js';
import { waitFor } from '../../helpers/wait.js';

const CODECS = [
  ['gzip', CompressionCodec.GZIP],
  ['snappy', CompressionCodec.SNAPPY],
  ['lz4', CompressionCodec.LZ4],
  ['zstd', CompressionCodec.ZSTD],
] as const;
/** Room for the 1.3 MB batch: the broker checks the batch as produced (uncompressed) against this. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const FETCH_BYTES = 16 * 1024 * 1024;

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

/** Records `from` to `from + count` with values of about `valueBytes`: varied keys, nulls, headers. */
function records(topic: string, from: number, count: number, valueBytes: number): ProduceRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const filler = `${(n * 2_654_435_761) % 1_000_003}-${'abcdefghij'.slice(n % 10)}`
      .repeat(Math.ceil(valueBytes / 16))
      .slice(0, valueBytes);
    return {
      topic,
      partition: 0,
      key:
        n % 10 === 0
          ? null
          : n % 10 === 5
            ? Buffer.from([n & 0xff, 0, 0xff, (n >> 8) & 0xff])
            : text(`customer-${n % 97}`),
      value: n % 50 === 49 ? null : text(`{"n":${n},"name":"Zoë ${n}","data":"${filler}"}`),
      timestamp: 1_760_000_000_000 + n,
      headers:
        n % 4 === 0
          ? []
          : [
              { key: 'trace', value: text(`t-${n}`) },
              { key: 'trace', value: null },
              { key: 'ünï', value: text('✓') },
            ].slice(0, n % 4),
    };
  });
}

const payloadBytes = (batch: readonly ProduceRecord[]): number =>
  batch.reduce(
    (sum, r) =>
      sum +
      (r.key?.length ?? 0) +
      (r.value?.length ?? 0) +
      r.headers.reduce((s, h) => s + h.key.length + (h.value?.length ?? 0), 0),
    0,
  );

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));

function comparable(
  record: {
    key: Uint8Array | null;
    value: Uint8Array | null;
    timestamp: number | null;
    headers: ProduceRecord['headers'];
  },
  offset: number,
): unknown {
  return {
    offset,
    timestamp: record.timestamp,
    key: hex(record.key),
    value: hex(record.value),
    headers: record.headers.map((h) => [h.key, hex(h.value)]),
  };
}

/** Every record of partition 0 from offset 0 to `end`, through the adapter's fetch. */
async function fetchAll(client: KafkajsKafka, topic: string, end: number): Promise<FetchedRecord[]> {
  const fetched: FetchedRecord[] = [];
  let offset = 0;
  while (offset < end) {
    const result = await client.fetch([{ topic, partition: 0, offset }], { maxBytes: FETCH_BYTES, maxWaitMs: 0 });
    const state = result.partitions[0];
    assert.ok(state !== undefined && !state.offsetOutOfRange, `partition state at offset ${offset}`);
    assert.ok(state.nextOffset > offset, `the fetch at ${offset} moved forward`);
    fetched.push(...result.records);
    offset = state.nextOffset;
  }
  return fetched;
}

/** The codec of every batch in partition 0, read from raw Fetch responses (no decompression). */
async function storedCodecs(directory: BrokerDirectory, topic: string, end: number): Promise<number[]> {
  const leader = (await directory.topics([topic], { fresh: true })).get(topic)?.partitions[0]?.leader;
  assert.ok(leader !== undefined && leader >= 0, `a leader for ${topic}-0`);
  const broker = await directory.broker(leader);
  const codecs: number[] = [];
  let offset = 0;
  while (offset < end) {
    const topics = new Map([[topic, [{ partition: 0, offset, maxBytes: FETCH_BYTES }]]]);
    const response = await sendLenient<FetchResponse>(
      broker,
      fetchRequest({ maxWaitMs: 0, maxBytes: FETCH_BYTES, topics, requestTimeoutMs: 30_000 }),
    );
    const answer = response.topics[0]?.partitions[0];
    assert.ok(
      answer !== undefined && answer.errorCode === 0 && answer.records !== null,
      `a raw fetch of ${topic}-0 at ${offset}`,
    );
    codecs.push(...batchCodecs(answer.records));
    offset = (await decodeRecordSet(answer.records, topic, 0, offset)).nextOffset;
  }
  return codecs;
}

describe('compressed topics', () => {
  const stackRef = useTestStack();
  let client: KafkajsKafka;
  let cluster: KjsCluster;
  let directory: BrokerDirectory;

  before(() => {
    const brokers = stackRef.current.stack.kafkaBootstrapServers.split(',');
    client = new KafkajsKafka({
      brokers,
      clientId: 'compression-test',
      maxBatchBytes: MAX_MESSAGE_BYTES / 2,
      connectionTimeoutMs: 10_000,
    });
    const logger = loggers.createLogger({ level: 0, logCreator: () => () => undefined });
    // kafkajs's default 1 s connection timeout is too tight for a CI machine busy starting the stack.
    cluster = new Cluster({
      logger,
      socketFactory: defaultSocketFactory(),
      brokers,
      clientId: 'compression-test-raw',
      connectionTimeout: 10_000,
    });
    directory = new BrokerDirectory(cluster, 60_000);
  });
  after(async () => {
    await Promise.allSettled([client?.close(), cluster?.disconnect()]);
  });

  for (const [codec, codecId] of CODECS) {
    test(`${codec}: three batches (5,700 records, one over 64 KB, one over 1 MB) come back record for record`, async () => {
      const topic = uniqueName(`compressed-${codec}`);
      await client.createTopics([
        {
          topic,
          numPartitions: 1,
          replicationFactor: 1,
          configs: { 'compression.type': codec, 'max.message.bytes': String(MAX_MESSAGE_BYTES) },
        },
      ]);
      const batches = [records(topic, 0, 200, 40), records(topic, 200, 1_500, 100), records(topic, 1_700, 4_000, 300)];
      assert.ok(
        payloadBytes(batches[1]!) > 64 * 1024 && payloadBytes(batches[2]!) > 1024 * 1024,
        'batch sizes as intended',
      );
      const sent = batches.flat();
      const offsets: number[] = [];
      for (const batch of batches) offsets.push(...(await client.send(batch)).map((m) => m.offset));
      assert.deepEqual(
        offsets,
        sent.map((_, i) => i),
        'offsets 0.. in order',
      );

      const fetched = await fetchAll(client, topic, sent.length);
      assert.equal(fetched.length, sent.length);
      assert.deepEqual(
        fetched.map((r) => comparable(r, r.offset)),
        sent.map((r, i) => comparable(r, i)),
      );
      assert.deepEqual(
        await storedCodecs(directory, topic, sent.length),
        [codecId, codecId, codecId],
        `three ${codec} batches on the broker`,
      );
    });
  }

  for (const [codec, codecId] of CODECS) {
    test(`${codec}: batches the adapter compresses are accepted by the broker (which validates them with the Java codecs) and kept`, async () => {
      const topic = uniqueName(`produced-${codec}`);
      // compression.type=producer (the default): the broker stores batches as they were produced.
      await client.createTopics([
        { topic, numPartitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': String(MAX_MESSAGE_BYTES) } },
      ]);
      const batches = [records(topic, 0, 200, 40), records(topic, 200, 1_500, 100), records(topic, 1_700, 4_000, 300)];
      if (!canCompress(codecId)) {
        await assert.rejects(client.send(batches[0]!, { compression: codec }), /zstd compression needs Node/);
        return;
      }
      const sent = batches.flat();
      for (const batch of batches) await client.send(batch, { compression: codec });
      assert.deepEqual(
        await storedCodecs(directory, topic, sent.length),
        [codecId, codecId, codecId],
        `three ${codec} batches as produced`,
      );
      const fetched = await fetchAll(client, topic, sent.length);
      assert.deepEqual(
        fetched.map((r) => comparable(r, r.offset)),
        sent.map((r, i) => comparable(r, i)),
      );
    });
  }

  test('a FileStreamSource with producer.override.compression.type=lz4 writes lz4 batches', async () => {
    const { rest, dataDir } = stackRef.current;
    const topic = uniqueName('lz4-source');
    const name = uniqueName('lz4-file-source');
    const file = join(dataDir, `${name}.txt`);
    const lines = Array.from({ length: 2_000 }, (_, i) => `line ${i} ${'lz4 '.repeat(i % 20)}`);
    await writeFile(file, lines.join('\n') + '\n');
    await client.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
    const STRING = 'org.apache.kafka.connect.storage.StringConverter';
    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'FileStreamSource',
        topic,
        file,
        'value.converter': STRING,
        'producer.override.compression.type': 'lz4',
      },
    });
    assert.equal(created.status, 201);
    const end = async (): Promise<number> =>
      (await client.listOffsets([{ topic, partition: 0 }], 'latest')).get(`${topic}-0`) ?? 0;
    await waitFor(async () => (await end()) === lines.length, {
      timeoutMs: 30_000,
      message: `${lines.length} records in ${topic}`,
    });
    const codecs = await storedCodecs(directory, topic, lines.length);
    assert.ok(
      codecs.length > 0 && codecs.every((c) => c === CompressionCodec.LZ4),
      `lz4 batches only: ${codecs.join(',')}`,
    );
    assert.deepEqual(
      (await fetchAll(client, topic, lines.length)).map((r) => Buffer.from(r.value ?? []).toString()),
      lines,
    );
    assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
  });

  test('a FileStreamSink on a zstd topic writes every line', async () => {
    const { rest, dataDir } = stackRef.current;
    const topic = uniqueName('zstd-sink');
    const name = uniqueName('zstd-file-sink');
    const file = join(dataDir, `${name}.txt`);
    await client.createTopics([
      { topic, numPartitions: 1, replicationFactor: 1, configs: { 'compression.type': 'zstd' } },
    ]);
    const lines = Array.from({ length: 3_000 }, (_, i) => `line ${i} ${'zstd '.repeat(i % 20)}`);
    await client.send(
      lines.map((line) => ({ topic, partition: 0, key: null, value: text(line), timestamp: null, headers: [] })),
    );
    assert.deepEqual(await storedCodecs(directory, topic, lines.length), [CompressionCodec.ZSTD]);

    const STRING = 'org.apache.kafka.connect.storage.StringConverter';
    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'FileStreamSink',
        topics: topic,
        file,
        'key.converter': STRING,
        'value.converter': STRING,
      },
    });
    assert.equal(created.status, 201);
    const written = async (): Promise<string[]> =>
      (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
    await waitFor(async () => (await written()).length >= lines.length, {
      timeoutMs: 30_000,
      message: `${lines.length} lines in ${file}`,
    });
    assert.deepEqual(await written(), lines);
    const status = await rest.get<{ tasks: Array<{ state: string }> }>(`/connectors/${name}/status`);
    assert.deepEqual(
      status.body.tasks.map((t) => t.state),
      ['RUNNING'],
    );
    assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
  });
});
