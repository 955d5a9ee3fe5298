/**
 * Node.js 22, the version of Lambda's `nodejs22.x` runtime, installed from the npm registry (the
 * `node-<platform>-<arch>` packages carry the official binaries) into `.cache/`, so the bundle test and
 * CI need no other download site. `tsx scripts/node22.ts` installs it and prints the binary's path.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The newest 22.x on the registry in December; Lambda keeps `nodejs22.x` on the latest 22 release. */
export const NODE22_VERSION = '22.23.5';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function packageName(): string {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

/** The path of a Node 22 binary, installing it into `.cache/` first if needed. */
export async function ensureNode22(): Promise<string> {
  const dir = join(await cacheRoot(), `${packageName()}-${NODE22_VERSION}`);
  const binary = join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  try {
    await access(binary);
    return binary;
  } catch {
    // Not installed yet.
  }
  const work = await mkdtemp(join(tmpdir(), 'lc-node22-'));
  try {
    const { stdout } = await run(
      'npm',
      ['pack', `${packageName()}@${NODE22_VERSION}`, '--silent', '--pack-destination', work],
      { cwd: work },
    );
    const tarball = join(work, stdout.trim().split('\n').pop() ?? '');
    await run('tar', ['-xzf', tarball, '-C', work]);
    // Renamed into place whole: a concurrent installer never sees half a tree.
    await rename(join(work, 'package'), dir).catch(async (error: unknown) => {
      await access(binary).catch(() => {
        throw error;
      });
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const { stdout } = await run(binary, ['--version']);
  if (!stdout.startsWith(`v${NODE22_VERSION}`))
    throw new Error(`${binary} reports ${stdout.trim()}, expected v${NODE22_VERSION}`);
  return binary;
}

/** `.cache/`, or a directory under the system's temp dir when `.cache` cannot be written (a dangling link). */
async function cacheRoot(): Promise<string> {
  const preferred = join(ROOT, '.cache');
  try {
    await mkdir(preferred, { recursive: true });
    return preferred;
  } catch {
    const fallback = join(tmpdir(), 'lambda-connect-cache');
    await mkdir(fallback, { recursive: true });
    return fallback;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${await ensureNode22()}\n`);
}
