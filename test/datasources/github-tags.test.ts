import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGithubTagsDatasource, githubApiBase, githubTagsDatasource } from '../../src/datasources/github-tags.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import type { HostRule } from '../../src/http/host-rules.js';
import { HttpStatusError, RateLimitedError } from '../../src/util/errors.js';
import { FakeGitHub, loadGitHubValidator } from '../fakes/github.js';
import { createClock } from '../../src/util/clock.js';

const TOKEN = 'ghp_fakeTokenForTests0123456789';
const validator = loadGitHubValidator();
const github = new FakeGitHub({ validator });
const ghes = new FakeGitHub({ validator, basePath: '/api/v3' });
let api = '';

function context(hostRules: HostRule[] = [], now?: () => number): DatasourceContext {
  const clock = now ? { startedAt: new Date(now()), now } : createClock();
  return { http: new HttpClient({ hostRules, retryBaseMs: 1 }), clock, cache: new Cache(new MemoryCacheStore(), clock.now) };
}

const listRequests = (fake: FakeGitHub) => fake.requests.filter((r) => r.operationId === 'repos/list-tags');

beforeAll(async () => {
  api = await github.start();
  await ghes.start();
  const s = github.state;
  s.addRepo('acme/many');
  for (let i = 0; i < 250; i++) s.addTag('acme/many', `v1.${i}.0`, { date: `2024-02-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z` });
  s.addRepo('actions/checkout');
  const c1 = s.addCommit('actions/checkout', { date: '2023-09-04T12:00:00Z', message: 'release 4.0.0' });
  s.addTag('actions/checkout', 'v4.0.0', { commit: c1.sha, message: 'v4.0.0', date: '2023-09-05T08:00:00Z' });
  const c2 = s.addCommit('actions/checkout', { date: '2024-01-10T12:00:00Z' });
  s.addTag('actions/checkout', 'v4.1.1', { commit: c2.sha });
  s.addTag('actions/checkout', 'v4', { commit: c2.sha });
  s.addRepo('acme/secret', { private: true });
  s.addTag('acme/secret', 'v0.1.0');
  ghes.state.addRepo('corp/tool');
  ghes.state.addTag('corp/tool', 'v2.0.0');
});

afterEach(() => {
  github.server.assertNoViolations();
  ghes.server.assertNoViolations();
  github.requests.length = 0;
  ghes.requests.length = 0;
});

afterAll(async () => {
  await github.close();
  await ghes.close();
});

describe('githubApiBase', () => {
  it('maps github.com, GitHub Enterprise and API URLs', () => {
    expect(githubApiBase(undefined)).toBe('https://api.github.com');
    expect(githubApiBase('https://github.com')).toBe('https://api.github.com');
    expect(githubApiBase('https://ghe.example.com/')).toBe('https://ghe.example.com/api/v3');
    expect(githubApiBase('https://ghe.example.com/api/v3')).toBe('https://ghe.example.com/api/v3');
  });
});

describe('github-tags', () => {
  it('reads every page of tags with the commit each points to', async () => {
    const ds = createGithubTagsDatasource({ apiBaseUrl: api });
    const result = await ds.getReleases({ packageName: 'acme/many' }, context());
    expect(result!.releases).toHaveLength(250);
    expect(new Set(result!.releases.map((r) => r.version)).size).toBe(250);
    const v = github.state.repo('acme/many').tags.get('v1.7.0')!;
    expect(result!.releases.find((r) => r.version === 'v1.7.0')).toEqual({ version: 'v1.7.0', digest: v.commitSha });
    expect(result!.sourceUrl).toBe('https://github.com/acme/many');
    expect(listRequests(github).map((r) => r.path)).toEqual([
      '/repos/acme/many/tags?per_page=100',
      '/repos/acme/many/tags?per_page=100&page=2',
      '/repos/acme/many/tags?per_page=100&page=3',
    ]);
  });

  it('gives the commit of an annotated tag, not the tag object, as its digest', async () => {
    const ds = createGithubTagsDatasource({ apiBaseUrl: api });
    const ctx = context();
    const repo = github.state.repo('actions/checkout');
    const annotated = repo.tags.get('v4.0.0')!;
    expect(annotated.annotated).toBeDefined();
    expect(await ds.getDigest!({ packageName: 'actions/checkout' }, 'v4.0.0', ctx)).toBe(annotated.commitSha);
    expect(await ds.getDigest!({ packageName: 'actions/checkout' }, 'v4', ctx)).toBe(repo.tags.get('v4.1.1')!.commitSha);
    expect(await ds.getDigest!({ packageName: 'actions/checkout' }, 'v9', ctx)).toBeNull();
    // One listing served all three questions.
    expect(listRequests(github)).toHaveLength(1);
  });

  it('shares one listing between concurrent callers', async () => {
    const ds = createGithubTagsDatasource({ apiBaseUrl: api });
    const ctx = context();
    const pkg = { packageName: 'actions/checkout' };
    await Promise.all([ds.getReleases(pkg, ctx), ds.getDigest!(pkg, 'v4', ctx), ds.getDigest!(pkg, 'v4.1.1', ctx)]);
    expect(listRequests(github)).toHaveLength(1);
  });

  it('sends the token from host rules and keeps it out of errors', async () => {
    github.addToken(TOKEN);
    const ds = createGithubTagsDatasource({ apiBaseUrl: api });
    const rules: HostRule[] = [{ hostType: 'github', matchHost: new URL(api).host, token: TOKEN }];
    const result = await ds.getReleases({ packageName: 'acme/secret' }, context(rules));
    expect(result!.releases.map((r) => r.version)).toEqual(['v0.1.0']);
    expect(listRequests(github)[0]!.authorization).toBe(`Bearer ${TOKEN}`);

    const bad: HostRule[] = [{ hostType: 'github', matchHost: new URL(api).host, token: 'ghp_wrongTokenValue000000000000' }];
    const err = await ds.getReleases({ packageName: 'acme/secret' }, context(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(401);
    expect((err as Error).message).toContain(new URL(api).host);
    expect((err as Error).message).not.toContain('ghp_wrongTokenValue');
  });

  it('answers null for a repository that does not exist or is private without a token', async () => {
    const ds = createGithubTagsDatasource({ apiBaseUrl: api });
    expect(await ds.getReleases({ packageName: 'acme/nothing' }, context())).toBeNull();
    expect(await ds.getReleases({ packageName: 'acme/secret' }, context())).toBeNull();
  });

  it('uses GitHub Enterprise from registryUrl (with or without /api/v3)', async () => {
    const result = await githubTagsDatasource.getReleases({ packageName: 'corp/tool', registryUrl: ghes.server.url }, context());
    expect(result!.releases.map((r) => r.version)).toEqual(['v2.0.0']);
    expect(result!.sourceUrl).toBe(`${ghes.server.url}/corp/tool`);
    const again = await githubTagsDatasource.getReleases({ packageName: 'corp/tool', registryUrl: `${ghes.server.url}/api/v3/` }, context());
    expect(again!.releases.map((r) => r.version)).toEqual(['v2.0.0']);
    expect(listRequests(ghes).map((r) => r.path)).toEqual(['/api/v3/repos/corp/tool/tags?per_page=100', '/api/v3/repos/corp/tool/tags?per_page=100']);
  });

  it('makes no request while the cache is fresh, then revalidates with ETags (304s are not counted by GitHub)', async () => {
    let now = Date.now();
    const ctx = context([], () => now);
    const ds = createGithubTagsDatasource({ apiBaseUrl: api, ttlSeconds: 600 });
    await ds.getReleases({ packageName: 'acme/many' }, ctx);
    expect(listRequests(github)).toHaveLength(3);
    await ds.getReleases({ packageName: 'acme/many' }, ctx);
    expect(listRequests(github)).toHaveLength(3);
    const used = github.limitOf('anonymous').used;
    now += 601_000;
    const result = await ds.getReleases({ packageName: 'acme/many' }, ctx);
    expect(result!.releases).toHaveLength(250);
    expect(
      listRequests(github)
        .slice(3)
        .map((r) => r.status),
    ).toEqual([304, 304, 304]);
    expect(github.limitOf('anonymous').used).toBe(used);
  });

  it('stops with a RateLimitedError (and the reset time) when no requests are left', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1200;
    github.addToken('ghp_limited_token_000000000000000', 'limited');
    github.setRateLimit('ghp_limited_token_000000000000000', { limit: 1, used: 0, reset });
    const ds = createGithubTagsDatasource({ apiBaseUrl: api });
    const rules: HostRule[] = [{ hostType: 'github', token: 'ghp_limited_token_000000000000000' }];
    // Page 1 arrives with x-ratelimit-remaining: 0; page 2 is not asked for.
    const err = await ds.getReleases({ packageName: 'acme/many' }, context(rules)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfter).toBeGreaterThan(1100);
    expect((err as RateLimitedError).retryAfter).toBeLessThanOrEqual(1200);
    expect(listRequests(github)).toHaveLength(1);
    // Already exhausted: GitHub answers 403 with x-ratelimit-remaining: 0.
    const again = await ds.getReleases({ packageName: 'actions/checkout' }, context(rules)).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(RateLimitedError);
    expect((again as Error).message).toContain(new Date(reset * 1000).toISOString());
    expect(listRequests(github).map((r) => r.status)).toEqual([200, 403]);
  });

  it('bounds the pages it reads', async () => {
    const ds = createGithubTagsDatasource({ apiBaseUrl: api, maxPages: 2 });
    const result = await ds.getReleases({ packageName: 'acme/many' }, context());
    expect(result!.releases).toHaveLength(200);
    expect(listRequests(github)).toHaveLength(2);
  });

  it('retries a 5xx answer and goes on', async () => {
    github.server.injectFault({ operationId: 'repos/list-tags', status: 502 });
    const ds = createGithubTagsDatasource({ apiBaseUrl: api });
    const result = await ds.getReleases({ packageName: 'actions/checkout' }, context());
    expect(result!.releases.map((r) => r.version).sort()).toEqual(['v4', 'v4.0.0', 'v4.1.1']);
    expect(listRequests(github).map((r) => r.status)).toEqual([502, 200]);
  });

  it('reads release dates only when asked: the tagger date of an annotated tag, else the commit date', async () => {
    const ds = createGithubTagsDatasource({ apiBaseUrl: api });
    const ctx = context();
    const pkg = { packageName: 'actions/checkout' };
    expect(await ds.getReleaseTimestamp!(pkg, 'v4.0.0', ctx)).toBe('2023-09-05T08:00:00Z');
    expect(await ds.getReleaseTimestamp!(pkg, 'v4.1.1', ctx)).toBe('2024-01-10T12:00:00Z');
    expect(await ds.getReleaseTimestamp!(pkg, 'v0.0.0', ctx)).toBeNull();
    expect(github.requests.map((r) => r.operationId)).toEqual(['repos/list-tags', 'git/get-ref', 'git/get-tag', 'git/get-ref', 'git/get-commit']);
  });
});
