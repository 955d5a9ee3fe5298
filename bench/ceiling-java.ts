/**
 * The broker's ceiling as Kafka's own tools see it: ProducerPerformance (acks=all, idempotent, the
 * Java client's defaults otherwise) and ConsumerPerformance, at the benchmark's record size, on the
 * shared broker. Each is a fresh JVM, as the tools are normally run.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ToolRun {
  readonly recordsPerSec: number;
  readonly mbPerSec: number;
}

export interface JavaToolsContext {
  readonly libDir: string;
  readonly bootstrapServers: string;
  readonly workDir: string;
}

export async function producerPerformance(
  ctx: JavaToolsContext,
  topic: string,
  records: number,
  recordSize: number,
): Promise<ToolRun> {
  const output = await runTool(ctx, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${ctx.bootstrapServers}`,
    'acks=all',
    'enable.idempotence=true',
  ]);
  // "1000000 records sent, 250000.0 records/sec (23.84 MB/sec), 12.3 ms avg latency, ..."
  const summary = /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/.exec(
    output
      .split('\n')
      .filter((l) => l.includes('records sent'))
      .pop() ?? '',
  );
  if (summary === null) throw new Error(`ProducerPerformance printed no summary:\n${output.slice(-2000)}`);
  return { recordsPerSec: Number(summary[2]), mbPerSec: Number(summary[3]) };
}

/** Reads `records` from the start of `topic`; the rate excludes the group join (`fetch.nMsg.sec`). */
export async function consumerPerformance(ctx: JavaToolsContext, topic: string, records: number): Promise<ToolRun> {
  const output = await runTool(ctx, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    ctx.bootstrapServers,
    '--topic',
    topic,
    '--messages',
    String(records),
    '--timeout',
    '60000',
  ]);
  // CSV: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
  //      rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const headerAt = lines.findIndex((l) => l.startsWith('start.time'));
  const header = lines[headerAt]?.split(',').map((h) => h.trim()) ?? [];
  const values = lines[headerAt + 1]?.split(',').map((v) => v.trim()) ?? [];
  const field = (name: string): number => Number(values[header.indexOf(name)]);
  const rate = field('fetch.nMsg.sec');
  if (headerAt < 0 || !Number.isFinite(rate))
    throw new Error(`ConsumerPerformance printed no result:\n${output.slice(-2000)}`);
  return { recordsPerSec: rate, mbPerSec: field('fetch.MB.sec') };
}

async function runTool(ctx: JavaToolsContext, mainClass: string, args: string[]): Promise<string> {
  const log4j = join(ctx.workDir, 'tools-log4j2.properties');
  await writeFile(
    log4j,
    'rootLogger.level = error\nrootLogger.appenderRef.stderr.ref = STDERR\nappender.stderr.type = Console\nappender.stderr.name = STDERR\nappender.stderr.target = SYSTEM_ERR\nappender.stderr.layout.type = PatternLayout\nappender.stderr.layout.pattern = %m%n\n',
  );
  const child = spawn(
    'java',
    ['-Xmx512m', `-Dlog4j2.configurationFile=${log4j}`, '-cp', `${ctx.libDir}/*`, mainClass, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error('Could not run java', { cause: error })));
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${mainClass} exited with ${code}:\n${output.slice(-2000)}`)),
    );
  });
}
