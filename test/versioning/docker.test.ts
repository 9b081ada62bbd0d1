import { describe, expect, it } from 'vitest';
import { getVersioning } from '../../src/versioning/registry.js';

const docker = getVersioning('docker');

describe('docker versioning', () => {
  it.each([
    ['1.2.3', true],
    ['18.04', true],
    ['3', true],
    ['v2', true],
    ['1.25.5-alpine3.19', true],
    ['1.25.5-alpine3.19-slim', true],
    ['17-jdk-slim', true],
    ['1.2.3-rc1', true],
    ['3.7.0b1', true],
    ['2024.01.15', true],
    ['1.2.3.4.5', true],
    ['1234567', true],
    ['123098140293', true],
    ['0z1b2c3', true],
    ['0a1b2C3', true],
    ['0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0', true],
    ['latest', false],
    ['stable', false],
    ['mainline', false],
    ['V1.2.3', false],
    ['bookworm', false],
    ['alpine-3.18', false],
    ['jammy-20240111', false],
    ['windowsservercore-ltsc2022', false],
    ['1.2.3+build', false],
    ['abc1234', false],
    ['0a1b2c3d', false],
    ['0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d', false],
    ['01aecc#v2.1.0', false],
    ['sha256:0a1b2c3d', false],
    ['', false],
    [`1.${'2'.repeat(130)}`, false],
  ])('isValid(%j) is %s (and isVersion, isSingleVersion agree)', (tag, valid) => {
    expect(docker.isValid(tag)).toBe(valid);
    expect(docker.isVersion(tag)).toBe(valid);
    expect(docker.isSingleVersion(tag)).toBe(valid);
  });

  it.each([
    ['3.7.0', true],
    ['3.7.0b1', false],
    ['3.7-alpine', true],
    ['3.8.0-alpine', true],
    ['3.8.0b1-alpine', false],
    ['1.2.3-rc1', true],
    ['2024.5.0b3', false],
    ['1.23rc2-bookworm', false],
    ['latest', false],
  ])('isStable(%j) is %s', (tag, stable) => {
    expect(docker.isStable(tag)).toBe(stable);
  });

  it.each([
    ['1.2.3', 1, 2, 3],
    ['18.04', 18, 4, null],
    ['10.1', 10, 1, null],
    ['3', 3, null, null],
    ['v1.25.5-alpine', 1, 25, 5],
    ['foo', null, null, null],
  ])('getMajor/getMinor/getPatch(%j) = %s, %s, %s', (tag, major, minor, patch) => {
    expect([docker.getMajor(tag), docker.getMinor(tag), docker.getPatch(tag)]).toEqual([major, minor, patch]);
  });

  it.each([
    ['1.2.3', '1.2', false],
    ['18.04', '18.1', true],
    ['10.1', '10.1.2', true],
    ['2.1', '2.1.1', true],
    ['8', '8.2.5', true],
    ['3', '2', true],
    ['1.2.3', '1.2.3', false],
    ['1.2.3', '1.2.3-alpine', true],
    ['1.0.0', '1.0.0-rc1', true],
    ['3.7.0', '3.7.0b1', true],
    ['2024.5.0b10', '2024.5.0b9', true],
    ['2024.5.0rc1', '2024.5.0b9', true],
    ['1.2.3-alpine', '1.2.3-bullseye', true],
    ['20240111123456789', '20240111123456788', true],
    ['latest', '1.0.0', false],
    ['1.0.0', 'latest', false],
  ])('isGreaterThan(%j, %j) is %s', (a, b, expected) => {
    expect(docker.isGreaterThan(a, b)).toBe(expected);
  });

  it.each([
    ['1.2.3', '1.2.3', true],
    ['18.04', '18.4', true],
    ['v1.2.3', '1.2.3', true],
    ['10.0', '10.0.4', false],
    ['3', '4.0', false],
    ['1.2', '1.2.3', false],
    ['1.2.3', '1.2.3-alpine', false],
    ['latest', 'latest', false],
  ])('equals(%j, %j) is %s; matches is equality', (a, b, expected) => {
    expect(docker.equals(a, b)).toBe(expected);
    expect(docker.matches(a, b)).toBe(expected);
  });

  it.each([
    ['3.9', '3.10', true],
    ['3.10.1', '3.9', false],
    ['1.25.6', '1.25.5-alpine', false],
    ['1.25.6-alpine', '1.25.5-alpine', true],
    ['1.25.6-alpine3.19', '1.25.5-alpine3.18', false],
    ['21-jdk', '17-jdk', true],
    ['3.8.0b1-alpine', '3.7.0-alpine', true],
    ['3.7.0b1', '3.7.0', true],
    ['3.7-alpine', '3.7.0-alpine', false],
    ['v1.3.0', 'v1.2.3', true],
    ['1.3.0', 'v1.2.3', false],
    ['v1.3.0', '1.2.3', false],
    ['latest', '1.2.3', false],
    ['1.2.3', 'latest', false],
    ['20240606', '3', false],
    ['123456', '99999', false],
    ['20240606', '20240329', true],
    ['10', '9', true],
  ])('isCompatible(%j, %j) is %s', (version, current, expected) => {
    expect(docker.isCompatible(version, current)).toBe(expected);
  });

  it('isCompatible without a current value only asks for a version', () => {
    expect(docker.isCompatible('1.2.3')).toBe(true);
    expect(docker.isCompatible('latest')).toBe(false);
  });

  it('sorts stable after pre-releases, the shorter release above the longer, words first', () => {
    const tags = ['3.7.0', '3.7-alpine', '3.7.0b1', '3.7.0b5', '3.8.0b1-alpine', '3.8.0-alpine', '3.8.2', '3.8.0', 'latest', '3.7.0b10'];
    expect([...tags].sort(docker.sortVersions)).toEqual([
      'latest',
      '3.7.0b1',
      '3.7.0b5',
      '3.7.0b10',
      '3.7.0',
      '3.7-alpine',
      '3.8.0b1-alpine',
      '3.8.0-alpine',
      '3.8.0',
      '3.8.2',
    ]);
  });

  it('getNewValue writes the new tag, dropping a v only when the file had none', () => {
    expect(docker.getNewValue({ currentValue: '1.25.5-alpine', newVersion: '1.26.0-alpine' })).toBe('1.26.0-alpine');
    expect(docker.getNewValue({ currentValue: 'v1.2.3', newVersion: 'v1.3.0', rangeStrategy: 'replace' })).toBe('v1.3.0');
    expect(docker.getNewValue({ currentValue: '1.2.3', currentVersion: 'v1.2.3', newVersion: 'v1.3.0' })).toBe('1.3.0');
    expect(docker.getNewValue({ currentValue: '1.2.3', newVersion: 'latest' })).toBeNull();
  });

  it.each([
    ['3.7.0', '3.7.0'],
    ['3.7.0b1', '3.7.0b1'],
    ['3.7-alpine', '3.7'],
    ['18.19.0-alpine', '18.19.0'],
    ['3.8.0b1-alpine', '3.8.0b1'],
    ['v1.2.3-slim-bookworm', 'v1.2.3'],
  ])('valueToVersion(%j) is %j', (value, version) => {
    expect(docker.valueToVersion!(value)).toBe(version);
  });

  it('getSatisfyingVersion is equality, preferring the tag as written', () => {
    const tags = ['0.9.8', '1.1.1', '1.1', '1.2.3', '1.2', '1', '18.4', '18.04'];
    expect(docker.getSatisfyingVersion!(tags, '1.2.3')).toBe('1.2.3');
    expect(docker.getSatisfyingVersion!(tags, '1.2')).toBe('1.2');
    expect(docker.getSatisfyingVersion!(tags, '18.04')).toBe('18.04');
    expect(docker.getSatisfyingVersion!(tags, '18.004')).toBe('18.4');
    expect(docker.getSatisfyingVersion!(tags, '1.3')).toBeNull();
  });

  it('minSatisfyingVersion is equality too (a docker "range" is one version); isLessThanRange compares, keeping suffixes apart', () => {
    const tags = ['1.2.3', '1.2', '18.04', '1.2.3-alpine'];
    expect(docker.minSatisfyingVersion!(tags, '1.2.3')).toBe('1.2.3');
    expect(docker.minSatisfyingVersion!(tags, '18.004')).toBe('18.04');
    expect(docker.minSatisfyingVersion!(tags, '2.0')).toBeNull();
    expect(docker.isLessThanRange!('1.2.2', '1.2.3')).toBe(true);
    expect(docker.isLessThanRange!('1.2.3', '1.2.3')).toBe(false);
    expect(docker.isLessThanRange!('1.10', '1.9')).toBe(false);
    expect(docker.isLessThanRange!('17.10', '18.04')).toBe(true);
    expect(docker.isLessThanRange!('latest', '1.0')).toBe(false);
  });

  it('isBreaking is a change of major', () => {
    expect(docker.isBreaking!('1.25.5', '2.0.0')).toBe(true);
    expect(docker.isBreaking!('1.25.5', '1.26.0')).toBe(false);
  });
});
