/**
 * The embedded DynamoDB (dynalite) in a child process of its own. DynamoDB is a separate service on
 * AWS; run beside the local stack in one Node process, dynalite's request handling competes with the
 * REST handler and the task slices for a single thread. In its own process it runs on another core.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EmbeddedDynamo, EmbeddedDynamoOptions } from './embedded.js';

/** Where the local stack runs its embedded DynamoDB. */
export const EmbeddedDynamoPlacement = { CHILD_PROCESS: 'child-process', IN_PROCESS: 'in-process' } as const;
export type EmbeddedDynamoPlacement = (typeof EmbeddedDynamoPlacement)[keyof typeof EmbeddedDynamoPlacement];

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'embedded-process-main.ts');

/** How long the child may take to print `READY` (tsx compiles on start). */
const START_TIMEOUT_MS = 30_000;
/** After SIGTERM the child flushes its store; past this it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/** A running embedded DynamoDB process; `close()` stops it by PID and waits for it to exit. */
export interface EmbeddedDynamoProcess extends EmbeddedDynamo {
  readonly pid: number;
}

/** Spawns the process and resolves once it serves; a failed start leaves no process behind. */
export async function startEmbeddedDynamoProcess(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamoProcess> {
  const args = [options.host ?? '-', options.port === undefined ? '-' : String(options.port), options.dataDir ?? '-'];
  // Its own process group: a Ctrl-C in the terminal reaches only the parent, which stops the stack in
  // order (REST, runtime, then DynamoDB); if the parent dies instead, the closed stdin stops the child.
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4_000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  };
  try {
    const endpoint = await readyLine(child.stdout, exited, () => stderr);
    child.stdout.resume();
    let closing: Promise<void> | undefined;
    return {
      endpoint,
      port: Number(new URL(endpoint).port),
      pid: child.pid as number,
      close: () => (closing ??= stop()),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function readyLine(
  stdout: NodeJS.ReadableStream,
  exited: Promise<unknown>,
  stderr: () => string,
): Promise<string> {
  const lines = createInterface({ input: stdout });
  let timer: NodeJS.Timeout | undefined;
  try {
    const line = await Promise.race([
      once(lines, 'line').then(([first]) => String(first)),
      exited.then(() => {
        throw new Error(`the embedded DynamoDB process exited before it was ready: ${stderr()}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`the embedded DynamoDB process was not ready within ${START_TIMEOUT_MS} ms: ${stderr()}`)),
          START_TIMEOUT_MS,
        );
      }),
    ]);
    if (!line.startsWith('READY ')) throw new Error(`unexpected output from the embedded DynamoDB process: ${line}`);
    return line.slice('READY '.length);
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}
