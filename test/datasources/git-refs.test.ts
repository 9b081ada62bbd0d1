/**
 * git-refs against a real repository served over git smart HTTP: branches and their head commits, and
 * the digest update a commit pin that follows a branch gets when the branch moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitRefsDatasource } from '../../src/datasources/git-refs.js';
import type { Dep } from '../../src/deps/dep.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import { lookupDep } from '../../src/lookup/lookup-dep.js';
import { git, GitHttpServer } from '../services/git-http.js';
import { createClock } from '../../src/util/clock.js';

const server = new GitHttpServer();
const shas: Record<string, string> = {};

const context = () => ({
  http: new HttpClient({ retryBaseMs: 1 }),
  clock: createClock(),
  cache: new Cache(new MemoryCacheStore()),
  runCache: new Cache(new MemoryCacheStore()),
});

beforeAll(async () => {
  await server.start();
  const url = await server.createRepo('infra');
  shas.c1 = await server.commit('infra', 'first');
  shas.c2 = await server.commit('infra', 'second', '2024-02-01T00:00:00Z');
  await git(['update-ref', 'refs/heads/hotfix/39.264.1', shas.c1!], { cwd: server.repoPath('infra') });
  shas.url = url;
});

afterAll(() => server.close());

const dep = (fields: Partial<Dep>): Dep => ({
  manager: 'flux',
  file: 'git.yaml',
  line: 9,
  datasource: 'git-refs',
  depName: 'infra',
  packageName: shas.url,
  location: {},
  ...fields,
});

describe('git-refs', () => {
  it('lists branches with their head commits', async () => {
    const result = await gitRefsDatasource.getReleases({ packageName: shas.url! }, context());
    expect(result?.releases.sort((a, b) => a.version.localeCompare(b.version))).toEqual([
      { version: 'hotfix/39.264.1', digest: shas.c1 },
      { version: 'main', digest: shas.c2 },
    ]);
    expect(await gitRefsDatasource.getDigest!({ packageName: shas.url! }, 'main', context())).toBe(shas.c2);
  });

  it('proposes the branch head for a commit pin that follows a branch, and nothing when it has not moved', async () => {
    const moved = await lookupDep(dep({ currentValue: 'main', currentDigest: shas.c1 }), {}, context());
    expect(moved.updates.map((u) => `${u.updateType} ${u.newValue} ${u.newDigest}`)).toEqual([`digest main ${shas.c2}`]);
    expect((await lookupDep(dep({ currentValue: 'main', currentDigest: shas.c2 }), {}, context())).updates).toEqual([]);
    // A short pin that names the head commit has not moved either.
    expect((await lookupDep(dep({ currentValue: 'main', currentDigest: shas.c2!.slice(0, 7) }), {}, context())).updates).toEqual([]);
  });

  it('asks the repository again on every run: branch heads move', async () => {
    const first = context();
    await gitRefsDatasource.getReleases({ packageName: shas.url! }, first);
    const before = server.requests.length;
    await gitRefsDatasource.getReleases({ packageName: shas.url! }, { ...context(), cache: first.cache });
    expect(server.requests.length).toBeGreaterThan(before);
  });
});
