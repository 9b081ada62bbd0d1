/**
 * github-runners: GitHub's hosted runner images as releases, and the updates a pinned `runs-on:` label
 * gets from them (previews held back, same-architecture suffixes kept), with no request made.
 */
import { describe, expect, it } from 'vitest';
import { githubRunnersDatasource } from '../../src/datasources/github-runners.js';
import { getDatasource } from '../../src/datasources/registry.js';
import type { Dep } from '../../src/deps/dep.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import { lookupDep } from '../../src/lookup/lookup-dep.js';
import { defaultVersioning } from '../../src/meta/datasources.js';
import { GITHUB_RUNNER_IMAGES, isHostedRunner } from '../../src/meta/github-runners.js';
import { createClock } from '../../src/util/clock.js';

const context = () => ({
  http: new HttpClient({ retryBaseMs: 1 }),
  clock: createClock(),
  cache: new Cache(new MemoryCacheStore()),
});

const runner = (os: string, currentValue: string): Dep => ({
  manager: 'github-actions',
  file: '.github/workflows/ci.yml',
  line: 8,
  datasource: 'github-runners',
  depName: os,
  packageName: os,
  currentValue,
  depType: 'github-runner',
  location: {},
});

async function newValues(os: string, currentValue: string, options = {}): Promise<string[]> {
  const lookup = await lookupDep(runner(os, currentValue), options, context());
  expect(lookup.failure).toBeUndefined();
  return lookup.updates.map((u) => u.newValue);
}

describe('github-runners', () => {
  it('is registered with docker versioning', () => {
    expect(getDatasource('github-runners')).toBe(githubRunnersDatasource);
    expect(githubRunnersDatasource.defaultVersioning).toBe('docker');
    expect(defaultVersioning('github-runners')).toBe('docker');
  });

  it('lists the images of an operating system, previews unstable and retired ones deprecated', async () => {
    const result = await githubRunnersDatasource.getReleases({ packageName: 'ubuntu' }, context());
    expect(result?.sourceUrl).toBe('https://github.com/actions/runner-images');
    const byVersion = new Map(result!.releases.map((r) => [r.version, r]));
    expect(byVersion.get('24.04')).toEqual({ version: '24.04' });
    expect(byVersion.get('24.04-arm')).toEqual({ version: '24.04-arm' });
    expect(byVersion.get('26.04')).toEqual({ version: '26.04', isStable: false });
    expect(byVersion.get('20.04')).toEqual({ version: '20.04', isDeprecated: true });
    for (const os of ['macos', 'windows']) {
      expect((await githubRunnersDatasource.getReleases({ packageName: os }, context()))?.releases.length).toBe(GITHUB_RUNNER_IMAGES[os]!.length);
    }
  });

  it('knows nothing of self-hosted labels or inherited object keys', async () => {
    for (const name of ['home-ops', 'self-hosted', 'ubuntu-slim', 'constructor', 'toString']) {
      expect(await githubRunnersDatasource.getReleases({ packageName: name }, context())).toBeNull();
    }
    expect(isHostedRunner('ubuntu', '24.04')).toBe(true);
    expect(isHostedRunner('ubuntu', 'latest')).toBe(true);
    expect(isHostedRunner('ubuntu', 'slim')).toBe(false);
    expect(isHostedRunner('ubuntu', '21.04')).toBe(false);
    expect(isHostedRunner('constructor', 'latest')).toBe(false);
  });

  it('offers the newest stable image of the same kind', async () => {
    expect(await newValues('ubuntu', '22.04')).toEqual(['24.04']);
    expect(await newValues('ubuntu', '20.04')).toEqual(['24.04']);
    expect(await newValues('ubuntu', '22.04-arm')).toEqual(['24.04-arm']);
    expect(await newValues('ubuntu', '24.04')).toEqual([]);
    expect(await newValues('windows', '2022')).toEqual(['2025']);
    expect(await newValues('macos', '14')).toEqual(['26']);
    expect(await newValues('macos', '14-large')).toEqual(['15-large']);
  });

  it('offers a preview only when unstable versions are allowed', async () => {
    expect(await newValues('ubuntu', '24.04', { ignoreUnstable: false })).toEqual(['26.04']);
  });
});
