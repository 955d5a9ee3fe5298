#!/usr/bin/env node
/**
 * `node scripts/layer-edges.mjs`: counts the import edges between lib/ folders (from dependency-cruiser's
 * JSON) and the module cycles, so a layering change can state its effect in numbers (issue 11).
 */
import { execFileSync } from 'node:child_process';

const json = execFileSync(
  'npx',
  ['depcruise', '--config', '.dependency-cruiser.cjs', '--include-only', '^lib/', '--output-type', 'json', 'lib'],
  {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  },
);
const { modules } = JSON.parse(json);
const PLANES = /^(herder|scheduler|worker|transforms|converters|connectors|plugins)$/;
let edges = 0;
let circular = 0;
const between = new Map();
for (const module of modules) {
  for (const dependency of module.dependencies) {
    edges += 1;
    if (dependency.circular) circular += 1;
    const from = module.source.split('/')[1];
    const to = dependency.resolved.split('/')[1];
    if (from !== to && PLANES.test(from) && PLANES.test(to)) {
      const key = `${from} -> ${to}`;
      between.set(key, (between.get(key) ?? 0) + 1);
    }
  }
}
console.log(`modules ${modules.length}, import edges ${edges}, edges in cycles ${circular}`);
console.log('edges between runtime and built-in folders:');
for (const [key, count] of [...between].sort()) console.log(`  ${key}: ${count}`);
