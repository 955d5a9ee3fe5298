/**
 * Issue 10, item 14: dynalite closes its LevelDB iterators through `iterator.return()`, which
 * abstract-level 3 iterators lack, so every Query and Scan leaked one (and, on disk, its snapshot).
 * After `closeLevelIteratorsOnReturn()` the iterators dynalite's own level packages create close on
 * `return()`, as a stream's destroy calls it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { closeLevelIteratorsOnReturn } from '../../../local/dynamodb/close-level-iterators.js';

interface LevelIterator {
  next(): Promise<unknown>;
  return?: () => Promise<unknown>;
}
interface LevelDb {
  open(): Promise<void>;
  put(key: string, value: string): Promise<void>;
  values(): LevelIterator;
  close(): Promise<void>;
}

test('iterators of the level packages dynalite uses close on return()', async () => {
  closeLevelIteratorsOnReturn();
  closeLevelIteratorsOnReturn();
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { ClassicLevel } = fromDynalite('classic-level') as { ClassicLevel: new (path: string) => LevelDb };
  const dir = await mkdtemp(join(tmpdir(), 'lc-level-'));
  const db = new ClassicLevel(dir);
  try {
    await db.open();
    await db.put('a', '1');
    const iterator = db.values();
    assert.equal(await iterator.next(), '1');
    assert.equal(
      await iterator.next(),
      undefined,
      'exhausted, but still open: abstract-level does not close at the end',
    );
    assert.equal(typeof iterator.return, 'function');
    await iterator.return?.();
    await assert.rejects(
      iterator.next(),
      (error: Error & { code?: string }) => error.code === 'LEVEL_ITERATOR_NOT_OPEN',
      'closed by return()',
    );
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
});
