/**
 * Brings Apicurio Registry (a Confluent-compatible Schema Registry server, Apache-2.0) from Maven Central
 * into the project's git-ignored cache, once. Version 3.0.9 runs on Java 17 and ships as the `all.tar.gz`
 * classifier of `io.apicurio:apicurio-registry-app` (a Quarkus runner jar beside its `lib/`).
 *
 * Not through `mvn` as local/kafka does: the artifact's parent pom (`io.apicurio:apicurio-registry:3.0.9`)
 * is not on Central, so Maven refuses to resolve it. We download the one file over HTTPS instead and check
 * it against Central's published SHA-1 before unpacking.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withDirectoryLock } from '../kafka/directory-lock.js';

/** The Apicurio Registry version the tests and `START_SCHEMA_REGISTRY=1 npm start` run. */
export const APICURIO_VERSION = '3.0.9';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACT_URL = `https://repo.maven.apache.org/maven2/io/apicurio/apicurio-registry-app/${APICURIO_VERSION}/apicurio-registry-app-${APICURIO_VERSION}-all.tar.gz`;

export interface ApicurioFetchOptions {
  /** Where the unpacked server lives; defaults to `<repo>/.cache/apicurio/<version>`. */
  readonly cacheDir?: string;
  /** Receives progress lines; defaults to stderr. */
  readonly onProgress?: (message: string) => void;
}

/** The path of the runner jar (its `lib/` beside it), downloading and unpacking it on first use. */
export async function ensureApicurio(options: ApicurioFetchOptions = {}): Promise<string> {
  const baseDir = options.cacheDir ?? join(REPO_ROOT, '.cache', 'apicurio', APICURIO_VERSION);
  const appDir = join(baseDir, 'app');
  const jar = join(appDir, `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`);
  const marker = join(baseDir, 'app.complete');
  if ((await readText(marker)) === ARTIFACT_URL) return jar;
  await mkdir(baseDir, { recursive: true });
  await withDirectoryLock(join(baseDir, 'app.lock'), async () => {
    if ((await readText(marker)) === ARTIFACT_URL) return; // another process finished it meanwhile
    const progress = options.onProgress ?? ((message: string) => process.stderr.write(`[apicurio] ${message}\n`));
    const started = Date.now();
    progress(`fetching ${ARTIFACT_URL} into ${appDir} (first run only)`);
    const archive = join(baseDir, `app-${process.pid}.tar.gz`);
    const staging = `${appDir}.staging-${process.pid}`;
    try {
      await download(ARTIFACT_URL, archive);
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      await run('tar', ['xzf', archive, '-C', staging]);
      await rm(appDir, { recursive: true, force: true });
      await rename(staging, appDir);
      await writeFile(marker, ARTIFACT_URL);
    } finally {
      await rm(archive, { force: true });
      await rm(staging, { recursive: true, force: true });
    }
    progress(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  return jar;
}

/** Downloads `url` to `path` and checks it against the `.sha1` file Central publishes beside it. */
async function download(url: string, path: string): Promise<void> {
  const [body, sha1] = await Promise.all([
    fetchOk(url).then((r) => r.arrayBuffer()),
    fetchOk(`${url}.sha1`).then((r) => r.text()),
  ]);
  const bytes = Buffer.from(body);
  const actual = createHash('sha1').update(bytes).digest('hex');
  const expected = sha1.trim().split(/\s+/)[0]?.toLowerCase();
  if (actual !== expected) throw new Error(`${url}: SHA-1 ${actual} does not match the published ${expected}`);
  await writeFile(path, bytes);
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response;
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`)),
    );
  });
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}
