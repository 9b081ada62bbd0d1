import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGithubReleasesDatasource, githubReleasesDatasource } from '../../src/datasources/github-releases.js';
import { getDatasource } from '../../src/datasources/registry.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import type { HostRule } from '../../src/http/host-rules.js';
import { RateLimitedError } from '../../src/util/errors.js';
import { createClock } from '../../src/util/clock.js';
import { loadGitHubValidator } from '../fakes/github.js';
import { startReleasesServer, type ReleasesServer, type ServedRelease } from './releases-server.js';

const TOKEN = 'ghp_releasesTokenForTests0123456789';
let server: ReleasesServer;
let api = '';

/** A context whose clock can be moved forward (cache freshness). */
function context(hostRules: HostRule[] = [], clock = { offset: 0 }): DatasourceContext {
  const real = createClock(new Date('2024-06-01T00:00:00Z'));
  const now = () => real.now() + clock.offset;
  return { http: new HttpClient({ hostRules, retryBaseMs: 1 }), clock: { startedAt: real.startedAt, now }, cache: new Cache(new MemoryCacheStore(), now) };
}

const releasesPath = (repo: string) => `/api/v3/repos/${repo}/releases`;

beforeAll(async () => {
  server = await startReleasesServer({ forge: 'github', basePath: '/api/v3', validator: loadGitHubValidator(), token: TOKEN });
  api = `${server.url}/api/v3`;
  const many: ServedRelease[] = [];
  for (let i = 0; i < 230; i++) many.push({ tag: `v1.${229 - i}.0`, createdAt: `2024-01-01T00:00:00Z` });
  server.addRepo('acme/many', many);
  server.addRepo('siderolabs/talos', [
    { tag: 'v1.8.0-beta.1', prerelease: true, createdAt: '2024-05-20T10:00:00Z' },
    { tag: 'v1.8.0', draft: true, createdAt: '2024-05-25T10:00:00Z' },
    { tag: 'v1.7.4', createdAt: '2024-05-01T09:00:00Z', publishedAt: '2024-05-02T12:30:00Z', sha: 'a'.repeat(40) },
    { tag: 'v1.7.3', createdAt: '2024-04-01T09:00:00Z' },
  ]);
  server.addRepo('acme/private', [{ tag: 'v0.2.0', createdAt: '2024-03-03T03:03:03Z' }], { private: true });
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  server.http.reset();
});

afterAll(() => server.stop());

describe('github-releases', () => {
  it('is registered', () => {
    expect(getDatasource('github-releases')).toBe(githubReleasesDatasource);
  });

  it('lists releases with their dates, leaves drafts out and marks pre-releases unstable', async () => {
    const ds = createGithubReleasesDatasource({ apiBaseUrl: api });
    const rules: HostRule[] = [{ hostType: 'github', matchHost: server.url, token: TOKEN }];
    const result = await ds.getReleases({ packageName: 'siderolabs/talos' }, context(rules));
    expect(result).toEqual({
      releases: [
        { version: 'v1.8.0-beta.1', releaseTimestamp: '2024-05-20T10:00:00Z', isStable: false },
        { version: 'v1.7.4', releaseTimestamp: '2024-05-02T12:30:00Z' },
        { version: 'v1.7.3', releaseTimestamp: '2024-04-01T09:00:00Z' },
      ],
      sourceUrl: 'https://github.com/siderolabs/talos',
      registryUrl: api,
    });
    // The token was sent (so the draft was visible to it, and still left out).
    const sent = server.http.requests.filter((r) => r.path === releasesPath('siderolabs/talos'));
    expect(sent.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  });

  it('follows Link: rel="next" over every page', async () => {
    const ds = createGithubReleasesDatasource({ apiBaseUrl: api });
    const result = await ds.getReleases({ packageName: 'acme/many' }, context());
    expect(result!.releases).toHaveLength(230);
    expect(server.http.requests.map((r) => r.url)).toEqual([
      '/api/v3/repos/acme/many/releases?per_page=100',
      '/api/v3/repos/acme/many/releases?per_page=100&page=2',
      '/api/v3/repos/acme/many/releases?per_page=100&page=3',
    ]);
    expect(result!.warnings).toBeUndefined();
  });

  it('stops at maxPages and says so', async () => {
    const ds = createGithubReleasesDatasource({ apiBaseUrl: api, maxPages: 2 });
    const result = await ds.getReleases({ packageName: 'acme/many' }, context());
    expect(result!.releases).toHaveLength(200);
    expect(result!.warnings).toEqual(['acme/many: only the 200 newest releases were read']);
  });

  it('revalidates a stale page with its ETag: a 304 keeps the cached releases', async () => {
    const ds = createGithubReleasesDatasource({ apiBaseUrl: api, ttlSeconds: 60 });
    const clock = { offset: 0 };
    const ctx = context([], clock);
    const first = await ds.getReleases({ packageName: 'siderolabs/talos' }, ctx);
    await ds.getReleases({ packageName: 'siderolabs/talos' }, ctx);
    expect(server.http.count(releasesPath('siderolabs/talos'))).toBe(1);
    clock.offset = 120_000;
    const again = await ds.getReleases({ packageName: 'siderolabs/talos' }, ctx);
    expect(again).toEqual(first);
    const sent = server.http.requests.filter((r) => r.path === releasesPath('siderolabs/talos'));
    expect(sent.map((r) => r.status)).toEqual([200, 304]);
    expect(sent[1]!.headers['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
  });

  it('takes the token from a github-releases host rule and from one for the web host', async () => {
    const ds = createGithubReleasesDatasource();
    const web = server.url;
    for (const rule of [
      { hostType: 'github-releases', matchHost: api, token: TOKEN },
      { hostType: 'github', matchHost: new URL(web).host, token: TOKEN },
    ]) {
      const result = await ds.getReleases({ packageName: 'acme/private', registryUrl: web }, context([rule]));
      expect(result!.releases).toEqual([{ version: 'v0.2.0', releaseTimestamp: '2024-03-03T03:03:03Z' }]);
      expect(result!.sourceUrl).toBe(`${web}/acme/private`);
    }
  });

  it('is null for a repository it cannot see or that does not exist (404)', async () => {
    const ds = createGithubReleasesDatasource({ apiBaseUrl: api });
    expect(await ds.getReleases({ packageName: 'acme/private' }, context())).toBeNull();
    expect(await ds.getReleases({ packageName: 'acme/nothing' }, context())).toBeNull();
  });

  it("asks the run's GitHub endpoint when the dep names no registry", async () => {
    const ds = createGithubReleasesDatasource();
    const ctx = { ...context(), defaultRegistryUrls: { 'github-tags': api } };
    const result = await ds.getReleases({ packageName: 'siderolabs/talos' }, ctx);
    expect(result!.registryUrl).toBe(api);
    expect(server.http.count(releasesPath('siderolabs/talos'))).toBe(1);
  });

  it("gives the commit of a release's tag as its digest (from the tag list)", async () => {
    const ds = createGithubReleasesDatasource({ apiBaseUrl: api });
    expect(await ds.getDigest!({ packageName: 'siderolabs/talos' }, 'v1.7.4', context())).toBe('a'.repeat(40));
    expect(await ds.getDigest!({ packageName: 'siderolabs/talos' }, 'v9.9.9', context())).toBeNull();
  });

  it('is a RateLimitedError when the rate limit is spent', async () => {
    server.http.route('/api/v3/repos/acme/limited/releases', (_req, res) => {
      res.statusCode = 403;
      res.setHeader('x-ratelimit-remaining', '0');
      res.setHeader('x-ratelimit-reset', String(Date.parse('2024-06-01T00:10:00Z') / 1000));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ message: 'API rate limit exceeded' }));
    });
    const ds = createGithubReleasesDatasource({ apiBaseUrl: api });
    const err = await ds.getReleases({ packageName: 'acme/limited' }, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfter).toBeGreaterThan(500);
  });
});
