/**
 * A lambda-connect local stack for the REST measurements only: no scheduler ticks, nothing between the
 * stores and DynamoDB (the other stacks of the benchmark reach it through the metering proxy, an extra
 * HTTP hop in the benchmark's own process that nearly doubled the CPU per REST request), and its
 * stores seeded with two idle connectors shaped as the benchmark's own after their first slices (one
 * task each, connector and task RUNNING). Its embedded DynamoDB runs where the local stack puts it by
 * default: in a process of its own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { State } from '../lib/stores/model.js';
import type { Stores } from '../lib/stores/ports.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../local/stack.js';
import { ConverterChoice, sinkConfig, sourceConfig } from './pipeline.js';

export const REST_IDLE_CONNECTORS = ['bench-idle-source', 'bench-idle-sink'] as const;

/** Long enough that no tick happens on its own during a benchmark. */
const NO_TICK_MS = 3_600_000;

export interface RestStack {
  readonly stack: LocalStack;
  readonly url: string;
  readonly connectors: readonly string[];
  /** CPU time (ms) used so far by the processes serving REST requests: this one and DynamoDB's. */
  cpuMs(): Promise<number>;
  /** The same, per process. */
  cpuMsByProcess(): Promise<{ readonly stack: number; readonly dynamo: number }>;
  stop(): Promise<void>;
}

export interface RestStackOptions {
  /** Never contacted by the REST reads measured; any address will do when there is no broker. */
  readonly bootstrapServers: string;
  readonly workDir: string;
  readonly stack?: Partial<LocalStackOptions>;
}

export async function startRestStack(options: RestStackOptions): Promise<RestStack> {
  const stack = await startLocalStack({
    port: 0,
    kafkaBootstrapServers: options.bootstrapServers,
    tablePrefix: 'lc-rest',
    tickMs: NO_TICK_MS,
    ...options.stack,
  });
  try {
    const connectors = await seedIdleConnectors(stack.runtime.stores, options.workDir, stack.runtime.config.workerId);
    const dynamoPid = stack.dynamoPid ?? null;
    return {
      stack,
      url: stack.url,
      connectors,
      cpuMs: async () => ownCpuMs() + (dynamoPid === null ? 0 : await processCpuMs(dynamoPid)),
      cpuMsByProcess: async () => ({
        stack: ownCpuMs(),
        dynamo: dynamoPid === null ? 0 : await processCpuMs(dynamoPid),
      }),
      stop: () => stack.stop(),
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** What the benchmark's idle connectors look like in the stores after their first slices. */
async function seedIdleConnectors(stores: Stores, workDir: string, workerId: string): Promise<string[]> {
  const configs = [
    sourceConfig(join(workDir, 'rest-idle-source.txt'), 'bench-rest-idle-out', ConverterChoice.STRING),
    sinkConfig(join(workDir, 'rest-idle-sink.txt'), 'bench-rest-idle', ConverterChoice.STRING),
  ];
  for (const [i, name] of REST_IDLE_CONNECTORS.entries()) {
    const config = { ...configs[i]!, name };
    await stores.configs.putConnector(name, config, 0);
    await stores.configs.putTaskConfigs({
      connector: name,
      generation: 1,
      configVersion: 1,
      tasks: [{ id: 0, config: { ...config, 'task.class': 'T' }, partitions: [] }],
    });
    await stores.statuses.putConnectorStatus(name, { state: State.RUNNING, workerId, generation: 1 });
    await stores.statuses.putTaskStatus(name, {
      id: 0,
      state: State.RUNNING,
      workerId,
      epoch: 1,
      updatedAt: Date.now(),
    });
  }
  return [...REST_IDLE_CONNECTORS];
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** User + system CPU time of another process, from /proc (Linux; clock ticks of 10 ms). */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
