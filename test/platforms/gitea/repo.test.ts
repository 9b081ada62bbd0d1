import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createGiteaPlatform, giteaApiUrl } from '../../../src/platforms/gitea/index.js';
import { ExternalHostError, InputError } from '../../../src/util/errors.js';
import { loadGiteaValidator } from '../../fakes/gitea.js';
import { requireCommands } from '../../services/require.js';
import { BOT, expectNoCanary, expectTokenOnlyInHeader, giteaWorld, REPO, rejection, type GiteaWorld } from './setup.js';

const validator = loadGiteaValidator();
const gate = requireCommands(['git', 'git http-backend']);
let world: GiteaWorld | undefined;

afterEach(async () => {
  if (!world) return;
  const done = world;
  world = undefined;
  try {
    done.fake.server.assertNoViolations();
    expectTokenOnlyInHeader(done);
  } finally {
    await done.close();
  }
});

gate.describe('Gitea adapter: the forge and the repository', () => {
  it('knows the bot from the token and the repository from one read', async () => {
    world = await giteaWorld(validator, { repo: { mergeStyles: ['squash', 'merge', 'rebase'], defaultMergeStyle: 'rebase' } });
    expect(world.platform.endpoint).toBe(`${world.fake.server.url}/api/v1`);
    expect(await world.platform.currentUser()).toEqual({ login: BOT, name: 'Upkeep Bot', email: 'bot@example.com' });
    const repo = await world.repo();
    expect(repo.info).toEqual({
      fullName: REPO,
      defaultBranch: 'main',
      cloneUrl: world.fake.cloneUrl(REPO),
      archived: false,
      canPush: true,
      hasIssues: true,
      // The repository's default style first, then Renovate's order of preference.
      mergeStrategies: ['rebase', 'squash', 'merge-commit'],
      nativeAutomerge: true,
    });
    expect(repo.maxBodyLength).toBe(1_000_000);
  });

  it('reads the user and the version once per platform instance, and reports every call', async () => {
    world = await giteaWorld(validator);
    const calls: string[] = [];
    const counted = createGiteaPlatform({
      endpoint: `${world.fake.server.url}/api/v1/`,
      token: world.token,
      http: world.http,
      onRequest: (method, path) => calls.push(`${method} ${path}`),
    });
    await (await counted.repository(REPO)).readFile('README.md');
    expect(calls.sort()).toEqual(['GET /repos/acme/app', 'GET /repos/acme/app/contents/README.md', 'GET /user', 'GET /version']);
    world.fake.requests.splice(0);
    await world.platform.repository(REPO);
    await world.platform.repository(REPO);
    await world.platform.currentUser();
    const ops = world.fake.requests.map((r) => r.operationId);
    expect(ops.filter((o) => o === 'userGetCurrent')).toHaveLength(1);
    expect(ops.filter((o) => o === 'getVersion')).toHaveLength(1);
  });

  it('says when the bot may not push, and native automerge follows the server version', async () => {
    world = await giteaWorld(validator, { version: '1.23.4', repo: { collaborators: { [BOT]: 'read' } } });
    const repo = await world.repo();
    expect(repo.info).toMatchObject({ canPush: false, nativeAutomerge: false });
  });

  it('reads files at a ref through the contents API; a missing file or a directory is null', async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx');
    const repo = await world.repo();
    expect(await repo.readFile('apps/web/deploy.yaml')).toBe('image: nginx:1.25.0\n');
    expect(await repo.readFile('apps/web/deploy.yaml', 'upkeep/nginx')).toBe('image: nginx:1.27.0\n');
    expect(await repo.readFile('/README.md')).toBe('hello\n');
    expect(await repo.readFile('renovate.json')).toBeNull();
    expect(await repo.readFile('apps/web')).toBeNull();
    expect(await repo.readFile('README.md', 'no-such-branch')).toBeNull();
  });

  it('an unknown repository and a wrong token are one-line errors naming the host, never the token', async () => {
    world = await giteaWorld(validator);
    const missing = await rejection(world.platform.repository('acme/nope'));
    expect(missing).toBeInstanceOf(ExternalHostError);
    expect(missing.message).toMatch(/^Gitea GET \/repos\/acme\/nope: 404/);
    expect((missing as ExternalHostError).host).toBe(new URL(world.fake.server.url).host);
    expect(await rejection(world.platform.repository('not-a-name'))).toBeInstanceOf(ExternalHostError);
    const wrong = createGiteaPlatform({ endpoint: world.fake.server.url, token: `${world.token}x`, http: world.http });
    const denied = await rejection(wrong.currentUser());
    expect(denied.message).toMatch(/401/);
    expectNoCanary(world, missing, denied);
    world.fake.requests.splice(0); // the wrong token was sent on purpose
  });

  it('accepts the endpoint with or without /api/v1, never with credentials in it', () => {
    expect(giteaApiUrl('https://git.example.com')).toBe('https://git.example.com/api/v1');
    expect(giteaApiUrl('https://git.example.com/gitea/api/v1/')).toBe('https://git.example.com/gitea/api/v1');
    expect(() => giteaApiUrl('https://bot:secret@git.example.com')).toThrow(InputError);
    expect(() => giteaApiUrl('https://bot:secret@git.example.com')).not.toThrow(/secret/);
  });

  it('git clones with the credentials it gives, sent as a header (nothing in the URL or the clone)', async () => {
    const w = (world = await giteaWorld(validator, { repo: { private: true } }));
    const repo = await w.repo();
    const { username, password } = repo.gitCredentials();
    expect(username).toBe(BOT);
    const work = mkdtempSync(join(tmpdir(), 'upkeep-gitea-clone-'));
    try {
      const env = {
        ...process.env,
        HOME: work,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      };
      await new Promise<void>((resolve, reject) =>
        execFile('git', ['clone', '--quiet', repo.info.cloneUrl, 'app'], { cwd: work, env }, (err, _o, stderr) =>
          err ? reject(new Error(stderr)) : resolve(),
        ),
      );
      expect(readFileSync(join(work, 'app', 'apps/web/deploy.yaml'), 'utf8')).toBe('image: nginx:1.25.0\n');
      expect(readFileSync(join(work, 'app', '.git', 'config'), 'utf8')).not.toContain(w.token);
      expect(w.fake.gitRequests.every((r) => !r.path.includes(w.token))).toBe(true);
      expect(w.fake.model.counters.fetches).toBe(1);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

gate.describe('Gitea adapter: autodiscovery', () => {
  async function discoveryWorld(): Promise<GiteaWorld> {
    const w = await giteaWorld(validator);
    const { model } = w.fake;
    await model.addRepo('acme/infra', { collaborators: { [BOT]: 'write' } });
    await model.addRepo('acme/old', { archived: true, collaborators: { [BOT]: 'write' } });
    await model.addRepo('acme/docs', { collaborators: { [BOT]: 'read' } });
    await model.addRepo('team-x/Flux-Config', { collaborators: { [BOT]: 'write' } });
    await model.addRepo('upkeep-bot/sandbox');
    await model.addRepo('bob/private', { private: true });
    for (let i = 0; i < 55; i++) await model.addRepo(`many/r${String(i).padStart(2, '0')}`, { collaborators: { [BOT]: 'admin' } });
    return w;
  }

  it('lists what the bot can push to, archived ones left out, across pages', async () => {
    world = await discoveryWorld();
    const all = await world.platform.listRepositories();
    expect(all.filter((r) => !r.startsWith('many/'))).toEqual(['acme/app', 'acme/infra', 'team-x/Flux-Config', 'upkeep-bot/sandbox']);
    expect(all.filter((r) => r.startsWith('many/'))).toHaveLength(55);
    expect(world.fake.requests.filter((r) => r.operationId === 'repoSearch').map((r) => new URL(r.path, 'http://x').searchParams.get('limit'))).toEqual([
      '50',
      '50',
    ]);
  });

  it('applies autodiscoverFilter: globs (case-insensitive), /regex/ and negation on owner/name', async () => {
    world = await discoveryWorld();
    expect(await world.platform.listRepositories({ patterns: ['acme/*'] })).toEqual(['acme/app', 'acme/infra']);
    expect(await world.platform.listRepositories({ patterns: ['team-x/flux-*'] })).toEqual(['team-x/Flux-Config']);
    expect(await world.platform.listRepositories({ patterns: ['/^(acme|upkeep-bot)\\//'] })).toEqual(['acme/app', 'acme/infra', 'upkeep-bot/sandbox']);
    expect(await world.platform.listRepositories({ patterns: ['acme/*', '!acme/infra'] })).toEqual(['acme/app']);
    expect(await world.platform.listRepositories({ patterns: ['many/r0{1,2}'] })).toEqual(['many/r01', 'many/r02']);
    await expect(world.platform.listRepositories({ patterns: ['/(?=x)/'] })).rejects.toThrow(/autodiscoverFilter\[0\]/);
  });
});
