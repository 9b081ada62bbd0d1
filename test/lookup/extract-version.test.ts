/**
 * extractVersion: registry tags such as `v1.2.3` or `release-1.2.3` compared as versions, from a custom
 * manager's dep or from a rule; digests and release dates are still asked with the registry's own tag.
 */
import { describe, expect, it } from 'vitest';
import type { Datasource, Release } from '../../src/datasources/types.js';
import type { Dep } from '../../src/deps/dep.js';
import { Cache } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import { extractVersions } from '../../src/lookup/extract-version.js';
import { lookupDep } from '../../src/lookup/lookup-dep.js';
import type { LookupOptions } from '../../src/lookup/choose-updates.js';
import { createClock } from '../../src/util/clock.js';

const tags = (...versions: string[]): Release[] => versions.map((version) => ({ version }));

describe('extractVersions', () => {
  it('keeps the version group of each tag the pattern matches, drops the others, and remembers the tag', () => {
    const { releases, tagOf } = extractVersions(
      tags('v1.0.0', 'release-1.1.0', 'v1.2.0', 'latest', 'v1.2.0-rc.1'),
      '^(?:v|release-)(?<version>\\d+\\.\\d+\\.\\d+(?:-\\S+)?)$',
    );
    expect(releases.map((r) => r.version)).toEqual(['1.0.0', '1.1.0', '1.2.0', '1.2.0-rc.1']);
    expect(tagOf.get('1.1.0')).toBe('release-1.1.0');
  });

  it('keeps what each release carries; a version two tags give is the first one', () => {
    const { releases, tagOf } = extractVersions([{ version: 'v2.0.0', releaseTimestamp: '2026-01-01T00:00:00Z' }, { version: '2.0.0' }], '^v?(?<version>.+)$');
    expect(releases).toEqual([{ version: '2.0.0', releaseTimestamp: '2026-01-01T00:00:00Z' }]);
    expect(tagOf.get('2.0.0')).toBe('v2.0.0');
  });

  it('runs on RE2: a pattern it cannot run is an error naming extractVersion', () => {
    expect(() => extractVersions(tags('v1'), '^(?<version>(?!x).+)$')).toThrow(/^extractVersion: invalid pattern/);
  });
});

describe('lookupDep with extractVersion', () => {
  const ctx = { http: new HttpClient(), clock: createClock(new Date('2026-06-01T00:00:00Z')), cache: new Cache() };
  const asked: { digests: string[]; dates: string[] } = { digests: [], dates: [] };
  const source = (versions: string[]): Datasource => ({
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async () => ({ releases: tags(...versions) }),
    getDigest: async (_pkg, tag) => {
      asked.digests.push(tag);
      return `sha256:${(tag.replace(/\D/g, '') + '0'.repeat(64)).slice(0, 64)}`;
    },
    getReleaseTimestamp: async (_pkg, tag) => {
      asked.dates.push(tag);
      return '2026-01-01T00:00:00Z';
    },
  });
  const dep = (fields: Partial<Dep>): Dep => ({
    manager: 'regex',
    file: 'a.yaml',
    line: 1,
    datasource: 'docker',
    depName: 'org/tool',
    location: {},
    ...fields,
  });

  it("a custom manager's extractVersion: a value written without the tag's prefix gets updates", async () => {
    const releases = ['kustomize/v5.3.0', 'kustomize/v5.4.2', 'kyaml/v0.17.1', 'api/v0.17.2'];
    const without = await lookupDep(dep({ currentValue: '5.3.0' }), { versioning: 'semver' }, ctx, () => source(releases));
    expect(without.updates).toEqual([]);
    const withIt = await lookupDep(dep({ currentValue: '5.3.0', extractVersion: '^kustomize/v(?<version>.+)$' }), { versioning: 'semver' }, ctx, () =>
      source(releases),
    );
    expect(withIt.updates.map((u) => `${u.updateType} ${u.newValue}`)).toEqual(['minor 5.4.2']);
    expect(withIt.releaseCount).toBe(2);
    expect(withIt.warnings).toEqual([]);
  });

  it("a rule's extractVersion wins over the dep's; digests and dates are asked with the registry's tag", async () => {
    asked.digests = [];
    asked.dates = [];
    const options: LookupOptions & { extractVersion: string } = {
      versioning: 'semver',
      extractVersion: '^release-(?<version>.+)$',
      pinDigests: true,
      minimumReleaseAge: '1 day',
    };
    const result = await lookupDep(dep({ currentValue: '1.0.0', extractVersion: '^v(?<version>.+)$' }), options, ctx, () =>
      source(['release-1.0.0', 'release-1.1.0', 'v9.0.0']),
    );
    expect(result.updates.map((u) => `${u.updateType} ${u.newValue}`)).toEqual(['pinDigest 1.0.0', 'minor 1.1.0']);
    expect(asked.digests.sort()).toEqual(['release-1.0.0', 'release-1.1.0']);
    expect(asked.dates).toEqual(['release-1.1.0']);
  });

  it('a pattern that cannot run: the lookup fails, saying why', async () => {
    const result = await lookupDep(dep({ currentValue: '1.0.0', extractVersion: '(?<version>' }), {}, ctx, () => source(['1.0.0']));
    expect(result.failure).toMatch(/^extractVersion: invalid pattern/);
  });
});
