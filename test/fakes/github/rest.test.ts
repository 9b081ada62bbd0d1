import { afterEach, expect, it } from 'vitest';
import { loadGitHubValidator } from '../github.js';
import type { RepoOptions } from '../forge-model/index.js';
import { requireCommands } from '../../services/require.js';
import { BOT, harness, REPO, type Harness } from './harness.js';

const validator = loadGitHubValidator();
const gate = requireCommands(['git', 'git http-backend']);
let h: Harness | undefined;

afterEach(async () => {
  const done = h;
  h = undefined;
  if (!done) return;
  try {
    done.fake.server.assertNoViolations();
  } finally {
    await done.fake.close();
  }
});

const world = async (repo: RepoOptions = {}) => (h = await harness(validator, repo));
const openPr = async (w: Harness, branch = 'upkeep/nginx') => {
  await w.botBranch(branch);
  const created = await w.call('POST', `/repos/${REPO}/pulls`, { head: branch, base: 'main', title: `Update ${branch}`, body: 'body' });
  expect(created.status).toBe(201);
  return created.body as { number: number; node_id: string; head: { sha: string } };
};
const mainLog = (w: Harness) => w.fake.model.git.git(REPO, ['log', '--format=%s|%an|%P', 'main']).then((out) => out.split('\n'));

gate.describe('fake GitHub: repositories and auth', () => {
  it('answers the account, the repository with its settings, the repository list and file contents', async () => {
    const w = await world({ mergeStyles: ['squash', 'rebase'], allowAutoMerge: false, deleteBranchOnMerge: true });
    expect((await w.call('GET', '/user')).body).toMatchObject({ login: BOT, name: 'Upkeep Bot', email: 'bot@example.com' });
    const repo = (await w.call('GET', `/repos/${REPO}`)).body;
    expect(repo).toMatchObject({
      full_name: REPO,
      default_branch: 'main',
      clone_url: `${w.fake.server.url}/${REPO}.git`,
      permissions: { push: true, admin: false },
      allow_merge_commit: false,
      allow_squash_merge: true,
      allow_rebase_merge: true,
      allow_auto_merge: false,
      delete_branch_on_merge: true,
      has_issues: true,
    });
    const list = await w.call('GET', '/user/repos?affiliation=owner,collaborator,organization_member&per_page=100');
    expect(list.body.map((r: { full_name: string }) => r.full_name)).toEqual([REPO]);
    expect((await w.call('GET', '/user/repos?affiliation=owner')).body).toEqual([]);
    const file = (await w.call('GET', `/repos/${REPO}/contents/apps/web/deploy.yaml?ref=main`)).body;
    expect(Buffer.from(file.content, 'base64').toString()).toBe('image: nginx:1.25.0\n');
    expect((await w.call('GET', `/repos/${REPO}/contents/missing.yaml`)).status).toBe(404);
    expect((await w.call('GET', `/repos/${REPO}/contents/apps`)).body).toMatchObject([{ type: 'dir', path: 'apps/web' }]);
  });

  it('401 for an unknown token and for writes without one, rate-limit headers on every answer', async () => {
    const w = await world();
    const bad = await w.call('GET', `/repos/${REPO}`, undefined, 'not-a-token');
    expect([bad.status, bad.body.message]).toEqual([401, 'Bad credentials']);
    expect((await w.call('POST', `/repos/${REPO}/issues`, { title: 'x' }, null)).status).toBe(401);
    const ok = await w.call('GET', `/repos/${REPO}`);
    expect(ok.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect((await w.graphql('query { viewer { login } }', undefined, 'not-a-token')).status).toBe(401);
  });

  it('pages lists with per_page and a Link header', async () => {
    const w = await world();
    for (let i = 0; i < 3; i++) w.fake.model.addLabel(REPO, `label-${i}`);
    const first = await w.call('GET', `/repos/${REPO}/labels?per_page=2`);
    expect(first.body).toHaveLength(2);
    expect(first.headers.get('link')).toContain('rel="next"');
    expect((await w.call('GET', `/repos/${REPO}/labels?per_page=2&page=2`)).body).toHaveLength(1);
  });
});

gate.describe('fake GitHub: pull requests', () => {
  it('creates a PR, refuses a second one for the branch with GitHub’s 422, lists it by owner:branch, updates it', async () => {
    const w = await world();
    const pr = await openPr(w);
    const again = await w.call('POST', `/repos/${REPO}/pulls`, { head: 'upkeep/nginx', base: 'main', title: 'again' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ message: 'Validation Failed', errors: [{ message: 'A pull request already exists for acme:upkeep/nginx.' }] });
    await w.botBranch('upkeep/other');
    await w.call('POST', `/repos/${REPO}/pulls`, { head: 'upkeep/other', base: 'main', title: 'other' });
    const byHead = await w.call('GET', `/repos/${REPO}/pulls?state=open&head=acme:upkeep/nginx&base=main`);
    expect(byHead.body.map((p: { number: number }) => p.number)).toEqual([pr.number]);
    // A bare branch name does not filter on GitHub.
    expect((await w.call('GET', `/repos/${REPO}/pulls?head=upkeep/nginx`)).body).toHaveLength(2);
    const edited = await w.call('PATCH', `/repos/${REPO}/pulls/${pr.number}`, { title: 'New title', body: 'new body' });
    expect(edited.body).toMatchObject({ title: 'New title', body: 'new body', state: 'open', mergeable: true, mergeable_state: 'clean', auto_merge: null });
    const closed = await w.call('PATCH', `/repos/${REPO}/pulls/${pr.number}`, { state: 'closed' });
    expect(closed.body).toMatchObject({ state: 'closed', merged: false });
    expect((await w.call('GET', `/repos/${REPO}/pulls?state=closed`)).body).toHaveLength(1);
    expect((await w.call('GET', `/repos/${REPO}/pulls?state=all&sort=created&direction=asc`)).body.map((p: { title: string }) => p.title)).toEqual([
      'New title',
      'other',
    ]);
  });

  it('requests reviewers (never the author) and adds assignees with access only', async () => {
    const w = await world();
    const pr = await openPr(w);
    expect((await w.call('POST', `/repos/${REPO}/pulls/${pr.number}/requested_reviewers`, { reviewers: [BOT] })).status).toBe(422);
    expect((await w.call('POST', `/repos/${REPO}/pulls/${pr.number}/requested_reviewers`, { reviewers: ['bob'] })).status).toBe(422);
    const asked = await w.call('POST', `/repos/${REPO}/pulls/${pr.number}/requested_reviewers`, { reviewers: ['alice'] });
    expect(asked.body.requested_reviewers.map((u: { login: string }) => u.login)).toEqual(['alice']);
    const assigned = await w.call('POST', `/repos/${REPO}/issues/${pr.number}/assignees`, { assignees: ['alice', 'bob'] });
    expect(assigned.body.assignees.map((u: { login: string }) => u.login)).toEqual(['alice']);
  });

  for (const [method, parents, subject] of [
    ['merge', 2, 'Merge pull request #1 from acme/upkeep/nginx'],
    ['squash', 1, 'Update nginx'],
    ['rebase', 1, 'Update upkeep/nginx'],
  ] as const) {
    it(`merges for real with merge_method=${method} at the expected head`, async () => {
      const w = await world();
      const pr = await openPr(w);
      await w.fake.model.hooks.moveBase(REPO, { 'README.md': 'hello again\n' });
      const merged = await w.call('PUT', `/repos/${REPO}/pulls/${pr.number}/merge`, {
        merge_method: method,
        sha: pr.head.sha,
        ...(method === 'rebase' ? {} : { commit_title: subject }),
      });
      expect(merged.status).toBe(200);
      expect(merged.body.merged).toBe(true);
      const [top] = await mainLog(w);
      expect(top!.split('|')[0]).toBe(subject);
      expect(top!.split('|')[2]!.split(' ')).toHaveLength(parents);
      expect(await w.fake.model.git.readFile(REPO, 'main', 'apps/web/deploy.yaml')).toBe('image: nginx:1.27.0\n');
      const after = (await w.call('GET', `/repos/${REPO}/pulls/${pr.number}`)).body;
      expect(after).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: merged.body.sha, merged_by: { login: BOT } });
    });
  }

  it('409 when the head moved, 405 on red or pending required checks and for a method the settings forbid', async () => {
    const w = await world({ mergeStyles: ['squash'] });
    const pr = await openPr(w);
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    const moved = await w.call('PUT', `/repos/${REPO}/pulls/${pr.number}/merge`, { merge_method: 'squash', sha: '0'.repeat(40) });
    expect([moved.status, moved.body.message]).toEqual([409, 'Head branch was modified. Review and try the merge again.']);
    const pending = await w.call('PUT', `/repos/${REPO}/pulls/${pr.number}/merge`, { merge_method: 'squash', sha: pr.head.sha });
    expect([pending.status, pending.body.message]).toEqual([405, 'Required status check "ci/build" is expected.']);
    expect((await w.call('GET', `/repos/${REPO}/pulls/${pr.number}`)).body.mergeable_state).toBe('blocked');
    await w.fake.model.hooks.setCheckRun(REPO, 'upkeep/nginx', 'ci/build', 'completed', 'failure');
    const red = await w.call('PUT', `/repos/${REPO}/pulls/${pr.number}/merge`, { merge_method: 'squash', sha: pr.head.sha });
    expect([red.status, red.body.message]).toEqual([405, 'Required status check "ci/build" is failing.']);
    await w.fake.model.hooks.setCheckRun(REPO, 'upkeep/nginx', 'ci/build', 'completed', 'success');
    const forbidden = await w.call('PUT', `/repos/${REPO}/pulls/${pr.number}/merge`, { merge_method: 'merge', sha: pr.head.sha });
    expect([forbidden.status, forbidden.body.message]).toEqual([405, 'Merge commits are not allowed on this repository.']);
    expect((await w.call('PUT', `/repos/${REPO}/pulls/${pr.number}/merge`, { merge_method: 'squash', sha: pr.head.sha })).status).toBe(200);
  });

  it('mergeable null while GitHub computes it, dirty on a conflict, and deletes the head with delete_branch_on_merge', async () => {
    const w = await world({ deleteBranchOnMerge: true });
    const pr = await openPr(w);
    w.fake.model.hooks.holdMergeCheck(REPO, pr.number);
    expect((await w.call('PUT', `/repos/${REPO}/pulls/${pr.number}/merge`, { merge_method: 'merge' })).status).toBe(405);
    expect((await w.call('GET', `/repos/${REPO}/pulls/${pr.number}`)).body).toMatchObject({ mergeable: null, mergeable_state: 'unknown' });
    expect((await w.call('GET', `/repos/${REPO}/pulls/${pr.number}`)).body).toMatchObject({ mergeable: true, mergeable_state: 'clean' });
    const conflicting = await openPr(w, 'upkeep/conflict');
    await w.fake.model.hooks.moveBase(REPO, { 'apps/web/deploy.yaml': 'image: nginx:1.26.0\n' });
    expect((await w.call('GET', `/repos/${REPO}/pulls/${conflicting.number}`)).body).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    expect((await w.call('PUT', `/repos/${REPO}/pulls/${conflicting.number}/merge`, { merge_method: 'merge' })).status).toBe(405);
    await w.fake.model.hooks.moveBase(REPO, { 'apps/web/deploy.yaml': 'image: nginx:1.25.0\n' });
    expect((await w.call('PUT', `/repos/${REPO}/pulls/${pr.number}/merge`, { merge_method: 'merge' })).status).toBe(200);
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx')).toBeUndefined();
  });
});

gate.describe('fake GitHub: statuses and check runs', () => {
  it('combined status is pending with no status, the worst otherwise; check runs listed per ref', async () => {
    const w = await world();
    const sha = await w.botBranch('upkeep/nginx');
    const none = (await w.call('GET', `/repos/${REPO}/commits/${sha}/status`)).body;
    expect(none).toMatchObject({ state: 'pending', total_count: 0, statuses: [] });
    expect((await w.call('POST', `/repos/${REPO}/statuses/${sha}`, { state: 'success', context: 'ci/build' })).status).toBe(201);
    expect((await w.call('POST', `/repos/${REPO}/statuses/${'f'.repeat(40)}`, { state: 'success' })).status).toBe(422);
    await w.fake.model.hooks.setStatus(REPO, sha, 'ci/lint', 'failure');
    const combined = (await w.call('GET', `/repos/${REPO}/commits/upkeep/nginx/status`)).body;
    expect(combined).toMatchObject({ state: 'failure', total_count: 2, sha });
    const list = (await w.call('GET', `/repos/${REPO}/commits/${sha}/statuses?per_page=100`)).body;
    expect(list.map((s: { context: string; creator: { login: string } }) => [s.context, s.creator.login])).toEqual([
      ['ci/lint', 'ci'],
      ['ci/build', BOT],
    ]);
    expect((await w.call('GET', `/repos/${REPO}/commits/${sha}/check-runs`)).body).toEqual({ total_count: 0, check_runs: [] });
    await w.fake.model.hooks.setCheckRun(REPO, sha, 'test', 'in_progress');
    await w.fake.model.hooks.setCheckRun(REPO, sha, 'test', 'completed', 'success');
    await w.fake.model.hooks.setCheckRun(REPO, sha, 'e2e', 'queued');
    const runs = (await w.call('GET', `/repos/${REPO}/commits/${sha}/check-runs?per_page=100`)).body;
    expect(runs.check_runs.map((r: { name: string; status: string; conclusion: string | null }) => [r.name, r.status, r.conclusion])).toEqual([
      ['e2e', 'queued', null],
      ['test', 'completed', 'success'],
    ]);
    expect((await w.call('GET', `/repos/${REPO}/commits/${sha}/check-runs?filter=all`)).body.total_count).toBe(3);
  });
});

gate.describe('fake GitHub: labels, issues and comments', () => {
  it('creates labels (422 already_exists), adds, sets and removes them on a PR', async () => {
    const w = await world();
    const pr = await openPr(w);
    expect((await w.call('POST', `/repos/${REPO}/labels`, { name: 'deps', color: '0366d6' })).status).toBe(201);
    const dup = await w.call('POST', `/repos/${REPO}/labels`, { name: 'Deps', color: '0366d6' });
    expect([dup.status, dup.body.errors[0].code]).toEqual([422, 'already_exists']);
    const added = await w.call('POST', `/repos/${REPO}/issues/${pr.number}/labels`, { labels: ['deps', 'new-one'] });
    expect(added.body.map((l: { name: string; color: string }) => [l.name, l.color])).toEqual([
      ['deps', '0366d6'],
      ['new-one', 'ededed'],
    ]);
    const set = await w.call('PUT', `/repos/${REPO}/issues/${pr.number}/labels`, { labels: ['deps'] });
    expect(set.body.map((l: { name: string }) => l.name)).toEqual(['deps']);
    expect((await w.call('DELETE', `/repos/${REPO}/issues/${pr.number}/labels/missing`)).status).toBe(404);
    expect((await w.call('DELETE', `/repos/${REPO}/issues/${pr.number}/labels/deps`)).body).toEqual([]);
    expect((await w.call('GET', `/repos/${REPO}/labels`)).body.map((l: { name: string }) => l.name)).toEqual(['deps', 'new-one']);
  });

  it('issues share numbers with PRs, are listed with them (pull_request key), filtered by creator; comments', async () => {
    const w = await world();
    const pr = await openPr(w);
    const issue = await w.call('POST', `/repos/${REPO}/issues`, { title: 'Dependency Dashboard', body: '- [ ] one', labels: ['dashboard'] });
    expect(issue.status).toBe(201);
    expect(issue.body).toMatchObject({ number: pr.number + 1, state: 'open', labels: [{ name: 'dashboard' }] });
    await w.call('POST', `/repos/${REPO}/issues`, { title: 'by alice' }, w.aliceToken);
    const mine = (await w.call('GET', `/repos/${REPO}/issues?creator=${BOT}&state=all&per_page=100`)).body;
    expect(mine.map((i: { number: number; pull_request?: unknown }) => [i.number, i.pull_request !== undefined])).toEqual([
      [issue.body.number, false],
      [pr.number, true],
    ]);
    expect((await w.call('GET', `/repos/${REPO}/issues?labels=dashboard`)).body).toHaveLength(1);
    const closed = await w.call('PATCH', `/repos/${REPO}/issues/${issue.body.number}`, { state: 'closed', body: 'done' });
    expect(closed.body).toMatchObject({ state: 'closed', body: 'done', closed_by: { login: BOT } });
    expect((await w.call('GET', `/repos/${REPO}/issues/${pr.number}`)).body.pull_request).toBeDefined();
    const comment = await w.call('POST', `/repos/${REPO}/issues/${pr.number}/comments`, { body: 'hello' });
    expect(comment.status).toBe(201);
    const edited = await w.call('PATCH', `/repos/${REPO}/issues/comments/${comment.body.id}`, { body: 'hello again' });
    expect(edited.body).toMatchObject({ body: 'hello again', user: { login: BOT } });
    expect((await w.call('GET', `/repos/${REPO}/issues/${pr.number}/comments`)).body.map((c: { body: string }) => c.body)).toEqual(['hello again']);
  });

  it('410 for issues when the repository has them disabled (PR comments still work)', async () => {
    const w = await world({ hasIssues: false });
    const pr = await openPr(w);
    expect((await w.call('POST', `/repos/${REPO}/issues`, { title: 'x' })).status).toBe(410);
    expect((await w.call('GET', `/repos/${REPO}/issues`)).status).toBe(410);
    expect((await w.call('POST', `/repos/${REPO}/issues/${pr.number}/comments`, { body: 'hi' })).status).toBe(201);
  });

  it('counts reads and writes in the model counters', async () => {
    const w = await world();
    const counters = w.fake.model.startRun();
    await w.call('GET', `/repos/${REPO}`);
    await w.call('POST', `/repos/${REPO}/labels`, { name: 'deps', color: '0366d6' });
    await w.graphql('query { viewer { login } }');
    expect(counters.snapshot()).toMatchObject({ reads: 2, writes: 1 });
  });
});
