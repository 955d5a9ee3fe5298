import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TtlCache } from '../../../lib/config-providers/index.js';
import { manualClock } from './memory-ports.js';

describe('TtlCache', () => {
  test('concurrent readers of one key share one load', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1000 });
    let loads = 0;
    let release: (v: string) => void = () => {};
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const a = cache.get('k', load);
    const b = cache.get('k', load);
    release('v');
    assert.deepEqual(await Promise.all([a, b]), ['v', 'v']);
    assert.equal(loads, 1);
  });

  test('an entry expires after the TTL', async () => {
    const clock = manualClock();
    const cache = new TtlCache<number>({ ttlMs: 10, now: clock.now });
    let n = 0;
    const load = () => Promise.resolve(++n);
    assert.equal(await cache.get('k', load), 1);
    clock.advance(9);
    assert.equal(await cache.get('k', load), 1);
    clock.advance(1);
    assert.equal(await cache.get('k', load), 2);
  });

  test('a rejected load is dropped so the next read loads again', async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000 });
    await assert.rejects(
      cache.get('k', () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(cache.size, 0);
    assert.equal(await cache.get('k', () => Promise.resolve('ok')), 'ok');
  });

  test('the oldest entries are evicted beyond maxEntries', async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, () => Promise.resolve(key));
    assert.equal(cache.size, 2);
    let reloaded = false;
    await cache.get('a', () => {
      reloaded = true;
      return Promise.resolve('a');
    });
    assert.equal(reloaded, true);
  });

  test('rejects a negative TTL', () => {
    assert.throws(() => new TtlCache({ ttlMs: -1 }), RangeError);
  });
});
