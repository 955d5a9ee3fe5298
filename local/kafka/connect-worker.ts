/**
 * Launches a real Apache Kafka Connect 4.3.1 distributed worker (the reference implementation) beside
 * a broker, so tests can compare our REST API and behaviour with Connect's own. Each start uses its
 * own group id and internal topics, so workers never share state.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { log4jProperties, toProperties } from './broker-config.js';
import { ensureConnectJars } from './fetch.js';
import { freePort } from './free-port.js';
import { startJvm, type JvmProcess } from './jvm-process.js';

const DEFAULT_START_TIMEOUT_MS = 120_000;
const POLL_MS = 200;
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

export interface ConnectWorkerOptions {
  readonly bootstrapServers: string;
  /** REST port; default: a free port the OS picks. */
  readonly port?: number;
  readonly log?: (line: string) => void;
  readonly startTimeoutMs?: number;
  /** Extra worker properties (override the defaults below). */
  readonly properties?: Readonly<Record<string, string>>;
}

export interface ConnectWorker {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: number;
  readonly groupId: string;
  /** Stops the worker and removes its temp dir. */
  stop(): Promise<void>;
}

export async function startConnectWorker(options: ConnectWorkerOptions): Promise<ConnectWorker> {
  const libDir = await ensureConnectJars();
  const workDir = await mkdtemp(join(tmpdir(), 'lc-connect-'));
  const port = options.port ?? (await freePort());
  const id = `oracle-${randomBytes(4).toString('hex')}`;
  const propertiesFile = join(workDir, 'connect-distributed.properties');
  const log4jConfigFile = join(workDir, 'log4j2.properties');
  await writeFile(
    propertiesFile,
    toProperties({ ...workerProperties(options.bootstrapServers, id, port), ...options.properties }),
  );
  await writeFile(log4jConfigFile, log4jProperties('warn'));
  const jvm = startJvm({
    classpathDir: libDir,
    mainClass: 'org.apache.kafka.connect.cli.ConnectDistributed',
    args: [propertiesFile],
    log4jConfigFile,
    logFile: join(workDir, 'connect.log'),
    jvmArgs: ['-Xms128m', '-Xmx512m'],
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await jvm.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitForRest(url, jvm, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: jvm.pid, groupId: id, stop };
}

function workerProperties(bootstrapServers: string, id: string, port: number): Record<string, string> {
  return {
    'bootstrap.servers': bootstrapServers,
    'group.id': id,
    'key.converter': JSON_CONVERTER,
    'value.converter': JSON_CONVERTER,
    'config.storage.topic': `${id}-configs`,
    'offset.storage.topic': `${id}-offsets`,
    'status.storage.topic': `${id}-status`,
    'config.storage.replication.factor': '1',
    'offset.storage.replication.factor': '1',
    'status.storage.replication.factor': '1',
    'offset.storage.partitions': '5',
    'status.storage.partitions': '1',
    'offset.flush.interval.ms': '1000',
    listeners: `http://127.0.0.1:${port}`,
    'rest.advertised.host.name': '127.0.0.1',
    'rest.advertised.port': String(port),
    // connect-file sits on the classpath with ServiceLoader manifests: no plugin.path, no reflective scan.
    'plugin.discovery': 'service_load',
  };
}

/**
 * `GET /` answers as soon as Jetty is up, but requests about connectors fail with 409/503 until the
 * worker has joined its group and read the config topic; `GET /connectors` answering 200 means ready.
 */
async function waitForRest(url: string, jvm: JvmProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (jvm.hasExited())
      throw new Error(`Kafka Connect worker (pid ${jvm.pid}) exited during startup. Log tail:\n${jvm.tail()}`);
    try {
      const [root, connectors] = await Promise.all([fetch(`${url}/`), fetch(`${url}/connectors`)]);
      await Promise.all([root.text(), connectors.text()]);
      if (root.ok && connectors.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(POLL_MS);
  }
  throw new Error(
    `Kafka Connect worker (pid ${jvm.pid}) at ${url} not ready after ${timeoutMs} ms. Log tail:\n${jvm.tail()}`,
  );
}
