/** Generated values obey their arg.properties hints (checked over many records, every one of them). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BigDecimal, Struct } from 'lambda-connect/api';
import { compileSchema } from '../../src/datagen-config.js';
import { RecordRandom } from '../../src/generate/record-random.js';

const RECORDS = 2000;

/** Values of field `a` for records 0..count-1 of a one-field schema. */
function values(type: unknown, count = RECORDS, seed = 7): unknown[] {
  const schema = compileSchema({ type: 'record', name: 'r', fields: [{ name: 'a', type }] });
  return Array.from({ length: count }, (_, n) => schema.generate(RecordRandom.forRecord(seed, 0, n), n).get('a'));
}

const hinted = (type: string, hints: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({
  type,
  ...extra,
  'arg.properties': hints,
});

describe('generation hints', () => {
  test('options: only the listed values, and every one of them shows up', () => {
    const seen = values(hinted('string', { options: ['MALE', 'FEMALE', 'OTHER'] }));
    assert.deepEqual(new Set(seen), new Set(['MALE', 'FEMALE', 'OTHER']));
  });

  test('options of a record are Structs with the listed field values', () => {
    const type = {
      type: 'record',
      name: 'p',
      fields: [{ name: 'x', type: 'int' }],
      'arg.properties': { options: [{ x: 1 }, { x: 2 }] },
    };
    const seen = values(type, 200).map((v) => (v as Struct).get('x'));
    assert.deepEqual(new Set(seen), new Set([1, 2]));
  });

  test('range: int, long and double values stay within [min, max)', () => {
    for (const [type, min, max] of [
      ['int', -5, 5],
      ['long', 1487715775521, 1519273364600],
      ['double', 0.1, 10],
    ] as const) {
      const seen = values(hinted(type, { range: { min, max } })) as number[];
      assert.ok(
        seen.every((v) => v >= min && v < max),
        `${type} within range`,
      );
      if (type !== 'double')
        assert.ok(
          seen.every((v) => Number.isInteger(v)),
          `${type} integral`,
        );
      assert.ok(new Set(seen).size > 5, `${type} varies`);
    }
  });

  test('a long without a range covers 64 bits: bigint beyond 2^53, numbers when safe', () => {
    const seen = values('long', 200);
    assert.ok(seen.some((v) => typeof v === 'bigint'));
    assert.ok(seen.every((v) => (typeof v === 'bigint' ? v < -(2n ** 53n) || v > 2n ** 53n : Number.isSafeInteger(v))));
  });

  test('regex: every string matches the expression', () => {
    const regexes = [
      'User_[1-9]',
      'Item_[1-9][0-9]{0,2}',
      '(10\\.0\\.[0-3]|192\\.168\\.[0-3])\\.[1-9][0-9]?',
      '[a-z]+@example\\.(com|org)',
    ];
    for (const regex of regexes) {
      const seen = values(hinted('string', { regex })) as string[];
      assert.ok(
        seen.every((s) => new RegExp(`^(?:${regex})$`).test(s)),
        regex,
      );
      assert.ok(new Set(seen).size > 1, `${regex} varies`);
    }
  });

  test('regex with a length hint stops unbounded repetitions below the maximum', () => {
    const seen = values(hinted('string', { regex: '[a-z]*', length: { max: 6 } })) as string[];
    assert.ok(seen.every((s) => /^[a-z]{0,5}$/.test(s)));
    assert.ok(seen.some((s) => s.length === 5));
  });

  test('length, prefix and suffix for plain strings; length for bytes, arrays and maps', () => {
    const strings = values(hinted('string', { length: { min: 3, max: 6 }, prefix: 'p-', suffix: '!' })) as string[];
    assert.ok(strings.every((s) => /^p-[A-Za-z0-9]{3,5}!$/.test(s)));
    const bytes = values(hinted('bytes', { length: 4 })) as Uint8Array[];
    assert.ok(bytes.every((b) => b instanceof Uint8Array && b.length === 4));
    const arrays = values({
      type: 'array',
      items: hinted('int', { range: { min: 0, max: 3 } }),
      'arg.properties': { length: { min: 1, max: 3 } },
    }) as number[][];
    assert.ok(arrays.every((a) => a.length >= 1 && a.length <= 2 && a.every((x) => x >= 0 && x < 3)));
    const maps = values({
      type: 'map',
      values: 'boolean',
      'arg.properties': { length: 2, keys: { options: ['k1', 'k2', 'k3'] } },
    }) as Map<string, boolean>[];
    assert.ok(
      maps.every((m) => m.size >= 1 && m.size <= 2 && [...m.keys()].every((k) => ['k1', 'k2', 'k3'].includes(k))),
    );
  });

  test('iteration: start, step, restart and initial, as a function of the record number', () => {
    assert.deepEqual(values(hinted('long', { iteration: { start: 1, step: 10 } }), 4), [1, 11, 21, 31]);
    assert.deepEqual(values(hinted('int', { iteration: { start: 0 } }), 4), [0, 1, 2, 3]);
    assert.deepEqual(values(hinted('int', { iteration: { start: 1, restart: 4 } }), 7), [1, 2, 3, 1, 2, 3, 1]);
    assert.deepEqual(values(hinted('int', { iteration: { start: 10, restart: 7 } }), 5), [10, 9, 8, 10, 9]);
    assert.deepEqual(
      values(hinted('int', { iteration: { start: 0, restart: 10, step: 3, initial: 6 } }), 4),
      [6, 9, 2, 5],
    );
    assert.deepEqual(values(hinted('double', { iteration: { start: 0.5, step: 0.25 } }), 3), [0.5, 0.75, 1]);
    assert.deepEqual(values(hinted('boolean', { iteration: { start: true } }), 4), [true, false, true, false]);
    assert.deepEqual(values(hinted('string', { iteration: { start: 1, step: 10 }, prefix: 't' }), 3), [
      't1',
      't11',
      't21',
    ]);
  });

  test('odds: the probability of true', () => {
    assert.ok(values(hinted('boolean', { odds: 1 })).every((v) => v === true));
    assert.ok(values(hinted('boolean', { odds: 0 })).every((v) => v === false));
    const share = values(hinted('boolean', { odds: 0.2 })).filter(Boolean).length / RECORDS;
    assert.ok(share > 0.15 && share < 0.25, `share of true ${share}`);
  });

  test('enums pick their symbols; nullable unions are sometimes null; general unions set one branch', () => {
    assert.deepEqual(new Set(values({ type: 'enum', name: 'E', symbols: ['A', 'B'] }, 100)), new Set(['A', 'B']));
    const nullable = values(['null', hinted('int', { range: { min: 1, max: 2 } })], 100);
    assert.deepEqual(new Set(nullable), new Set([null, 1]));
    const either = values(['int', 'string'], 100) as Struct[];
    assert.ok(either.every((s) => (s.get('int') === null) !== (s.get('string') === null)));
  });

  test('logical types give Connect logical values', () => {
    const stamps = values(
      hinted('long', { range: { min: 0, max: 1000 } }, { logicalType: 'timestamp-millis' }),
      50,
    ) as Date[];
    assert.ok(stamps.every((d) => d instanceof Date && d.getTime() >= 0 && d.getTime() < 1000));
    const days = values({ type: 'int', logicalType: 'date' }, 50) as Date[];
    assert.ok(days.every((d) => d instanceof Date && d.getTime() % 86_400_000 === 0));
    const prices = values({ type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }, 50) as BigDecimal[];
    assert.ok(
      prices.every((p) => p instanceof BigDecimal && p.scale === 2 && p.unscaled > -10000n && p.unscaled < 10000n),
    );
  });
});

describe('RecordRandom', () => {
  test('record n under a seed is the same every time; other records, tasks and seeds differ', () => {
    const draw = (seed: number, task: number, n: number): number[] => {
      const random = RecordRandom.forRecord(seed, task, n);
      return Array.from({ length: 4 }, () => random.int(0, 1_000_000));
    };
    assert.deepEqual(draw(42, 0, 7), draw(42, 0, 7));
    assert.notDeepEqual(draw(42, 0, 7), draw(42, 0, 8));
    assert.notDeepEqual(draw(42, 0, 7), draw(42, 1, 7));
    assert.notDeepEqual(draw(42, 0, 7), draw(43, 0, 7));
    assert.notDeepEqual(draw(2 ** 40, 0, 7), draw(2 ** 40 + 2 ** 33, 0, 7), 'the high bits of a seed count');
  });

  test('doubles are uniform enough: each tenth of [0, 1) gets its share over 10,000 records', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let n = 0; n < 10_000; n++) buckets[Math.floor(RecordRandom.forRecord(1, 0, n).double() * 10)]! += 1;
    assert.ok(
      buckets.every((b) => b > 850 && b < 1150),
      `buckets ${buckets.join(',')}`,
    );
  });
});
