import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { getVersioning } from '../../src/versioning/registry.js';

const python = getVersioning(String.raw`regex:^(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)(?<prerelease>[^.-]+)?(?:-(?<compatibility>.*))?$`);
const BITNAMI = String.raw`regex:^(?<major>\d+)(?:\.(?<minor>\d+)(?:\.(?<patch>\d+))?)?(:?-(?<compatibility>.+)-(?<build>\d+)(?:-r(?<revision>\d+))?)?$`;
const bitnami = getVersioning(BITNAMI);

describe('regex versioning', () => {
  it.each([
    ['1.2.3', true],
    ['1.2.3a1', true],
    ['1.2.3b2-foo', true],
    ['1.2.3b2-foo-bar', true],
    ['1', false],
    ['1.2', false],
    ['1.2-foo', false],
    ['aardvark', false],
    ['1.2a1-foo', false],
    ['1.2.aardvark', false],
    ['1.2a2.3', false],
    ['', false],
    [`1.2.3-${'x'.repeat(300)}`, false],
  ])('isValid(%j) is %s (isVersion and isSingleVersion agree)', (version, valid) => {
    expect(python.isValid(version)).toBe(valid);
    expect(python.isVersion(version)).toBe(valid);
    expect(python.isSingleVersion(version)).toBe(valid);
  });

  it('stability, parts and order', () => {
    expect(python.isStable('1.2.3')).toBe(true);
    expect(python.isStable('1.2.3-foo')).toBe(true);
    expect(python.isStable('1.2.3alpha')).toBe(false);
    expect(python.isStable('1.2.3b3-foo')).toBe(false);
    expect([python.getMajor('1.2.3a1-foo'), python.getMinor('1.2.3a1-foo'), python.getPatch('1.2.3a1-foo')]).toEqual([1, 2, 3]);
    expect(python.isGreaterThan('3.0.0b1', '3.0.0a2')).toBe(true);
    expect(python.isGreaterThan('3.0.0', '3.0.0b2')).toBe(true);
    expect(python.isGreaterThan('3.0.0a10', '3.0.0a9')).toBe(true);
    expect(python.isGreaterThan('2.2.0', '2.2.0-foo')).toBe(false);
    expect(python.equals('1.2.3a1-foo', '1.2.3a1-bar')).toBe(true);
    expect(python.equals('1.2.3', '1.2.3a1')).toBe(false);
    expect(['1.2.3a1', '2.0.1', '1.3.4', '1.2.3', 'nope'].sort(python.sortVersions)).toEqual(['nope', '1.2.3a1', '1.2.3', '1.3.4', '2.0.1']);
  });

  it.each([
    ['1.2.3', '2.3.4', true],
    ['1.2.3a1', '2.3.4', true],
    ['1.2.3-foobar', '2.3.4b1-foobar', true],
    ['1.2.3', '2.3.4-foobar', false],
    ['1.2.3-foobar', '2.3.4', false],
    ['1.2.3-foo', '2.3.4-bar', false],
  ])('isCompatible(%j, %j) is %s: same compatibility group', (version, current, expected) => {
    expect(python.isCompatible(version, current)).toBe(expected);
  });

  it('Bitnami tags: build and revision extend the release, the OS is the compatibility', () => {
    expect(bitnami.isValid('16.3.0-debian-12-r14')).toBe(true);
    expect(bitnami.isCompatible('16.3.0-debian-12-r15', '16.3.0-debian-12-r14')).toBe(true);
    expect(bitnami.isCompatible('16.4.0-debian-12-r0', '16.3.0-debian-12-r14')).toBe(true);
    expect(bitnami.isGreaterThan('16.3.0-debian-12-r15', '16.3.0-debian-12-r14')).toBe(true);
    expect(bitnami.isGreaterThan('16.3.0-debian-12-r100', '16.3.0-debian-12-r99')).toBe(true);
    expect(bitnami.isGreaterThan('16.4.0-debian-12-r0', '16.3.0-debian-12-r99')).toBe(true);
    expect(bitnami.isCompatible('16.3.0-photon-4-r1', '16.3.0-debian-12-r14')).toBe(false);
    // Stricter than Renovate: the parts written are kept, so `16` never becomes `16.3.0`.
    expect(bitnami.isCompatible('16.3.0', '16')).toBe(false);
    expect(bitnami.isCompatible('17', '16')).toBe(true);
    expect(bitnami.isCompatible('16.3.0-debian-12', '16.3.0-debian-12-r14')).toBe(false);
  });

  it('the Renovate "build and revision" pattern', () => {
    const re = getVersioning(String.raw`regex:^(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)(:?-(?<compatibility>.+)(?<build>\d+)-r(?<revision>\d+))?$`);
    expect(re.isValid('12.7.0-debian-10-r69')).toBe(true);
    expect(re.isCompatible('12.7.0-debian-10-r69', '12.7.0-debian-10-r100')).toBe(true);
    expect(re.isGreaterThan('12.7.0-debian-10-r69', '12.7.0-debian-10-r100')).toBe(false);
    expect(re.isGreaterThan('12.7.0-debian-10-r169', '12.7.0-debian-10-r100')).toBe(true);
  });

  it('a version group is optional to match; a numeric group holding text is not a version', () => {
    const words = getVersioning(String.raw`regex:^(?<major>\d+)?(?<compatibility>.+)`);
    expect(words.isValid('alpine')).toBe(true);
    const loose = getVersioning(String.raw`regex:^(?<major>\w+)\.(?<minor>\d+)$`);
    expect(loose.isValid('12.3')).toBe(true);
    expect(loose.isValid('abc.3')).toBe(false);
  });

  it('matches is equality; getSatisfyingVersion returns the tag as written; getNewValue the new tag', () => {
    expect(python.matches('1.2.2-foo', '1.2.2-bar')).toBe(true);
    expect(python.matches('1.2.2', '1.2.3')).toBe(false);
    expect(python.getSatisfyingVersion!(['2.1.5', '2.1.6a1', '2.1.6-foo'], '2.1.6')).toBe('2.1.6-foo');
    expect(python.getSatisfyingVersion!(['1.2.3'], '!@#')).toBeNull();
    expect(python.getNewValue({ currentValue: '1.2.3-foo', newVersion: '1.3.0-foo' })).toBe('1.3.0-foo');
  });

  it.each([
    [String.raw`^(?<major>\d+)(`, /^versioning "regex:\^\(\?<major>\\d\+\)\(": invalid pattern: error parsing regexp: missing closing \)/],
    [String.raw`^(?<major>\d+)?(?<!y)x$`, /invalid pattern: .*\(look-around is not supported: patterns run on RE2\)$/],
    [String.raw`^(?<major>\d+)?(?<=y)x$`, /invalid pattern/],
    [String.raw`^(\d+)\.(\d+)$`, /versioning "regex:\^\(\\d\+\)\\\.\(\\d\+\)\$": the pattern needs a named group major, minor or patch/],
    ['not a regex', /needs a named group/],
    ['', /needs a named group/],
  ])('an invalid pattern %j is an InputError naming it', (pattern, message) => {
    expect(() => getVersioning(`regex:${pattern}`)).toThrow(InputError);
    expect(() => getVersioning(`regex:${pattern}`)).toThrow(message);
  });

  it('a pathological pattern answers at once instead of hanging (RE2 matches in linear time)', () => {
    const evil = getVersioning(String.raw`regex:^(?<major>(\d+)+)+$`);
    const nested = getVersioning(String.raw`regex:^(?<major>(a|aa)+)*\d$`);
    const input = `${'1'.repeat(200)}x`;
    // With a backtracking engine each of these would take longer than the age of the universe.
    expect(evil.isValid(input)).toBe(false);
    expect(nested.isValid(`${'a'.repeat(200)}!`)).toBe(false);
    expect(evil.isValid('123')).toBe(true);
    expect(getVersioning(String.raw`regex:^(?<major>\d*)\d*\d*\d*\d*\d*x$`).isValid('1'.repeat(250))).toBe(false);
  });

  it('the same pattern gives the same instance', () => {
    expect(getVersioning(BITNAMI)).toBe(bitnami);
    expect(bitnami.id).toBe(BITNAMI);
  });
});
