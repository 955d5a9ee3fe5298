import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Env } from '../../../lib/config/env.js';
import { pluginSources } from '../../../lib/config/plugin-sources.js';

async function writePackage(dir: string, pkg: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify(pkg));
}

describe('pluginSources', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'lc-plugin-sources-'));
    await writePackage(root, { name: 'app', lambdaConnect: { plugins: ['@acme/listed', './local-plugin/entry.ts'] } });
    await writePackage(join(root, 'plugins', 'b-sink'), {
      name: '@lc/b',
      exports: { '.': { import: './src/index.ts', require: './cjs.js' } },
    });
    await writePackage(join(root, 'plugins', 'a-source'), { name: '@lc/a', exports: './src/main.ts' });
    await mkdir(join(root, 'plugins', 'not-a-package'), { recursive: true });
    await writePackage(join(root, 'node_modules', '@acme', 'listed'), { name: '@acme/listed', main: 'lib/index.js' });
    await writePackage(join(root, 'node_modules', 'from-env'), { name: 'from-env' });
    await mkdir(join(root, 'local-plugin'));
    await writeFile(join(root, 'local-plugin', 'entry.ts'), 'export default {};');
  });
  after(() => rm(root, { recursive: true, force: true }));

  test("the repository's plugins, package.json's list, then LC_PLUGINS, each resolved to its entry", () => {
    const sources = pluginSources({ projectRoot: root, env: { [Env.PLUGINS]: ' from-env , ./plugins/a-source ' } });
    assert.deepEqual(sources, [
      { source: './plugins/a-source', entry: join(root, 'plugins', 'a-source', 'src', 'main.ts') },
      { source: './plugins/b-sink', entry: join(root, 'plugins', 'b-sink', 'src', 'index.ts') },
      { source: '@acme/listed', entry: join(root, 'node_modules', '@acme', 'listed', 'lib', 'index.js') },
      { source: './local-plugin/entry.ts', entry: join(root, 'local-plugin', 'entry.ts') },
      // ./plugins/a-source again from LC_PLUGINS: the same entry, listed once.
      { source: 'from-env', entry: join(root, 'node_modules', 'from-env', 'index.js') },
    ]);
  });

  test('repositoryPlugins false leaves plugins/ out; extra packages come last', () => {
    const sources = pluginSources({ projectRoot: root, env: {}, repositoryPlugins: false, packages: ['from-env'] });
    assert.deepEqual(
      sources.map((s) => s.source),
      ['@acme/listed', './local-plugin/entry.ts', 'from-env'],
    );
  });

  test('what cannot be resolved says why, and does not hide the others', () => {
    const sources = pluginSources({
      projectRoot: root,
      env: { [Env.PLUGINS]: '@acme/missing,./nowhere' },
      repositoryPlugins: false,
    });
    assert.match(
      sources.find((s) => s.source === '@acme/missing')?.error ?? '',
      /package @acme\/missing is not installed/,
    );
    assert.match(sources.find((s) => s.source === './nowhere')?.error ?? '', /does not exist/);
    assert.ok(sources.some((s) => s.source === '@acme/listed' && s.entry !== undefined));
  });
});
