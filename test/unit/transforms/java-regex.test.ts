/** Issue 10 item 3: regexes from configs run on a linear-time engine, with Java's syntax where it can. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  JavaPattern,
  MAX_PATTERN_LENGTH,
  RegexRouter,
  TopicNameMatches,
  compileJavaRegex,
} from '../../../lib/transforms/index.js';
import { sinkTopics } from '../../../lib/scheduler/assignment.js';
import { sinkRecord } from './records.js';

// 40 characters: a backtracking engine needs ~2^40 steps for these (the issue saw 16 s at 30).
const HOSTILE_TOPIC = `${'a'.repeat(40)}!`;

function elapsedMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('linear-time matching', () => {
  test('catastrophic patterns answer at once in RegexRouter, TopicNameMatches and topics.regex', () => {
    const router = new RegexRouter();
    router.configure({ regex: '(a+)+', replacement: 'x' });
    const predicate = new TopicNameMatches();
    predicate.configure({ pattern: '(a|aa)*c' });
    const ms = elapsedMs(() => {
      for (let i = 0; i < 100; i++) {
        assert.equal(router.apply(sinkRecord({ topic: HOSTILE_TOPIC })).topic, HOSTILE_TOPIC);
        assert.equal(predicate.test(sinkRecord({ topic: HOSTILE_TOPIC })), false);
        assert.deepEqual(sinkTopics({ topics: [], topicsRegex: '(a+)+$' }, [HOSTILE_TOPIC, 'aaaa']), ['aaaa']);
      }
    });
    assert.ok(ms < 2_000, `300 hostile matches took ${ms.toFixed(0)} ms`);
  });

  test('a pattern longer than the limit is refused before compiling', () => {
    assert.throws(() => compileJavaRegex('a'.repeat(MAX_PATTERN_LENGTH + 1)), {
      name: 'SyntaxError',
      message: /exceeds the limit of 10000/,
    });
    assert.doesNotThrow(() => compileJavaRegex('a'.repeat(MAX_PATTERN_LENGTH)));
  });
});

describe('Java syntax on RE2', () => {
  test('possessive quantifiers, atomic groups, \\Z, (?u), \\Q…\\E and classes', () => {
    assert.equal(new JavaPattern('a*+b').matches('aab'), true);
    assert.equal(new JavaPattern('(?>ab|a)c').matches('abc'), true);
    assert.equal(new JavaPattern('orders\\Z').matches('orders'), true);
    assert.equal(new JavaPattern('(?iu)ORDERS').matches('orders'), true);
    assert.equal(new JavaPattern('[*+]+').matches('*+*'), true, 'a + after a class member is not a possessive mark');
    assert.equal(new JavaPattern('\\Qa++\\E').matches('a++'), true, 'quoted text is left alone');
    assert.equal(new JavaPattern('\\\\Z').matches('\\Z'), true, 'an escaped backslash before Z');
    assert.equal(new JavaPattern('(?<env>[a-z]+)\\.(\\d+)').replaceFirst('prod.42', '${env}-$2'), 'prod-42');
  });

  test('back-references and lookarounds are refused as invalid, naming the reason', () => {
    for (const pattern of ['(a)\\1', 'a(?=b)', '(?<!x)a', '(?x) a']) {
      assert.throws(() => new JavaPattern(pattern), { name: 'SyntaxError' }, pattern);
    }
    assert.throws(
      () => new RegexRouter().configure({ regex: '(a)\\1', replacement: 'x' }),
      /^ConfigError: Invalid value \(a\)\\1 for configuration regex: Invalid regex: .*linear-time engine: no back-references or lookarounds/,
    );
  });
});
