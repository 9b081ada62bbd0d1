/**
 * lookupDep with an in-memory datasource: what it asks for (and what it does not), and how answers
 * become updates and warnings.
 */
import { describe, expect, it } from 'vitest';
import type { Datasource, Release } from '../../src/datasources/types.js';
import type { Dep } from '../../src/deps/dep.js';
import { Cache } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import { lookupDep } from '../../src/lookup/lookup-dep.js';
import { ExternalHostError } from '../../src/util/errors.js';
import { createClock } from '../../src/util/clock.js';

const D = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

interface Calls {
  releases: number;
  digests: string[];
  dates: string[];
}

function memorySource(
  releases: Release[],
  digests: Record<string, string>,
  dates: Record<string, string> = {},
  kinds: Record<string, 'index' | 'manifest'> = {},
) {
  const calls: Calls = { releases: 0, digests: [], dates: [] };
  const source: Datasource = {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async () => {
      calls.releases++;
      return { releases: releases.map((r) => ({ ...r })), sourceUrl: 'https://github.com/example/app' };
    },
    getDigest: async (_pkg, tag) => {
      calls.digests.push(tag);
      return digests[tag] ?? null;
    },
    getDigestInfo: async (_pkg, digest) => {
      const kind = kinds[digest] ?? 'index';
      return { kind, platforms: kind === 'manifest' ? ['linux/amd64'] : ['linux/amd64', 'linux/arm64'] };
    },
    getReleaseTimestamp: async (_pkg, version) => {
      calls.dates.push(version);
      return dates[version] ?? null;
    },
  };
  return { source, calls };
}

const ctx = { http: new HttpClient(), clock: createClock(), cache: new Cache() };
const dep = (fields: Partial<Dep>): Dep => ({
  manager: 'kubernetes',
  file: 'a.yaml',
  line: 1,
  datasource: 'docker',
  depName: 'ghcr.io/example/app',
  location: {},
  ...fields,
});
const tags = (...versions: string[]) => versions.map((version) => ({ version }));

describe('lookupDep', () => {
  it('asks for no digest when the reference is not pinned', async () => {
    const { source, calls } = memorySource(tags('1.0.0', '1.1.0', '2.0.0'), { '1.1.0': D(1) });
    const result = await lookupDep(dep({ currentValue: '1.0.0' }), {}, ctx, () => source);
    expect(result.updates.map((u) => `${u.updateType} ${u.newValue}`)).toEqual(['minor 1.1.0', 'major 2.0.0']);
    expect(calls).toEqual({ releases: 1, digests: [], dates: [] });
    expect(result.sourceUrl).toBe('https://github.com/example/app');
  });

  it('asks for the digests of the candidates and of the current tag only', async () => {
    const many = tags(...Array.from({ length: 50 }, (_, i) => `1.${i}.0`), '2.0.0');
    const { source, calls } = memorySource(many, { '1.0.0': D(2), '1.49.0': D(3), '2.0.0': D(4) });
    const result = await lookupDep(dep({ currentValue: '1.0.0', currentDigest: D(1) }), {}, ctx, () => source);
    expect(calls.digests.sort()).toEqual(['1.0.0', '1.49.0', '2.0.0']);
    expect(result.updates.map((u) => `${u.updateType} ${u.newValue}@${u.newDigest?.slice(7, 9)}`)).toEqual([
      'digest 1.0.0@22',
      'minor 1.49.0@33',
      'major 2.0.0@44',
    ]);
  });

  it('reads release dates only for the candidates minimumReleaseAge judges', async () => {
    const { source, calls } = memorySource(
      tags('1.0.0', '1.1.0', '1.2.0', '1.3.0'),
      {},
      {
        '1.3.0': new Date(Date.now() - 3600_000).toISOString(),
        '1.2.0': '2020-01-01T00:00:00Z',
      },
    );
    const result = await lookupDep(dep({ currentValue: '1.0.0' }), { minimumReleaseAge: '3 days' }, ctx, () => source);
    expect(calls.dates).toEqual(['1.3.0', '1.2.0']);
    expect(result.updates.map((u) => u.newValue)).toEqual(['1.2.0']);
  });

  it('says when a release date is unknown instead of waiting silently', async () => {
    const { source } = memorySource(tags('1.0.0', '1.1.0'), {});
    const result = await lookupDep(dep({ currentValue: '1.0.0' }), { minimumReleaseAge: '1 day' }, ctx, () => source);
    expect(result.updates).toEqual([]);
    expect(result.warnings).toEqual(['1.1.0 held back by minimumReleaseAge: its age is unknown (the registry gives no date)']);
  });

  it('says when the pin is one platform of the index the tag points at, and pins the index', async () => {
    const { source } = memorySource(tags('1.0.0'), { '1.0.0': D(5) }, {}, { [D(1)]: 'manifest', [D(5)]: 'index' });
    const result = await lookupDep(dep({ currentValue: '1.0.0', currentDigest: D(1) }), {}, ctx, () => source);
    expect(result.updates.map((u) => `${u.updateType} ${u.newDigest}`)).toEqual([`digest ${D(5)}`]);
    expect(result.warnings[0]).toMatch(/single platform's manifest \(linux\/amd64\)/);
  });

  it('says nothing about a single-platform image pinned to its own digest, nor about a stale single-platform pin', async () => {
    const single = memorySource(tags('1.0.0'), { '1.0.0': D(1) }, {}, { [D(1)]: 'manifest' });
    expect((await lookupDep(dep({ currentValue: '1.0.0', currentDigest: D(1) }), {}, ctx, () => single.source)).warnings).toEqual([]);
    const stale = memorySource(tags('1.0.0'), { '1.0.0': D(2) }, {}, { [D(1)]: 'manifest', [D(2)]: 'manifest' });
    const result = await lookupDep(dep({ currentValue: '1.0.0', currentDigest: D(1) }), {}, ctx, () => stale.source);
    expect(result.warnings).toEqual([]);
    expect(result.updates.map((u) => u.updateType)).toEqual(['digest']);
  });

  it('turns a registry error into a failure of the dep, said in its warnings too', async () => {
    const failing: Datasource = {
      id: 'docker',
      defaultVersioning: 'docker',
      getReleases: async () => {
        throw new ExternalHostError('r.example', 401, 'r.example/app: 401 Unauthorized');
      },
    };
    const result = await lookupDep(dep({ currentValue: '1.0.0' }), {}, ctx, () => failing);
    expect(result).toEqual({ updates: [], warnings: ['r.example/app: 401 Unauthorized'], rejected: [], failure: 'r.example/app: 401 Unauthorized' });
  });

  it('warns when the current version is not offered, and skips skipped deps without asking', async () => {
    const { source, calls } = memorySource(tags('1.1.0'), {});
    expect((await lookupDep(dep({ currentValue: '1.0.9' }), {}, ctx, () => source)).warnings).toEqual([
      'the current version 1.0.9 is not offered by the registry (ghcr.io/example/app)',
    ]);
    calls.releases = 0;
    await lookupDep(dep({ currentValue: '1.0.0', skipReason: 'contains-variable' }), {}, ctx, () => source);
    expect(calls.releases).toBe(0);
  });

  it('names an unknown versioning scheme and an unknown datasource', async () => {
    const { source } = memorySource(tags('1.0.0'), {});
    expect((await lookupDep(dep({ currentValue: '1.0.0' }), { versioning: 'pep440' }, ctx, () => source)).warnings[0]).toMatch(/unknown versioning "pep440"/);
    expect((await lookupDep(dep({ datasource: 'git-refs', currentValue: '1' }), {}, ctx, () => undefined)).warnings).toEqual([
      'no datasource "git-refs" to look it up',
    ]);
  });
});

describe('what the datasource is asked', () => {
  it('the package, its registry and the value as written (custom datasources template their URL with it)', async () => {
    const asked: unknown[] = [];
    const source: Datasource = {
      id: 'docker',
      defaultVersioning: 'docker',
      getReleases: async (pkg) => {
        asked.push(pkg);
        return { releases: [{ version: '1.2.3' }] };
      },
    };
    await lookupDep(dep({ currentValue: '1.2.3', packageName: 'ghcr.io/example/app' }), {}, ctx, () => source);
    expect(asked).toEqual([{ packageName: 'ghcr.io/example/app', currentValue: '1.2.3' }]);
  });
});
