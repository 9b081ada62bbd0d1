import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGitUrl, createGitTagsDatasource, credentialTypes, gitTagsDatasource, parseLsRemote } from '../../src/datasources/git-tags.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import type { HostRule } from '../../src/http/host-rules.js';
import { ExternalHostError, HttpStatusError, InputError } from '../../src/util/errors.js';
import { GitHttpServer } from '../services/git-http.js';
import { createClock } from '../../src/util/clock.js';

const PASSWORD = 'pw-s3cret-value-42';
const TOKEN = 'glpat-token-value-0123456789';
const open = new GitHttpServer();
const locked = new GitHttpServer({ users: { bot: PASSWORD, 'x-access-token': TOKEN } });
const elsewhere = new GitHttpServer();
let silent: Server;
let silentPort = 0;
const shas: Record<string, string> = {};

function context(hostRules: HostRule[] = []): DatasourceContext {
  return { http: new HttpClient({ hostRules, retryBaseMs: 1 }), clock: createClock(), cache: new Cache(new MemoryCacheStore()) };
}

const refsRequests = (server: GitHttpServer) => server.requests.filter((r) => r.path.includes('/info/refs'));

beforeAll(async () => {
  await Promise.all([open.start(), locked.start(), elsewhere.start()]);
  for (const server of [open, locked, elsewhere]) {
    await server.createRepo('app');
    shas.c1 = await server.commit('app', 'first', '2024-01-01T00:00:00Z');
    shas.tag1 = await server.tag('app', 'v1.0.0', shas.c1, 'release 1.0.0');
    shas.c2 = await server.commit('app', 'second', '2024-02-01T00:00:00Z');
    await server.tag('app', 'v1.1.0', shas.c2);
    await server.tag('app', 'v1', shas.c2);
  }
  open.redirect('moved', elsewhere.url);
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  await Promise.all([open.close(), locked.close(), elsewhere.close()]);
  silent.close();
});

describe('parseLsRemote', () => {
  it('prefers the peeled commit of an annotated tag and keeps the tag object', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const c = 'c'.repeat(40);
    const out = `${a}\trefs/tags/v1.0.0\n${b}\trefs/tags/v1.0.0^{}\n${c}\trefs/tags/v2\nnot a line\n${c}\trefs/heads/main\n`;
    expect(parseLsRemote(out)).toEqual([
      { name: 'v1.0.0', commit: b, tagObject: a },
      { name: 'v2', commit: c },
    ]);
  });
});

describe('checkGitUrl', () => {
  it('accepts network URLs and refuses local paths, file:// and command transports', () => {
    for (const ok of ['https://git.example.com/a/b.git', 'http://127.0.0.1:3000/x.git', 'ssh://git@host:7999/a/b', 'git@github.com:o/r.git', 'git://host/r']) {
      expect(() => checkGitUrl(ok)).not.toThrow();
    }
    for (const bad of ['file:///etc', '/srv/repo.git', 'ext::sh -c touch% /tmp/pwned', '--upload-pack=touch /tmp/x', 'https://host/a b', '']) {
      expect(() => checkGitUrl(bad)).toThrow(InputError);
    }
  });
});

describe('credentialTypes', () => {
  it('adds the forge rules (and its token user) only for github.com and gitlab.com', () => {
    expect(credentialTypes('https://github.com/o/r.git')).toEqual({ hostTypes: ['git-tags', 'github'], tokenUser: 'x-access-token' });
    expect(credentialTypes('git@gitlab.com:g/p.git')).toEqual({ hostTypes: ['git-tags', 'gitlab'], tokenUser: 'oauth2' });
    expect(credentialTypes('https://git.example.com/o/r.git')).toEqual({ hostTypes: ['git-tags'] });
  });
});

describe('git-tags', () => {
  it('lists tags over smart HTTP with the commit of each (annotated tags peeled)', async () => {
    const result = await gitTagsDatasource.getReleases({ packageName: open.repoUrl('app') }, context());
    expect(result).toEqual({
      releases: [
        { version: 'v1', digest: shas.c2 },
        { version: 'v1.0.0', digest: shas.c1 },
        { version: 'v1.1.0', digest: shas.c2 },
      ],
      sourceUrl: `${open.url}/app`,
    });
    expect(shas.tag1).not.toBe(shas.c1);
  });

  it('runs git ls-remote once per URL for the listing and every digest', async () => {
    const before = refsRequests(open).length;
    const ctx = context();
    const pkg = { packageName: open.repoUrl('app') };
    const [releases, d1, d2] = await Promise.all([
      gitTagsDatasource.getReleases(pkg, ctx),
      gitTagsDatasource.getDigest!(pkg, 'v1.0.0', ctx),
      gitTagsDatasource.getDigest!(pkg, 'v1', ctx),
    ]);
    expect(releases!.releases).toHaveLength(3);
    expect([d1, d2]).toEqual([shas.c1, shas.c2]);
    expect(await gitTagsDatasource.getDigest!(pkg, 'v9', ctx)).toBeNull();
    expect(refsRequests(open).length - before).toBe(1);
  });

  it('sees a moved tag once the listing is no longer cached', async () => {
    const ds = createGitTagsDatasource({ ttlSeconds: 0 });
    await open.createRepo('moving');
    const first = await open.commit('moving', 'one');
    await open.tag('moving', 'v2', first);
    expect(await ds.getDigest!({ packageName: open.repoUrl('moving') }, 'v2', context())).toBe(first);
    const second = await open.commit('moving', 'two');
    await open.tag('moving', 'v2', second);
    expect(await ds.getDigest!({ packageName: open.repoUrl('moving') }, 'v2', context())).toBe(second);
  });

  it('answers null for a repository that does not exist', async () => {
    expect(await gitTagsDatasource.getReleases({ packageName: open.repoUrl('missing') }, context())).toBeNull();
  });

  it('takes a username and password from host rules, sent as Basic auth', async () => {
    const rules: HostRule[] = [{ matchHost: locked.url, username: 'bot', password: PASSWORD }];
    const result = await gitTagsDatasource.getReleases({ packageName: locked.repoUrl('app') }, context(rules));
    expect(result!.releases.map((r) => r.version)).toEqual(['v1', 'v1.0.0', 'v1.1.0']);
    const sent = refsRequests(locked)
      .filter((r) => r.status === 200)
      .map((r) => r.authorization);
    expect(sent).toEqual([`Basic ${Buffer.from(`bot:${PASSWORD}`).toString('base64')}`]);
  });

  it('sends a token as x-access-token (git-tags rules)', async () => {
    const rules: HostRule[] = [{ hostType: 'git-tags', matchHost: new URL(locked.url).host, token: TOKEN }];
    const result = await gitTagsDatasource.getReleases({ packageName: locked.repoUrl('app') }, context(rules));
    expect(result!.releases).toHaveLength(3);
  });

  it('reports refused credentials in one line naming the host, never the secret', async () => {
    const rules: HostRule[] = [{ matchHost: locked.url, username: 'bot', password: 'wrong-password-value' }];
    const err = await gitTagsDatasource.getReleases({ packageName: locked.repoUrl('app') }, context(rules)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).host).toBe(new URL(locked.url).host);
    const text = (err as Error).message;
    expect(text).toMatch(/^git ls-remote http:\/\/127\.0\.0\.1:\d+\/app\.git: authentication failed/);
    expect(text).not.toContain('wrong-password-value');
    expect(text).not.toContain(Buffer.from('bot:wrong-password-value').toString('base64'));
    expect(text).not.toContain('\n');
    const noCredentials = await gitTagsDatasource.getReleases({ packageName: locked.repoUrl('app') }, context()).catch((e: unknown) => e);
    expect(noCredentials).toBeInstanceOf(HttpStatusError);
  });

  it('never lets credentials follow a redirect to another host', async () => {
    const rules: HostRule[] = [{ matchHost: open.url, username: 'bot', password: PASSWORD }];
    const result = await gitTagsDatasource.getReleases({ packageName: `${open.url}/moved/app.git` }, context(rules)).catch((e: unknown) => e);
    // git would send the extra header on to the other host, so with credentials it follows no redirect.
    expect(result).toBeInstanceOf(ExternalHostError);
    expect((result as Error).message).toMatch(/^git ls-remote http:\/\/127\.0\.0\.1:\d+\/moved\/app\.git: /);
    expect((result as Error).message).not.toContain(PASSWORD);
    expect(refsRequests(open).at(-1)).toMatchObject({ path: '/moved/app.git/info/refs?service=git-upload-pack', status: 302 });
    expect(elsewhere.requests).toEqual([]);
    // Without credentials the redirect is followed as usual.
    const anonymous = await gitTagsDatasource.getReleases({ packageName: `${open.url}/moved/app.git` }, context());
    expect(anonymous!.releases).toHaveLength(3);
    expect(elsewhere.requests.map((r) => [r.path.replace(/\?.*/, ''), r.status, r.authorization])).toEqual([
      ['/app.git/info/refs', 200, undefined],
      ['/app.git/git-upload-pack', 200, undefined],
    ]);
  });

  it('gives up on a silent server after its timeout, naming the host', async () => {
    const ds = createGitTagsDatasource({ timeoutMs: 800 });
    const err = await ds.getReleases({ packageName: `http://127.0.0.1:${silentPort}/repo.git` }, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalHostError);
    expect((err as Error).message).toBe(`git ls-remote http://127.0.0.1:${silentPort}/repo.git: timed out after 1s`);
  });

  it('refuses an answer larger than its output bound', async () => {
    const ds = createGitTagsDatasource({ maxOutputBytes: 100 });
    const err = await ds.getReleases({ packageName: open.repoUrl('app') }, context()).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`git ls-remote ${open.repoUrl('app')}: more than 100 bytes of tags, refused`);
  });

  it('refuses a URL that is not a network git URL before running git', async () => {
    const err = await gitTagsDatasource.getReleases({ packageName: 'file:///etc' }, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('git URL "file:///etc" is not an http(s), ssh or git URL');
  });
});
