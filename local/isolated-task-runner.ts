/**
 * Hosts the task runner in a child process (see task-runner-process.ts) and forwards invocations to it
 * through the Invoke API, so tests can kill the process running slices at any point and start a new one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LocalLogger } from './logging.js';

/** How long a SIGTERMed task-runner process may take to drain and exit before it is SIGKILLed. */
const STOP_TIMEOUT_MS = 10_000;
const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'task-runner-process.ts');

export interface IsolatedTaskRunner {
  /** The handler to register in the parent's Invoke endpoint. */
  handler(event: unknown): Promise<unknown>;
  /** SIGKILLs the process (every slice in it dies mid-flight) and starts a fresh one. */
  kill(): Promise<void>;
  readonly pid: () => number | undefined;
  stop(): Promise<void>;
}

export async function startIsolatedTaskRunner(
  env: Record<string, string>,
  functionName: string,
  log: LocalLogger,
): Promise<IsolatedTaskRunner> {
  let child: ChildProcess | null = null;
  let client: LambdaClient | null = null;
  let stopped = false;

  const launch = async (): Promise<void> => {
    const proc = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: proc.stdout! });
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(proc, 'exit').then(() => {
        throw new Error('task-runner process exited before it was ready');
      }),
    ])) as [string];
    if (!line.startsWith('READY ')) throw new Error(`unexpected output from the task-runner process: ${line}`);
    client?.destroy();
    client = new LambdaClient({
      region: 'us-east-1',
      endpoint: line.slice('READY '.length),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    child = proc;
  };
  await launch();

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill(signal);
    // A process that does not end on SIGTERM (its drain is 5 s) is killed: stopping is bounded.
    const fallback = signal === 'SIGKILL' ? undefined : setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(fallback);
  };

  return {
    pid: () => child?.pid,
    async handler(event) {
      if (client === null) throw new Error('task-runner process not running');
      const out = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify(event)),
        }),
      );
      const payload = out.Payload === undefined ? null : JSON.parse(Buffer.from(out.Payload).toString('utf8'));
      if (out.FunctionError) throw new Error(`task runner failed: ${JSON.stringify(payload)}`);
      return payload;
    },
    async kill() {
      await terminate('SIGKILL');
      if (!stopped) await launch();
      log.debug('task-runner process killed and restarted', { pid: child?.pid });
    },
    async stop() {
      stopped = true;
      await terminate('SIGTERM');
      client?.destroy();
    },
  };
}
