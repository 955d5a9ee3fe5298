/**
 * The synthesized template the local IAM enforcement reads, built once per change of the infrastructure
 * code: `scripts/synth-template.ts` runs in a child process (local/ does not load aws-cdk-lib) and its
 * output is kept under `.cache/iam/`, keyed by a hash of everything that shapes the template.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { localIamContext } from './local-names.js';
import type { CfnTemplate } from './template-policies.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SYNTH_SCRIPT = 'scripts/synth-template.ts';
/** What the template is built from: the CDK code, the constants it shares, the locked CDK version. */
const INPUTS = ['infra', 'lib/config', 'lib/stores/tables.ts', SYNTH_SCRIPT, 'package-lock.json'];

let loaded: Promise<CfnTemplate> | undefined;

/** The template of the default app (synthesized on first use in this process, then cached on disk). */
export function loadSynthesizedTemplate(): Promise<CfnTemplate> {
  return (loaded ??= load());
}

async function load(): Promise<CfnTemplate> {
  const context = localIamContext();
  const hash = await inputsHash(context);
  const dir = join(ROOT, '.cache', 'iam');
  const file = join(dir, `template-${hash}.json`);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CfnTemplate;
  } catch {
    // Not cached yet: synthesize below.
  }
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SYNTH_SCRIPT, ...context], {
    cwd: ROOT,
    env: { ...process.env, CDK_VALIDATION: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const template = JSON.parse(stdout) as CfnTemplate;
  await store(dir, file, stdout);
  return template;
}

/** Best effort: an unwritable cache costs the next process a synth, never this one its start. */
async function store(dir: string, file: string, json: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    // Written aside and renamed: concurrent test processes never read half a file.
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, json);
    await rename(partial, file);
  } catch {
    // Kept in memory for this process only.
  }
}

async function inputsHash(context: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const pair of context) hash.update(pair).update('\0');
  for (const input of INPUTS) {
    for (const file of await filesUnder(join(ROOT, input))) {
      hash
        .update(relative(ROOT, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function filesUnder(path: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return [path];
  }
  const nested = await Promise.all(
    entries.sort((a, b) => a.name.localeCompare(b.name)).map((e) => filesUnder(join(path, e.name))),
  );
  return nested.flat();
}
