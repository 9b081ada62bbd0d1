/**
 * The GitHub adapter's checks (commit statuses and check runs), merges (method, head guard, refusals)
 * and native auto-merge through GraphQL, against the GitHub fake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PullRequest, RepoPlatform } from '../../../src/platforms/types.js';
import { loadGitHubValidator } from '../../fakes/github.js';
import { BOT, REPO } from '../world.js';
import { expectTokenOnlyInHeader, githubWorld, type GitHubWorld } from './setup.js';
import type { WorldOptions } from '../world.js';

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

async function withPr(options: WorldOptions = {}): Promise<{ w: GitHubWorld; repo: RepoPlatform; pr: PullRequest; head: string }> {
  world = await githubWorld(validator, options);
  const head = await world.botBranch('upkeep/nginx-1.x');
  const repo = await world.repo();
  const pr = await repo.createPr({ sourceBranch: 'upkeep/nginx-1.x', targetBranch: 'main', title: 'Update nginx to v1.27.0', body: 'b', labels: [] });
  return { w: world, repo, pr, head };
}

const merge = (sha: string, strategy: 'auto' | 'squash' | 'merge-commit' | 'rebase' | 'fast-forward' = 'auto') => ({
  strategy,
  sha,
  commitMessage: 'Update nginx to v1.27.0\n\nBody text',
});

describe('GitHub adapter: checks', () => {
  it('no status and no check run is none (not the combined status "pending"); statuses and check runs both count, worst wins', async () => {
    const { w, repo, head } = await withPr();
    expect(await repo.getChecks(head)).toEqual({ state: 'none', details: [] });
    await w.fake.model.hooks.setStatus(REPO, head, 'ci/lint', 'success');
    await w.fake.model.hooks.setCheckRun(REPO, head, 'build', 'in_progress');
    expect((await repo.getChecks(head)).state).toBe('yellow');
    await w.fake.model.hooks.setCheckRun(REPO, head, 'build', 'completed', 'success');
    expect(await repo.getChecks(head)).toEqual({ state: 'green', details: [] });
    await w.fake.model.hooks.setCheckRun(REPO, head, 'e2e', 'completed', 'skipped');
    expect((await repo.getChecks(head)).state).toBe('green');
    await w.fake.model.hooks.setCheckRun(REPO, head, 'test', 'completed', 'failure', { title: '3 tests failed' });
    expect(await repo.getChecks(head)).toEqual({ state: 'red', details: ['test: failure (3 tests failed)'] });
  });

  it("the bot's own statuses never count; the newest status per context does", async () => {
    const { w, repo, head } = await withPr();
    await w.fake.model.hooks.setStatus(REPO, head, 'upkeep/stability', 'pending', { creator: BOT });
    expect((await repo.getChecks(head)).state).toBe('none');
    await w.fake.model.hooks.setStatus(REPO, head, 'ci/build', 'failure');
    await w.fake.model.hooks.setStatus(REPO, head, 'ci/build', 'success');
    expect((await repo.getChecks(head)).state).toBe('green');
  });
});

describe('GitHub adapter: merging', () => {
  it('merges with the head it read and the strategy asked; the branch and PR say merged', async () => {
    const { w, repo, pr, head } = await withPr();
    const result = await repo.mergePr(pr, merge(head, 'squash'));
    expect(result.merged).toBe(true);
    expect((await repo.listBotPrs())[0]!.state).toBe('merged');
    expect(await w.fake.model.git.readFile(REPO, 'main', 'apps/web/deploy.yaml')).toContain('nginx:1.27.0');
  });

  it('a head that moved is never merged (409), and says so', async () => {
    const { w, repo, pr, head } = await withPr();
    await w.fake.model.hooks.humanPush(REPO, 'upkeep/nginx-1.x', { 'x.txt': 'x\n' });
    const result = await repo.mergePr(pr, merge(head));
    expect(result).toMatchObject({ merged: false, retryLater: false });
    expect(!result.merged && result.reason).toMatch(/moved/);
    expect(w.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(false);
  });

  it('a method the repository forbids: refused for that strategy; auto takes one it allows', async () => {
    const { repo, pr, head } = await withPr({ repo: { mergeStyles: ['squash'] } });
    expect(repo.info.mergeStrategies).toEqual(['squash']);
    const refused = await repo.mergePr(pr, merge(head, 'merge-commit'));
    expect(refused).toMatchObject({ merged: false, retryLater: false });
    expect((await repo.mergePr(pr, merge(head, 'auto'))).merged).toBe(true);
  });

  it('required checks not passed: not merged now, maybe later', async () => {
    world = await githubWorld(validator);
    world.fake.model.protect(REPO, 'main', ['ci/build']);
    const head = await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const pr = await repo.createPr({ sourceBranch: 'upkeep/nginx-1.x', targetBranch: 'main', title: 'T', body: '', labels: [] });
    const result = await repo.mergePr(pr, merge(head));
    expect(result.merged).toBe(false);
    expect(world.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(false);
  });
});

describe('GitHub adapter: native auto-merge (GraphQL)', () => {
  it('scheduled on a protected base with checks pending; GitHub merges once they pass', async () => {
    world = await githubWorld(validator);
    world.fake.model.protect(REPO, 'main', ['ci/build']);
    const head = await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    expect(repo.info.nativeAutomerge).toBe(true);
    const pr = await repo.createPr({ sourceBranch: 'upkeep/nginx-1.x', targetBranch: 'main', title: 'T', body: '', labels: [] });
    expect(await repo.enableAutomerge(pr, merge(head, 'squash'))).toBe('scheduled');
    expect(world.fake.model.pulls.get(REPO, pr.number)!.autoMerge).toBeDefined();
    await world.fake.model.hooks.setStatus(REPO, head, 'ci/build', 'success');
    expect(world.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(true);
  });

  it('already mergeable ("clean status"): merged directly; no protection rules: left to the bot (unsupported)', async () => {
    const { w, repo, pr, head } = await withPr();
    // No protection at all: GitHub has nothing to wait for.
    expect(await repo.enableAutomerge(pr, merge(head))).toBe('unsupported');
    expect(w.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(false);
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    await w.fake.model.hooks.setStatus(REPO, head, 'ci/build', 'success');
    expect(await repo.enableAutomerge(pr, merge(head))).toBe('merged');
    expect(w.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(true);
  });

  it('a repository without "Allow auto-merge" is unsupported without asking', async () => {
    const { w, repo, pr, head } = await withPr({ repo: { allowAutoMerge: false } });
    expect(repo.info.nativeAutomerge).toBe(false);
    const before = w.fake.requests.length;
    expect(await repo.enableAutomerge(pr, merge(head))).toBe('unsupported');
    expect(w.fake.requests.length).toBe(before);
  });
});
