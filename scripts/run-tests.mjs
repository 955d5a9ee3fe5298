#!/usr/bin/env node
// Runs the test suites with Node's own test runner (through tsx for TypeScript).
// Usage: node scripts/run-tests.mjs [layer ...]   layers: unit contract infra integration (default: all)
// Each layer runs test/<layer>/ and every plugins/<name>/test/<layer>/.
// Integration files share one Kafka broker started here, unless KAFKA_BOOTSTRAP_SERVERS names one. They run
// LC_TEST_CONCURRENCY at a time (default: the machine's core count), longest first by the durations kept in
// scripts/test-durations.json (a file missing there counts as the longest); each file's output is printed
// whole when it ends, with its wall time, and the slowest ten are listed at the end.
// LC_TEST_DURATIONS_WRITE=1 rewrites scripts/test-durations.json with this run's durations.
// Why files can share the machine: docs/decisions/0032-suite-time.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const ALL_LAYERS = ['unit', 'contract', 'infra', 'integration'];
const layers = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL_LAYERS;

function findTests(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const entry of entries.sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found = found.concat(findTests(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** Starts a shared broker; resolves with its bootstrap servers and a stop function. */
async function startSharedBroker() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/kafka/serve.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const bootstrap = await new Promise((resolve, reject) => {
    lines.once('line', (line) =>
      line.startsWith('READY ') ? resolve(line.slice(6)) : reject(new Error(`unexpected: ${line}`)),
    );
    child.once('exit', (code) => reject(new Error(`the shared broker exited (${code}) before it was ready`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { bootstrap, stop };
}

// Every local stack appends its IAM enforcement counts here (local/iam); summed after the integration layer.
const iamReport = join(mkdtempSync(join(tmpdir(), 'lc-iam-')), 'report.jsonl');
// Each layer's totals, written by scripts/count-reporter.mjs.
const countsFile = join(dirname(iamReport), 'counts.json');

function iamSummary() {
  let lines;
  try {
    lines = readFileSync(iamReport, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return null;
  }
  const sum = (key) => lines.reduce((total, line) => total + line[key], 0);
  const distinct = [
    ...new Set(lines.flatMap((line) => line.denials.map((d) => `${d.function}: ${d.action} on ${d.resource}`))),
  ];
  return `# IAM enforcement: ${lines.length} local stack(s), ${sum('checked')} AWS SDK commands checked against the synthesized policies, ${sum('denied')} denied${distinct.length ? ` (${distinct.join('; ')})` : ''}, ${sum('unattributed')} sent outside any function (not checked)`;
}

// Per-file durations (seconds) of an earlier run: the integration layer starts its longest files first, so the
// last file to end is a short one and no core sits idle behind a long tail.
const DURATIONS_FILE = join('scripts', 'test-durations.json');
// A file that hangs (a server that never answers) ends the run's wait for it after this long, its processes
// killed, and counts as failed.
const FILE_TIMEOUT_MS = Number(process.env.LC_TEST_FILE_TIMEOUT_S ?? '900') * 1000;

function readDurations() {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')).seconds ?? {};
  } catch {
    return {};
  }
}

/** Longest first; a file with no recorded duration (a new one) first of all, as it may well be long. */
function longestFirst(files, durations) {
  const known = (file) => durations[file] ?? Number.POSITIVE_INFINITY;
  return [...files].sort((a, b) => known(b) - known(a) || a.localeCompare(b));
}

/**
 * Runs one test file in a node:test process of its own (own process group, so a timeout can end the servers
 * it started too), keeping its output to print whole when it ends. Resolves with its wall time and counts.
 */
function runFile(file, env, countsDir, index) {
  const countsFile = join(countsDir, `counts-${index}.json`);
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-force-exit',
      '--test-reporter=spec',
      '--test-reporter=./scripts/count-reporter.mjs',
      '--test-reporter-destination=stdout',
      '--test-reporter-destination=stdout',
      file,
    ],
    { env: { ...env, LC_TEST_COUNTS: countsFile }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, FILE_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let counts = { passed: 0, failed: 0 };
      try {
        counts = JSON.parse(readFileSync(countsFile, 'utf8'));
      } catch {
        // No test reported: the file failed to load; its exit status says so.
      }
      const ok = code === 0 && !timedOut;
      if (timedOut) output.push(Buffer.from(`# ${file}: killed after ${FILE_TIMEOUT_MS / 1000} s\n`));
      else if (signal !== null) output.push(Buffer.from(`# ${file}: ended by ${signal}\n`));
      resolve({ file, seconds, ok, counts, output: Buffer.concat(output).toString('utf8') });
    });
  });
}

/** Runs `files` `concurrency` at a time in the given order; prints each file's output as it ends. */
async function runScheduled(files, env, concurrency) {
  const countsDir = mkdtempSync(join(tmpdir(), 'lc-counts-'));
  const queue = files.map((file, index) => ({ file, index }));
  const results = [];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const result = await runFile(next.file, env, countsDir, next.index);
      results.push(result);
      process.stdout.write(
        `\n# [${results.length}/${files.length}] ${result.file}: ${result.seconds.toFixed(1)} s, ${result.ok ? 'ok' : 'FAILED'}\n${result.output}`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  rmSync(countsDir, { recursive: true, force: true });
  return results;
}

function writeDurations(results) {
  const seconds = { ...readDurations() };
  for (const { file, seconds: s } of results) seconds[file] = Math.round(s * 10) / 10;
  const sorted = Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(
    DURATIONS_FILE,
    `${JSON.stringify({ note: 'Wall seconds per integration test file; written by LC_TEST_DURATIONS_WRITE=1 npm run test:integration, read to start the longest first.', seconds: sorted }, null, 2)}\n`,
  );
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

let failed = false;
let passed = 0;
let failedCount = 0;
const timings = [];
for (const layer of layers) {
  // The repository's own plugin packages keep their tests beside them: plugins/<name>/test/<layer>/.
  const pluginDirs = (() => {
    try {
      return readdirSync('plugins')
        .sort()
        .map((name) => join('plugins', name, 'test', layer));
    } catch {
      return [];
    }
  })();
  const files = [join('test', layer), ...pluginDirs].flatMap(findTests);
  if (files.length === 0) continue;
  console.log(`\n# ${layer}: ${files.length} file(s)`);
  const env = { ...process.env, LC_IAM_REPORT_FILE: iamReport };
  if (layer === 'integration') {
    let broker = null;
    if (!env.KAFKA_BOOTSTRAP_SERVERS) {
      broker = await startSharedBroker();
      env.KAFKA_BOOTSTRAP_SERVERS = broker.bootstrap;
      console.log(`# shared Kafka broker at ${broker.bootstrap}`);
    }
    const concurrency = Number(process.env.LC_TEST_CONCURRENCY ?? availableParallelism());
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`LC_TEST_CONCURRENCY must be a whole number from 1: ${process.env.LC_TEST_CONCURRENCY}`);
    console.log(`# ${concurrency} file(s) at a time, longest first; load average ${load()}`);
    const started = Date.now();
    const results = await runScheduled(longestFirst(files, readDurations()), env, concurrency);
    if (broker !== null) await broker.stop();
    console.log(iamSummary() ?? '# IAM enforcement: no local stack reported');
    for (const result of results) {
      passed += result.counts.passed;
      failedCount += result.counts.failed;
      if (!result.ok) failed = true;
    }
    timings.push(...results);
    const failedFiles = results.filter((r) => !r.ok).map((r) => r.file);
    console.log(
      `# ${layer}: ${files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${concurrency} at a time; load average ${load()}${failedFiles.length ? `; FAILED: ${failedFiles.join(', ')}` : ''}`,
    );
    if (process.env.LC_TEST_DURATIONS_WRITE === '1') writeDurations(results);
    continue;
  }
  // Unit, contract and infra files start no servers: node:test runs them two at a time in one report.
  rmSync(countsFile, { force: true });
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      // --test-force-exit: a test file whose handles outlive its tests (a client left connected) ends once its
      // tests are done instead of hanging the run; its tests' results stand.
      '--test-force-exit',
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter=./scripts/count-reporter.mjs',
      '--test-reporter-destination=stdout',
      '--test-reporter-destination=stdout',
      ...files,
    ],
    { stdio: 'inherit', env: { ...env, LC_TEST_COUNTS: countsFile } },
  );
  if (result.status !== 0) failed = true;
  try {
    const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    passed += counts.passed;
    failedCount += counts.failed;
  } catch {
    failed = true;
  }
}
rmSync(dirname(iamReport), { recursive: true, force: true });
if (timings.length > 0) {
  console.log('\n# slowest integration files (wall seconds):');
  for (const { file, seconds } of [...timings].sort((a, b) => b.seconds - a.seconds).slice(0, 10))
    console.log(`#   ${seconds.toFixed(1).padStart(6)}  ${file}`);
}
console.log(`\n${passed} passed, ${failedCount} failed`);
process.exit(failed ? 1 : 0);
