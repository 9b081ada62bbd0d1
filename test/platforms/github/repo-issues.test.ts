/**
 * The GitHub adapter's account, repository facts, autodiscovery, files, issues and topic comments,
 * against the GitHub fake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubPlatform, githubApiUrl } from '../../../src/platforms/github/index.js';
import { FakeGitHub, loadGitHubValidator } from '../../fakes/github.js';
import { BOT, REPO } from '../world.js';
import { expectTokenOnlyInHeader, githubWorld, type GitHubWorld } from './setup.js';

const validator = loadGitHubValidator();
let world: GitHubWorld | undefined;

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

describe('GitHub adapter: account, repository, files', () => {
  it('knows the bot from the token and the repository facts the run needs', async () => {
    world = await githubWorld(validator, { repo: { mergeStyles: ['squash', 'rebase'] } });
    expect(await world.platform.currentUser()).toMatchObject({ login: BOT });
    const repo = await world.repo();
    expect(repo.info).toMatchObject({ fullName: REPO, defaultBranch: 'main', archived: false, canPush: true, hasIssues: true, nativeAutomerge: true });
    expect(repo.info.mergeStrategies).toEqual(['rebase', 'squash']);
    expect(new URL(repo.info.cloneUrl).pathname).toBe('/acme/app.git');
    expect(repo.info.cloneUrl).not.toContain(world.token);
    expect(repo.gitCredentials()).toEqual({ username: 'x-access-token', password: world.token });
  });

  it('autodiscovery: repositories the bot can push to, archived ones left out, filtered like autodiscoverFilter', async () => {
    world = await githubWorld(validator);
    const { model } = world.fake;
    await model.addRepo('acme/infra', { files: { 'a.txt': 'a\n' }, collaborators: { [BOT]: 'write' } });
    await model.addRepo('acme/old', { files: { 'a.txt': 'a\n' }, collaborators: { [BOT]: 'write' }, archived: true });
    await model.addRepo('acme/readonly', { files: { 'a.txt': 'a\n' }, collaborators: { [BOT]: 'read' } });
    expect(await world.platform.listRepositories()).toEqual(['acme/app', 'acme/infra']);
    expect(await world.platform.listRepositories({ patterns: ['acme/inf*'] })).toEqual(['acme/infra']);
    expect(await world.platform.listRepositories({ patterns: ['!acme/app'] })).toEqual(['acme/infra']);
  });

  it('reads a file at the default branch or a ref; a missing one is null', async () => {
    world = await githubWorld(validator);
    await world.botBranch('upkeep/x', { 'apps/web/deploy.yaml': 'image: nginx:1.27.0\n' });
    const repo = await world.repo();
    expect(await repo.readFile('apps/web/deploy.yaml')).toBe('image: nginx:1.25.0\n');
    expect(await repo.readFile('apps/web/deploy.yaml', 'upkeep/x')).toBe('image: nginx:1.27.0\n');
    expect(await repo.readFile('nope.json')).toBeNull();
  });

  it('an unknown repository is an error naming it, without the token', async () => {
    world = await githubWorld(validator);
    const err = await world.platform.repository('acme/nope').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/GitHub GET \/repos\/acme\/nope: 404/);
    expect(err?.message).not.toContain(world.token);
  });
});

describe('GitHub adapter: issues and comments', () => {
  it('finds its issues by exact title, never PRs or issues of others; creates and closes them', async () => {
    world = await githubWorld(validator);
    const repo = await world.repo();
    await world.botBranch('upkeep/a');
    await repo.createPr({ sourceBranch: 'upkeep/a', targetBranch: 'main', title: 'Dependency Dashboard', body: '', labels: [] });
    world.fake.model.issues.create(REPO, { title: 'Dependency Dashboard', body: 'by a human', author: 'alice' });
    expect(await repo.findIssues('Dependency Dashboard')).toEqual([]);
    const made = await repo.createIssue({ title: 'Dependency Dashboard', body: 'text', labels: ['dashboard'] });
    expect((await repo.findIssues('Dependency Dashboard')).map((i) => i.number)).toEqual([made.number]);
    const closed = await repo.updateIssue(made.number, { state: 'closed' });
    expect(closed.state).toBe('closed');
    expect((await repo.findIssues('Dependency Dashboard'))[0]!.state).toBe('closed');
  });

  it('one comment per topic: created, left alone when the same, updated when the text changes', async () => {
    world = await githubWorld(validator);
    const repo = await world.repo();
    await world.botBranch('upkeep/a');
    const pr = await repo.createPr({ sourceBranch: 'upkeep/a', targetBranch: 'main', title: 'T', body: '', labels: [] });
    expect(await repo.ensureComment(pr.number, 'edited', 'Updates stopped.')).toBe('created');
    const before = world.fake.requests.filter((r) => r.method !== 'GET').length;
    expect(await repo.ensureComment(pr.number, 'edited', 'Updates stopped.')).toBe('unchanged');
    expect(world.fake.requests.filter((r) => r.method !== 'GET').length).toBe(before);
    expect(await repo.ensureComment(pr.number, 'edited', 'Updates stopped again.')).toBe('updated');
    expect(await repo.ensureComment(pr.number, 'ignored', 'Ignored.')).toBe('created');
    expect(world.fake.model.issues.comments(REPO, pr.number).map((c) => c.body.split('\n')[0])).toEqual(['Updates stopped again.', 'Ignored.']);
  });
});

describe('GitHub adapter: endpoints', () => {
  it('github.com means api.github.com; any other URL is the API base as given (GitHub Enterprise: https://HOST/api/v3)', () => {
    expect(githubApiUrl('https://github.com')).toBe('https://api.github.com');
    expect(githubApiUrl('https://api.github.com/')).toBe('https://api.github.com');
    expect(githubApiUrl('https://ghe.example.com/api/v3/')).toBe('https://ghe.example.com/api/v3');
    expect(() => githubApiUrl('https://bot:secret@ghe.example.com/api/v3')).toThrow('give the token separately, never in the URL');
    expect(() => githubApiUrl('not a url')).toThrow('is not a URL');
  });

  it('GitHub Enterprise Server: REST under /api/v3 and GraphQL at /api/graphql', async () => {
    const token = 'ghe-canary-token-0123456789';
    const fake = new FakeGitHub({ validator, basePath: '/api/v3' });
    fake.model.addUser(BOT, { token });
    await fake.model.addRepo(REPO, { files: { 'a.txt': 'a\n' }, collaborators: { [BOT]: 'write' } });
    await fake.start();
    try {
      const platform = createGitHubPlatform({ endpoint: `${fake.server.url}/api/v3`, token, writeSpacingMs: 0, notifySpacingMs: 0 });
      expect(platform.endpoint).toBe(`${fake.server.url}/api/v3`);
      const repo = await platform.repository(REPO);
      const head = await fake.model.hooks.commit(REPO, 'upkeep/x', { 'a.txt': 'b\n' }, { login: BOT });
      fake.model.protect(REPO, 'main', ['ci/build']);
      const pr = await repo.createPr({ sourceBranch: 'upkeep/x', targetBranch: 'main', title: 'T', body: '', labels: [] });
      expect(await repo.enableAutomerge(pr, { strategy: 'squash', sha: head, commitMessage: 'T' })).toBe('scheduled');
      expect(fake.requests.map((r) => new URL(r.path, 'http://x').pathname)).toContain('/api/graphql');
      fake.server.assertNoViolations();
    } finally {
      await fake.close();
    }
  });
});

describe('GitHub adapter: a GitHub App installation token', () => {
  it('the bot is the App (<slug>[bot], from GraphQL viewer), its repositories are the installation’s, and it opens PRs', async () => {
    world = await githubWorld(validator);
    const { fake } = world;
    const token = `ghs_${world.token.slice(0, 30)}`;
    const login = fake.addInstallationToken(token, 'upkeep-app');
    fake.model.world(REPO).repo.collaborators.set(login.toLowerCase(), 'write');
    await fake.model.addRepo('acme/infra', { files: { 'a.txt': 'a\n' }, collaborators: { [login]: 'write' } });
    await fake.model.addRepo('acme/other', { files: { 'a.txt': 'a\n' } });
    const app = createGitHubPlatform({ endpoint: fake.server.url, token, writeSpacingMs: 0, notifySpacingMs: 0, retryBaseMs: 1 });
    const bot = await app.currentUser();
    expect(bot.login).toBe('upkeep-app[bot]');
    expect(bot.email).toMatch(/^\d+\+upkeep-app\[bot\]@users\.noreply\.github\.com$/);
    expect(await app.listRepositories()).toEqual(['acme/app', 'acme/infra']);
    const repo = await app.repository(REPO);
    await fake.model.hooks.commit(REPO, 'upkeep/x', { 'README.md': 'changed\n' }, { login });
    const pr = await repo.createPr({ sourceBranch: 'upkeep/x', targetBranch: 'main', title: 'T', body: '', labels: [] });
    expect((await repo.listBotPrs()).map((p) => p.number)).toEqual([pr.number]);
    expect(repo.gitCredentials()).toEqual({ username: 'x-access-token', password: token });
    // This test's requests carry the App's token, not the world's: checked here, then the world is closed.
    for (const r of fake.requests) expect(r.authorization).toMatch(/^(Bearer|token) ghs_/);
    fake.server.assertNoViolations();
    const done = world;
    world = undefined;
    await done.close();
  });
});
