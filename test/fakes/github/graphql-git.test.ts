import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadGitHubValidator } from '../github.js';
import type { RepoOptions } from '../forge-model/index.js';
import { git, GIT_TEST_ENV } from '../../services/git-http.js';
import { requireCommands } from '../../services/require.js';
import { BOT, harness, REPO, type Harness } from './harness.js';

const validator = loadGitHubValidator();
const gate = requireCommands(['git', 'git http-backend']);
let h: Harness | undefined;
const dirs: string[] = [];

afterEach(async () => {
  const done = h;
  h = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (!done) return;
  try {
    done.fake.server.assertNoViolations();
  } finally {
    await done.fake.close();
  }
});

const world = async (repo: RepoOptions = {}) => (h = await harness(validator, repo));

const ENABLE = `mutation($id: ID!, $method: PullRequestMergeMethod!, $oid: GitObjectID, $headline: String, $body: String) {
  enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: $method, expectedHeadOid: $oid, commitHeadline: $headline, commitBody: $body}) {
    pullRequest { number autoMergeRequest { enabledAt mergeMethod commitHeadline enabledBy { login } } }
  }
}`;
const DISABLE = `mutation($id: ID!) { disablePullRequestAutoMerge(input: {pullRequestId: $id}) { pullRequest { autoMergeRequest { mergeMethod } } } }`;

async function openPr(w: Harness) {
  await w.botBranch('upkeep/nginx');
  const created = await w.call('POST', `/repos/${REPO}/pulls`, { head: 'upkeep/nginx', base: 'main', title: 'Update nginx', body: 'body' });
  expect(created.status).toBe(201);
  return created.body as { number: number; node_id: string; head: { sha: string } };
}

gate.describe('fake GitHub: GraphQL', () => {
  it('answers viewer { login databaseId }', async () => {
    const w = await world();
    const answer = await w.graphql('query { viewer { login databaseId } }');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { viewer: { login: BOT, databaseId: w.fake.model.user(BOT)!.id } } });
  });

  it('rejects a document the schema does not allow with GitHub’s errors shape, and does nothing', async () => {
    const w = await world({ allowAutoMerge: true });
    const pr = await openPr(w);
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    const answer = await w.graphql(`mutation($id: ID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeStyle: SQUASH}) { clientMutationId } }`, {
      id: pr.node_id,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors[0].message).toMatch(/mergeStyle/);
    expect(w.fake.model.pulls.get(REPO, pr.number)!.autoMerge).toBeUndefined();
    expect(() => w.fake.server.assertNoViolations()).toThrow(/invalid document/);
    const field = await w.graphql('query { viewer { login nickname } }');
    expect(field.body.errors[0].message).toMatch(/^Cannot query field "nickname" on type "User"/);
    expect(() => w.fake.server.assertNoViolations()).toThrow(/nickname/);
  });

  it('schedules auto-merge on a PR waiting for required checks; the merge happens when they turn green', async () => {
    const w = await world({ deleteBranchOnMerge: true });
    const pr = await openPr(w);
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    const counters = w.fake.model.startRun();
    const answer = await w.graphql(ENABLE, { id: pr.node_id, method: 'SQUASH', oid: pr.head.sha, headline: 'Update nginx (#1)', body: 'Bumps nginx.' });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.enablePullRequestAutoMerge.pullRequest).toMatchObject({
      number: pr.number,
      autoMergeRequest: { mergeMethod: 'SQUASH', commitHeadline: 'Update nginx (#1)', enabledBy: { login: BOT } },
    });
    expect(counters.snapshot()).toMatchObject({ reads: 0, writes: 1 });
    const rest = (await w.call('GET', `/repos/${REPO}/pulls/${pr.number}`)).body;
    expect(rest.auto_merge).toMatchObject({
      merge_method: 'squash',
      commit_title: 'Update nginx (#1)',
      commit_message: 'Bumps nginx.',
      enabled_by: { login: BOT },
    });
    expect(rest.mergeable_state).toBe('blocked');
    await w.fake.model.hooks.setCheckRun(REPO, pr.head.sha, 'ci/build', 'in_progress');
    expect(w.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(false);
    await w.fake.model.hooks.setCheckRun(REPO, pr.head.sha, 'ci/build', 'completed', 'success');
    const merged = w.fake.model.pulls.get(REPO, pr.number)!;
    expect(merged.merged).toBe(true);
    expect((await w.fake.model.git.commitInfo(REPO, merged.mergedSha!)).message).toBe('Update nginx (#1)\n\nBumps nginx.');
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx')).toBeUndefined();
  });

  it('disablePullRequestAutoMerge removes the schedule', async () => {
    const w = await world();
    const pr = await openPr(w);
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    await w.graphql(ENABLE, { id: pr.node_id, method: 'MERGE' });
    const answer = await w.graphql(DISABLE, { id: pr.node_id });
    expect(answer.body).toEqual({ data: { disablePullRequestAutoMerge: { pullRequest: { autoMergeRequest: null } } } });
    expect((await w.call('GET', `/repos/${REPO}/pulls/${pr.number}`)).body.auto_merge).toBeNull();
  });

  it('refuses as GitHub does: clean status, no protection rules, auto-merge off, unknown node', async () => {
    const w = await world();
    const pr = await openPr(w);
    const message = async (vars: Record<string, unknown>) => {
      const answer = await w.graphql(ENABLE, { id: pr.node_id, method: 'MERGE', ...vars });
      expect(answer.body.data).toEqual({ enablePullRequestAutoMerge: null });
      return answer.body.errors[0] as { type: string; message: string; path: string[] };
    };
    expect(await message({})).toMatchObject({
      type: 'UNPROCESSABLE',
      message: 'Pull request Protected branch rules not configured for this branch',
      path: ['enablePullRequestAutoMerge'],
    });
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    await w.fake.model.hooks.setStatus(REPO, pr.head.sha, 'ci/build', 'success');
    expect((await message({})).message).toBe('Pull request is in clean status');
    w.fake.model.world(REPO).repo.allowAutoMerge = false;
    expect((await message({})).message).toBe('Auto merge is not allowed for this repository');
    expect((await message({ id: 'UFI6OTk5' })).type).toBe('NOT_FOUND');
    expect(w.fake.model.pulls.get(REPO, pr.number)!.autoMerge).toBeUndefined();
  });
});

gate.describe('fake GitHub: git over smart HTTP', () => {
  it('clones from clone_url and pushes with x-access-token:<token> in an extra header; unknown token refused', async () => {
    const w = await world();
    const cloneUrl = (await w.call('GET', `/repos/${REPO}`)).body.clone_url as string;
    const dir = mkdtempSync(join(tmpdir(), 'upkeep-gh-fake-'));
    dirs.push(dir);
    const basic = (user: string, password: string) => `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const env = (header: string) => ({ ...GIT_TEST_ENV, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: header });
    await git(['clone', '--quiet', cloneUrl, join(dir, 'app')], { env: env(basic('x-access-token', w.token)) });
    expect(readFileSync(join(dir, 'app', 'README.md'), 'utf8')).toBe('hello\n');
    writeFileSync(join(dir, 'app', 'README.md'), 'pushed\n');
    await git(['-C', join(dir, 'app'), 'commit', '--quiet', '-am', 'Push over HTTP']);
    const counters = w.fake.model.startRun();
    await git(['-C', join(dir, 'app'), 'push', '--quiet', 'origin', 'HEAD:refs/heads/upkeep/pushed'], { env: env(basic(BOT, w.token)) });
    expect(await w.fake.model.git.readFile(REPO, 'upkeep/pushed', 'README.md')).toBe('pushed\n');
    expect(counters.pushes).toBe(1);
    const refs = (await w.call('GET', `/repos/${REPO}/git/matching-refs/heads/upkeep/`)).body;
    expect(refs.map((r: { ref: string }) => r.ref)).toEqual(['refs/heads/upkeep/pushed']);
    expect((await w.call('DELETE', `/repos/${REPO}/git/refs/heads/upkeep/pushed`)).status).toBe(204);
    expect((await w.call('DELETE', `/repos/${REPO}/git/refs/heads/upkeep/pushed`)).status).toBe(422);
    await expect(git(['clone', '--quiet', cloneUrl, join(dir, 'bad')], { env: env(basic('x-access-token', 'wrong')) })).rejects.toThrow(
      /401|Authentication failed|could not read Username/,
    );
    expect(w.fake.gitRequests.at(-1)?.status).toBe(401);
  });
});
