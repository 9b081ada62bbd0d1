/**
 * What happens on a forge between two runs, for tests to make happen: someone pushes to a bot branch,
 * the base branch moves, CI posts a status, a human closes a PR or ticks a checkbox, the forge is still
 * checking a PR's mergeability. Each goes through the same model the API reads, so the next API call
 * sees it, and none is counted as the bot's reads or writes.
 */
import type { ForgeModel } from './model.js';
import type { CheckRunConclusion, CheckRunRecord, CheckRunStatus, ReviewRecord, ReviewState, StatusRecord, StatusState } from './records.js';

export interface CommitOptions {
  /** Who commits (author and committer; default `alice`, a human). */
  login?: string;
  message?: string;
  /** For a new branch: where it starts (default: the repository's default branch). */
  from?: string;
}

export class ForgeHooks {
  constructor(private readonly model: ForgeModel) {}

  /** One commit on `branch` (created from `from` when missing); returns its sha. */
  async commit(fullName: string, branch: string, files: Record<string, string | null>, options: CommitOptions = {}): Promise<string> {
    const { repo } = this.model.world(fullName);
    const who = this.model.identity(options.login ?? 'alice');
    const existing = await this.model.git.branchSha(fullName, branch);
    const parent = existing ?? (await this.model.git.resolve(fullName, `refs/heads/${options.from ?? repo.defaultBranch}`));
    const input = { branch, files, message: options.message ?? `Change ${Object.keys(files).join(', ')}`, author: who };
    return this.model.git.commit(fullName, parent ? { ...input, parent } : input);
  }

  /** A human (not the bot) pushes a commit to a branch, e.g. a bot branch they want to fix by hand. */
  humanPush(fullName: string, branch: string, files: Record<string, string | null>, login = 'alice'): Promise<string> {
    return this.commit(fullName, branch, files, { login, message: 'Fix by hand' });
  }

  /** The base branch (default: the repository's default branch) moves on. */
  moveBase(fullName: string, files: Record<string, string | null>, options: { branch?: string; login?: string } = {}): Promise<string> {
    const branch = options.branch ?? this.model.world(fullName).repo.defaultBranch;
    return this.commit(fullName, branch, files, { login: options.login ?? 'alice', message: 'Move the base on' });
  }

  /** CI posts a status for a sha, or for the head of a branch when `ref` is a branch name. */
  async setStatus(
    fullName: string,
    ref: string,
    context: string,
    state: StatusState,
    options: { description?: string; creator?: string } = {},
  ): Promise<StatusRecord> {
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : await this.model.git.branchSha(fullName, ref);
    if (!sha) throw new Error(`fake forge: ${fullName} has no branch ${ref}`);
    return this.model.statuses.add(fullName, sha, { context, state, ...options });
  }

  /** CI (GitHub Actions) reports a check run for a sha or a branch's head: `queued`, `in_progress`, or `completed` with a conclusion. */
  async setCheckRun(
    fullName: string,
    ref: string,
    name: string,
    status: CheckRunStatus,
    conclusion?: CheckRunConclusion,
    options: { title?: string; summary?: string; app?: string } = {},
  ): Promise<CheckRunRecord> {
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : await this.model.git.branchSha(fullName, ref);
    if (!sha) throw new Error(`fake forge: ${fullName} has no branch ${ref}`);
    return this.model.statuses.setCheckRun(fullName, sha, { name, status, ...(conclusion ? { conclusion } : {}), ...options });
  }

  /** A person reviews a PR: approves it, requests changes or comments. */
  review(fullName: string, number: number, login: string, state: ReviewState, body = ''): ReviewRecord {
    const pr = this.model.pulls.get(fullName, number);
    if (!pr) throw new Error(`fake forge: ${fullName} has no PR #${number}`);
    const review: ReviewRecord = { id: this.model.id(), by: login, state, body, commitSha: pr.headSha, submittedAt: this.model.now() };
    (pr.reviews ??= []).push(review);
    return review;
  }

  /** A human closes a PR without merging it. */
  closeByHuman(fullName: string, number: number, login = 'alice'): void {
    const pr = this.model.pulls.get(fullName, number);
    if (!pr) throw new Error(`fake forge: ${fullName} has no PR #${number}`);
    this.model.pulls.close(pr, login);
  }

  /** A human ticks the checkbox on the line of an issue (or PR) body that contains `text`. */
  tickCheckbox(fullName: string, number: number, text: string): void {
    const target = this.model.issues.get(fullName, number) ?? this.model.pulls.get(fullName, number);
    if (!target) throw new Error(`fake forge: ${fullName} has no issue or PR #${number}`);
    const lines = target.body.split('\n');
    const index = lines.findIndex((line) => /^\s*[-*] \[ \]/.test(line) && line.includes(text));
    if (index < 0) throw new Error(`fake forge: #${number} has no unticked box with "${text}"`);
    lines[index] = lines[index]!.replace('[ ]', '[x]');
    target.body = lines.join('\n');
    target.updatedAt = this.model.now();
  }

  /** The forge answers "still checking mergeability" to the next `attempts` merge attempts of a PR. */
  holdMergeCheck(fullName: string, number: number, attempts = 1): void {
    const pr = this.model.pulls.get(fullName, number);
    if (!pr) throw new Error(`fake forge: ${fullName} has no PR #${number}`);
    pr.checkingFor = attempts;
  }
}
