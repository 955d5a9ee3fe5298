/**
 * A JVM child process (a Kafka broker or a Connect worker) that never outlives us: it is stopped by
 * `stop()`, by a process 'exit' hook, and, when this Node process dies without running hooks (SIGKILL,
 * a crashed test runner), by a tiny shell watchdog that notices our PID is gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const TAIL_LINES = 200;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;

// $1: our PID, $2: the JVM's PID. Polls once a second; when we are gone, stops the JVM (SIGTERM,
// then SIGKILL if it is still there 15 s later).
const WATCHDOG_SCRIPT = [
  'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done',
  'kill -0 "$2" 2>/dev/null || exit 0',
  'kill -TERM "$2"',
  'i=0; while kill -0 "$2" 2>/dev/null && [ "$i" -lt 15 ]; do sleep 1; i=$((i+1)); done',
  'kill -KILL "$2" 2>/dev/null; exit 0',
].join('\n');

export interface JvmProcessOptions {
  /** Directory whose jars form the classpath. */
  readonly classpathDir: string;
  readonly mainClass: string;
  readonly args: readonly string[];
  readonly log4jConfigFile: string;
  /** Where stdout and stderr are appended. */
  readonly logFile: string;
  readonly jvmArgs?: readonly string[];
  /** Receives each output line as it arrives. */
  readonly log?: (line: string) => void;
}

export interface JvmProcess {
  readonly pid: number;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** The last output lines, for error messages. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process is gone. */
  stop(timeoutMs?: number): Promise<void>;
}

export function startJvm(options: JvmProcessOptions): JvmProcess {
  const javaArgs = [
    ...(options.jvmArgs ?? []),
    `-Dlog4j2.configurationFile=${options.log4jConfigFile}`,
    '-cp',
    `${options.classpathDir}/*`,
    options.mainClass,
    ...options.args,
  ];
  const child = spawn('java', javaArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('Could not start java (is a JDK 17+ installed?)');
  const pid = child.pid;
  const lines: string[] = [];
  const logStream = createWriteStream(options.logFile, { flags: 'a' });
  const onLine = (line: string): void => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    logStream.write(`${line}\n`);
    options.log?.(line);
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  void exited.then(() => logStream.end());

  const watchdog = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'jvm-watchdog', String(process.pid), String(pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();

  const killOnExit = (): void => {
    if (exitCode === undefined) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  return {
    pid,
    exited,
    hasExited: () => exitCode !== undefined,
    tail: () => lines.join('\n'),
    stop: async (timeoutMs = DEFAULT_STOP_TIMEOUT_MS) => {
      try {
        await terminate(child, exited, () => exitCode !== undefined, timeoutMs);
      } finally {
        process.off('exit', killOnExit);
        stopWatchdog(watchdog);
      }
    },
  };
}

async function terminate(
  child: ChildProcess,
  exited: Promise<unknown>,
  hasExited: () => boolean,
  timeoutMs: number,
): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout' && !hasExited()) {
    child.kill('SIGKILL');
    await exited;
  }
}

function stopWatchdog(watchdog: ChildProcess): void {
  if (watchdog.exitCode !== null || watchdog.pid === undefined) return;
  try {
    // Its own process group (detached), so its `sleep` goes too.
    process.kill(-watchdog.pid, 'SIGTERM');
  } catch {
    // Already gone: it exits by itself within a second of the JVM.
  }
}
