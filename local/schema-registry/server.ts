/**
 * A real Confluent-compatible Schema Registry for the tests and `START_SCHEMA_REGISTRY=1 npm start`:
 * Apicurio Registry 3.0.9 (in-memory storage) on a free port, its Confluent API at `/apis/ccompat/v7`,
 * the global compatibility set to BACKWARD (Confluent's default; Apicurio's own is NONE). Stopped by PID
 * (`stop()`, a process exit hook, and the watchdog of local/kafka/jvm-process.ts when we die).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../kafka/free-port.js';
import { startJvm, type JvmProcess } from '../kafka/jvm-process.js';
import { ensureApicurio } from './fetch.js';

const DEFAULT_START_TIMEOUT_MS = 120_000;
const POLL_MS = 200;
/** Quarkus' own main class, from the runner jar's manifest (its Class-Path names the jars in `lib/`). */
const MAIN_CLASS = 'io.quarkus.runner.GeneratedMain';
const HEAP_ARGS = ['-Xms64m', '-Xmx384m'];
/** The path of Apicurio 3's Confluent-compatible API (Confluent's v7 REST API). */
export const CCOMPAT_PATH = '/apis/ccompat/v7';

export interface SchemaRegistryOptions {
  /** Default: a free port the OS picks. */
  readonly port?: number;
  /** Default BACKWARD, as Confluent's registry. */
  readonly compatibility?: string;
  readonly startTimeoutMs?: number;
  /** Receives the server's output lines. */
  readonly log?: (line: string) => void;
}

export interface SchemaRegistryServer {
  /** The `schema.registry.url` to give converters and clients: `http://127.0.0.1:<port>/apis/ccompat/v7`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server (SIGTERM, SIGKILL after a timeout) and removes its log directory. */
  stop(): Promise<void>;
}

/** Starts Apicurio Registry and resolves once its Confluent API answers and compatibility is set. */
export async function startSchemaRegistry(options: SchemaRegistryOptions = {}): Promise<SchemaRegistryServer> {
  const jar = await ensureApicurio();
  const workDir = await mkdtemp(join(tmpdir(), 'lc-schema-registry-'));
  try {
    try {
      return await launch(jar, workDir, options);
    } catch (error) {
      // A port the OS called free can be taken before the server binds it: pick another, once.
      if (options.port !== undefined || !/Address already in use|Port .* seems to be in use/i.test(String(error)))
        throw error;
      return await launch(jar, workDir, options);
    }
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(jar: string, workDir: string, options: SchemaRegistryOptions): Promise<SchemaRegistryServer> {
  const port = options.port ?? (await freePort());
  const jvm = startJvm({
    classpathDir: dirname(jar),
    mainClass: MAIN_CLASS,
    args: [],
    // Quarkus logs through JBoss Logging, not Log4j2: the file is never read, but startJvm wants one.
    log4jConfigFile: join(workDir, 'unused-log4j2.properties'),
    logFile: join(workDir, 'registry.log'),
    jvmArgs: [
      ...HEAP_ARGS,
      `-Dquarkus.http.port=${port}`,
      '-Dquarkus.http.host=127.0.0.1',
      `-Djava.io.tmpdir=${workDir}`,
    ],
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const url = `http://127.0.0.1:${port}${CCOMPAT_PATH}`;
  const stop = async (): Promise<void> => {
    await jvm.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(url, jvm, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    await setGlobalCompatibility(url, options.compatibility ?? 'BACKWARD');
  } catch (error) {
    await jvm.stop();
    throw error;
  }
  return { url, port, pid: jvm.pid, stop };
}

async function waitUntilServing(url: string, jvm: JvmProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (jvm.hasExited())
      throw new Error(`Apicurio Registry (pid ${jvm.pid}) exited before serving. Log tail:\n${jvm.tail()}`);
    try {
      const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      lastError = new Error(`GET /subjects answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await delay(POLL_MS);
  }
  throw new Error(
    `Apicurio Registry (pid ${jvm.pid}) at ${url} not ready after ${timeoutMs} ms. Log tail:\n${jvm.tail()}`,
    { cause: lastError },
  );
}

/** Confluent's `PUT /config`; Apicurio enforces it on every later registration. */
async function setGlobalCompatibility(url: string, compatibility: string): Promise<void> {
  const response = await fetch(`${url}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`PUT ${url}/config answered ${response.status}: ${body}`);
}
