import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { getVersioning } from '../../src/versioning/registry.js';

const METHODS = [
  'isValid',
  'isVersion',
  'isSingleVersion',
  'isStable',
  'isCompatible',
  'isGreaterThan',
  'equals',
  'getMajor',
  'getMinor',
  'getPatch',
  'matches',
  'sortVersions',
  'getNewValue',
];

describe('getVersioning', () => {
  it.each(['docker', 'semver', 'loose', 'helm', 'npm', String.raw`regex:^(?<major>\d+)\.(?<minor>\d+)(?<compatibility>.*)$`])(
    '%s is a plain object with the whole contract',
    (name) => {
      const api = getVersioning(name);
      expect(api.id).toBe(name);
      expect(Object.getPrototypeOf(api)).toBe(Object.prototype);
      expect(Object.isFrozen(api)).toBe(true);
      for (const method of METHODS) expect(typeof (api as unknown as Record<string, unknown>)[method]).toBe('function');
      expect(api.getSatisfyingVersion).toBeTypeOf('function');
    },
  );

  it.each(['docker', 'semver', 'loose', 'helm', String.raw`regex:^(?<major>\d+)\.(?<minor>\d+)(?<compatibility>.*)$`])(
    '%s never throws on bad input',
    (name) => {
      const api = getVersioning(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
      const inputs: unknown[] = [
        undefined,
        null,
        42,
        {},
        '',
        ' ',
        'x'.repeat(10_000),
        `1.${'9'.repeat(5000)}`,
        '1.2.3',
        '^1.0.0',
        '>=1 <2 ||',
        '💥',
        '1.2.3-é',
        'v',
        '-1',
      ];
      for (const a of inputs) {
        for (const method of ['isValid', 'isVersion', 'isSingleVersion', 'isStable', 'getMajor', 'getMinor', 'getPatch', 'valueToVersion']) {
          if (api[method]) expect(() => api[method]!(a)).not.toThrow();
        }
        for (const b of inputs) {
          for (const method of ['isCompatible', 'isGreaterThan', 'equals', 'matches', 'sortVersions', 'isBreaking']) {
            if (api[method]) expect(() => api[method]!(a, b)).not.toThrow();
          }
          expect(() => api.getNewValue!({ currentValue: a, newVersion: b, rangeStrategy: 'replace' })).not.toThrow();
          expect(() => api.getNewValue!({ currentValue: a, newVersion: b, rangeStrategy: 'widen', currentVersion: b })).not.toThrow();
        }
        expect(() => api.getSatisfyingVersion!(inputs, a)).not.toThrow();
      }
    },
  );

  it('npm is helm under its own name', () => {
    expect(getVersioning('npm').getNewValue).toBe(getVersioning('helm').getNewValue);
  });

  it('an unknown name is an InputError naming it and the known ones', () => {
    expect(() => getVersioning('pep440')).toThrow(InputError);
    expect(() => getVersioning('pep440')).toThrow('unknown versioning "pep440" (known: docker, semver, loose, helm, npm, regex:<pattern>)');
    expect(() => getVersioning('Docker')).toThrow('unknown versioning "Docker"');
    expect(() => getVersioning(undefined as unknown as string)).toThrow('unknown versioning "undefined"');
  });

  it('the regex example from the issue', () => {
    const v = getVersioning(String.raw`regex:^(?<major>\d+)\.(?<minor>\d+)(?<compatibility>.*)$`);
    expect(v.isCompatible('3.20-alpine', '3.19-alpine')).toBe(true);
    expect(v.isCompatible('3.20', '3.19-alpine')).toBe(false);
    expect(v.isGreaterThan('3.20-alpine', '3.19-alpine')).toBe(true);
  });

  it('keeps regex schemes in a bounded cache: the same pattern is the same instance until pushed out', () => {
    const first = getVersioning(String.raw`regex:^(?<major>\d+)-first$`);
    expect(getVersioning(String.raw`regex:^(?<major>\d+)-first$`)).toBe(first);
    for (let i = 0; i < 64; i += 1) getVersioning(String.raw`regex:^(?<major>\d+)-filler${i}$`);
    const again = getVersioning(String.raw`regex:^(?<major>\d+)-first$`);
    expect(again).not.toBe(first);
    expect(again.isValid('12-first')).toBe(true);
  });
});
