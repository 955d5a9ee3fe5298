/**
 * The Node-side ceilings, on the shared broker at the benchmark's record size:
 * - raw kafkajs: its own Producer (acks=all, idempotent, one `sendBatch` of `batchSize` records at a
 *   time, as a source slice sends one poll's batch) and its own Consumer (a group, `eachBatch`; the
 *   rate runs from the first batch, so the group join is excluded);
 * - our KafkaPort adapter (lib/kafka/kafkajs): `send` with the same batches, and group-less `fetch`
 *   loops as a sink slice does. The gap between the two pairs is our adapter's cost or gain.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaPort, ProduceRecord } from '../lib/kafka/kafka-port.js';
import { benchLine } from './lines-file.js';
import type { ToolRun } from './ceiling-java.js';

export const PRODUCE_BATCH = 2000;

function values(count: number, length: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(benchLine(i, length)));
}

function rate(records: number, ms: number, bytes: number): ToolRun {
  return { recordsPerSec: (records * 1000) / ms, mbPerSec: bytes / 1024 / 1024 / (ms / 1000) };
}

export async function kafkajsProduce(
  bootstrapServers: string,
  topic: string,
  records: number,
  length: number,
): Promise<ToolRun> {
  const kafka = new Kafka({ brokers: [bootstrapServers], clientId: 'bench-kafkajs', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
  await producer.connect();
  try {
    const batch = values(PRODUCE_BATCH, length).map((value) => ({ value }));
    const started = performance.now();
    for (let sent = 0; sent < records; sent += PRODUCE_BATCH) {
      await producer.send({ topic, acks: -1, messages: batch.slice(0, Math.min(PRODUCE_BATCH, records - sent)) });
    }
    return rate(records, performance.now() - started, records * length);
  } finally {
    await producer.disconnect();
  }
}

export async function kafkajsConsume(bootstrapServers: string, topic: string, records: number): Promise<ToolRun> {
  const kafka = new Kafka({ brokers: [bootstrapServers], clientId: 'bench-kafkajs', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: `bench-kafkajs-${process.pid}-${Date.now()}`,
    maxBytes: 8 * 1024 * 1024,
    maxBytesPerPartition: 8 * 1024 * 1024,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let count = 0;
    let bytes = 0;
    let firstAt = 0;
    const done = new Promise<number>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (firstAt === 0) firstAt = performance.now();
          for (const message of batch.messages) bytes += message.value?.length ?? 0;
          count += batch.messages.length;
          if (count >= records) resolve(performance.now());
        },
      });
    });
    const endedAt = await withTimeout(done, 120_000, `kafkajs consumer read fewer than ${records} records`);
    return rate(count, endedAt - firstAt, bytes);
  } finally {
    await consumer.disconnect();
  }
}

export async function adapterProduce(
  kafka: KafkaPort,
  topic: string,
  records: number,
  length: number,
): Promise<ToolRun> {
  const batch: ProduceRecord[] = values(PRODUCE_BATCH, length).map((value) => ({
    topic,
    partition: 0,
    key: null,
    value,
    timestamp: Date.now(),
    headers: [],
  }));
  const started = performance.now();
  for (let sent = 0; sent < records; sent += PRODUCE_BATCH)
    await kafka.send(batch.slice(0, Math.min(PRODUCE_BATCH, records - sent)));
  return rate(records, performance.now() - started, records * length);
}

export async function adapterFetch(kafka: KafkaPort, topic: string, records: number): Promise<ToolRun> {
  let offset = 0;
  let count = 0;
  let bytes = 0;
  const started = performance.now();
  while (count < records) {
    const result = await kafka.fetch([{ topic, partition: 0, offset }], { maxBytes: 8 * 1024 * 1024, maxWaitMs: 250 });
    for (const record of result.records) bytes += record.value?.length ?? 0;
    count += result.records.length;
    offset = result.partitions[0]?.nextOffset ?? offset;
    if (performance.now() - started > 120_000)
      throw new Error(`adapter fetch read ${count} of ${records} records in 120 s`);
  }
  return rate(count, performance.now() - started, bytes);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
