/**
 * The GitLab adapter against the GitLab fake (every request and answer validated against the subset
 * description): account and version, projects, files, merge requests (labels, 409 adoption, lost
 * answers, people by id), checks from commit statuses, merges (405 tried again, conflicts, moved heads,
 * squash rules), auto-merge on 17.11 (`auto_merge`) and older (`merge_when_pipeline_succeeds`), issues
 * and notes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { gitlabApiUrl } from '../../../src/platforms/gitlab/index.js';
import type { PullRequest, RepoPlatform } from '../../../src/platforms/types.js';
import { loadGitLabValidator } from '../../fakes/gitlab.js';
import { BOT, REPO, type WorldOptions } from '../world.js';
import { expectTokenOnlyInHeader, gitlabWorld, type GitLabWorld } from './setup.js';

const validator = loadGitLabValidator();
let world: GitLabWorld | undefined;

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

const newMr = (labels: string[] = []) => ({
  sourceBranch: 'upkeep/nginx-1.x',
  targetBranch: 'main',
  title: 'Update nginx to v1.27.0',
  body: 'This MR updates nginx.',
  labels,
});
const ops = (w: GitLabWorld) => w.fake.requests.map((r) => `${r.method} ${r.operationId}`);

async function withMr(options: WorldOptions = {}): Promise<{ w: GitLabWorld; repo: RepoPlatform; mr: PullRequest; head: string }> {
  world = await gitlabWorld(validator, options);
  const head = await world.botBranch('upkeep/nginx-1.x');
  const repo = await world.repo();
  return { w: world, repo, mr: await repo.createPr(newMr()), head };
}
const merge = (sha: string, strategy: 'auto' | 'squash' | 'merge-commit' | 'fast-forward' = 'auto') => ({
  strategy,
  sha,
  commitMessage: 'Update nginx to v1.27.0',
});

describe('GitLab adapter: account, projects, files', () => {
  it('endpoint forms; the bot from the token; project facts; credentials for git', async () => {
    expect(gitlabApiUrl('https://gitlab.example.com')).toBe('https://gitlab.example.com/api/v4');
    expect(gitlabApiUrl('https://gitlab.example.com/api/v4/')).toBe('https://gitlab.example.com/api/v4');
    expect(gitlabApiUrl('https://example.com/gitlab')).toBe('https://example.com/gitlab/api/v4');
    expect(() => gitlabApiUrl('https://bot:pw@gitlab.example.com')).toThrow('never in the URL');
    world = await gitlabWorld(validator, { repo: { mergeStyles: ['fast-forward', 'squash'], defaultMergeStyle: 'fast-forward' } });
    expect(await world.platform.currentUser()).toEqual({ login: BOT, name: 'Upkeep Bot', email: 'bot@example.com' });
    const repo = await world.repo();
    expect(repo.info).toMatchObject({ fullName: REPO, defaultBranch: 'main', archived: false, canPush: true, hasIssues: true, nativeAutomerge: true });
    expect(repo.info.mergeStrategies).toEqual(['fast-forward', 'squash']);
    expect(new URL(repo.info.cloneUrl).pathname).toBe('/acme/app.git');
    expect(repo.gitCredentials()).toEqual({ username: 'oauth2', password: world.token });
  });

  it('autodiscovery: projects the bot is a Developer of, archived and read-only ones left out, filtered', async () => {
    world = await gitlabWorld(validator);
    const { model } = world.fake;
    await model.addRepo('acme/infra', { files: { 'a.txt': 'a\n' }, collaborators: { [BOT]: 'write' } });
    await model.addRepo('acme/old', { files: { 'a.txt': 'a\n' }, collaborators: { [BOT]: 'write' }, archived: true });
    await model.addRepo('acme/docs', { files: { 'a.txt': 'a\n' }, collaborators: { [BOT]: 'read' } });
    expect(await world.platform.listRepositories()).toEqual(['acme/app', 'acme/infra']);
    expect(await world.platform.listRepositories({ patterns: ['/infra$/'] })).toEqual(['acme/infra']);
  });

  it('reads a file raw at the default branch or a ref (nested paths encoded); a missing one is null', async () => {
    world = await gitlabWorld(validator);
    await world.botBranch('upkeep/x', { 'apps/web/deploy.yaml': 'image: nginx:1.27.0\n', 'renovate.json': '{"extends": []}\n' });
    const repo = await world.repo();
    expect(await repo.readFile('apps/web/deploy.yaml')).toBe('image: nginx:1.25.0\n');
    expect(await repo.readFile('apps/web/deploy.yaml', 'upkeep/x')).toBe('image: nginx:1.27.0\n');
    expect(await repo.readFile('renovate.json', 'upkeep/x')).toBe('{"extends": []}\n');
    expect(await repo.readFile('nope.json')).toBeNull();
  });
});

describe('GitLab adapter: merge requests', () => {
  it('creates an MR with labels (missing ones created first), lists only the bot’s, newest first', async () => {
    world = await gitlabWorld(validator);
    const { model } = world.fake;
    const head = await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const mr = await repo.createPr(newMr(['dependencies', 'security', 'dependencies']));
    expect(mr).toMatchObject({
      state: 'open',
      sourceBranch: 'upkeep/nginx-1.x',
      targetBranch: 'main',
      headSha: head,
      author: BOT,
      labels: ['dependencies', 'security'],
    });
    expect(ops(world).filter((o) => o === 'POST postApiV4ProjectsIdLabels')).toHaveLength(1);
    await model.hooks.commit(REPO, 'alice/feature', { 'x.txt': 'x\n' });
    await model.pulls.create(REPO, { head: 'alice/feature', base: 'main', title: 'Feature', author: 'alice' });
    expect((await repo.listBotPrs()).map((p) => p.number)).toEqual([mr.number]);
  });

  it('a second MR for the branch (409) adopts the open one and brings it up to date; a lost answer never makes two', async () => {
    const { w, repo, mr } = await withMr();
    const again = await repo.createPr({ ...newMr(['security']), title: 'Update nginx to v1.28.0' });
    expect(again).toMatchObject({ number: mr.number, title: 'Update nginx to v1.28.0', labels: ['security'] });
    await w.botBranch('upkeep/redis');
    w.fake.server.injectFault({ operationId: 'postApiV4ProjectsIdMergeRequests', status: 502, afterEffect: true });
    const made = await repo.createPr({ ...newMr(), sourceBranch: 'upkeep/redis', title: 'Update redis' });
    expect((await w.fake.model.pulls.list(REPO)).filter((p) => p.head === 'upkeep/redis')).toHaveLength(1);
    expect(made.title).toBe('Update redis');
  });

  it('updates only what is asked; assignees and reviewers by user id, added to the current ones, never the author', async () => {
    const { w, repo, mr } = await withMr();
    const updated = await repo.updatePr(mr.number, { title: 'Update nginx to v1.27.1', labels: ['security'] });
    expect(updated).toMatchObject({ title: 'Update nginx to v1.27.1', body: 'This MR updates nginx.', labels: ['security'] });
    await repo.addAssignees(mr.number, ['alice']);
    await repo.addAssignees(mr.number, ['bob', 'nobody-here']);
    expect(w.fake.model.pulls.get(REPO, mr.number)!.assignees).toEqual(['alice', 'bob']);
    await repo.addReviewers(mr.number, ['alice', BOT]);
    expect(w.fake.model.pulls.get(REPO, mr.number)!.reviewers).toEqual(['alice']);
    expect((await repo.updatePr(mr.number, { state: 'closed' })).state).toBe('closed');
  });
});

describe('GitLab adapter: checks and merging', () => {
  it('checks from commit statuses: none, running, green, red; allowed failures and the bot’s own ignored; newest per name', async () => {
    const { w, repo, head } = await withMr();
    const hooks = w.fake.model.hooks;
    expect(await repo.getChecks(head)).toEqual({ state: 'none', details: [] });
    await hooks.setStatus(REPO, head, 'upkeep/stability', 'pending', { creator: BOT });
    expect((await repo.getChecks(head)).state).toBe('none');
    await hooks.setStatus(REPO, head, 'build', 'pending');
    expect((await repo.getChecks(head)).state).toBe('yellow');
    await hooks.setStatus(REPO, head, 'build', 'success');
    await hooks.setStatus(REPO, head, 'lint', 'failure', { description: 'style [allow_failure]' });
    expect(await repo.getChecks(head)).toEqual({ state: 'green', details: [] });
    await hooks.setStatus(REPO, head, 'test', 'failure', { description: '2 failed' });
    expect(await repo.getChecks(head)).toEqual({ state: 'red', details: ['test: failed (2 failed)'] });
  });

  it('merges with the sha guard; a moved head is refused; 405 (still checking) is tried again, then left for later', async () => {
    const { w, repo, mr, head } = await withMr();
    w.fake.model.hooks.holdMergeCheck(REPO, mr.number, 1);
    expect((await repo.mergePr(mr, merge(head))).merged).toBe(true);
    expect(await w.fake.model.git.readFile(REPO, 'main', 'apps/web/deploy.yaml')).toContain('nginx:1.27.0');

    await w.botBranch('upkeep/redis');
    const second = await repo.createPr({ ...newMr(), sourceBranch: 'upkeep/redis', title: 'R' });
    const moved = await w.fake.model.hooks.humanPush(REPO, 'upkeep/redis', { 'x.txt': 'x\n' });
    const refused = await repo.mergePr(second, merge(second.headSha));
    expect(refused).toMatchObject({ merged: false, retryLater: false });
    w.fake.model.hooks.holdMergeCheck(REPO, second.number, 5);
    const later = await repo.mergePr(second, merge(moved));
    expect(later).toMatchObject({ merged: false, retryLater: true });
  });

  it('squash within squash_option; a strategy that is not the project’s method is refused with the reason', async () => {
    const { repo, mr, head } = await withMr({ repo: { mergeStyles: ['fast-forward', 'squash'], defaultMergeStyle: 'fast-forward' } });
    const refused = await repo.mergePr(mr, merge(head, 'merge-commit'));
    expect(refused).toMatchObject({ merged: false, retryLater: false });
    expect(!refused.merged && refused.reason).toContain("not this project's merge method (ff)");
    expect((await repo.mergePr(mr, merge(head, 'squash'))).merged).toBe(true);
  });
});

describe.each([
  ['17.11.0', 'auto_merge'],
  ['17.0.0', 'merge_when_pipeline_succeeds'],
])('GitLab %s: native auto-merge', (version, field) => {
  it(`is asked with ${field}, waits for the pipeline, and GitLab merges when it succeeds`, async () => {
    world = await gitlabWorld(validator, { version });
    world.fake.model.protect(REPO, 'main', ['build']);
    const head = await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const mr = await repo.createPr(newMr());
    expect(await repo.enableAutomerge(mr, merge(head))).toBe('scheduled');
    const sent = world.fake.requests.find((r) => r.operationId === 'putApiV4ProjectsIdMergeRequestsMergeRequestIidMerge')!;
    expect(Object.keys(sent.body as object)).toContain(field);
    expect((await repo.listBotPrs())[0]!.autoMerge).toBe(true);
    await world.fake.model.hooks.setStatus(REPO, head, 'build', 'success');
    expect(world.fake.model.pulls.get(REPO, mr.number)!.merged).toBe(true);
  });
});

describe('GitLab adapter: issues and notes', () => {
  it('finds its issues by exact title; creates, closes; one note per topic on an MR', async () => {
    const { w, repo, mr } = await withMr();
    w.fake.model.issues.create(REPO, { title: 'Dependency Dashboard', body: 'by a human', author: 'alice' });
    expect(await repo.findIssues('Dependency Dashboard')).toEqual([]);
    const made = await repo.createIssue({ title: 'Dependency Dashboard', body: 'text' });
    await repo.createIssue({ title: 'Dependency Dashboard (old)', body: 'other' });
    expect((await repo.findIssues('Dependency Dashboard')).map((i) => i.number)).toEqual([made.number]);
    expect((await repo.updateIssue(made.number, { state: 'closed' })).state).toBe('closed');

    expect(await repo.ensureComment(mr.number, 'edited', 'Updates stopped.')).toBe('created');
    const writes = w.fake.requests.filter((r) => r.method !== 'GET').length;
    expect(await repo.ensureComment(mr.number, 'edited', 'Updates stopped.')).toBe('unchanged');
    expect(w.fake.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
    expect(await repo.ensureComment(mr.number, 'edited', 'Updates stopped again.')).toBe('updated');
    expect(w.fake.model.issues.comments(REPO, mr.number)).toHaveLength(1);
  });
});
