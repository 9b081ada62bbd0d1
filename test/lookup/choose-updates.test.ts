import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/datasources/types.js';
import { chooseUpdates, evaluateUpdates, type LookupOptions } from '../../src/lookup/choose-updates.js';

const D = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const tags = (...versions: string[]): Release[] => versions.map((version) => ({ version }));
const brief = (u: { updateType: string; newValue: string; newDigest?: string }) =>
  `${u.updateType} ${u.newValue}${u.newDigest ? `@${u.newDigest.slice(7, 9)}` : ''}`;

function choose(currentValue: string | undefined, releases: Release[], config: LookupOptions = {}, currentDigest?: string) {
  return chooseUpdates({ currentValue, currentDigest, releases, config: { versioning: 'docker', ...config } }).map(brief);
}

describe('chooseUpdates (docker versioning)', () => {
  const family = tags('8.1.0', '8.1.5', '8.1', '8.2.0', '8.2.5', '8.2', '8', '9.0', '9', 'latest');

  it('keeps the precision written: 8.1.0 → 8.2.5, 8.1 → 8.2 and 9.0, 8 → 9', () => {
    expect(choose('8.1.0', family)).toEqual(['minor 8.2.5']);
    expect(choose('8.1', family)).toEqual(['minor 8.2', 'major 9.0']);
    expect(choose('8', family)).toEqual(['major 9']);
  });

  it('never changes the suffix and separates majors', () => {
    const alpine = tags('1.25.3-alpine', '1.25.4-alpine', '1.26.0-alpine', '2.0.0-alpine', '1.25.4', '1.27.0', '1.26.1-alpine3.19');
    expect(choose('1.25.3-alpine', alpine)).toEqual(['minor 1.26.0-alpine', 'major 2.0.0-alpine']);
    expect(choose('1.25.3-alpine', alpine, { separateMinorPatch: true })).toEqual(['patch 1.25.4-alpine', 'minor 1.26.0-alpine', 'major 2.0.0-alpine']);
    expect(choose('1.25.3-alpine', alpine, { separateMajorMinor: false })).toEqual(['major 2.0.0-alpine']);
  });

  it('proposes the newest of each major with separateMultipleMajor', () => {
    const many = tags('1.0.0', '1.1.0', '2.0.0', '2.3.0', '3.0.0', '3.1.0');
    expect(choose('1.0.0', many)).toEqual(['minor 1.1.0', 'major 3.1.0']);
    expect(choose('1.0.0', many, { separateMultipleMajor: true })).toEqual(['minor 1.1.0', 'major 2.3.0', 'major 3.1.0']);
  });

  it('keeps the v prefix and never proposes a lower version', () => {
    expect(choose('v1.2.3', tags('v1.2.2', 'v1.2.4', '1.3.0', 'v1.3.0'))).toEqual(['minor v1.3.0']);
    expect(choose('2.0.0', tags('1.9.9', '1.10.0', '2.0.0'))).toEqual([]);
  });

  it('ignores unstable releases unless the current one is unstable in the same line', () => {
    const ha = tags('2024.5.0', '2024.5.1', '2024.6.0b0', '2024.6.0b3', '2024.5.2b1');
    expect(choose('2024.5.1', ha)).toEqual([]);
    expect(choose('2024.5.1', ha, { ignoreUnstable: false })).toEqual(['minor 2024.6.0b3']);
    expect(choose('2024.6.0b0', ha)).toEqual(['patch 2024.6.0b3']);
  });

  it('a release the registry marks as a pre-release is unstable whatever its version looks like (GitHub releases)', () => {
    const releases: Release[] = [{ version: 'v1.9.0' }, { version: 'v1.10.0' }, { version: 'v2.0.0', isStable: false }];
    expect(choose('v1.9.0', releases)).toEqual(['minor v1.10.0']);
    expect(choose('v1.9.0', releases, { ignoreUnstable: false })).toEqual(['minor v1.10.0', 'major v2.0.0']);
  });

  it('applies allowedVersions as a range or a regex', () => {
    const pg = tags('15.6', '15.7', '16.2', '16.3', '17.0');
    expect(choose('15.6', pg, { allowedVersions: '<17' })).toEqual(['minor 15.7', 'major 16.3']);
    expect(choose('15.6', pg, { allowedVersions: '/^15\\./' })).toEqual(['minor 15.7']);
    expect(choose('15.6', pg, { allowedVersions: '!/^16\\./' })).toEqual(['minor 15.7', 'major 17.0']);
  });

  it('runs an allowedVersions regex on RE2: a pathological one answers at once, one RE2 lacks is an error naming the key', () => {
    expect(choose('1.0', tags('1.1', '1.2'), { allowedVersions: '/^(\\d+\\.?)+$/' })).toEqual(['minor 1.2']);
    expect(choose('1.0', tags('1.1', '1.2'), { allowedVersions: '/^(a+)+$/' })).toEqual([]);
    expect(() => choose('1.0', tags('1.1'), { allowedVersions: '/^1\\.(?!2)/' })).toThrow(
      'allowedVersions: invalid pattern "/^1\\\\.(?!2)/": error parsing regexp: invalid or unsupported Perl syntax: `(?!` (look-around is not supported: patterns run on RE2)',
    );
  });

  it('holds back releases younger than minimumReleaseAge, and those whose age is unknown', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const releases: Release[] = [
      { version: '1.1.0', releaseTimestamp: '2026-11-01T00:00:00Z' },
      { version: '1.2.0', releaseTimestamp: '2026-11-21T00:00:00Z' },
      { version: '1.3.0' },
    ];
    const run = (config: LookupOptions) => evaluateUpdates({ currentValue: '1.0.0', releases, config: { versioning: 'docker', ...config }, now });
    const held = run({ minimumReleaseAge: '3 days' });
    expect(held.updates.map(brief)).toEqual(['minor 1.1.0']);
    expect(held.rejected).toEqual(
      expect.arrayContaining([
        { version: '1.2.0', reason: 'too-young' },
        { version: '1.3.0', reason: 'age-unknown' },
      ]),
    );
    expect(run({ minimumReleaseAge: '3 days', minimumReleaseAgeBehaviour: 'timestamp-optional' }).updates.map(brief)).toEqual(['minor 1.3.0']);
  });

  it('proposes a digest update when the tag stays but its digest moved, and moves tag and digest together', () => {
    const releases: Release[] = [
      { version: '1.25', digest: D(2) },
      { version: '1.26', digest: D(3) },
    ];
    expect(choose('1.25', releases, {}, D(1))).toEqual(['digest 1.25@22', 'minor 1.26@33']);
    expect(choose('1.25', releases, {}, D(2))).toEqual(['minor 1.26@33']);
  });

  it('drops a version update whose digest is unknown when the reference is pinned', () => {
    const outcome = evaluateUpdates({
      currentValue: '1.25',
      currentDigest: D(1),
      releases: [{ version: '1.25', digest: D(1) }, { version: '1.26' }],
      config: { versioning: 'docker' },
    });
    expect(outcome.updates).toEqual([]);
    expect(outcome.rejected).toContainEqual({ version: '1.26', reason: 'digest-unknown' });
  });

  it('pins digests when pinDigests is on, and updates words like latest only by digest', () => {
    const releases: Release[] = [
      { version: 'latest', digest: D(4) },
      { version: '1.25', digest: D(2) },
      { version: '1.26', digest: D(3) },
    ];
    expect(choose('1.25', releases, { pinDigests: true })).toEqual(['pinDigest 1.25@22', 'minor 1.26@33']);
    expect(choose('latest', releases, { pinDigests: true })).toEqual(['pinDigest latest@44']);
    expect(choose('latest', releases, {}, D(1))).toEqual(['digest latest@44']);
    expect(choose('latest', releases)).toEqual([]);
  });

  it('reports what each update is (contract fields)', () => {
    const [update] = chooseUpdates({ currentValue: '18.19.0-alpine', releases: tags('18.19.0-alpine', '20.11.1-alpine'), config: { versioning: 'docker' } });
    expect(update).toEqual({
      updateType: 'major',
      newValue: '20.11.1-alpine',
      newVersion: '20.11.1',
      newMajor: 20,
      newMinor: 11,
      newPatch: 1,
      isBreaking: true,
    });
  });
});

describe('chooseUpdates (helm and semver)', () => {
  it('ignoreDeprecated: a deprecated release is no update unless the current one is deprecated too, or the option is off', () => {
    const charts: Release[] = [
      { version: '1.4.0' },
      { version: '1.4.1', isDeprecated: true },
      { version: '1.5.0' },
      { version: '1.6.0', isDeprecated: true },
      { version: '2.0.0', isDeprecated: true },
    ];
    const helm = (currentValue: string, config: LookupOptions & { ignoreDeprecated?: boolean } = {}) =>
      evaluateUpdates({ currentValue, releases: charts, config: { versioning: 'helm', separateMinorPatch: true, ...config } });
    // The newest release that is not deprecated, and why the others were left out.
    const on = helm('1.4.0');
    expect(on.updates.map(brief)).toEqual(['minor 1.5.0']);
    expect(on.rejected.filter((r) => r.reason === 'deprecated').map((r) => r.version)).toEqual(['1.4.1', '1.6.0', '2.0.0']);
    expect(helm('1.4.0', { ignoreDeprecated: true }).updates.map(brief)).toEqual(['minor 1.5.0']);
    // From a deprecated release, any newer one is a way out.
    expect(helm('1.4.1').updates.map(brief)).toEqual(['minor 1.6.0', 'major 2.0.0']);
    // Off: deprecated releases are proposed like any other.
    expect(helm('1.4.0', { ignoreDeprecated: false }).updates.map(brief)).toEqual(['patch 1.4.1', 'minor 1.6.0', 'major 2.0.0']);
  });

  it('updates chart versions, keeping a v prefix', () => {
    const charts = tags('v1.14.4', 'v1.14.5', 'v1.15.0', 'v2.0.0-alpha.1');
    expect(chooseUpdates({ currentValue: 'v1.14.4', releases: charts, config: { versioning: 'helm' } }).map(brief)).toEqual(['minor v1.15.0']);
    expect(chooseUpdates({ currentValue: '4.10.1', releases: tags('4.10.1', '4.11.0', '5.0.0'), config: { versioning: 'semver' } }).map(brief)).toEqual([
      'minor 4.11.0',
      'major 5.0.0',
    ]);
  });

  it('widens or replaces a range by rangeStrategy, and pins it on request', () => {
    const releases = tags('2.1.0', '2.3.0', '3.0.1');
    expect(chooseUpdates({ currentValue: '2.x.x', releases, config: { versioning: 'helm' } }).map(brief)).toEqual(['major 3.x.x']);
    expect(chooseUpdates({ currentValue: '^2.1.0', releases, config: { versioning: 'helm', rangeStrategy: 'pin' } }).map(brief)).toContain('pin 2.3.0');
  });
});
