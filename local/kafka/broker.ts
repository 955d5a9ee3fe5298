/**
 * Launches a real single-node Apache Kafka broker (KRaft, combined broker + controller) from the jars
 * that `fetch.ts` caches. Used by the local stack and by integration tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerProperties, log4jProperties, parseProperties } from './broker-config.js';
import { ensureKafkaJars } from './fetch.js';
import { freePort } from './free-port.js';
import { runJavaTool } from './java-tool.js';
import { startJvm } from './jvm-process.js';
import { waitUntilServing } from './readiness.js';

const DEFAULT_START_TIMEOUT_MS = 90_000;
const HEAP_ARGS = ['-Xms256m', '-Xmx512m'];

export interface KafkaBrokerOptions {
  /** Keeps the broker's data here across restarts; default: a temp dir removed by `stop()`. */
  readonly dataDir?: string;
  /** The client (PLAINTEXT) port; default: a free port the OS picks. */
  readonly port?: number;
  /** Receives the broker's output lines (Log4j2 at warn). */
  readonly log?: (line: string) => void;
  readonly startTimeoutMs?: number;
  /** Broker settings over the defaults (`server.properties` keys). */
  readonly overrides?: Readonly<Record<string, string>>;
}

export interface KafkaBroker {
  /** `127.0.0.1:<port>` */
  readonly bootstrapServers: string;
  readonly clusterId: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Stops the broker (SIGTERM, SIGKILL after a timeout) and removes a temp data dir. */
  stop(): Promise<void>;
}

/** Starts a broker and resolves once it answers metadata requests with its cluster id. */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const libDir = await ensureKafkaJars();
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'lc-kafka-')));
  try {
    try {
      return await launch(libDir, dataDir, temporary, options);
    } catch (error) {
      // A port the OS called free can be taken before the broker binds it: pick new ones, once.
      if (options.port !== undefined || !String(error).includes('Address already in use')) throw error;
      return await launch(libDir, dataDir, temporary, options);
    }
  } catch (error) {
    if (temporary) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(
  libDir: string,
  dataDir: string,
  temporary: boolean,
  options: KafkaBrokerOptions,
): Promise<KafkaBroker> {
  const configDir = join(dataDir, 'config');
  const logDir = join(dataDir, 'kraft-logs');
  await mkdir(configDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const controllerPort = await freePort();
  const serverProperties = join(configDir, 'server.properties');
  const log4jConfigFile = join(configDir, 'log4j2.properties');
  await writeFile(
    serverProperties,
    brokerProperties({
      port,
      controllerPort,
      logDir,
      ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
    }),
  );
  await writeFile(log4jConfigFile, log4jProperties('warn'));

  const clusterId = (await existingClusterId(logDir)) ?? randomClusterId();
  await runJavaTool({
    classpathDir: libDir,
    mainClass: 'kafka.tools.StorageTool',
    args: ['format', '-t', clusterId, '-c', serverProperties, '--ignore-formatted'],
    log4jConfigFile,
  });

  const jvm = startJvm({
    classpathDir: libDir,
    mainClass: 'kafka.Kafka',
    args: [serverProperties],
    log4jConfigFile,
    logFile: join(dataDir, 'server.log'),
    jvmArgs: HEAP_ARGS,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const bootstrapServers = `127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await jvm.stop();
    if (temporary) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing({
      bootstrapServers,
      expectedClusterId: clusterId,
      jvm,
      what: 'Kafka broker',
      timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    });
  } catch (error) {
    await jvm.stop();
    throw error;
  }
  return { bootstrapServers, clusterId, pid: jvm.pid, dataDir, stop };
}

/** The cluster id a previous run formatted the log dir with, so a restart keeps its identity. */
async function existingClusterId(logDir: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(join(logDir, 'meta.properties'), 'utf8');
  } catch {
    return undefined;
  }
  return parseProperties(text).get('cluster.id');
}

/**
 * A Kafka cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid`
 * prints). Kafka avoids ids starting with '-', which command lines take for an option.
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
