/**
 * Merges performed for real in a bare repository, the way forges do them, each ending in a
 * compare-and-swap of the base branch:
 * - `fast-forward`: the base moves to the head; refused when the base is not an ancestor of the head.
 * - `merge`: a merge commit (two parents) with the tree of `git merge-tree --write-tree`, always (no-ff).
 * - `squash`: one commit on the base with that same tree, authored by the PR's author.
 * - `rebase`: the head's commits replayed on the base one by one (authors kept), then a fast-forward.
 * - `rebase-merge`: the replayed commits, then a merge commit on top (no-ff).
 * A conflict refuses and leaves every ref as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitIdentity, GitStore } from './git-store.js';

export type MergeStyle = 'fast-forward' | 'merge' | 'squash' | 'rebase' | 'rebase-merge';

export interface MergeRequest {
  baseBranch: string;
  headSha: string;
  style: MergeStyle;
  message: string;
  /** Who merges (the committer of new commits). */
  committer: GitIdentity;
  /** Author of a squash commit (the PR's author). */
  author: GitIdentity;
}

export type MergeResult =
  { ok: true; sha: string } | { ok: false; kind: 'conflict'; files: string[] } | { ok: false; kind: 'not-fast-forward' } | { ok: false; kind: 'base-missing' };

export async function performMerge(store: GitStore, fullName: string, req: MergeRequest): Promise<MergeResult> {
  const base = await store.branchSha(fullName, req.baseBranch);
  if (!base) return { ok: false, kind: 'base-missing' };
  const result = await mergedCommit(store, fullName, base, req);
  if (result.ok) await store.updateRef(fullName, req.baseBranch, result.sha, base);
  return result;
}

/** The commit the base should point to after the merge (nothing moved yet). */
async function mergedCommit(store: GitStore, fullName: string, base: string, req: MergeRequest): Promise<MergeResult> {
  const upToDate = await store.isAncestor(fullName, base, req.headSha);
  switch (req.style) {
    case 'fast-forward':
      return upToDate ? { ok: true, sha: req.headSha } : { ok: false, kind: 'not-fast-forward' };
    case 'merge':
    case 'squash': {
      const merged = await store.mergeTree(fullName, base, req.headSha);
      if (!merged.clean) return { ok: false, kind: 'conflict', files: merged.conflicts };
      const parents = req.style === 'merge' ? [base, req.headSha] : [base];
      const author = req.style === 'merge' ? req.committer : req.author;
      return { ok: true, sha: await store.commitTree(fullName, merged.tree, parents, req.message, author, req.committer) };
    }
    case 'rebase':
    case 'rebase-merge': {
      const replayed = upToDate ? { ok: true as const, sha: req.headSha } : await replay(store, fullName, base, req.headSha, req.committer);
      if (!replayed.ok || req.style === 'rebase') return replayed;
      const tree = await store.treeOf(fullName, replayed.sha);
      return { ok: true, sha: await store.commitTree(fullName, tree, [base, replayed.sha], req.message, req.committer, req.committer) };
    }
  }
}

/**
 * Cherry-picks the head's own commits onto `onto` in a temporary work tree of the bare repository (git
 * 2.39 has no `merge-tree --merge-base`, and a replay needs each commit's own parent as the merge base).
 */
async function replay(store: GitStore, fullName: string, onto: string, head: string, committer: GitIdentity): Promise<MergeResult> {
  const commits = (await store.commitsBetween(fullName, onto, head)).filter((c) => c.parents.length === 1);
  const dir = join(mkdtempSync(join(tmpdir(), 'upkeep-rebase-')), 'tree');
  await store.run(fullName, ['worktree', 'add', '--quiet', '--detach', dir, onto]);
  try {
    for (const commit of commits) {
      const date = store.nextDate();
      const env = { GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email, GIT_COMMITTER_DATE: date };
      const picked = await store.run(fullName, ['cherry-pick', '--allow-empty', '--keep-redundant-commits', commit.sha], { cwd: dir, env, okCodes: [1] });
      if (picked.code !== 0) {
        const files = (await store.run(fullName, ['diff', '--name-only', '--diff-filter=U'], { cwd: dir })).stdout.split('\n').filter(Boolean);
        await store.run(fullName, ['cherry-pick', '--abort'], { cwd: dir, okCodes: [1, 128] });
        return { ok: false, kind: 'conflict', files };
      }
    }
    return { ok: true, sha: (await store.run(fullName, ['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim() };
  } finally {
    await store.run(fullName, ['worktree', 'remove', '--force', dir], { okCodes: [128] });
    rmSync(join(dir, '..'), { recursive: true, force: true });
    await store.run(fullName, ['worktree', 'prune']);
  }
}
