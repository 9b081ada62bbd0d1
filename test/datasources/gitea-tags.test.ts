import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGiteaTagsDatasource, giteaBase, giteaTagsDatasource } from '../../src/datasources/gitea-tags.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import type { HostRule } from '../../src/http/host-rules.js';
import { HttpStatusError } from '../../src/util/errors.js';
import { FakeGitea } from '../fakes/gitea.js';
import { createClock } from '../../src/util/clock.js';

const TOKEN = 'gitea_pat_0123456789abcdef0123456789abcdef';
const gitea = new FakeGitea();
let base = '';

function context(hostRules: HostRule[] = []): DatasourceContext {
  return { http: new HttpClient({ hostRules, retryBaseMs: 1 }), clock: createClock(), cache: new Cache(new MemoryCacheStore()) };
}

const listRequests = () => gitea.requests.filter((r) => r.operationId === 'repoListTags');

beforeAll(async () => {
  base = await gitea.start();
  const s = gitea.state;
  s.addRepo('actions/setup-go');
  const c1 = s.addCommit('actions/setup-go', { date: '2024-03-01T09:00:00Z' });
  s.addTag('actions/setup-go', 'v5.0.0', { commit: c1.sha, message: 'v5.0.0', date: '2024-03-02T09:30:00Z' });
  const c2 = s.addCommit('actions/setup-go', { date: '2024-05-01T09:00:00Z' });
  s.addTag('actions/setup-go', 'v5.1.0', { commit: c2.sha });
  s.addRepo('infra/many');
  for (let i = 0; i < 120; i++) s.addTag('infra/many', `1.${i}.0`);
  s.addRepo('infra/private', { private: true });
  s.addTag('infra/private', 'v1.0.0');
  gitea.addToken(TOKEN);
});

afterEach(() => {
  gitea.server.assertNoViolations();
  gitea.requests.length = 0;
});

afterAll(() => gitea.close());

describe('giteaBase', () => {
  it('defaults to gitea.com and accepts an API URL', () => {
    expect(giteaBase(undefined)).toBe('https://gitea.com');
    expect(giteaBase('https://git.example.com/')).toBe('https://git.example.com');
    expect(giteaBase('https://git.example.com/api/v1')).toBe('https://git.example.com');
  });
});

describe('gitea-tags', () => {
  it('lists tags with their commit and date (the tagger date of an annotated tag)', async () => {
    const repo = gitea.state.repo('actions/setup-go');
    const result = await giteaTagsDatasource.getReleases({ packageName: 'actions/setup-go', registryUrl: base }, context());
    expect(result).toEqual({
      releases: [
        { version: 'v5.1.0', digest: repo.tags.get('v5.1.0')!.commitSha, releaseTimestamp: '2024-05-01T09:00:00Z' },
        { version: 'v5.0.0', digest: repo.tags.get('v5.0.0')!.commitSha, releaseTimestamp: '2024-03-02T09:30:00Z' },
      ],
      sourceUrl: `${base}/actions/setup-go`,
      registryUrl: base,
    });
    expect(listRequests().map((r) => r.path)).toEqual(['/api/v1/repos/actions/setup-go/tags?page=1&limit=50']);
  });

  it('pages until X-Total-Count, whatever page size the server allows', async () => {
    const result = await giteaTagsDatasource.getReleases({ packageName: 'infra/many', registryUrl: base }, context());
    expect(result!.releases).toHaveLength(120);
    expect(listRequests().map((r) => r.path)).toEqual([1, 2, 3].map((p) => `/api/v1/repos/infra/many/tags?page=${p}&limit=50`));
  });

  it('copes with a server that caps limit below the page size asked for', async () => {
    const capped = new FakeGitea({ state: gitea.state, maxResponseItems: 20 });
    const url = await capped.start();
    try {
      const result = await giteaTagsDatasource.getReleases({ packageName: 'infra/many', registryUrl: url }, context());
      expect(result!.releases).toHaveLength(120);
      expect(capped.requests).toHaveLength(6);
      capped.server.assertNoViolations();
    } finally {
      await capped.close();
    }
  });

  it('bounds the pages it reads', async () => {
    const ds = createGiteaTagsDatasource({ maxPages: 2 });
    const result = await ds.getReleases({ packageName: 'infra/many', registryUrl: base }, context());
    expect(result!.releases).toHaveLength(100);
    expect(listRequests()).toHaveLength(2);
  });

  it('sends the token from host rules as "token …" and reads a private repository', async () => {
    const rules: HostRule[] = [{ hostType: 'gitea', matchHost: base, token: TOKEN }];
    const result = await giteaTagsDatasource.getReleases({ packageName: 'infra/private', registryUrl: base }, context(rules));
    expect(result!.releases.map((r) => r.version)).toEqual(['v1.0.0']);
    expect(listRequests()[0]!.authorization).toBe(`token ${TOKEN}`);
    // Without it the repository is not there.
    expect(await giteaTagsDatasource.getReleases({ packageName: 'infra/private', registryUrl: base }, context())).toBeNull();
  });

  it('reports a refused token in one line naming the host, without the token', async () => {
    const rules: HostRule[] = [{ hostType: 'gitea', matchHost: base, token: 'gitea_pat_wrong_wrong_wrong_wrong' }];
    const err = await giteaTagsDatasource.getReleases({ packageName: 'infra/private', registryUrl: base }, context(rules)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(401);
    expect((err as Error).message).toContain(new URL(base).host);
    expect((err as Error).message).not.toContain('gitea_pat_wrong');
    expect((err as Error).message).not.toContain('\n');
  });

  it('gives digests and dates from the one listing', async () => {
    const ctx = context();
    const pkg = { packageName: 'actions/setup-go', registryUrl: base };
    const repo = gitea.state.repo('actions/setup-go');
    expect(await giteaTagsDatasource.getDigest!(pkg, 'v5.0.0', ctx)).toBe(repo.tags.get('v5.0.0')!.commitSha);
    expect(await giteaTagsDatasource.getDigest!(pkg, 'v6.0.0', ctx)).toBeNull();
    expect(await giteaTagsDatasource.getReleaseTimestamp!(pkg, 'v5.1.0', ctx)).toBe('2024-05-01T09:00:00Z');
    expect(listRequests()).toHaveLength(1);
  });

  it('answers null for a repository that does not exist', async () => {
    expect(await giteaTagsDatasource.getReleases({ packageName: 'nobody/nothing', registryUrl: base }, context())).toBeNull();
  });

  it('turns a non-list answer into one line naming the host', async () => {
    gitea.server.injectFault({ operationId: 'repoListTags', status: 200, body: { message: 'not a list' } });
    const err = await giteaTagsDatasource.getReleases({ packageName: 'actions/setup-go', registryUrl: base }, context()).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`GET ${base}/api/v1/repos/actions/setup-go/tags?page=1&limit=50: the answer is not a list of tags`);
  });
});
