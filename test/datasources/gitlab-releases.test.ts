import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitlabReleasesDatasource, gitlabBase, gitlabReleasesDatasource } from '../../src/datasources/gitlab-releases.js';
import { getDatasource } from '../../src/datasources/registry.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import type { HostRule } from '../../src/http/host-rules.js';
import { createClock } from '../../src/util/clock.js';
import { GitHttpServer } from '../services/git-http.js';
import { startReleasesServer, type ReleasesServer, type ServedRelease } from './releases-server.js';

const TOKEN = 'glpat-releases0123456789ab';
let server: ReleasesServer;
const git = new GitHttpServer({ users: { oauth2: TOKEN } });
let commit = '';

function context(hostRules: HostRule[] = [], clock = { offset: 0 }): DatasourceContext {
  const real = createClock(new Date('2024-06-01T00:00:00Z'));
  const now = () => real.now() + clock.offset;
  return { http: new HttpClient({ hostRules, retryBaseMs: 1 }), clock: { startedAt: real.startedAt, now }, cache: new Cache(new MemoryCacheStore(), now) };
}

const path = (project: string) => `/api/v4/projects/${encodeURIComponent(project)}/releases`;

beforeAll(async () => {
  server = await startReleasesServer({ forge: 'gitlab', basePath: '/api/v4', token: TOKEN });
  const many: ServedRelease[] = [];
  for (let i = 0; i < 150; i++) many.push({ tag: `v2.${149 - i}.0`, createdAt: '2024-01-01T00:00:00Z' });
  server.addRepo('group/sub/many', many);
  server.addRepo('gitlab-org/gitlab-runner', [
    { tag: 'v17.1.0', createdAt: '2024-05-20T10:00:00Z', publishedAt: '2024-05-21T08:00:00Z' },
    { tag: 'v17.0.0', createdAt: '2024-04-18T10:00:00Z' },
  ]);
  server.addRepo('corp/private', [{ tag: 'v0.1.0', createdAt: '2024-01-01T00:00:00Z' }], { private: true });
  await git.start();
  await git.createRepo('group/sub/project');
  commit = await git.commit('group/sub/project', 'init');
  await git.tag('group/sub/project', 'v0.3.0', commit, 'annotated');
});

afterEach(() => server.http.reset());

afterAll(async () => {
  await server.stop();
  await git.close();
});

describe('gitlab-releases', () => {
  it('is registered; the base URL accepts an /api/v4 URL', () => {
    expect(getDatasource('gitlab-releases')).toBe(gitlabReleasesDatasource);
    expect(gitlabBase(undefined)).toBe('https://gitlab.com');
    expect(gitlabBase('https://git.example.com/api/v4/')).toBe('https://git.example.com');
  });

  it('lists releases of a project with their released_at date', async () => {
    const result = await gitlabReleasesDatasource.getReleases({ packageName: 'gitlab-org/gitlab-runner', registryUrl: server.url }, context());
    expect(result).toEqual({
      releases: [
        { version: 'v17.1.0', releaseTimestamp: '2024-05-21T08:00:00Z' },
        { version: 'v17.0.0', releaseTimestamp: '2024-04-18T10:00:00Z' },
      ],
      sourceUrl: `${server.url}/gitlab-org/gitlab-runner`,
      registryUrl: server.url,
    });
    expect(server.http.requests.map((r) => r.url)).toEqual([`${path('gitlab-org/gitlab-runner')}?per_page=100&page=1`]);
  });

  it('follows x-next-page in nested groups', async () => {
    const result = await gitlabReleasesDatasource.getReleases({ packageName: 'group/sub/many', registryUrl: `${server.url}/api/v4` }, context());
    expect(result!.releases).toHaveLength(150);
    expect(server.http.requests.map((r) => r.url)).toEqual([1, 2].map((p) => `${path('group/sub/many')}?per_page=100&page=${p}`));
  });

  it('revalidates with the ETag once stale (304)', async () => {
    const ds = createGitlabReleasesDatasource({ ttlSeconds: 30 });
    const clock = { offset: 0 };
    const ctx = context([], clock);
    const pkg = { packageName: 'gitlab-org/gitlab-runner', registryUrl: server.url };
    const first = await ds.getReleases(pkg, ctx);
    clock.offset = 60_000;
    expect(await ds.getReleases(pkg, ctx)).toEqual(first);
    expect(server.http.requests.map((r) => r.status)).toEqual([200, 304]);
  });

  it('sends the token of a gitlab host rule in PRIVATE-TOKEN; without it a private project is not found', async () => {
    const pkg = { packageName: 'corp/private', registryUrl: server.url };
    expect(await gitlabReleasesDatasource.getReleases(pkg, context())).toBeNull();
    const rules: HostRule[] = [{ hostType: 'gitlab', matchHost: new URL(server.url).host, token: TOKEN }];
    const result = await gitlabReleasesDatasource.getReleases(pkg, context(rules));
    expect(result!.releases.map((r) => r.version)).toEqual(['v0.1.0']);
    expect(server.http.requests.at(-1)!.headers['private-token']).toBe(TOKEN);
    expect(server.http.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("gives the commit of a release's tag as its digest (git ls-remote of the project)", async () => {
    const rules: HostRule[] = [{ hostType: 'gitlab', matchHost: new URL(git.url).host, token: TOKEN }];
    expect(await gitlabReleasesDatasource.getDigest!({ packageName: 'group/sub/project', registryUrl: `${git.url}/api/v4` }, 'v0.3.0', context(rules))).toBe(
      commit,
    );
  });
});
