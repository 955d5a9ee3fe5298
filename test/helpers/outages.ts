/**
 * Dependencies that tests can take away and give back: a Kafka broker and an embedded DynamoDB
 * (dynalite in its own process), each SIGKILLed on demand and restarted on the same port with the same
 * data directory, as a crashed broker or database server comes back. Used by the outage integration
 * tests and the chaos suite. Each owns a temp directory, removed by `stop()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDynamoProcess, type EmbeddedDynamoProcess } from '../../local/dynamodb/index.js';
import { startKafkaBroker, type KafkaBroker } from '../../local/kafka/broker.js';
import { freePort } from '../../local/kafka/free-port.js';

export interface RestartableDependency {
  /** `host:port` (Kafka) or `http://host:port` (DynamoDB); the same across restarts. */
  readonly address: string;
  /** The live process id, or null while killed. */
  pid(): number | null;
  /** SIGKILL (no clean shutdown) and wait until the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it serves. */
  restart(): Promise<void>;
  /** Stops it (if running) and removes its data directory. */
  stop(): Promise<void>;
}

/** A single-node KRaft broker on a fixed port whose log dir survives `kill()`. */
export async function startRestartableBroker(): Promise<RestartableDependency> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lc-outage-kafka-'));
  const port = await freePort();
  let broker: KafkaBroker | null = null;
  try {
    broker = await startKafkaBroker({ dataDir, port });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    address: `127.0.0.1:${port}`,
    pid: () => broker?.pid ?? null,
    kill: async () => {
      if (broker === null) return;
      process.kill(broker.pid, 'SIGKILL');
      await broker.stop();
      broker = null;
    },
    restart: async () => {
      if (broker !== null) return;
      broker = await startKafkaBroker({ dataDir, port });
    },
    stop: async () => {
      await broker?.stop();
      broker = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** dynalite in its own process, on a fixed port, with its LevelDB files kept across `kill()`. */
export async function startRestartableDynamo(): Promise<RestartableDependency> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lc-outage-dynamo-'));
  const port = await freePort();
  let server: EmbeddedDynamoProcess | null = null;
  try {
    server = await startEmbeddedDynamoProcess({ port, dataDir });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    address: server.endpoint,
    pid: () => server?.pid ?? null,
    kill: async () => {
      if (server === null) return;
      process.kill(server.pid, 'SIGKILL');
      await server.close();
      server = null;
    },
    restart: async () => {
      if (server !== null) return;
      server = await startEmbeddedDynamoProcess({ port, dataDir });
    },
    stop: async () => {
      await server?.close();
      server = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
