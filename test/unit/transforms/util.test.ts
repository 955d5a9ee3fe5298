// SimpleDateFormat expectations were checked against Java 17's java.text.SimpleDateFormat in UTC.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FieldSyntaxVersion, JavaPattern, SimpleDateFormat, SingleFieldPath } from '../../../lib/transforms/index.js';

const instant = new Date(1700000000123);

describe('SimpleDateFormat', () => {
  test('formats the common letters like Java', () => {
    const cases: Array<[string, string]> = [
      ['yyyyMMdd', '20231114'],
      ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", '2023-11-14T22:13:20.123+0000'],
      ['yy/M/d h:mm a', '23/11/14 10:13 PM'],
      ['EEE, d MMM yyyy HH:mm:ss z', 'Tue, 14 Nov 2023 22:13:20 UTC'],
      ['EEEE MMMM dd D k K S SSSS', 'Tuesday November 14 318 22 10 123 0123'],
      ["''yyyy'' 'o''clock'", "'2023' o'clock"],
      ['G u XXX X zzzz', 'AD 2 Z Z Coordinated Universal Time'],
    ];
    for (const [pattern, expected] of cases)
      assert.equal(new SimpleDateFormat(pattern).format(instant), expected, pattern);
  });

  test('parses leniently like Java', () => {
    const cases: Array<[string, string, number]> = [
      ['yyyyMMdd', '20231114', 1699920000000],
      ['yyyy-MM-dd HH:mm:ss', '2023-11-14 22:13:20 trailing', 1700000000000],
      ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", '2023-11-14T23:13:20.123+0100', 1700000000123],
      ['dd MMM yyyy', '14 Nov 2023', 1699920000000],
      ['yy-M-d', '23-1-5', 1672876800000],
      ['yyyy-MM-dd', '2023-13-01', 1704067200000],
      ['h:mm a', '10:05 PM', 79500000],
    ];
    for (const [pattern, text, millis] of cases)
      assert.equal(new SimpleDateFormat(pattern).parse(text).getTime(), millis, `${pattern} ${text}`);
    assert.throws(() => new SimpleDateFormat('yyyy-MM-dd').parse('x2023'), {
      name: 'DataError',
      message: 'Unparseable date: "x2023"',
    });
    assert.throws(() => new SimpleDateFormat('yyyy-bb'), { message: "Illegal pattern character 'b'" });
  });
});

describe('JavaPattern', () => {
  test('matches the whole input and expands Java replacements', () => {
    const p = new JavaPattern('(a)(b)?');
    assert.equal(p.matches('a'), true);
    assert.equal(p.matches('ab'), true);
    assert.equal(p.matches('abc'), false);
    assert.equal(new JavaPattern('a|ab').matches('ab'), true);
    assert.equal(new JavaPattern('(?m)^a$').matches('a\na'), false);
    assert.equal(p.replaceFirst('ab', '[$2$1\\\\]'), '[ba\\]');
    assert.throws(() => p.replaceFirst('ab', '$3'), { message: 'No group 3' });
    assert.throws(() => p.replaceFirst('ab', '$x'), { message: 'Illegal group reference' });
    assert.equal(new JavaPattern('a++b').matches('aab'), true);
  });
});

describe('SingleFieldPath', () => {
  test('parses V2 paths with backticks', () => {
    const steps = (path: string) => new SingleFieldPath(path, FieldSyntaxVersion.V2).steps;
    assert.deepEqual(steps('a.b.c'), ['a', 'b', 'c']);
    assert.deepEqual(steps('`a.b`.c'), ['a.b', 'c']);
    assert.deepEqual(steps('a.'), ['a', '']);
    assert.deepEqual(steps('`a\\`.b`.c'), ['a`.b', 'c']);
    assert.deepEqual(new SingleFieldPath('a.b', FieldSyntaxVersion.V1).steps, ['a.b']);
  });
});
