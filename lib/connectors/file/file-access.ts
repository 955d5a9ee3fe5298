/**
 * Where the FileStream connectors may read and write (issue 10, item 4; decision 0008). Connect lets them
 * touch any path the worker can; here a worker-level setting, `LC_FILE_ALLOWED_DIRS` (the environment of
 * every function, so validation in the REST API and the tasks agree), lists the directories, and a file
 * must resolve inside one of them after `..` and every symlink are followed. Unset, the only directory
 * is the system temp dir (Lambda's only writable one, and where tests write).
 */
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve, sep } from 'node:path';
import { ConfigError } from '../../api/index.js';
import { Env } from '../../config/env.js';

/** The documented name of the setting, as messages show it. */
export const FILE_ALLOWED_DIRS_SETTING = Env.FILE_ALLOWED_DIRS;

/** The allowed directories as configured (not yet resolved). */
export function fileAllowedDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env[Env.FILE_ALLOWED_DIRS];
  if (value === undefined || value.trim() === '') return [tmpdir()];
  return value
    .split(delimiter)
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

/**
 * The real path `file` names, when it lies inside an allowed directory; a `ConfigError` in Connect's
 * "Invalid value … for configuration …" shape otherwise. A file that does not exist yet resolves through
 * its deepest existing directory.
 */
export function confineFile(key: string, file: string, dirs: readonly string[] = fileAllowedDirs()): string {
  const real = realPathOf(key, file);
  const roots = dirs.flatMap((dir) => {
    try {
      return [realpathSync(resolve(dir))];
    } catch {
      return [];
    }
  });
  const inside = roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
  if (!inside) {
    throw ConfigError.invalidValue(
      key,
      file,
      `the file is outside the directories FileStream connectors may use (${FILE_ALLOWED_DIRS_SETTING}=${dirs.join(delimiter)})`,
    );
  }
  return real;
}

function realPathOf(key: string, file: string): string {
  if (file.includes('\0')) throw ConfigError.invalidValue(key, JSON.stringify(file), 'a file name cannot contain NUL');
  // `resolve` removes `..`; the deepest part that exists is resolved through its symlinks, and what
  // does not exist yet (the file, or directories Connect would fail or wait on) cannot be a symlink.
  let existing = resolve(file);
  const missing: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(existing), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = dirname(existing);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === existing) {
        throw ConfigError.invalidValue(key, file, `cannot resolve the path: ${(error as Error).message}`);
      }
      missing.push(basename(existing));
      existing = parent;
    }
  }
}

/** ConfigDef validator for a `file` key: null or empty (stdin/stdout) passes, a path must be confined. */
export function confinedFile(name: string, value: unknown): void {
  if (typeof value === 'string' && value !== '') confineFile(name, value);
}
