/**
 * The benchmark's data: a file of numbered ASCII lines of a fixed length, and the checks on what a
 * FileStreamSink wrote (complete, then byte-identical to the input).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/** Line `i` (0-based), exactly `length` bytes before its `\n`. */
export function benchLine(i: number, length: number): string {
  const head = `line ${String(i).padStart(9, '0')} `;
  return (
    head +
    'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(length / 36)).slice(0, Math.max(0, length - head.length))
  );
}

/** Writes `count` lines of `length` bytes (plus `\n`) to `path`; returns the file's size in bytes. */
export async function writeLinesFile(path: string, count: number, length: number): Promise<number> {
  const handle = await open(path, 'w');
  try {
    const perChunk = 10_000;
    for (let from = 0; from < count; from += perChunk) {
      const to = Math.min(count, from + perChunk);
      let text = '';
      for (let i = from; i < to; i++) text += benchLine(i, length) + '\n';
      await handle.write(text);
    }
  } finally {
    await handle.close();
  }
  return count * (length + 1);
}

export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

export interface SinkProgress {
  /** ms (performance.now()) when the first byte was seen in the sink file. */
  readonly firstByteAt: number;
  /** ms (performance.now()) when the sink file reached the expected size. */
  readonly completeAt: number;
}

/**
 * Polls the sink file every `intervalMs` until it holds `expectedBytes`; fails after `timeoutMs`
 * saying how far it got. `onTick` sees the size for progress lines.
 */
export async function waitForSize(
  path: string,
  expectedBytes: number,
  options: { timeoutMs: number; intervalMs?: number; onTick?: (bytes: number) => void },
): Promise<SinkProgress> {
  const started = performance.now();
  const interval = options.intervalMs ?? 10;
  let firstByteAt: number | null = null;
  let lastReport = started;
  for (;;) {
    const size = await fileSize(path);
    const now = performance.now();
    if (size > 0 && firstByteAt === null) firstByteAt = now;
    if (size >= expectedBytes) return { firstByteAt: firstByteAt ?? now, completeAt: now };
    if (now - lastReport >= 2_000) {
      lastReport = now;
      options.onTick?.(size);
    }
    if (now - started > options.timeoutMs)
      throw new Error(`${path} holds ${size} of ${expectedBytes} bytes after ${options.timeoutMs} ms`);
    await delay(interval);
  }
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
