/**
 * Maven ranges and ordering as Connect 4.3.1 reads `plugin.version`. The expected strings and orders were
 * taken from maven-artifact 3.9.15 (the jar Connect 4.3.1 ships) on the same inputs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareMavenVersions } from '../../../lib/common/maven-version.js';
import {
  InvalidVersionSpecificationError,
  VersionRange,
  versionRequirement,
} from '../../../lib/common/version-range.js';

test('ranges print as Maven prints them', () => {
  const cases: Array<[string, string, boolean]> = [
    ['1.0', '1.0', false],
    ['[1.0]', '[1.0,1.0]', true],
    ['[1.0,2.0)', '[1.0,2.0)', true],
    ['(,2.0]', '(,2.0]', true],
    ['[1.0,)', '[1.0,)', true],
    ['[1.0,2.0),[3.0,)', '[1.0,2.0),[3.0,)', true],
    ['(,1.0],[1.2,)', '(,1.0],[1.2,)', true],
    ['[ 1.0 , 2.0 ]', '[1.0,2.0]', true],
  ];
  for (const [spec, printed, restricted] of cases) {
    const range = VersionRange.parse(spec);
    assert.equal(range.toString(), printed, spec);
    assert.equal(range.hasRestrictions(), restricted, spec);
  }
});

test('invalid specs fail with Maven messages', () => {
  const cases: Array<[string, string]> = [
    ['(1.0)', 'Single version must be surrounded by []: (1.0)'],
    ['[1.0', 'Unbounded range: [1.0'],
    ['[2.0,1.0]', 'Range defies version ordering: [2.0,1.0]'],
    ['[1.0,1.0)', 'Range defies version ordering: [1.0,1.0)'],
    ['[1.0,2.0),3.0', 'Only fully-qualified sets allowed in multiple set scenario: [1.0,2.0),3.0'],
    ['[1.0,2.0)x', 'Only fully-qualified sets allowed in multiple set scenario: [1.0,2.0)x'],
    ['[1.0,2.0],[1.5,3.0]', 'Ranges overlap: [1.0,2.0],[1.5,3.0]'],
  ];
  for (const [spec, message] of cases) {
    assert.throws(
      () => VersionRange.parse(spec),
      (e: unknown) => e instanceof InvalidVersionSpecificationError && e.message === message,
      spec,
    );
  }
});

test('Maven version order', () => {
  const cases: Array<[string, string, number]> = [
    ['1.0', '1.0.0', 0],
    ['1.0', '1', 0],
    ['1.0-SNAPSHOT', '1.0', -1],
    ['1.0-alpha-1', '1.0-beta-1', -1],
    ['1.0-rc1', '1.0', -1],
    ['1.0-ga', '1.0', 0],
    ['1.0-final', '1.0', 0],
    ['1.0-sp1', '1.0', 1],
    ['1.10', '1.9', 1],
    ['2.0.0', '10.0.0', -1],
    ['1.0.0-test', '1.0.0', 1],
    ['1.0a', '1.0-a', 0],
    ['1.0-xyz', '1.0', 1],
    ['1.0-xyz', '1.0-abc', 1],
    ['1.0.1', '1.0-sp', 1],
    ['1-1', '1.1', -1],
    ['1.0-alpha', '1.0-a', -1],
    ['1.0-m1', '1.0-milestone-1', 0],
    ['1.0-cr1', '1.0-rc1', 0],
    ['1.0.0', '1.0.0.0', 0],
    ['1.0-1', '1.0', 1],
    ['1.0.x', '1.0', 1],
    ['undefined', '1.0', -1],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(compareMavenVersions(a, b), expected, `${a} vs ${b}`);
    assert.equal(compareMavenVersions(b, a), expected === 0 ? 0 : -expected, `${b} vs ${a}`);
  }
});

test('plugin.version: unset and latest mean the latest, a bare version is exact, ranges are kept', () => {
  assert.equal(versionRequirement(undefined), null);
  assert.equal(versionRequirement(null), null);
  assert.equal(versionRequirement('latest'), null);
  const exact = versionRequirement(' 1.0.0 ');
  assert.equal(exact?.toString(), '[1.0.0,1.0.0]');
  assert.equal(exact?.containsVersion('1.0'), true, '[1.0.0] contains 1.0 (Maven equality)');
  assert.equal(exact?.containsVersion('1.0.1'), false);
  const below2 = versionRequirement('[1.0,2.0)');
  assert.equal(below2?.containsVersion('1.5.3'), true);
  assert.equal(below2?.containsVersion('2.0.0'), false);
  assert.equal(below2?.containsVersion('2.0.0-rc1'), true, 'a pre-release of 2.0 sorts below 2.0');
  assert.equal(versionRequirement('(,1.0],[1.2,)')?.containsVersion('1.1'), false);
  assert.throws(() => versionRequirement('[1.0'), /Unbounded range: \[1\.0/);
});
