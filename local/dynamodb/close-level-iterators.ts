/**
 * Closes the LevelDB iterators dynalite opens for every Query and Scan (and table listing).
 *
 * dynalite 4 turns `db.keys()` / `db.values()` into Node streams whose `destroy` closes the iterator
 * through `iterator.return()`, but abstract-level 3 iterators have no `return` (they close through
 * `close()`), so none is ever closed: each stays registered with the database and, on disk, pins a
 * LevelDB snapshot with the memtables and table blocks it references. At a constant item count the
 * embedded server's RSS grew by ~1 MB per 100 queries (issue 10, item 14). Giving the iterators the
 * `return` that dynalite expects, delegating to `close()`, releases each one when its stream ends or is
 * destroyed. Remove once dynalite closes its iterators itself.
 */
import { createRequire } from 'node:module';

interface ClosableIterator {
  close(): Promise<void>;
  return?: () => Promise<{ done: true; value: undefined }>;
}

let patched = false;

/** Idempotent; must run before dynalite serves its first query (the embedded server calls it on start). */
export function closeLevelIteratorsOnReturn(): void {
  if (patched) return;
  // The abstract-level instance dynalite's own level packages use, whatever else is installed.
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const fromLevel = createRequire(fromDynalite.resolve('classic-level'));
  const { AbstractValueIterator } = fromLevel('abstract-level') as { AbstractValueIterator: { prototype: object } };
  const common = Object.getPrototypeOf(AbstractValueIterator.prototype) as ClosableIterator;
  if (typeof common.close !== 'function')
    throw new Error('abstract-level iterators have no close(): revisit close-level-iterators.ts');
  if (common.return === undefined) {
    common.return = async function (this: ClosableIterator) {
      await this.close();
      return { done: true, value: undefined };
    };
  }
  patched = true;
}
