import { afterEach, expect, it } from 'vitest';
import type { MergeStrategy, PullRequest, RepoPlatform } from '../../../src/platforms/types.js';
import { loadGiteaValidator } from '../../fakes/gitea.js';
import type { RepoOptions } from '../../fakes/forge-model/index.js';
import { requireCommands } from '../../services/require.js';
import { expectTokenOnlyInHeader, giteaWorld, REPO, type GiteaWorld } from './setup.js';

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

const MESSAGE = 'Update nginx to v1.27.0\n\nBumps nginx from 1.25.0 to 1.27.0.';

/** A world with the bot's PR for upkeep/nginx open (and the base moved on unless `behind` is false). */
async function withPr(
  options: { version?: string; repo?: RepoOptions; behind?: boolean } = {},
): Promise<{ w: GiteaWorld; repo: RepoPlatform; pr: PullRequest }> {
  const w = (world = await giteaWorld(validator, {
    ...(options.version ? { version: options.version } : {}),
    ...(options.repo ? { repo: options.repo } : {}),
  }));
  await w.botBranch('upkeep/nginx');
  if (options.behind !== false) await w.fake.model.hooks.moveBase(REPO, { 'README.md': 'hello again\n' });
  const repo = await w.repo();
  const pr = await repo.createPr({ sourceBranch: 'upkeep/nginx', targetBranch: 'main', title: 'Update nginx to v1.27.0', body: 'body', labels: [] });
  return { w, repo, pr };
}

const mainLog = (w: GiteaWorld) => w.fake.model.git.git(REPO, ['log', '--format=%s|%an|%P', 'main']).then((out) => out.split('\n'));
const merges = (w: GiteaWorld) => w.fake.requests.filter((r) => r.operationId === 'repoMergePullRequest');

gate.describe('Gitea adapter: merging', () => {
  const cases: [MergeStrategy, string, boolean][] = [
    ['merge-commit', 'merge', true],
    ['squash', 'squash', true],
    ['rebase', 'rebase', true],
    ['rebase-merge', 'rebase-merge', true],
    ['fast-forward', 'fast-forward-only', false],
  ];
  for (const [strategy, style, behind] of cases) {
    it(`${strategy}: merged for real with do=${style}, only at the head whose checks were read`, async () => {
      const { w, repo, pr } = await withPr({ behind });
      expect(await repo.mergePr(pr, { strategy, sha: pr.headSha, commitMessage: MESSAGE })).toEqual({ merged: true });
      expect(merges(w)[0]!.body).toMatchObject({ do: style, head_commit_id: pr.headSha });
      expect(await w.fake.model.git.readFile(REPO, 'main', 'apps/web/deploy.yaml')).toBe('image: nginx:1.27.0\n');
      const log = await mainLog(w);
      const parents = (line: string) => line.split('|')[2]!.split(' ').length;
      if (strategy === 'merge-commit' || strategy === 'rebase-merge') expect([log[0]!.split('|')[0], parents(log[0]!)]).toEqual(['Update nginx to v1.27.0', 2]);
      if (strategy === 'squash') expect([log[0]!.split('|').slice(0, 2), parents(log[0]!)]).toEqual([['Update nginx to v1.27.0', 'Upkeep Bot'], 1]);
      if (strategy === 'rebase' || strategy === 'fast-forward') expect(log[0]).toMatch(/^Update upkeep\/nginx\|Upkeep Bot\|[0-9a-f]{40}$/);
      if (strategy === 'fast-forward') expect(await w.fake.model.git.branchSha(REPO, 'main')).toBe(pr.headSha);
      expect(w.fake.model.pulls.get(REPO, pr.number)).toMatchObject({ merged: true, state: 'closed' });
      expect((await repo.listBotPrs())[0]!.state).toBe('merged');
    });
  }

  it("auto takes the repository's default style; a style the settings forbid is refused without asking", async () => {
    const { w, repo, pr } = await withPr({ repo: { mergeStyles: ['squash', 'rebase'], defaultMergeStyle: 'squash' } });
    expect(await repo.mergePr(pr, { strategy: 'merge-commit', sha: pr.headSha, commitMessage: MESSAGE })).toEqual({
      merged: false,
      retryLater: false,
      reason: 'automergeStrategy "merge-commit" is not allowed in this repository\'s merge settings',
    });
    expect(merges(w)).toHaveLength(0);
    expect(await repo.mergePr(pr, { strategy: 'auto', sha: pr.headSha, commitMessage: MESSAGE })).toEqual({ merged: true });
    expect(merges(w)[0]!.body).toMatchObject({ do: 'squash' });
  });

  it('fast-forward without fast-forward-only allowed uses rebase (the same result on an up-to-date branch)', async () => {
    const { w, repo, pr } = await withPr({ behind: false, repo: { mergeStyles: ['merge', 'rebase'] } });
    expect(await repo.mergePr(pr, { strategy: 'fast-forward', sha: pr.headSha, commitMessage: MESSAGE })).toEqual({ merged: true });
    expect(merges(w)[0]!.body).toMatchObject({ do: 'rebase' });
    expect(await w.fake.model.git.branchSha(REPO, 'main')).toBe(pr.headSha);
  });

  it('a 405 right after creation (mergeability still computing) is "try again later", and later it merges', async () => {
    const { w, repo, pr } = await withPr();
    w.fake.model.hooks.holdMergeCheck(REPO, pr.number, 1);
    const first = await repo.mergePr(pr, { strategy: 'merge-commit', sha: pr.headSha, commitMessage: MESSAGE });
    expect(first).toMatchObject({ merged: false, retryLater: true });
    expect(merges(w)[0]!.status).toBe(405);
    expect(await repo.mergePr(pr, { strategy: 'merge-commit', sha: pr.headSha, commitMessage: MESSAGE })).toEqual({ merged: true });
  });

  it('a conflict is not merged, with the reason; nothing moves in git', async () => {
    const { w, repo, pr } = await withPr();
    await w.fake.model.hooks.moveBase(REPO, { 'apps/web/deploy.yaml': 'image: nginx:1.26.0\n' });
    const main = await w.fake.model.git.branchSha(REPO, 'main');
    // Gitea's answer (405 "Please try again later") does not tell a conflict from "still checking".
    const outcome = await repo.mergePr(pr, { strategy: 'merge-commit', sha: pr.headSha, commitMessage: MESSAGE });
    expect(outcome).toEqual({
      merged: false,
      retryLater: true,
      reason: 'Gitea cannot merge it yet: it is still checking the PR, or the branch conflicts with main',
    });
    expect(await w.fake.model.git.branchSha(REPO, 'main')).toBe(main);
  });

  it('a conflict found while merging (a commit that cannot be replayed) is a 409: not merged, not retried', async () => {
    const { w, repo } = await withPr({ behind: false });
    const { model } = w.fake;
    await model.hooks.commit(REPO, 'upkeep/flip', { 'apps/web/deploy.yaml': 'image: nginx:9\n' }, { login: 'upkeep-bot' });
    const head = await model.hooks.commit(REPO, 'upkeep/flip', { 'apps/web/deploy.yaml': 'image: nginx:1.25.0\n' }, { login: 'upkeep-bot' });
    await model.hooks.moveBase(REPO, { 'apps/web/deploy.yaml': 'image: nginx:1.26.0\n' });
    const flip = await repo.createPr({ sourceBranch: 'upkeep/flip', targetBranch: 'main', title: 'Flip', body: '', labels: [] });
    const outcome = await repo.mergePr(flip, { strategy: 'rebase', sha: head, commitMessage: 'Flip' });
    expect(outcome).toMatchObject({ merged: false, retryLater: false });
    expect((outcome as { reason: string }).reason).toMatch(/^merge conflict with main \(rebase\)/);
  });

  it('a head that moved after the checks were read is never merged', async () => {
    const { w, repo, pr } = await withPr();
    await w.fake.model.hooks.humanPush(REPO, 'upkeep/nginx', { 'apps/web/deploy.yaml': 'image: nginx:1.27.0-alpine\n' });
    const outcome = await repo.mergePr(pr, { strategy: 'squash', sha: pr.headSha, commitMessage: MESSAGE });
    expect(outcome).toEqual({
      merged: false,
      retryLater: false,
      reason: `the branch moved since its checks were read (head is no longer ${pr.headSha.slice(0, 7)})`,
    });
    expect(await w.fake.model.git.readFile(REPO, 'main', 'apps/web/deploy.yaml')).toBe('image: nginx:1.25.0\n');
  });

  it('required checks not passed yet (branch protection) is "try again later"', async () => {
    const { w, repo, pr } = await withPr();
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    await w.fake.model.hooks.setStatus(REPO, pr.headSha, 'ci/build', 'pending');
    expect(await repo.mergePr(pr, { strategy: 'squash', sha: pr.headSha, commitMessage: MESSAGE })).toMatchObject({ merged: false, retryLater: true });
  });

  it('a 502 from a merge that did happen reads the PR and reports the merge', async () => {
    const { w, repo, pr } = await withPr();
    w.fake.server.injectFault({ operationId: 'repoMergePullRequest', status: 502, afterEffect: true });
    const outcome = await repo.mergePr(pr, { strategy: 'squash', sha: pr.headSha, commitMessage: MESSAGE });
    expect(outcome).toEqual({ merged: true, sha: await w.fake.model.git.branchSha(REPO, 'main') });
    expect(merges(w)).toHaveLength(1);
  });
});
