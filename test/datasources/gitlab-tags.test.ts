import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabTagsDatasource, gitlabUrls } from '../../src/datasources/gitlab-tags.js';
import { getDatasource } from '../../src/datasources/registry.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import type { HostRule } from '../../src/http/host-rules.js';
import { HttpStatusError } from '../../src/util/errors.js';
import { GitHttpServer } from '../services/git-http.js';
import { createClock } from '../../src/util/clock.js';

const TOKEN = 'glpat-0123456789abcdefghij';
const server = new GitHttpServer({ users: { oauth2: TOKEN } });
let commit = '';

function context(hostRules: HostRule[] = []): DatasourceContext {
  return { http: new HttpClient({ hostRules, retryBaseMs: 1 }), clock: createClock(), cache: new Cache(new MemoryCacheStore()) };
}

beforeAll(async () => {
  await server.start();
  await server.createRepo('group/sub/project');
  commit = await server.commit('group/sub/project', 'init');
  await server.tag('group/sub/project', 'v0.3.0', commit, 'annotated');
});

afterAll(() => server.close());

describe('gitlab-tags', () => {
  it('is registered', () => {
    expect(getDatasource('gitlab-tags')).toBe(gitlabTagsDatasource);
  });

  it('builds the clone URL on gitlab.com or the registryUrl (nested groups kept)', () => {
    expect(gitlabUrls({ packageName: 'fluxcd/flux2' })).toEqual({ cloneUrl: 'https://gitlab.com/fluxcd/flux2.git', webUrl: 'https://gitlab.com/fluxcd/flux2' });
    expect(gitlabUrls({ packageName: 'a/b/c', registryUrl: 'https://git.example.com/' })).toEqual({
      cloneUrl: 'https://git.example.com/a/b/c.git',
      webUrl: 'https://git.example.com/a/b/c',
    });
  });

  it('lists the tags of a project in nested groups with a gitlab token sent as oauth2', async () => {
    const rules: HostRule[] = [{ hostType: 'gitlab', matchHost: new URL(server.url).host, token: TOKEN }];
    const pkg = { packageName: 'group/sub/project', registryUrl: server.url };
    const result = await gitlabTagsDatasource.getReleases(pkg, context(rules));
    expect(result).toEqual({ releases: [{ version: 'v0.3.0', digest: commit }], sourceUrl: `${server.url}/group/sub/project`, registryUrl: server.url });
    expect(await gitlabTagsDatasource.getDigest!(pkg, 'v0.3.0', context(rules))).toBe(commit);
    const authorized = server.requests.filter((r) => r.status === 200).map((r) => r.authorization);
    expect(new Set(authorized)).toEqual(new Set([`Basic ${Buffer.from(`oauth2:${TOKEN}`).toString('base64')}`]));
  });

  it('fails in one line without the token when none is configured', async () => {
    const err = await gitlabTagsDatasource.getReleases({ packageName: 'group/sub/project', registryUrl: server.url }, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as Error).message).toMatch(/^git ls-remote http:\/\/127\.0\.0\.1:\d+\/group\/sub\/project\.git: authentication failed/);
  });
});
