import { describe, expect, it } from 'vitest';
import { getVersioning } from '../../src/versioning/registry.js';

const helm = getVersioning('helm');

describe('helm versioning (npm ranges)', () => {
  it.each([
    ['1.2.3', true, true],
    ['v1.14.4', true, true],
    ['1.2.3-foo', true, true],
    ['1.2.3+build.5', true, true],
    ['*', true, false],
    ['x', true, false],
    ['1', true, false],
    ['1.2', true, false],
    ['1.x', true, false],
    ['2.x.x', true, false],
    ['1.2.*', true, false],
    ['~1.2.3', true, false],
    ['~1.2', true, false],
    ['^1.2.0', true, false],
    ['>=1 <2', true, false],
    ['>=4.0.0 <5.0.0', true, false],
    ['1.0.0 - 2.0.0', true, false],
    ['^1.0.0 || ^2.0.0', true, false],
    ['=1.2.3', true, false],
    ['17.04.0', false, false],
    ['1.2.3foo', false, false],
    ['V1.2.3', false, false],
    ['latest', false, false],
    ['renovatebot/renovate', false, false],
    ['https://github.com/renovatebot/renovate.git', false, false],
    ['', false, false],
    ['   ', false, false],
  ])('%j: isValid %s, isVersion %s', (input, valid, version) => {
    expect(helm.isValid(input)).toBe(valid);
    expect(helm.isVersion(input)).toBe(version);
  });

  it.each([
    ['1.2.3', true],
    ['1.2.3-alpha.1', true],
    ['=1.2.3', true],
    ['= 1.2.3', true],
    ['1.x', false],
    ['^1.2.3', false],
  ])('isSingleVersion(%j) is %s', (input, single) => {
    expect(helm.isSingleVersion(input)).toBe(single);
  });

  it('stability, order and parts', () => {
    expect(helm.isStable('1.2.3')).toBe(true);
    expect(helm.isStable('v2.0.0-alpha.1')).toBe(false);
    expect(helm.isStable('^1.2.3')).toBe(false);
    expect(helm.isGreaterThan('v1.15.0', 'v1.14.5')).toBe(true);
    expect(helm.isGreaterThan('1.0.0', '1.0.0-rc.1')).toBe(true);
    expect(helm.isGreaterThan('1.0.0', '^0.1.0')).toBe(false);
    expect(helm.equals('v1.2.3', '1.2.3')).toBe(true);
    expect(helm.equals('1.2.3', '1.2.4')).toBe(false);
    expect([helm.getMajor('v1.14.4'), helm.getMinor('v1.14.4'), helm.getPatch('v1.14.4')]).toEqual([1, 14, 4]);
    expect(helm.getMajor('^1.2.0')).toBeNull();
    const sorted = ['2.0.0', 'v1.10.0', '1.2.0', 'latest', '1.10.0-rc.1', '1.9.0'].sort(helm.sortVersions);
    expect(sorted).toEqual(['latest', '1.2.0', '1.9.0', '1.10.0-rc.1', 'v1.10.0', '2.0.0']);
  });

  it('every version is compatible; ranges and words are not candidates', () => {
    expect(helm.isCompatible('2.0.0', '^1.0.0')).toBe(true);
    expect(helm.isCompatible('v2.0.0', '1.0.0')).toBe(true);
    expect(helm.isCompatible('^2.0.0', '1.0.0')).toBe(false);
    expect(helm.isCompatible('latest')).toBe(false);
  });

  it.each([
    ['1.2.3', '^1.0.0', true],
    ['v1.14.4', '>=1 <2', true],
    ['2.0.0', '>=1 <2', false],
    ['1.3.0-rc.1', '^1.2.0', false],
    ['1.5.0', '1.x', true],
    ['3.1.0', '2.x.x', false],
    ['1.2.3', '1.2.3', true],
    ['latest', '*', false],
    ['1.2.3', 'nonsense', false],
  ])('matches(%j, %j) is %s', (version, range, expected) => {
    expect(helm.matches(version, range)).toBe(expected);
  });

  it.each([
    ['*', '3.0.0'],
    ['x', '3.0.0'],
    ['2', '2.5.1'],
    ['2.*', '2.5.1'],
    ['2.3', '2.3.4'],
    ['2.3.*', '2.3.4'],
    ['^2.3.0', '2.5.1'],
    ['>=4', null],
    ['nonsense', null],
  ])('getSatisfyingVersion(…, %j) is %j', (range, expected) => {
    expect(helm.getSatisfyingVersion!(['2.3.3.', '2.3.4', '2.5.1', '2.4.5', '3.0.0', 'latest'], range)).toBe(expected);
  });

  it('isBreaking: a new major, a 0.x change or a pre-release', () => {
    expect(helm.isBreaking!('1.2.0', '2.0.0')).toBe(true);
    expect(helm.isBreaking!('1.2.0', '1.3.0')).toBe(false);
    expect(helm.isBreaking!('0.2.0', '0.3.0')).toBe(true);
    expect(helm.isBreaking!('1.2.0', '1.3.0-rc.1')).toBe(true);
  });

  it('npm is the same scheme under its own name', () => {
    const npm = getVersioning('npm');
    expect(npm.id).toBe('npm');
    expect(npm.getNewValue({ currentValue: '~1.2', newVersion: '1.3.5', rangeStrategy: 'replace' })).toBe('~1.3');
    expect(npm.isValid('>=1 <2')).toBe(true);
  });
});
