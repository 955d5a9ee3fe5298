/**
 * Everything the benchmark runs against, started once: one Kafka broker shared by both systems, the
 * Apache Kafka Connect 4.3.1 worker, and the lambda-connect local stack (its embedded DynamoDB behind
 * the metering proxy). `stop()` stops all of it, in reverse order, also after a failure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkajsKafka } from '../lib/kafka/kafkajs/kafkajs-kafka.js';
import type { SliceReport } from '../lib/worker/task-runner.js';
import { startEmbeddedDynamo } from '../local/dynamodb/index.js';
import { startKafkaBroker } from '../local/kafka/broker.js';
import { startConnectWorker } from '../local/kafka/connect-worker.js';
import { startLocalStack, type LocalStack } from '../local/stack.js';
import { connectClient, type ConnectClient } from './connect-client.js';
import { startDynamoMeter, type DynamoMeter } from './dynamo-meter.js';
import type { Progress } from './progress.js';

/** A finished slice as the stack reported it, stamped with when it ended. */
export interface TimedSlice extends SliceReport {
  readonly endedAt: number;
}

export interface BenchEnvironment {
  readonly workDir: string;
  readonly bootstrapServers: string;
  readonly brokerPid: number;
  readonly apache: ConnectClient;
  readonly apachePid: number;
  readonly lambda: ConnectClient;
  readonly stack: LocalStack;
  readonly dynamo: DynamoMeter;
  /** Every slice the local stack finished, in order. */
  readonly slices: TimedSlice[];
  /** An admin/producer client on the shared broker. */
  readonly kafka: KafkajsKafka;
  /** The local stack's scheduler tick interval (ms). */
  readonly tickMs: number;
  stop(): Promise<void>;
}

export const LOCAL_TICK_MS = 2_000;

export async function startEnvironment(progress: Progress): Promise<BenchEnvironment> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => progress.step(`stop step failed: ${String(error)}`));
  };
  try {
    const workDir = await mkdtemp(join(tmpdir(), 'lc-bench-'));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
    progress.step('starting the Kafka broker (KRaft, Kafka 4.3.1)');
    const broker = await startKafkaBroker({ dataDir: join(workDir, 'kafka') });
    cleanups.push(() => broker.stop());
    const kafka = new KafkajsKafka({ brokers: [broker.bootstrapServers], clientId: 'lc-bench' });
    cleanups.push(() => kafka.close());

    progress.step('starting Apache Kafka Connect 4.3.1 (distributed worker)');
    const worker = await startConnectWorker({ bootstrapServers: broker.bootstrapServers });
    cleanups.push(() => worker.stop());

    progress.step('starting the lambda-connect local stack (embedded DynamoDB behind a metering proxy)');
    const embedded = await startEmbeddedDynamo();
    cleanups.push(() => embedded.close());
    const dynamo = await startDynamoMeter(embedded.endpoint);
    cleanups.push(() => dynamo.close());
    const slices: TimedSlice[] = [];
    const stack = await startLocalStack({
      port: 0,
      kafkaBootstrapServers: broker.bootstrapServers,
      dynamoEndpoint: dynamo.endpoint,
      tablePrefix: 'lc-bench',
      tickMs: LOCAL_TICK_MS,
      onSlice: (report) => slices.push({ ...report, endedAt: performance.now() }),
    });
    cleanups.push(() => stack.stop());
    return {
      workDir,
      bootstrapServers: broker.bootstrapServers,
      brokerPid: broker.pid,
      apache: connectClient(worker.url),
      apachePid: worker.pid,
      lambda: connectClient(stack.url),
      stack,
      dynamo,
      slices,
      kafka,
      tickMs: LOCAL_TICK_MS,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
