import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGiteaReleasesDatasource, giteaReleasesDatasource } from '../../src/datasources/gitea-releases.js';
import { getDatasource } from '../../src/datasources/registry.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import type { HostRule } from '../../src/http/host-rules.js';
import { createClock } from '../../src/util/clock.js';
import { loadGiteaValidator } from '../fakes/gitea.js';
import { startReleasesServer, type ReleasesServer, type ServedRelease } from './releases-server.js';

const TOKEN = 'gitea_pat_releases0123456789abcdef01234567';
let server: ReleasesServer;
let capped: ReleasesServer;

function context(hostRules: HostRule[] = [], clock = { offset: 0 }): DatasourceContext {
  const real = createClock(new Date('2024-06-01T00:00:00Z'));
  const now = () => real.now() + clock.offset;
  return { http: new HttpClient({ hostRules, retryBaseMs: 1 }), clock: { startedAt: real.startedAt, now }, cache: new Cache(new MemoryCacheStore(), now) };
}

const path = (repo: string) => `/api/v1/repos/${repo}/releases`;

function seed(s: ReleasesServer): void {
  const many: ServedRelease[] = [];
  for (let i = 0; i < 120; i++) many.push({ tag: `1.${119 - i}.0`, createdAt: '2024-02-02T00:00:00Z' });
  s.addRepo('infra/many', many);
  s.addRepo('forgejo/runner', [
    { tag: 'v4.0.0-rc.1', prerelease: true, createdAt: '2024-05-20T10:00:00Z' },
    { tag: 'v4.0.0', draft: true, createdAt: '2024-05-25T10:00:00Z' },
    { tag: 'v3.5.1', createdAt: '2024-05-01T09:00:00Z', publishedAt: '2024-05-02T12:30:00Z', sha: 'b'.repeat(40) },
  ]);
  s.addRepo('infra/private', [{ tag: 'v1.0.0', createdAt: '2024-01-01T00:00:00Z' }], { private: true });
}

beforeAll(async () => {
  server = await startReleasesServer({ forge: 'gitea', basePath: '/api/v1', validator: loadGiteaValidator(), token: TOKEN });
  capped = await startReleasesServer({ forge: 'gitea', basePath: '/api/v1', validator: loadGiteaValidator(), token: TOKEN, pageCap: 20 });
  seed(server);
  seed(capped);
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  expect(capped.violations).toEqual([]);
  server.http.reset();
  capped.http.reset();
});

afterAll(async () => {
  await server.stop();
  await capped.stop();
});

describe('gitea-releases', () => {
  it('is registered', () => {
    expect(getDatasource('gitea-releases')).toBe(giteaReleasesDatasource);
  });

  it('lists releases with their dates, drafts left out (asked and checked), pre-releases unstable', async () => {
    const rules: HostRule[] = [{ hostType: 'forgejo', matchHost: server.url, token: TOKEN }];
    const result = await giteaReleasesDatasource.getReleases({ packageName: 'forgejo/runner', registryUrl: server.url }, context(rules));
    expect(result).toEqual({
      releases: [
        { version: 'v4.0.0-rc.1', releaseTimestamp: '2024-05-20T10:00:00Z', isStable: false },
        { version: 'v3.5.1', releaseTimestamp: '2024-05-02T12:30:00Z' },
      ],
      sourceUrl: `${server.url}/forgejo/runner`,
      registryUrl: server.url,
    });
    const sent = server.http.requests.filter((r) => r.path === path('forgejo/runner'));
    expect(sent.map((r) => [r.url, r.headers.authorization])).toEqual([[`${path('forgejo/runner')}?draft=false&page=1&limit=50`, `token ${TOKEN}`]]);
  });

  it('pages until X-Total-Count, also when the server caps the page size', async () => {
    const result = await giteaReleasesDatasource.getReleases({ packageName: 'infra/many', registryUrl: server.url }, context());
    expect(result!.releases).toHaveLength(120);
    expect(server.http.count(path('infra/many'))).toBe(3);
    const cut = await giteaReleasesDatasource.getReleases({ packageName: 'infra/many', registryUrl: `${capped.url}/api/v1` }, context());
    expect(new Set(cut!.releases.map((r) => r.version)).size).toBe(120);
    expect(capped.http.count(path('infra/many'))).toBe(6);
  });

  it('revalidates with the ETag once stale (304)', async () => {
    const ds = createGiteaReleasesDatasource({ ttlSeconds: 30 });
    const clock = { offset: 0 };
    const ctx = context([], clock);
    const first = await ds.getReleases({ packageName: 'forgejo/runner', registryUrl: server.url }, ctx);
    clock.offset = 60_000;
    expect(await ds.getReleases({ packageName: 'forgejo/runner', registryUrl: server.url }, ctx)).toEqual(first);
    const sent = server.http.requests.filter((r) => r.path === path('forgejo/runner'));
    expect(sent.map((r) => r.status)).toEqual([200, 304]);
  });

  it('sends the token of a gitea-releases host rule; without one a private repository is not found', async () => {
    const rules: HostRule[] = [{ hostType: 'gitea-releases', matchHost: new URL(server.url).host, token: TOKEN }];
    const found = await giteaReleasesDatasource.getReleases({ packageName: 'infra/private', registryUrl: server.url }, context(rules));
    expect(found!.releases.map((r) => r.version)).toEqual(['v1.0.0']);
    expect(await giteaReleasesDatasource.getReleases({ packageName: 'infra/private', registryUrl: server.url }, context())).toBeNull();
    expect(await giteaReleasesDatasource.getReleases({ packageName: 'infra/none', registryUrl: server.url }, context())).toBeNull();
  });

  it("asks the run's Gitea endpoint when the dep names no registry", async () => {
    const ctx = { ...context(), defaultRegistryUrls: { 'gitea-tags': `${server.url}/api/v1` } };
    const result = await giteaReleasesDatasource.getReleases({ packageName: 'forgejo/runner' }, ctx);
    expect(result!.registryUrl).toBe(server.url);
  });

  it("gives the commit of a release's tag as its digest", async () => {
    expect(await giteaReleasesDatasource.getDigest!({ packageName: 'forgejo/runner', registryUrl: server.url }, 'v3.5.1', context())).toBe('b'.repeat(40));
  });
});
