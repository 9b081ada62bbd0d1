import { afterEach, describe, expect, it } from 'vitest';
import type { PullRequest, RepoPlatform } from '../../../src/platforms/types.js';
import { featuresOf, parseGiteaVersion } from '../../../src/platforms/gitea/version.js';
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

async function withPr(version: string, repoOptions: RepoOptions = {}): Promise<{ w: GiteaWorld; repo: RepoPlatform; pr: PullRequest }> {
  const w = (world = await giteaWorld(validator, { version, repo: repoOptions }));
  await w.botBranch('upkeep/nginx');
  const repo = await w.repo();
  const pr = await repo.createPr({ sourceBranch: 'upkeep/nginx', targetBranch: 'main', title: 'Update nginx to v1.27.0', body: 'body', labels: [] });
  return { w, repo, pr };
}
const merges = (w: GiteaWorld) => w.fake.requests.filter((r) => r.operationId === 'repoMergePullRequest');
const mergeTitle = (w: GiteaWorld) => w.fake.model.git.git(REPO, ['log', '-1', '--format=%B', 'main']);
/** A request straight to the fake, bypassing the adapter. */
const rawMerge = (w: GiteaWorld, number: number, body: unknown) =>
  fetch(`${w.fake.server.url}/api/v1/repos/${REPO}/pulls/${number}/merge`, {
    method: 'POST',
    headers: { authorization: `token ${w.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Gitea versions', () => {
  it('reads Gitea and Forgejo versions and gates features on them', () => {
    expect(parseGiteaVersion('1.27.0')).toEqual({ text: '1.27.0', gitea: [1, 27, 0] });
    expect(parseGiteaVersion('11.0.1+gitea-1.22.0')).toEqual({ text: '11.0.1+gitea-1.22.0', gitea: [1, 22, 0], forgejo: [11, 0, 1] });
    expect(featuresOf(parseGiteaVersion('1.26.0'))).toMatchObject({
      mergeTitleField: 'merge_title_field',
      nativeAutomerge: true,
      posterFilter: true,
      forgejo: false,
    });
    expect(featuresOf(parseGiteaVersion('1.25.3'))).toMatchObject({
      mergeTitleField: 'MergeTitleField',
      mergeMessageField: 'MergeMessageField',
      nativeAutomerge: true,
    });
    expect(featuresOf(parseGiteaVersion('1.23.8'))).toMatchObject({ nativeAutomerge: false, posterFilter: true });
    expect(featuresOf(parseGiteaVersion('1.22.6'))).toMatchObject({ posterFilter: false });
    expect(featuresOf(parseGiteaVersion('10.0.3+gitea-1.22.0'))).toMatchObject({
      forgejo: true,
      mergeTitleField: 'MergeTitleField',
      nativeAutomerge: true,
      posterFilter: false,
    });
    expect(featuresOf(parseGiteaVersion('9.0.3+gitea-1.22.0'))).toMatchObject({ nativeAutomerge: false });
  });
});

gate.describe('Gitea 1.25 vs 1.27 merge field names', () => {
  for (const [version, titleField, messageField] of [
    ['1.27.0', 'merge_title_field', 'merge_message_field'],
    ['1.25.2', 'MergeTitleField', 'MergeMessageField'],
    ['11.0.1+gitea-1.22.0', 'MergeTitleField', 'MergeMessageField'],
  ] as const) {
    it(`${version}: the adapter sends ${titleField} and the merge commit carries the bot's message`, async () => {
      const { w, repo, pr } = await withPr(version);
      expect(await repo.mergePr(pr, { strategy: 'merge-commit', sha: pr.headSha, commitMessage: MESSAGE })).toEqual({ merged: true });
      expect(merges(w)[0]!.body).toEqual({
        do: 'merge',
        head_commit_id: pr.headSha,
        [titleField]: 'Update nginx to v1.27.0',
        [messageField]: 'Bumps nginx from 1.25.0 to 1.27.0.',
      });
      expect(await mergeTitle(w)).toBe(MESSAGE);
    });
  }

  it('the 1.25 fake refuses the 1.26+ names (the server would drop them), the 1.27 fake the old ones', async () => {
    const old = await withPr('1.25.2');
    expect((await rawMerge(old.w, old.pr.number, { do: 'merge', merge_title_field: 'x' })).status).toBe(400);
    expect(old.w.fake.server.violations.splice(0)).toEqual([expect.stringContaining('"merge_title_field" is not a field of MergePullRequestOption on 1.25.2')]);
    old.w.fake.server.assertNoViolations();
    await old.w.close();
    world = undefined;
    const current = await withPr('1.27.0');
    expect((await rawMerge(current.w, current.pr.number, { do: 'merge', MergeTitleField: 'x' })).status).toBe(400);
    expect(current.w.fake.server.violations.splice(0)).toEqual([expect.stringContaining('unknown key(s) "MergeTitleField"')]);
  });
});

gate.describe('Gitea native automerge', () => {
  it('1.24+: scheduled with branch deletion, merged by Gitea when the required check turns green', async () => {
    const { w, repo, pr } = await withPr('1.24.6');
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    expect(await repo.enableAutomerge(pr, { strategy: 'squash', sha: pr.headSha, commitMessage: MESSAGE })).toBe('scheduled');
    expect(merges(w)[0]).toMatchObject({
      status: 201,
      body: { do: 'squash', merge_when_checks_succeed: true, delete_branch_after_merge: true, head_commit_id: pr.headSha },
    });
    // Asking again (a rerun) finds it already scheduled.
    expect(await repo.enableAutomerge(pr, { strategy: 'squash', sha: pr.headSha, commitMessage: MESSAGE })).toBe('scheduled');
    await w.fake.model.hooks.setStatus(REPO, pr.headSha, 'ci/build', 'pending');
    expect(w.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(false);
    await w.fake.model.hooks.setStatus(REPO, pr.headSha, 'ci/build', 'success');
    expect(w.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(true);
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx')).toBeUndefined();
    expect(await mergeTitle(w)).toBe(MESSAGE);
  });

  it('merges at once when nothing required is pending (Gitea answers 200)', async () => {
    const { w, repo, pr } = await withPr('1.27.0');
    expect(await repo.enableAutomerge(pr, { strategy: 'merge-commit', sha: pr.headSha, commitMessage: MESSAGE })).toBe('merged');
    expect(w.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(true);
  });

  it('Forgejo 10 schedules; Gitea 1.23 and Forgejo 9 are unsupported and nothing is asked', async () => {
    const forgejo = await withPr('10.0.1+gitea-1.22.0');
    forgejo.w.fake.model.protect(REPO, 'main', ['ci/build']);
    expect(await forgejo.repo.enableAutomerge(forgejo.pr, { strategy: 'squash', sha: forgejo.pr.headSha, commitMessage: MESSAGE })).toBe('scheduled');
    expect(merges(forgejo.w)[0]!.body).toMatchObject({ MergeTitleField: 'Update nginx to v1.27.0', merge_when_checks_succeed: true });
    forgejo.w.fake.server.assertNoViolations();
    await forgejo.w.close();
    for (const version of ['1.23.8', '9.0.3+gitea-1.22.0']) {
      const { w, repo, pr } = await withPr(version);
      expect(repo.info.nativeAutomerge).toBe(false);
      expect(await repo.enableAutomerge(pr, { strategy: 'squash', sha: pr.headSha, commitMessage: MESSAGE })).toBe('unsupported');
      expect(merges(w)).toHaveLength(0);
      w.fake.server.assertNoViolations();
      await w.close();
    }
    world = undefined;
  });

  it('never schedules with fast-forward-only (Gitea would merge at once, red or not): rebase instead, or refused', async () => {
    const { w, repo, pr } = await withPr('1.27.0', { mergeStyles: ['fast-forward', 'rebase'], defaultMergeStyle: 'fast-forward' });
    w.fake.model.protect(REPO, 'main', ['ci/build']);
    await w.fake.model.hooks.setStatus(REPO, pr.headSha, 'ci/build', 'failure');
    expect(await repo.enableAutomerge(pr, { strategy: 'fast-forward', sha: pr.headSha, commitMessage: MESSAGE })).toBe('scheduled');
    expect(await repo.enableAutomerge(pr, { strategy: 'auto', sha: pr.headSha, commitMessage: MESSAGE })).toBe('scheduled');
    expect(merges(w).map((r) => (r.body as { do: string }).do)).toEqual(['rebase', 'rebase']);
    expect(w.fake.model.pulls.get(REPO, pr.number)!.merged).toBe(false);
    w.fake.server.assertNoViolations();
    await w.close();
    const only = await withPr('1.27.0', { mergeStyles: ['fast-forward'], defaultMergeStyle: 'fast-forward' });
    expect(only.repo.info.nativeAutomerge).toBe(false);
    expect(await only.repo.enableAutomerge(only.pr, { strategy: 'fast-forward', sha: only.pr.headSha, commitMessage: MESSAGE })).toEqual({
      failed: expect.stringContaining('fast-forward-only'),
    });
    expect(merges(only.w)).toHaveLength(0);
  });
});
