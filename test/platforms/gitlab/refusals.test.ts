/**
 * The GitLab adapter when GitLab says no or says nothing: conflicts (406), closed MRs (405 for good),
 * answers lost after the merge happened, auto-merge that merges at once or meets 405s right after
 * creation, every status name GitLab reports, paged lists, an unknown token and a project the bot may not
 * see — and the canary token in no error, path or body.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/http/client.js';
import { createGitLabPlatform } from '../../../src/platforms/gitlab/index.js';
import type { PullRequest, RepoPlatform } from '../../../src/platforms/types.js';
import { ExternalHostError } from '../../../src/util/errors.js';
import { loadGitLabValidator } from '../../fakes/gitlab.js';
import { BOT, REPO, type WorldOptions } from '../world.js';
import { expectNoCanary, expectTokenOnlyInHeader, gitlabWorld, rejection, type GitLabWorld } from './setup.js';

const validator = loadGitLabValidator();
const MERGE_OP = 'putApiV4ProjectsIdMergeRequestsMergeRequestIidMerge';
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

async function withMr(options: WorldOptions = {}): Promise<{ w: GitLabWorld; repo: RepoPlatform; mr: PullRequest; head: string }> {
  world = await gitlabWorld(validator, options);
  const head = await world.botBranch('upkeep/nginx-1.x');
  const repo = await world.repo();
  const mr = await repo.createPr({
    sourceBranch: 'upkeep/nginx-1.x',
    targetBranch: 'main',
    title: 'Update nginx to v1.27.0',
    body: 'Bumps nginx.',
    labels: [],
  });
  return { w: world, repo, mr, head };
}
const merge = (sha: string) => ({ strategy: 'auto' as const, sha, commitMessage: 'Update nginx to v1.27.0' });
const reasonOf = (outcome: { merged: boolean; reason?: string }) => outcome.reason ?? '';
const count = (w: GitLabWorld, operationId: string) => w.fake.requests.filter((r) => r.operationId === operationId).length;

describe('GitLab adapter: merges GitLab refuses', () => {
  it('a conflict with the target (406) is not merged and not tried again', async () => {
    const { w, repo, mr, head } = await withMr();
    await w.fake.model.hooks.moveBase(REPO, { 'apps/web/deploy.yaml': 'image: nginx:1.26.0\n' });
    const outcome = await repo.mergePr(mr, merge(head));
    expect(outcome).toMatchObject({ merged: false, retryLater: false });
    expect(reasonOf(outcome)).toContain('merge conflict with main');
    expect(count(w, MERGE_OP)).toBe(1);
    expect(w.sleeps).toEqual([]);
  });

  it('a closed MR (405 for good) is not merged, not waited for, and not left for later', async () => {
    const { w, repo, mr, head } = await withMr();
    w.fake.model.hooks.closeByHuman(REPO, mr.number);
    const outcome = await repo.mergePr(mr, merge(head));
    expect(outcome).toMatchObject({ merged: false, retryLater: false });
    expect(reasonOf(outcome)).toContain('closed');
    expect(w.sleeps).toEqual([]);
  });

  it('a merge whose answer is lost after it took effect is found merged (the retried PUT meets a merged MR)', async () => {
    const { w, repo, mr, head } = await withMr();
    w.fake.server.injectFault({ operationId: MERGE_OP, status: 502, afterEffect: true });
    const outcome = await repo.mergePr(mr, merge(head));
    expect(outcome).toMatchObject({ merged: true });
    expect(w.fake.model.pulls.get(REPO, mr.number)!.merged).toBe(true);
    expect(w.sleeps).toEqual([]);
  });

  it('a merge whose every answer is lost is read again: merged means merged', async () => {
    const { w, repo, mr, head } = await withMr();
    w.fake.server.injectFault({ operationId: MERGE_OP, status: 502, afterEffect: true, times: 10 });
    expect(await repo.mergePr(mr, merge(head))).toMatchObject({ merged: true });
    const [listed] = await repo.listBotPrs();
    expect(listed).toMatchObject({ number: mr.number, state: 'merged' });
  });
});

describe('GitLab adapter: native auto-merge', () => {
  it('merges at once when there is nothing to wait for', async () => {
    const { w, repo, mr, head } = await withMr();
    expect(await repo.enableAutomerge(mr, merge(head))).toBe('merged');
    expect(w.fake.model.pulls.get(REPO, mr.number)!.merged).toBe(true);
  });

  it('405 right after creation is tried again after the configured waits, then scheduled', async () => {
    const { w, repo, mr, head } = await withMr();
    w.fake.model.protect(REPO, 'main', ['build']);
    w.fake.model.hooks.holdMergeCheck(REPO, mr.number, 2);
    expect(await repo.enableAutomerge(mr, merge(head))).toBe('scheduled');
    expect(w.sleeps).toEqual([1, 2]);
    expect(count(w, MERGE_OP)).toBe(3);
    const body = w.fake.requests.find((r) => r.operationId === MERGE_OP)!.body;
    expect(body).toEqual({ sha: head, should_remove_source_branch: true, merge_commit_message: 'Update nginx to v1.27.0', auto_merge: true });
  });

  it('405 after every try fails with the reason (a later run asks again)', async () => {
    const { w, repo, mr, head } = await withMr();
    w.fake.model.hooks.holdMergeCheck(REPO, mr.number, 5);
    const outcome = await repo.enableAutomerge(mr, merge(head));
    expect(outcome).toEqual({ failed: expect.stringContaining('cannot schedule it yet') as string });
    expect(count(w, MERGE_OP)).toBe(3);
    expect(w.fake.model.pulls.get(REPO, mr.number)!.autoMerge).toBeUndefined();
  });
});

describe('GitLab adapter: checks', () => {
  it('maps every GitLab status: success/skipped green; canceled red; created … scheduled yellow, each with its line', async () => {
    const { w, repo, head } = await withMr();
    const hooks = w.fake.model.hooks;
    await hooks.setStatus(REPO, head, 'build', 'success');
    await hooks.setStatus(REPO, head, 'docs', 'skipped');
    expect(await repo.getChecks(head)).toEqual({ state: 'green', details: [] });
    const waiting = ['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'manual', 'scheduled'];
    for (const name of waiting) await hooks.setStatus(REPO, head, `job-${name}`, 'pending', { description: `[status:${name}]` });
    const yellow = await repo.getChecks(head);
    expect(yellow.state).toBe('yellow');
    expect(yellow.details.map((d) => d.split(' ')[0]).sort()).toEqual(waiting.map((name) => `job-${name}:`).sort());
    await hooks.setStatus(REPO, head, 'e2e', 'failure', { description: 'stopped [status:canceled]' });
    const red = await repo.getChecks(head);
    expect(red.state).toBe('red');
    expect(red.details).toContain('e2e: canceled (stopped [status:canceled])');
    await hooks.setStatus(REPO, head, 'e2e', 'failure', { description: 'flaky [status:canceled] [allow_failure]' });
    expect((await repo.getChecks(head)).state).toBe('yellow');
  });

  it('reads every page of a commit’s statuses (more than 100)', async () => {
    const { w, repo, head } = await withMr();
    const hooks = w.fake.model.hooks;
    await hooks.setStatus(REPO, head, 'job-000', 'failure');
    for (let i = 1; i <= 120; i++) await hooks.setStatus(REPO, head, `job-${String(i).padStart(3, '0')}`, 'success');
    expect((await repo.getChecks(head)).state).toBe('red');
    expect(count(w, 'getApiV4ProjectsIdRepositoryCommitsShaStatuses')).toBe(2);
  });
});

describe('GitLab adapter: merge requests over their lifetime', () => {
  it('updates send only the fields asked for; merged and closed MRs are listed with their state', async () => {
    const { w, repo, mr, head } = await withMr();
    await repo.updatePr(mr.number, { body: 'Bumps nginx again.' });
    const put = w.fake.requests.filter((r) => r.operationId === 'putApiV4ProjectsIdMergeRequestsMergeRequestIid').at(-1)!;
    expect(put.body).toEqual({ description: 'Bumps nginx again.' });
    await w.botBranch('upkeep/redis');
    const other = await repo.createPr({ sourceBranch: 'upkeep/redis', targetBranch: 'main', title: 'Update redis', body: 'r', labels: [] });
    await repo.updatePr(other.number, { state: 'closed' });
    await repo.mergePr(mr, merge(head));
    const listed = await repo.listBotPrs();
    expect(listed.map((p) => [p.number, p.state])).toEqual([
      [other.number, 'closed'],
      [mr.number, 'merged'],
    ]);
    expect(listed[1]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('GitLab adapter: issues and notes whose answer is lost', () => {
  it('an issue or a note created but not answered (502) is found, never made twice', async () => {
    const { w, repo, mr } = await withMr();
    w.fake.server.injectFault({ operationId: 'postApiV4ProjectsIdIssues', status: 502, afterEffect: true });
    const issue = await repo.createIssue({ title: 'Dependency Dashboard', body: 'text' });
    expect(issue).toMatchObject({ title: 'Dependency Dashboard', body: 'text', state: 'open' });
    expect(w.fake.model.issues.list(REPO)).toHaveLength(1);

    w.fake.server.injectFault({ operationId: 'postApiV4ProjectsIdMergeRequestsNoteableIdNotes', status: 502, afterEffect: true });
    expect(await repo.ensureComment(mr.number, 'edited', 'Updates stopped.')).toBe('created');
    expect(w.fake.model.issues.comments(REPO, mr.number)).toHaveLength(1);
    expect(await repo.ensureComment(mr.number, 'edited', 'Updates stopped.')).toBe('unchanged');
  });
});

describe('GitLab adapter: access', () => {
  it('an unknown token is a 401 error that names neither token', async () => {
    world = await gitlabWorld(validator);
    const wrong = `${world.token.slice(0, 8)}-not-a-token`;
    const other = createGitLabPlatform({ endpoint: world.fake.server.url, token: wrong, http: new HttpClient({ retryBaseMs: 1 }) });
    const err = await rejection(other.currentUser());
    expect(err).toBeInstanceOf(ExternalHostError);
    expect((err as ExternalHostError).status).toBe(401);
    expect(err.message).not.toContain(wrong);
    expectNoCanary(world, err);
    // The wrong token's 401 is this test's own: take it out before the world's checks.
    const seen = world.fake.requests;
    seen.splice(0, seen.length, ...seen.filter((r) => r.status !== 401));
  });

  it('a private project the bot is not a member of, or none at all, is 404; the error names no token', async () => {
    world = await gitlabWorld(validator);
    await world.fake.model.addRepo('acme/secret', { files: { 'a.txt': 'a\n' }, private: true });
    for (const name of ['acme/secret', 'acme/missing', 'not-a-path']) {
      const err = await rejection(world.platform.repository(name));
      expect(err).toBeInstanceOf(ExternalHostError);
      if (name !== 'not-a-path') expect((err as ExternalHostError).status).toBe(404);
      expectNoCanary(world, err);
    }
    expect(await world.platform.listRepositories()).toEqual([REPO]);
    expect(await world.platform.currentUser()).toMatchObject({ login: BOT });
  });
});
