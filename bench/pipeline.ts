/**
 * The FileStream pipeline (file → FileStreamSource → topic → FileStreamSink → file), and its halves,
 * run the same way on either system through the same REST calls. A run's time is from the POST that
 * creates the connector(s) to the moment the whole input is in the sink file (or in the topic, for
 * source-only), so it includes each system's start-up as a user would see it; the time to the first
 * sink byte is reported beside it.
 */
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectClient } from './connect-client.js';
import type { BenchEnvironment } from './environment.js';
import { sha256, waitForSize } from './lines-file.js';
import type { Progress } from './progress.js';

export const SystemName = { APACHE: 'apacheConnect', LAMBDA: 'lambdaConnect' } as const;
export type SystemName = (typeof SystemName)[keyof typeof SystemName];

export const ConverterChoice = { STRING: 'string', JSON: 'json' } as const;
export type ConverterChoice = (typeof ConverterChoice)[keyof typeof ConverterChoice];

const STRING_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';

export interface BenchInput {
  readonly path: string;
  readonly records: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface RunResult {
  readonly ms: number;
  readonly recordsPerSec: number;
  /** From the POST to the first byte in the sink file (pipeline and sink-only runs). */
  readonly firstByteMs?: number;
  /** The sink file equals the input byte for byte. */
  readonly identical?: boolean;
}

let runCounter = 0;

export function clientOf(env: BenchEnvironment, system: SystemName): ConnectClient {
  return system === SystemName.APACHE ? env.apache : env.lambda;
}

function converters(choice: ConverterChoice): Record<string, string> {
  return choice === ConverterChoice.STRING
    ? { 'key.converter': STRING_CONVERTER, 'value.converter': STRING_CONVERTER }
    : {};
}

export function sourceConfig(file: string, topic: string, choice: ConverterChoice): Record<string, string> {
  return {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
    'tasks.max': '1',
    file,
    topic,
    ...converters(choice),
  };
}

export function sinkConfig(file: string, topic: string, choice: ConverterChoice): Record<string, string> {
  return {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    'tasks.max': '1',
    file,
    topics: topic,
    ...converters(choice),
  };
}

function uniqueId(system: SystemName, what: string): string {
  runCounter += 1;
  return `bench-${what}-${system === SystemName.APACHE ? 'ak' : 'lc'}-${process.pid}-${runCounter}`;
}

function timeoutFor(records: number): number {
  return Math.max(120_000, records / 2);
}

/** The whole pipeline; checks the output is byte-identical to the input. */
export async function runPipeline(
  env: BenchEnvironment,
  system: SystemName,
  input: BenchInput,
  choice: ConverterChoice,
  progress: Progress,
): Promise<RunResult> {
  const id = uniqueId(system, 'pipe');
  const client = clientOf(env, system);
  const output = join(env.workDir, `${id}.out`);
  await env.kafka.createTopics([{ topic: id, numPartitions: 1, replicationFactor: 1 }]);
  const started = performance.now();
  try {
    await client.createConnector(`${id}-source`, sourceConfig(input.path, id, choice));
    await client.createConnector(`${id}-sink`, sinkConfig(output, id, choice));
    const seen = await waitForSize(output, input.bytes, {
      timeoutMs: timeoutFor(input.records),
      onTick: (bytes) => progress.step(`  ${system}: ${Math.round((100 * bytes) / input.bytes)}% in the sink file`),
    });
    const ms = seen.completeAt - started;
    const identical = (await sha256(output)) === input.sha256;
    return { ms, recordsPerSec: (input.records * 1000) / ms, firstByteMs: seen.firstByteAt - started, identical };
  } finally {
    await client.deleteConnector(`${id}-sink`);
    await client.deleteConnector(`${id}-source`);
  }
}

/** The source alone: file → topic, done when the topic's end offset reaches the line count. */
export async function runSourceOnly(
  env: BenchEnvironment,
  system: SystemName,
  input: BenchInput,
  choice: ConverterChoice,
  progress: Progress,
): Promise<RunResult & { topic: string }> {
  const id = uniqueId(system, 'src');
  const client = clientOf(env, system);
  await env.kafka.createTopics([{ topic: id, numPartitions: 1, replicationFactor: 1 }]);
  const started = performance.now();
  try {
    await client.createConnector(`${id}-source`, sourceConfig(input.path, id, choice));
    const deadline = started + timeoutFor(input.records);
    let lastReport = started;
    for (;;) {
      const end = (await env.kafka.listOffsets([{ topic: id, partition: 0 }], 'latest')).get(`${id}-0`) ?? 0;
      const now = performance.now();
      if (end >= input.records) {
        const ms = now - started;
        return { ms, recordsPerSec: (input.records * 1000) / ms, topic: id };
      }
      if (now > deadline)
        throw new Error(
          `${system} source-only: ${end} of ${input.records} records in ${id} after ${Math.round(now - started)} ms`,
        );
      if (now - lastReport > 2_000) {
        lastReport = now;
        progress.step(`  ${system}: ${Math.round((100 * end) / input.records)}% in the topic`);
      }
      await delay(10);
    }
  } finally {
    await client.deleteConnector(`${id}-source`);
  }
}

/** The sink alone, reading a topic that already holds the whole input (written by a source-only run). */
export async function runSinkOnly(
  env: BenchEnvironment,
  system: SystemName,
  input: BenchInput,
  topic: string,
  choice: ConverterChoice,
  progress: Progress,
): Promise<RunResult> {
  const id = uniqueId(system, 'snk');
  const client = clientOf(env, system);
  const output = join(env.workDir, `${id}.out`);
  const started = performance.now();
  try {
    await client.createConnector(`${id}-sink`, sinkConfig(output, topic, choice));
    const seen = await waitForSize(output, input.bytes, {
      timeoutMs: timeoutFor(input.records),
      onTick: (bytes) => progress.step(`  ${system}: ${Math.round((100 * bytes) / input.bytes)}% in the sink file`),
    });
    const ms = seen.completeAt - started;
    const identical = (await sha256(output)) === input.sha256;
    return { ms, recordsPerSec: (input.records * 1000) / ms, firstByteMs: seen.firstByteAt - started, identical };
  } finally {
    await client.deleteConnector(`${id}-sink`);
  }
}
