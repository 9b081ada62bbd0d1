import { describe, expect, it } from 'vitest';
import { getVersioning } from '../../src/versioning/registry.js';

const semver = getVersioning('semver');

describe('semver versioning', () => {
  it.each([
    ['1.2.3', true],
    ['v1.2.3', true],
    ['1.2.3-rc.1', true],
    ['1.2.3+build.7', true],
    ['17.04.0', false],
    ['1.2', false],
    ['^1.2.3', false],
    ['V1.2.3', false],
    [' 1.2.3', false],
    ['latest', false],
    ['', false],
  ])('isValid(%j) is %s (no ranges: isVersion and isSingleVersion agree)', (input, valid) => {
    expect(semver.isValid(input)).toBe(valid);
    expect(semver.isVersion(input)).toBe(valid);
    expect(semver.isSingleVersion(input)).toBe(valid);
  });

  it('stability, order, equality and parts', () => {
    expect(semver.isStable('1.2.3')).toBe(true);
    expect(semver.isStable('1.2.3-rc.1')).toBe(false);
    expect(semver.isStable('nonsense')).toBe(false);
    expect(semver.isGreaterThan('1.10.0', '1.9.0')).toBe(true);
    expect(semver.isGreaterThan('1.0.0', '1.0.0-rc.1')).toBe(true);
    expect(semver.isGreaterThan('1.0.0-rc.10', '1.0.0-rc.9')).toBe(true);
    expect(semver.isGreaterThan('latest', '1.0.0')).toBe(false);
    expect(semver.equals('v1.2.3', '1.2.3')).toBe(true);
    expect(semver.equals('1.2.3+a', '1.2.3+b')).toBe(true);
    expect(semver.matches('1.2.3', '1.2.3')).toBe(true);
    expect(semver.matches('1.2.4', '^1.2.3')).toBe(false);
    expect([semver.getMajor('v4.10.1'), semver.getMinor('v4.10.1'), semver.getPatch('v4.10.1')]).toEqual([4, 10, 1]);
    expect(semver.getMajor('1.2')).toBeNull();
    expect(['1.10.0', 'x', '1.2.0', '1.10.0-rc.1', 'v1.2.0'].sort(semver.sortVersions)).toEqual(['x', '1.2.0', 'v1.2.0', '1.10.0-rc.1', '1.10.0']);
  });

  it('every version is compatible', () => {
    expect(semver.isCompatible('2.0.0', '1.0.0')).toBe(true);
    expect(semver.isCompatible('v2.0.0', '1.0.0')).toBe(true);
    expect(semver.isCompatible('2.0', '1.0.0')).toBe(false);
    expect(semver.isCompatible('2.0.0', 'latest')).toBe(false);
  });

  it('getNewValue keeps the v prefix as written in the file', () => {
    expect(semver.getNewValue({ currentValue: 'v4.10.1', newVersion: 'v4.11.0' })).toBe('v4.11.0');
    expect(semver.getNewValue({ currentValue: 'v4.10.1', newVersion: '4.11.0' })).toBe('v4.11.0');
    expect(semver.getNewValue({ currentValue: '4.10.1', currentVersion: 'v4.10.1', newVersion: 'v4.11.0' })).toBe('4.11.0');
    expect(semver.getNewValue({ currentValue: '4.10.1', newVersion: '5.0.0-rc.1', rangeStrategy: 'bump' })).toBe('5.0.0-rc.1');
    expect(semver.getNewValue({ currentValue: '4.10.1', newVersion: 'latest' })).toBeNull();
  });

  it('isBreaking: a new major, a 0.x change or a pre-release (as Renovate)', () => {
    expect(semver.isBreaking!('1.2.3', '2.0.0')).toBe(true);
    expect(semver.isBreaking!('1.2.3', '1.9.0')).toBe(false);
    expect(semver.isBreaking!('0.2.3', '0.2.4')).toBe(true);
    expect(semver.isBreaking!('1.2.3-rc.1', '1.2.3')).toBe(true);
  });

  it('getSatisfyingVersion is equality, preferring the version as written', () => {
    expect(semver.getSatisfyingVersion!(['1.2.3', 'v1.2.3', '1.2.4'], 'v1.2.3')).toBe('v1.2.3');
    expect(semver.getSatisfyingVersion!(['1.2.3', '1.2.4'], 'v1.2.3')).toBe('1.2.3');
    expect(semver.getSatisfyingVersion!(['1.2.3'], '^1.0.0')).toBeNull();
  });
});
