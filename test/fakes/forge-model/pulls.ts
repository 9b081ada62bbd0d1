/**
 * Pull requests of the fake forges. The head sha is read from the head branch in git while the PR is
 * open (a push is seen at once) and frozen when it closes or merges. Merges run for real in the bare
 * repository (git-merge.ts) after the checks a forge makes, in the order Gitea and GitHub make them:
 * state, permission, mergeability (a test can hold it at "checking"), required statuses of the base's
 * branch protection, allowed style, expected head, then the merge itself (which may still conflict).
 *
 * Auto-merge: scheduling merges at once when the required statuses already pass (no protection: always);
 * otherwise the PR waits, and a status posted later (statuses.ts) merges it when they pass.
 */
import { performMerge, type MergeStyle } from './git-merge.js';
import type { ForgeModel } from './model.js';
import type { AutoMergeRecord, PullRecord } from './records.js';

export interface NewPull {
  head: string;
  base: string;
  title: string;
  body?: string;
  author: string;
  labels?: number[];
  assignees?: string[];
  reviewers?: string[];
}

export type CreateResult = { pr: PullRecord } | { error: 'exists'; existing: PullRecord } | { error: 'no-head' | 'no-base' | 'same-branch' };

export interface MergeOptions {
  style: MergeStyle;
  by: string;
  message: string;
  /** Refuse when the head is no longer this sha. */
  expectedHead?: string;
  deleteBranch?: boolean;
  /** Auto-merge scheduling skips the required-status check (it waits for it instead). */
  skipRequiredChecks?: boolean;
}

export type MergeRefusal =
  | 'merged'
  | 'closed'
  | 'no-permission'
  | 'checking'
  | 'not-mergeable'
  | 'required-checks'
  | 'style-not-allowed'
  | 'head-moved'
  | 'conflict'
  | 'not-fast-forward';

export type MergeOutcome = { ok: true; sha: string; branchDeleted: boolean } | { ok: false; refusal: MergeRefusal; detail: string; files?: string[] };

export type ScheduleOutcome = { scheduled: true } | { scheduled: false; already: true } | { scheduled: false; already?: false; merge: MergeOutcome };

export class PullStore {
  /** Merge attempts answered "checking" after each PR is created (a test hook; default 0). */
  checkingAfterCreate = 0;

  constructor(private readonly model: ForgeModel) {}

  async create(fullName: string, input: NewPull): Promise<CreateResult> {
    const world = this.model.world(fullName);
    if (input.head === input.base) return { error: 'same-branch' };
    const headSha = await this.model.git.branchSha(fullName, input.head);
    if (!headSha) return { error: 'no-head' };
    const baseSha = await this.model.git.branchSha(fullName, input.base);
    if (!baseSha) return { error: 'no-base' };
    const existing = [...world.pulls.values()].find((p) => p.state === 'open' && p.head === input.head && p.base === input.base);
    if (existing) return { error: 'exists', existing };
    const now = this.model.now();
    const pr: PullRecord = {
      id: this.model.id(),
      number: world.repo.nextNumber++,
      title: input.title,
      body: input.body ?? '',
      state: 'open',
      merged: false,
      head: input.head,
      base: input.base,
      headSha,
      baseSha,
      author: input.author,
      labels: [...(input.labels ?? [])],
      assignees: [...(input.assignees ?? [])],
      reviewers: [...(input.reviewers ?? [])],
      createdAt: now,
      updatedAt: now,
      checkingFor: this.checkingAfterCreate,
    };
    world.pulls.set(pr.number, pr);
    return { pr };
  }

  get(fullName: string, number: number): PullRecord | undefined {
    return this.model.world(fullName).pulls.get(number);
  }

  /** Brings an open PR's head and base shas up to date with git. */
  async refresh(fullName: string, pr: PullRecord): Promise<PullRecord> {
    if (pr.state !== 'open') return pr;
    pr.headSha = (await this.model.git.branchSha(fullName, pr.head)) ?? pr.headSha;
    pr.baseSha = (await this.model.git.branchSha(fullName, pr.base)) ?? pr.baseSha;
    return pr;
  }

  /** Every PR, refreshed, newest first. */
  async list(fullName: string): Promise<PullRecord[]> {
    const prs = [...this.model.world(fullName).pulls.values()].sort((a, b) => b.number - a.number);
    for (const pr of prs) await this.refresh(fullName, pr);
    return prs;
  }

  touch(pr: PullRecord): void {
    pr.updatedAt = this.model.now();
  }

  close(pr: PullRecord, by: string): void {
    pr.state = 'closed';
    pr.closedBy = by;
    pr.closedAt = this.model.now();
    pr.updatedAt = pr.closedAt;
    delete pr.autoMerge;
  }

  /** Whether the forge would let the PR merge now: still checking, conflicting, or mergeable. */
  async mergeability(fullName: string, pr: PullRecord): Promise<'checking' | 'conflict' | 'mergeable'> {
    if (pr.checkingFor > 0) return 'checking';
    await this.refresh(fullName, pr);
    const merged = await this.model.git.mergeTree(fullName, pr.baseSha, pr.headSha);
    return merged.clean ? 'mergeable' : 'conflict';
  }

  async merge(fullName: string, pr: PullRecord, options: MergeOptions): Promise<MergeOutcome> {
    const world = this.model.world(fullName);
    await this.refresh(fullName, pr);
    if (pr.merged) return { ok: false, refusal: 'merged', detail: 'already merged' };
    if (pr.state === 'closed') return { ok: false, refusal: 'closed', detail: 'the pull request is closed' };
    if (!this.model.can(options.by, world.repo, 'write')) return { ok: false, refusal: 'no-permission', detail: `${options.by} may not merge` };
    if (pr.checkingFor > 0) {
      pr.checkingFor--;
      return { ok: false, refusal: 'checking', detail: 'mergeability is still being checked' };
    }
    if ((await this.mergeability(fullName, pr)) === 'conflict')
      return { ok: false, refusal: 'not-mergeable', detail: 'the pull request conflicts with its base' };
    if (!options.skipRequiredChecks && this.model.statuses.required(fullName, pr.base, pr.headSha) !== 'success') {
      return { ok: false, refusal: 'required-checks', detail: 'Not all required status checks successful' };
    }
    if (!world.repo.mergeStyles.includes(options.style))
      return { ok: false, refusal: 'style-not-allowed', detail: `${options.style} is not an allowed merge style` };
    if (options.expectedHead && options.expectedHead !== pr.headSha) return { ok: false, refusal: 'head-moved', detail: 'head out of date' };
    const author = this.model.identity(pr.author);
    const committer = this.model.identity(options.by);
    const result = await performMerge(this.model.git, fullName, {
      baseBranch: pr.base,
      headSha: pr.headSha,
      style: options.style,
      message: options.message,
      author,
      committer,
    });
    if (!result.ok) {
      if (result.kind === 'conflict')
        return { ok: false, refusal: 'conflict', detail: `merge conflict in ${result.files.join(', ') || 'the tree'}`, files: result.files };
      if (result.kind === 'not-fast-forward') return { ok: false, refusal: 'not-fast-forward', detail: 'the base is not an ancestor of the head' };
      return { ok: false, refusal: 'closed', detail: 'the base branch does not exist' };
    }
    pr.merged = true;
    pr.state = 'closed';
    pr.mergedSha = result.sha;
    pr.mergedBy = options.by;
    pr.mergedAt = this.model.now();
    pr.closedAt = pr.mergedAt;
    pr.updatedAt = pr.mergedAt;
    pr.baseSha = result.sha;
    delete pr.autoMerge;
    const branchDeleted = options.deleteBranch === true && (await this.deleteHeadIfUnused(fullName, pr));
    return { ok: true, sha: result.sha, branchDeleted };
  }

  /** Schedules a merge for when the required statuses pass, or merges now when they already do. */
  async schedule(fullName: string, pr: PullRecord, auto: AutoMergeRecord): Promise<ScheduleOutcome> {
    await this.refresh(fullName, pr);
    if (pr.autoMerge) return { scheduled: false, already: true };
    if (pr.state === 'open' && this.model.statuses.required(fullName, pr.base, pr.headSha) !== 'success') {
      if (!this.model.can(auto.by, this.model.world(fullName).repo, 'write'))
        return { scheduled: false, merge: { ok: false, refusal: 'no-permission', detail: `${auto.by} may not merge` } };
      pr.autoMerge = { ...auto };
      this.touch(pr);
      return { scheduled: true };
    }
    return {
      scheduled: false,
      merge: await this.merge(fullName, pr, {
        style: auto.style,
        by: auto.by,
        message: auto.message,
        deleteBranch: auto.deleteBranch,
        skipRequiredChecks: true,
      }),
    };
  }

  /** Merges every scheduled PR whose required statuses now pass (run after each status). */
  async runAutoMerges(fullName: string): Promise<void> {
    for (const pr of this.model.world(fullName).pulls.values()) {
      if (pr.state !== 'open' || !pr.autoMerge) continue;
      await this.refresh(fullName, pr);
      if (this.model.statuses.required(fullName, pr.base, pr.headSha) !== 'success') continue;
      const auto = pr.autoMerge;
      await this.merge(fullName, pr, { style: auto.style, by: auto.by, message: auto.message, deleteBranch: auto.deleteBranch });
    }
  }

  /** Deletes the head branch unless another open PR still uses it. */
  private async deleteHeadIfUnused(fullName: string, pr: PullRecord): Promise<boolean> {
    const others = [...this.model.world(fullName).pulls.values()].some((p) => p !== pr && p.state === 'open' && p.head === pr.head);
    if (others || !(await this.model.git.branchSha(fullName, pr.head))) return false;
    await this.model.git.deleteBranch(fullName, pr.head);
    return true;
  }
}
