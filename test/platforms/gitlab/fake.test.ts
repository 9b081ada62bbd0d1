/**
 * The GitLab fake itself, spoken to directly: GitLab's authentication (PRIVATE-TOKEN or Bearer; 401 with
 * GitLab's body for an unknown token; 404 for a private project without access), projects by id or
 * encoded path, GitLab's paging headers, strictness (a key the description lacks is a violation, as is
 * `auto_merge` on a server older than 17.11), and git smart HTTP with `oauth2:<token>`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { loadGitLabValidator } from '../../fakes/gitlab.js';
import { git, GIT_TEST_ENV } from '../../services/git-http.js';
import { requireCommands } from '../../services/require.js';
import { BOT, REPO, type WorldOptions } from '../world.js';
import { gitlabWorld, type GitLabWorld } from './setup.js';

const validator = loadGitLabValidator();
const gate = requireCommands(['git', 'git http-backend']);
const API_PROJECT = `/api/v4/projects/${encodeURIComponent(REPO)}`;
let world: GitLabWorld | undefined;
const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (!world) return;
  const done = world;
  world = undefined;
  try {
    done.fake.server.assertNoViolations();
  } finally {
    await done.close();
  }
});

const open = async (options: WorldOptions = {}) => (world = await gitlabWorld(validator, options));

async function call(
  w: GitLabWorld,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(`${w.fake.server.url}${path}`, {
    method,
    headers: { 'private-token': w.token, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as unknown) : text,
  };
}

gate.describe('GitLab fake: authentication and projects', () => {
  gate.it('takes PRIVATE-TOKEN or Bearer; an unknown token is 401 with GitLab’s body; anonymous /user is 401', async () => {
    const w = await open();
    expect((await call(w, 'GET', '/api/v4/user')).body).toMatchObject({ username: BOT });
    const bearer = await fetch(`${w.fake.server.url}/api/v4/user`, { headers: { authorization: `Bearer ${w.token}` } });
    expect(((await bearer.json()) as { username: string }).username).toBe(BOT);
    const wrong = await call(w, 'GET', '/api/v4/user', { headers: { 'private-token': 'nope' } });
    expect(wrong).toMatchObject({ status: 401, body: { message: '401 Unauthorized' } });
    expect((await fetch(`${w.fake.server.url}/api/v4/user`)).status).toBe(401);
    expect((await call(w, 'GET', '/api/v4/version')).body).toMatchObject({ version: '17.11.0' });
  });

  gate.it('finds projects by encoded path or id; a private project without access is 404', async () => {
    const w = await open();
    const byPath = (await call(w, 'GET', API_PROJECT)).body as { id: number; path_with_namespace: string; permissions: unknown };
    expect(byPath).toMatchObject({ path_with_namespace: REPO, merge_method: 'merge', permissions: { project_access: { access_level: 30 } } });
    expect(((await call(w, 'GET', `/api/v4/projects/${byPath.id}`)).body as { path_with_namespace: string }).path_with_namespace).toBe(REPO);
    await w.fake.model.addRepo('acme/secret', { files: { 'a.txt': 'a\n' }, private: true });
    expect(await call(w, 'GET', `/api/v4/projects/${encodeURIComponent('acme/secret')}`)).toMatchObject({
      status: 404,
      body: { message: '404 Project Not Found' },
    });
  });
});

gate.describe('GitLab fake: lists and strictness', () => {
  gate.it('pages with page/per_page and GitLab’s x-* headers and Link', async () => {
    const w = await open();
    for (const name of ['a', 'b', 'c']) await call(w, 'POST', `${API_PROJECT}/labels`, { body: { name, color: '#112233' } });
    const second = await call(w, 'GET', `${API_PROJECT}/labels?per_page=1&page=2`);
    expect((second.body as { name: string }[]).map((l) => l.name)).toHaveLength(1);
    expect(Object.fromEntries(['x-page', 'x-per-page', 'x-next-page', 'x-prev-page'].map((h) => [h, second.headers.get(h)]))).toEqual({
      'x-page': '2',
      'x-per-page': '1',
      'x-next-page': '3',
      'x-prev-page': '1',
    });
    const total = Number(second.headers.get('x-total'));
    expect(total).toBeGreaterThanOrEqual(3);
    expect(second.headers.get('x-total-pages')).toBe(String(total));
    const link = second.headers.get('link') ?? '';
    for (const rel of ['next', 'prev', 'first', 'last']) expect(link).toContain(`rel="${rel}"`);
    expect(link).toContain('per_page=1');
    const last = await call(w, 'GET', `${API_PROJECT}/labels?per_page=1&page=${total}`);
    expect(last.headers.get('x-next-page')).toBe('');
  });

  gate.it('refuses a query key or body key GitLab does not document (a violation the test sees)', async () => {
    const w = await open();
    expect((await call(w, 'GET', `${API_PROJECT}/merge_requests?authorId=1`)).status).toBe(400);
    expect(() => w.fake.server.assertNoViolations()).toThrow(/authorId/);
    await w.botBranch('upkeep/x');
    const bad = await call(w, 'POST', `${API_PROJECT}/merge_requests`, { body: { source_branch: 'upkeep/x', target_branch: 'main', title: 't', body: 'b' } });
    expect(bad.status).toBe(400);
    expect(() => w.fake.server.assertNoViolations()).toThrow(/body/);
    expect(await w.fake.model.pulls.list(REPO)).toHaveLength(0);
  });

  gate.it('knows auto_merge from 17.11 only: an older server refuses it, merge_when_pipeline_succeeds works', async () => {
    const w = await open({ version: '17.0.0' });
    w.fake.model.protect(REPO, 'main', ['build']);
    const head = await w.botBranch('upkeep/x');
    const mr = (await call(w, 'POST', `${API_PROJECT}/merge_requests`, { body: { source_branch: 'upkeep/x', target_branch: 'main', title: 't' } })).body as {
      iid: number;
    };
    const refused = await call(w, 'PUT', `${API_PROJECT}/merge_requests/${mr.iid}/merge`, { body: { sha: head, auto_merge: true } });
    expect(refused.status).toBe(400);
    expect(() => w.fake.server.assertNoViolations()).toThrow(/auto_merge.*17\.0\.0/);
    const ok = await call(w, 'PUT', `${API_PROJECT}/merge_requests/${mr.iid}/merge`, { body: { sha: head, merge_when_pipeline_succeeds: true } });
    expect(ok).toMatchObject({ status: 200, body: { merge_when_pipeline_succeeds: true, state: 'opened' } });
  });
});

gate.describe('GitLab fake: git over smart HTTP', () => {
  gate.it('clones http_url_to_repo and pushes with oauth2:<token> in a header; a wrong token is refused', async () => {
    const w = await open();
    const cloneUrl = ((await call(w, 'GET', API_PROJECT)).body as { http_url_to_repo: string }).http_url_to_repo;
    expect(new URL(cloneUrl).pathname).toBe('/acme/app.git');
    const dir = mkdtempSync(join(tmpdir(), 'upkeep-gl-fake-'));
    dirs.push(dir);
    const env = (password: string) => ({
      ...GIT_TEST_ENV,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`oauth2:${password}`).toString('base64')}`,
    });
    await git(['clone', '--quiet', cloneUrl, join(dir, 'app')], { env: env(w.token) });
    expect(readFileSync(join(dir, 'app', 'README.md'), 'utf8')).toBe('hello\n');
    await git(['-C', join(dir, 'app'), 'checkout', '--quiet', '-b', 'upkeep/pushed']);
    await git(['-C', join(dir, 'app'), '-c', 'user.name=Bot', '-c', 'user.email=bot@example.com', 'commit', '--quiet', '--allow-empty', '-m', 'Push']);
    await git(['-C', join(dir, 'app'), 'push', '--quiet', 'origin', 'HEAD'], { env: env(w.token) });
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/pushed')).toMatch(/^[0-9a-f]{40}$/);
    await expect(git(['clone', '--quiet', cloneUrl, join(dir, 'bad')], { env: env('wrong') })).rejects.toThrow(
      /401|Authentication failed|could not read Username/,
    );
  });
});
