/**
 * A 10,000-line file goes source → topic → sink byte-identical, and a stack stopped and started again on
 * the same data neither loses nor repeats a line.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { restClient } from '../helpers/rest.js';
import { testStackOptions, uniqueName } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const lines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i} ${'x'.repeat((from + i) % 50)}`).join('\n') + '\n';

test('10,000 lines survive a stack restart, none lost or repeated', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lc-restart-'));
  const options = testStackOptions(join(dataDir, 'state'));
  let stack: LocalStack | null = await startLocalStack(options);
  after(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const source = join(dataDir, 'in.txt');
  const sink = join(dataDir, 'out.txt');
  const topic = uniqueName('restart');
  await writeFile(source, lines(0, 10_000));

  let rest = restClient(stack.url);
  const started = Date.now();
  assert.equal(
    (
      await rest.post('/connectors', {
        name: 'src',
        config: { 'connector.class': 'FileStreamSource', file: source, topic },
      })
    ).status,
    201,
  );
  assert.equal(
    (
      await rest.post('/connectors', {
        name: 'snk',
        config: { 'connector.class': 'FileStreamSink', file: sink, topics: topic },
      })
    ).status,
    201,
  );
  await waitFor(async () => (await readFile(sink, 'utf8').catch(() => '')) === lines(0, 10_000), {
    timeoutMs: 60_000,
    message: '10,000 lines copied',
  });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 60_000, `10,000 lines took ${elapsed} ms`);

  await stack.stop();
  stack = null;
  await appendFile(source, lines(10_000, 10_500));
  stack = await startLocalStack(options);
  rest = restClient(stack.url);
  assert.deepEqual((await rest.get<string[]>('/connectors')).body.sort(), ['snk', 'src']);
  await appendFile(source, lines(10_500, 11_000));
  await waitFor(async () => (await readFile(sink, 'utf8').catch(() => '')).length >= lines(0, 11_000).length, {
    timeoutMs: 60_000,
    message: 'lines after the restart copied',
  });
  assert.equal(
    await readFile(sink, 'utf8'),
    lines(0, 11_000),
    'the copy equals the source: nothing lost, nothing repeated',
  );
});
