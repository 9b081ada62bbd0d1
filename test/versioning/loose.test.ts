import { describe, expect, it } from 'vitest';
import { getVersioning } from '../../src/versioning/registry.js';

const loose = getVersioning('loose');

describe('loose versioning', () => {
  it.each([
    ['1.2.3', true],
    ['v1.2', true],
    ['V1.2', true],
    ['1.2.3.Final', true],
    ['2.4.1b', true],
    ['1.0-alpine', true],
    ['1.2.3.4.5.6', true],
    ['1.2.3.4.5.6.7', false],
    ['1234567', true],
    ['abc1234', false],
    ['latest', false],
    ['', false],
  ])('isValid(%j) is %s', (input, valid) => {
    expect(loose.isValid(input)).toBe(valid);
    expect(loose.isVersion(input)).toBe(valid);
  });

  it('every version is stable', () => {
    expect(loose.isStable('2.4.1b')).toBe(true);
    expect(loose.isStable('latest')).toBe(false);
  });

  it.each([
    ['2.1.0', '2.1', true], // the shorter release is smaller (opposite of docker)
    ['2.1', '2.1.0', false],
    ['1.2.3', '1.2.3-alpine', true], // a suffix is below no suffix
    ['1.2.3-rc10', '1.2.3-rc9', true], // suffixes compare numerically
    ['1.10', '1.9', true],
    ['v1.2', '1.2', false],
  ])('isGreaterThan(%j, %j) is %s', (a, b, expected) => {
    expect(loose.isGreaterThan(a, b)).toBe(expected);
  });

  it('equality, parts and order', () => {
    expect(loose.equals('v1.2', '1.2')).toBe(true);
    expect(loose.equals('1.2', '1.2.0')).toBe(false);
    expect([loose.getMajor('1.2.3.Final'), loose.getMinor('1.2.3.Final'), loose.getPatch('1.2.3.Final')]).toEqual([1, 2, 3]);
    expect(loose.getPatch('1.2')).toBeNull();
    expect(['1.2.0', 'latest', '1.2', '1.2.0-rc1', '1.10'].sort(loose.sortVersions)).toEqual(['latest', '1.2', '1.2.0-rc1', '1.2.0', '1.10']);
  });

  it.each([
    ['1.2.4', '1.2.3', true],
    ['1.3.0.Final', '1.2.3.Final', true],
    ['1.3.0', '1.2.3.Final', false],
    ['1.3', '1.2.3', false],
    ['v1.3.0', '1.2.3', false],
    ['V1.3.0', 'v1.2.3', false],
    ['2.4.2b', '2.4.1b', true],
  ])('isCompatible(%j, %j) is %s: prefix, number of parts and suffix kept', (version, current, expected) => {
    expect(loose.isCompatible(version, current)).toBe(expected);
  });

  it('getNewValue writes the new version', () => {
    expect(loose.getNewValue({ currentValue: '1.2.3.Final', newVersion: '1.3.0.Final' })).toBe('1.3.0.Final');
  });
});
