#!/usr/bin/env node
// Runs the test suites with Node's own test runner (through tsx for TypeScript).
// Usage: node scripts/run-tests.mjs [layer ...]   layers: unit contract infra integration (default: all)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

let failed = false;
for (const layer of layers) {
  const files = findTests(join('test', layer));
  if (files.length === 0) continue;
  console.log(`\n# ${layer}: ${files.length} file(s)`);
  // Integration suites share one broker per file and start their own servers: run files one at a time.
  const concurrency = layer === 'integration' ? '1' : '2';
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
