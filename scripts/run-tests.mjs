#!/usr/bin/env node
// Runs the test suites with Node's own test runner (through tsx for TypeScript).
// Usage: node scripts/run-tests.mjs [layer ...]   layers: unit contract infra integration (default: all)
// Each layer runs test/<layer>/ and every plugins/<name>/test/<layer>/.
// Integration files share one Kafka broker started here, unless KAFKA_BOOTSTRAP_SERVERS names one.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

let failed = false;
let passed = 0;
let failedCount = 0;
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
  let broker = null;
  if (layer === 'integration' && !env.KAFKA_BOOTSTRAP_SERVERS) {
    broker = await startSharedBroker();
    env.KAFKA_BOOTSTRAP_SERVERS = broker.bootstrap;
    console.log(`# shared Kafka broker at ${broker.bootstrap}`);
  }
  // Integration files start servers of their own: one file at a time.
  const concurrency = layer === 'integration' ? '1' : '2';
  // --test-force-exit: a test file whose handles outlive its tests (a client left connected) ends once its
  // tests are done instead of hanging the run; its tests' results stand.
  rmSync(countsFile, { force: true });
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-force-exit',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter=./scripts/count-reporter.mjs',
      '--test-reporter-destination=stdout',
      '--test-reporter-destination=stdout',
      ...files,
    ],
    { stdio: 'inherit', env: { ...env, LC_TEST_COUNTS: countsFile } },
  );
  if (broker !== null) await broker.stop();
  if (layer === 'integration') console.log(iamSummary() ?? '# IAM enforcement: no local stack reported');
  if (result.status !== 0) failed = true;
  try {
    const counts = JSON.parse((await import('node:fs')).readFileSync(countsFile, 'utf8'));
    passed += counts.passed;
    failedCount += counts.failed;
  } catch {
    failed = true;
  }
}
rmSync(dirname(iamReport), { recursive: true, force: true });
console.log(`\n${passed} passed, ${failedCount} failed`);
process.exit(failed ? 1 : 0);
