/**
 * Brings the Apache Kafka (and Kafka Connect) jars from Maven Central into the project's git-ignored
 * cache, once. There is no Kafka in npm or Debian and no Docker on our machines, but `mvn` and Java 17
 * are, and Maven Central serves every Kafka module.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { withDirectoryLock } from './directory-lock.js';

/** The Kafka version the local stack and the tests run. */
export const KAFKA_VERSION = '4.3.1';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, '..', '..');
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies';
const PROGRESS_INTERVAL_MS = 1000;

export interface JarFetchOptions {
  /** Receives human-readable progress lines while jars are downloaded; defaults to stderr. */
  readonly onProgress?: (message: string) => void;
  /** Where the lib directories live; defaults to `<repo>/.cache/kafka/<version>`. */
  readonly cacheDir?: string;
}

/** The directory of the broker's jars (`kafka_2.13` and Log4j2), downloading them on first use. */
export function ensureKafkaJars(options: JarFetchOptions = {}): Promise<string> {
  return ensureJars('lib', 'pom.xml', options);
}

/** The directory of Kafka Connect's jars (`connect-runtime`, `connect-file`, Log4j2), downloading them on first use. */
export function ensureConnectJars(options: JarFetchOptions = {}): Promise<string> {
  return ensureJars('connect-lib', 'connect-pom.xml', options);
}

async function ensureJars(name: string, pomFile: string, options: JarFetchOptions): Promise<string> {
  const baseDir = options.cacheDir ?? join(REPO_ROOT, '.cache', 'kafka', KAFKA_VERSION);
  const libDir = join(baseDir, name);
  const marker = join(baseDir, `${name}.complete`);
  const pomPath = join(HERE, pomFile);
  // The marker holds the pom's hash, so editing a pom refreshes the jars.
  const fingerprint = createHash('sha256')
    .update(await readFile(pomPath))
    .digest('hex');
  if ((await readText(marker)) === fingerprint) return libDir;

  await mkdir(baseDir, { recursive: true });
  await withDirectoryLock(join(baseDir, `${name}.lock`), async () => {
    if ((await readText(marker)) === fingerprint) return; // another process finished it meanwhile
    const progress = options.onProgress ?? ((message: string) => process.stderr.write(`[kafka jars] ${message}\n`));
    const staging = `${libDir}.staging-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    const started = Date.now();
    progress(`fetching ${pomFile} dependencies from Maven Central into ${libDir} (first run only)`);
    await runMaven(pomPath, staging, progress);
    const jars = (await readdir(staging)).filter((file) => file.endsWith('.jar'));
    if (jars.length === 0) throw new Error(`mvn copied no jars into ${staging}`);
    await rm(libDir, { recursive: true, force: true });
    await rename(staging, libDir);
    await writeFile(marker, fingerprint);
    progress(`${jars.length} jars ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  return libDir;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Runs `mvn copy-dependencies`, turning Maven's download lines into a jar counter. */
function runMaven(pomPath: string, outputDir: string, progress: (message: string) => void): Promise<void> {
  const args = ['-B', '-f', pomPath, DEPENDENCY_PLUGIN, `-DoutputDirectory=${outputDir}`, '-DincludeScope=runtime'];
  const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let downloadedJars = 0;
  let lastReport = 0;
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    const downloaded = /Downloaded from \S+: (\S+\.jar)/.exec(line);
    if (downloaded !== null) {
      downloadedJars += 1;
      const now = Date.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        progress(`downloaded ${downloadedJars} jars so far (${downloaded[1]?.split('/').pop()})`);
      }
    } else if (line.includes(`--- maven-dependency-plugin`)) {
      progress(`copying jars (${downloadedJars} downloaded)`);
    }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      reject(new Error('Could not run mvn (is Maven installed? apt-get install maven)', { cause: error }));
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`mvn exited with ${code} while fetching ${pomPath}:\n${tail.join('\n')}`));
    });
  });
}
