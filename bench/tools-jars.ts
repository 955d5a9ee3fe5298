/**
 * Kafka's own command-line tools (kafka-tools 4.3.1: ProducerPerformance, ConsumerPerformance) from
 * Maven Central, cached in `.cache/kafka/4.3.1/tools-lib` once, the way local/kafka caches the broker's
 * jars (a marker holds the pom's hash, so editing tools-pom.xml refreshes them).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const POM = join(HERE, 'tools-pom.xml');
const CACHE = join(HERE, '..', '.cache', 'kafka', '4.3.1');
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies';

export async function ensureToolsJars(progress: (message: string) => void): Promise<string> {
  const libDir = join(CACHE, 'tools-lib');
  const marker = join(CACHE, 'tools-lib.complete');
  const fingerprint = createHash('sha256')
    .update(await readFile(POM))
    .digest('hex');
  const current = await readFile(marker, 'utf8').catch(() => '');
  if (current.trim() === fingerprint) return libDir;
  await mkdir(CACHE, { recursive: true });
  const staging = `${libDir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  progress('fetching kafka-tools 4.3.1 and its dependencies from Maven Central (first run only)');
  const started = Date.now();
  await runMaven(staging);
  const jars = (await readdir(staging)).filter((f) => f.endsWith('.jar'));
  if (jars.length === 0) throw new Error(`mvn copied no jars into ${staging}`);
  await rm(libDir, { recursive: true, force: true });
  await rename(staging, libDir);
  await writeFile(marker, fingerprint);
  progress(`${jars.length} tool jars ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return libDir;
}

function runMaven(outputDir: string): Promise<void> {
  const child = spawn(
    'mvn',
    ['-B', '-q', '-f', POM, DEPENDENCY_PLUGIN, `-DoutputDirectory=${outputDir}`, '-DincludeScope=runtime'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.on('error', (error) =>
      reject(new Error('Could not run mvn (is Maven installed? apt-get install maven)', { cause: error })),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`mvn exited with ${code} fetching ${POM}:\n${output}`)),
    );
  });
}
