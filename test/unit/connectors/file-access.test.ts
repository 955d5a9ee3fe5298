/** Issue 10, item 4: FileStream connectors confined to allowed directories, `..` and symlinks resolved. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  FileStreamSinkConnector,
  FileStreamSinkTask,
  FileStreamSourceConnector,
  FileStreamSourceTask,
  confineFile,
  fileAllowedDirs,
} from '../../../lib/connectors/index.js';
import { Env } from '../../../lib/config/env.js';
import { createDefaultRegistry } from '../../../lib/plugins/default-registry.js';

let root = '';
let allowed = '';
let outside = '';
const saved = process.env[Env.FILE_ALLOWED_DIRS];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'file-access-'));
  allowed = join(root, 'allowed');
  outside = join(root, 'outside');
  await mkdir(join(allowed, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'secret\n');
  await writeFile(join(allowed, 'in.txt'), 'line\n');
  await symlink(join(outside, 'secret.txt'), join(allowed, 'link-to-secret'));
  await symlink(outside, join(allowed, 'link-to-dir'));
  process.env[Env.FILE_ALLOWED_DIRS] = [allowed, join(root, 'not-created')].join(delimiter);
});
after(async () => {
  if (saved === undefined) delete process.env[Env.FILE_ALLOWED_DIRS];
  else process.env[Env.FILE_ALLOWED_DIRS] = saved;
  await rm(root, { recursive: true, force: true });
});

describe('confineFile', () => {
  test('paths inside an allowed directory resolve to their real path, existing or not', () => {
    assert.equal(confineFile('file', join(allowed, 'in.txt')), join(allowed, 'in.txt'));
    assert.equal(
      confineFile('file', join(allowed, 'sub', 'new', 'deeper.txt')),
      join(allowed, 'sub', 'new', 'deeper.txt'),
    );
    assert.equal(confineFile('file', join(allowed, 'sub', '..', 'in.txt')), join(allowed, 'in.txt'));
  });

  test('../, absolute paths elsewhere and symlinks out of the directories are refused', () => {
    const refused = [
      join(allowed, '..', 'outside', 'secret.txt'),
      '/etc/passwd',
      join(allowed, 'link-to-secret'),
      join(allowed, 'link-to-dir', 'secret.txt'),
      join(allowed, 'link-to-dir', 'new.txt'),
      `${allowed}-sibling/x`,
    ];
    for (const file of refused) {
      assert.throws(
        () => confineFile('file', file),
        {
          name: 'ConfigError',
          message:
            /^Invalid value .* for configuration file: the file is outside the directories FileStream connectors may use \(LC_FILE_ALLOWED_DIRS=/,
        },
        file,
      );
    }
    assert.throws(() => confineFile('file', `${allowed}/a\0b`), { name: 'ConfigError', message: /cannot contain NUL/ });
  });

  test('unset, the only allowed directory is the temp dir', () => {
    assert.deepEqual(fileAllowedDirs({}), [tmpdir()]);
  });
});

describe('FileStream connectors', () => {
  test('validation reports a path outside the directories on the file key', () => {
    const source = new FileStreamSourceConnector().validate({ file: '/etc/passwd', topic: 't' });
    assert.match(source.find((v) => v.name === 'file')?.errors[0] ?? '', /outside the directories/);
    const sink = new FileStreamSinkConnector().validate({ file: join(allowed, '..', 'outside', 'x.txt'), topics: 't' });
    assert.match(sink.find((v) => v.name === 'file')?.errors[0] ?? '', /outside the directories/);
    const ok = new FileStreamSinkConnector().validate({ file: join(allowed, 'out.txt'), topics: 't' });
    assert.deepEqual(ok.find((v) => v.name === 'file')?.errors, []);
  });

  test('tasks check again where they open the file: a symlink made after validation is refused', async () => {
    const late = join(allowed, 'late-link');
    const task = new FileStreamSourceTask();
    task.start({ file: late, topic: 't' });
    await symlink(join(outside, 'secret.txt'), late);
    await assert.rejects(task.poll(), { name: 'ConfigError', message: /outside the directories/ });
    await assert.rejects(new FileStreamSinkTask().start({ file: join(allowed, 'link-to-secret') }), {
      name: 'ConfigError',
    });
  });

  test('LC_FILE_STREAM_ENABLED=false leaves them out of the registry', () => {
    const names = (env: NodeJS.ProcessEnv) =>
      createDefaultRegistry(env)
        .connectorPlugins()
        .map((d) => d.className);
    assert.equal(names({}).filter((n) => n.includes('FileStream')).length, 2);
    assert.deepEqual(names({ [Env.FILE_STREAM_ENABLED]: 'false' }), []);
  });
});
