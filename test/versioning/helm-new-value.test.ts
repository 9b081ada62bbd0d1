import { describe, expect, it } from 'vitest';
import { getVersioning } from '../../src/versioning/registry.js';
import type { RangeStrategy } from '../../src/versioning/types.js';

const helm = getVersioning('helm');

type Row = [currentValue: string, rangeStrategy: RangeStrategy, currentVersion: string, newVersion: string, expected: string | null];

const run = ([currentValue, rangeStrategy, currentVersion, newVersion]: Row) => helm.getNewValue({ currentValue, rangeStrategy, currentVersion, newVersion });

describe('helm getNewValue: Renovate npm versioning cases', () => {
  // Renovate's table (lib/modules/versioning/npm), where Upkeep gives the same answer.
  it.each<Row>([
    ['=1.0.0', 'bump', '1.0.0', '1.1.0', '=1.1.0'],
    ['^1', 'bump', '1.0.0', '1.0.7-prerelease.1', '^1.0.7-prerelease.1'],
    ['~> 1.0.0', 'replace', '1.0.0', '1.1.7', '~> 1.1.0'],
    ['~1.0', 'bump', '1.0.0', '1.0.7-prerelease.1', '~1.0.7-prerelease.1'],
    ['>=1.0.0', 'bump', '1.0.0', '1.1.0', '>=1.1.0'],
    ['>= 1.0.0', 'bump', '1.0.0', '1.1.0', '>= 1.1.0'],
    ['=1.0.0', 'replace', '1.0.0', '1.1.0', '=1.1.0'],
    ['1.0.*', 'replace', '1.0.0', '1.1.0', '1.1.*'],
    ['1.*', 'replace', '1.0.0', '2.1.0', '2.*'],
    ['~0.6.1', 'replace', '0.6.8', '0.7.0-rc.2', '~0.7.0-rc'],
    ['>= 0.1.21 < 0.2.0', 'bump', '0.1.21', '0.1.24', '>= 0.1.24 < 0.2.0'],
    ['>= 0.1.21 <= 0.2.0', 'bump', '0.1.21', '0.1.24', '>= 0.1.24 <= 0.2.0'],
    ['>= 0.0.1 <= 0.1', 'bump', '0.0.1', '0.0.2', '>= 0.0.2 <= 0.1'],
    ['>= 0.0.1 < 0.1', 'bump', '0.1.0', '0.2.1', '>= 0.2.1 < 0.3'],
    ['>= 0.0.1 < 0.0.4', 'bump', '0.0.4', '0.0.5', '>= 0.0.5 < 0.0.6'],
    ['>= 0.0.1 < 1', 'bump', '1.0.0', '1.0.1', '>= 1.0.1 < 2'],
    ['*', 'bump', '1.0.0', '1.0.1', null],
    ['*', 'replace', '1.0.0', '1.0.1', null],
    ['*', 'widen', '1.0.0', '1.0.1', null],
    ['*', 'pin', '1.0.0', '1.0.1', '1.0.1'],
    ['*', 'update-lockfile', '1.0.0', '1.0.1', '*'],
    ['<=1.2.3', 'widen', '1.0.0', '1.2.3', '<=1.2.3'],
    ['<=1.2.3', 'widen', '1.0.0', '1.2.4', '<=1.2.4'],
    ['>=1.2.3', 'widen', '1.0.0', '1.2.3', '>=1.2.3'],
    ['>=1.2.3', 'widen', '1.0.0', '1.2.1', '>=1.2.3 || 1.2.1'],
    ['^0.0.3', 'replace', '0.0.3', '0.0.6', '^0.0.6'],
    ['^0.0.3', 'replace', '0.0.3', '0.5.0', '^0.5.0'],
    ['^0.0.3', 'replace', '0.0.3', '0.5.6', '^0.5.0'],
    ['^0.0.3', 'replace', '0.0.3', '4.0.0', '^4.0.0'],
    ['^0.0.3', 'replace', '0.0.3', '4.0.6', '^4.0.0'],
    ['^0.0.3', 'replace', '0.0.3', '4.5.6', '^4.0.0'],
    ['^0.2.0', 'replace', '0.2.0', '0.5.6', '^0.5.0'],
    ['^0.2.3', 'replace', '0.2.3', '0.5.0', '^0.5.0'],
    ['^0.2.3', 'replace', '0.2.3', '0.5.6', '^0.5.0'],
    ['^1.2.3', 'replace', '1.2.3', '4.0.0', '^4.0.0'],
    ['^1.2.3', 'replace', '1.2.3', '4.5.6', '^4.0.0'],
    ['^1.0.0', 'replace', '1.0.0', '4.5.6', '^4.0.0'],
    ['^0.2.3', 'replace', '0.2.3', '0.2.4', '^0.2.3'],
    ['^2.3.0', 'replace', '2.3.0', '2.4.0', '^2.3.0'],
    ['^2.3.4', 'replace', '2.3.4', '2.4.5', '^2.3.4'],
    ['^2.3.4', 'replace', '2.3.4', '2.3.5', '^2.3.4'],
    ['~2.3.4', 'replace', '2.3.4', '2.3.5', '~2.3.0'],
    ['^0.0.1', 'replace', '0.0.1', '0.0.2', '^0.0.2'],
    ['^0.0.1', 'replace', 'v0.0.1', 'v0.0.2', '^0.0.2'],
    ['^1.0.1', 'replace', '1.0.1', '2.0.2', '^2.0.0'],
    ['^1.2.3', 'replace', '1.2.3', '1.2.3', '^1.2.3'],
    ['^1.2.3', 'replace', '1.2.3', '1.2.2', '^1.2.2'],
    ['^0.9.21', 'replace', '0.9.21', '0.9.22', '^0.9.21'],
    ['1.0.0', 'pin', '1.0.0', '1.0.1', '1.0.1'],
    ['1.x', 'update-lockfile', '1.0.0', '1.0.1', '1.x'],
    ['1.x', 'update-lockfile', '1.0.0', '2.0.1', '2.x'],
    ['<2.0.0', 'widen', '1.0.0', '2.0.1', '<3.0.0'],
    ['1.x >2.0.0', 'widen', '1.0.0', '2.1.0', null],
    ['^1.0.0', 'bump', '1.0.0', '2.0.0', '^2.0.0'],
    ['~1.0.0', 'bump', '1.0.0', '2.0.0', '~2.0.0'],
    ['~1.0.0', 'bump', 'v1.0.0', 'v2.0.0', '~2.0.0'],
    ['>1.0.0', 'bump', '1.0.0', '2.1.0', null],
    ['^1.0.0-alpha', 'replace', '1.0.0-alpha', '1.0.0-beta', '^1.0.0-beta'],
    ['~1.0.0', 'replace', '1.0.0', '1.1.0', '~1.1.0'],
    ['1.0.x', 'replace', '1.0.0', '1.1.0', '1.1.x'],
    ['<=1.0', 'replace', '1.0.0', '1.2.0', '<=1.2'],
    ['<=1', 'replace', '1.0.0', '2.0.0', '<=2'],
    ['<= 1', 'replace', '1.0.0', '2.0.0', '<= 2'],
    ['>=18.17.0', 'bump', 'v18.17.0', 'v18.17.1', '>=18.17.1'],
  ])('getNewValue(%j, %s, %j, %j) is %j', (...row) => {
    expect(run(row)).toBe(row[4]);
  });

  // Renovate's table where Upkeep deliberately keeps the written precision (Renovate's own answers
  // before 2023 for the bump rows) or the rest of the range.
  it.each<Row>([
    ['^1.0', 'bump', '1.0.0', '1.0.7', '^1.0'], // Renovate today: ^1.0.7
    ['^1.0', 'bump', '1.0.0', '1.1.7', '^1.1'], // ^1.1.7
    ['~1.0', 'bump', '1.0.0', '1.1.7', '~1.1'], // ~1.1.7
    ['^1', 'bump', '1.0.0', '2.1.7', '^2'], // ^2.1.7
    ['~1', 'bump', '1.0.0', '1.1.7', '~1'], // ~1.1.7
    ['5', 'bump', '5.0.0', '5.1.7', '5'], // 5.1.7
    ['5', 'bump', '5.0.0', '6.1.7', '6'], // 6.1.7
    ['5.0', 'bump', '5.0.0', '5.0.7', '5.0'], // 5.0.7
    ['5.0', 'bump', '5.0.0', '5.1.7', '5.1'], // 5.1.7
    ['5.0', 'bump', '5.0.0', '6.1.7', '6.1'], // 6.1.7
    ['1.0.0 - 2.0.0', 'widen', '1.0.0', '2.1.0', '1.0.0 - 2.1.0'], // 1.0.0 - 2.1
  ])('keeps the shape: getNewValue(%j, %s, %j, %j) is %j', (...row) => {
    expect(run(row)).toBe(row[4]);
  });
});

describe('helm getNewValue: shapes Upkeep keeps', () => {
  it.each<Row>([
    // rangeStrategy auto means replace
    ['2.x.x', 'auto', '2.3.0', '3.0.1', '3.x.x'],
    ['1.x', 'auto', '1.4.0', '2.0.0', '2.x'],
    ['1.X', 'replace', '1.4.0', '2.0.0', '2.X'],
    ['~1.2', 'replace', '1.2.9', '1.3.5', '~1.3'],
    ['^1.2', 'replace', '1.2.9', '4.5.6', '^4.0'],
    ['^v1.2.0', 'replace', 'v1.2.0', 'v2.0.1', '^v2.0.0'],
    // a range of several comparators keeps the bounds the new version meets
    ['>=4.0.0 <5.0.0', 'replace', '4.9.0', '5.1.0', '>=4.0.0 <6.0.0'],
    ['>=1 <2', 'replace', '1.9.0', '2.5.0', '>=1 <3'],
    ['>=1 <2', 'widen', '1.9.0', '2.5.0', '>=1 <3'],
    ['1.0.0 - 2.0.0', 'replace', '2.0.0', '2.1.0', '1.0.0 - 2.1.0'],
    ['1.0.0 - 2.0.0', 'bump', '1.0.0', '1.5.0', '1.5.0 - 2.0.0'],
    // alternatives: replace keeps the last one (as Renovate), widen adds one, bump moves the last
    ['^1.0.0 || ^2.0.0', 'replace', '2.3.0', '3.0.1', '^3.0.0'],
    ['^1.0.0 || ^2.0.0', 'widen', '2.3.0', '3.0.1', '^1.0.0 || ^2.0.0 || ^3.0.0'],
    ['^1.0.0 || ^2.0.0', 'bump', '2.3.0', '2.4.0', '^1.0.0 || ^2.4.0'],
    ['^1.2.0', 'widen', '1.4.0', '2.0.0', '^1.2.0 || ^2.0.0'],
    ['^1.2.0', 'widen', '1.4.0', '1.5.0', '^1.2.0'],
    // a single version keeps the v as written in the file, whatever the index writes
    ['v1.14.4', 'replace', 'v1.14.4', 'v1.15.0', 'v1.15.0'],
    ['1.14.4', 'replace', 'v1.14.4', 'v1.15.0', '1.15.0'],
    ['v1.14.4', 'replace', '1.14.4', '1.15.0', 'v1.15.0'],
    ['1.14.4', 'pin', '1.14.4', '1.15.0', '1.15.0'],
    // pin writes the version; in-range-only stays in range
    ['^2.1.0', 'pin', '2.3.0', '2.3.0', '2.3.0'],
    ['^2.1.0', 'in-range-only', '2.1.0', '2.3.0', '^2.1.0'],
    ['^2.1.0', 'in-range-only', '2.1.0', '3.0.0', null],
    ['<2', 'bump', '1.0.0', '1.5.0', '<2'],
    ['<2', 'bump', '1.0.0', '2.5.0', '<3'],
    // nothing sensible to write
    ['^1.0.0', 'replace', '1.0.0', 'latest', null],
    ['not a range', 'replace', '1.0.0', '2.0.0', null],
  ])('getNewValue(%j, %s, %j, %j) is %j', (...row) => {
    expect(run(row)).toBe(row[4]);
  });

  it('without a current version, a caret range moves to the new version in its precision', () => {
    expect(helm.getNewValue({ currentValue: '^1.2.3', newVersion: '2.4.6', rangeStrategy: 'replace' })).toBe('^2.4.6');
    expect(helm.getNewValue({ currentValue: '^1.2', newVersion: '2.4.6' })).toBe('^2.4');
  });
});
