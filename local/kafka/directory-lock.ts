/**
 * A cross-process lock made of a directory (mkdir is atomic). Test files run in parallel processes and
 * may all want the jars on a fresh machine; only one should run Maven.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 250;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const EMPTY_LOCK_GRACE_MS = 10_000;

/** Runs `fn` while holding the lock at `lockDir`; a lock left by a dead process is taken over. */
export async function withDirectoryLock<T>(
  lockDir: string,
  fn: () => Promise<T>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!(await holderAlive(lockDir))) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the lock ${lockDir}`);
      await delay(POLL_MS);
    }
  }
  try {
    await writeFile(join(lockDir, 'pid'), String(process.pid));
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function holderAlive(lockDir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(join(lockDir, 'pid'), 'utf8'));
  } catch {
    // No pid yet: the holder is between mkdir and writeFile, unless that was long ago.
    const created = await stat(lockDir).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    return Date.now() - created < EMPTY_LOCK_GRACE_MS;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
