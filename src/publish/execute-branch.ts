/**
 * Carry out one branch's decision: push (with a lease), open or update its PR (only the fields that
 * differ, so a rerun writes nothing), merge or schedule the merge, comment once per topic, delete what a
 * closed PR blocks. In a dry run nothing is written and the outcome says what would have been done.
 * A failure costs this branch only: it comes back as the outcome's `error`, one line.
 */
import type { GitCheckout } from '../git/index.js';
import type { PlannedBranch } from '../plan/types.js';
import type { MergeStrategy, PullRequest, RepoPlatform } from '../platforms/types.js';
import { BranchMovedError } from '../util/errors.js';
import type { BranchState } from './branch-world.js';
import { commentText, type CommentTopic } from './comments.js';
import type { BranchDecision, PrWorld } from './decide-branch.js';

export interface BranchOutcome {
  branchName: string;
  summary: string;
  pushed: boolean;
  pr?: { number: number; action: 'created' | 'updated' | 'unchanged' };
  merged?: boolean;
  /** The update is blocked by this PR, closed without merging. */
  blockedBy?: number;
  error?: string;
}

export interface ExecuteContext {
  platform: RepoPlatform;
  git: GitCheckout;
  dryRun: boolean;
}

function fitBody(body: string, max: number): string {
  return body.length <= max ? body : `${body.slice(0, max - 60)}\n\n… (cut to the forge's size limit)`;
}

const sameLabels = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((l, i) => l === [...b].sort()[i]);

export async function executeBranch(
  ctx: ExecuteContext,
  branch: PlannedBranch,
  state: BranchState,
  prs: PrWorld,
  decision: BranchDecision,
): Promise<BranchOutcome> {
  const outcome: BranchOutcome = {
    branchName: branch.branchName,
    summary: decision.summary,
    pushed: false,
    ...(decision.blockedBy !== undefined ? { blockedBy: decision.blockedBy } : {}),
  };
  if (ctx.dryRun) return outcome;
  try {
    let head = state.sha;
    if (decision.push !== 'none') {
      const { sha } = await state.planned.commit();
      await ctx.git.push(branch.branchName, sha, state.sha);
      head = sha;
      outcome.pushed = true;
    }
    if (decision.deleteBranch && state.sha) await ctx.git.deleteBranch(branch.branchName, state.sha);
    let pr = prs.open;
    if (decision.pr === 'create') {
      pr = await ctx.platform.createPr({
        sourceBranch: branch.branchName,
        targetBranch: branch.baseBranch,
        title: branch.title,
        body: fitBody(branch.prBody, ctx.platform.maxBodyLength),
        labels: branch.labels,
      });
      outcome.pr = { number: pr.number, action: 'created' };
      // People are asked to review what waits for them; an automerging PR is theirs only if it fails.
      if (!branch.automerge || decision.comment?.topic === 'automerge-failed') {
        await ctx.platform.addAssignees(pr.number, branch.assignees);
        await ctx.platform.addReviewers(pr.number, branch.reviewers);
      }
    } else if (decision.pr === 'update' && pr) {
      outcome.pr = { number: pr.number, action: await updatePr(ctx.platform, pr, branch) };
    }
    if (decision.comment) await comment(ctx.platform, decision.comment.on === 'closed' ? prs.closedUnmerged : pr, decision.comment.topic, branch, state);
    const merge = { strategy: branch.automergeStrategy as MergeStrategy, sha: head ?? '', commitMessage: branch.commitMessage };
    if (decision.merge === 'merge-pr' && pr && head) {
      const result = await ctx.platform.mergePr(pr, merge);
      outcome.merged = result.merged;
      if (result.merged) await ctx.git.deleteBranch(branch.branchName, head).catch(() => undefined);
      else {
        outcome.summary += ` (not merged: ${result.reason})`;
        // Time may fix it (checks, mergeability): say nothing yet. Otherwise the PR says why.
        const quiet = branch.suppressNotifications?.includes('branchAutomergeFailure') ?? false;
        if (!result.retryLater && !quiet) await ctx.platform.ensureComment(pr.number, 'merge-blocked', commentText('merge-blocked', { reason: result.reason }));
      }
    } else if (decision.merge === 'enable-native' && pr && head) {
      const result = await ctx.platform.enableAutomerge(pr, merge);
      if (typeof result === 'object') outcome.summary += ` (native automerge refused: ${result.failed})`;
      else if (result === 'merged') outcome.merged = true;
    } else if (decision.merge === 'fast-forward' && head) {
      await ctx.git.fastForward(branch.baseBranch, head);
      await ctx.git.deleteBranch(branch.branchName, head);
      outcome.merged = true;
    }
  } catch (err) {
    outcome.error =
      err instanceof BranchMovedError ? `${branch.branchName} moved while this run worked on it: left for the next run` : (err as Error).message.split('\n')[0];
  }
  return outcome;
}

/** Only what differs is sent; an unchanged PR costs no write. */
async function updatePr(platform: RepoPlatform, pr: PullRequest, branch: PlannedBranch): Promise<'updated' | 'unchanged'> {
  const change: { title?: string; body?: string; labels?: string[] } = {};
  const body = fitBody(branch.prBody, platform.maxBodyLength);
  if (pr.title !== branch.title) change.title = branch.title;
  if (pr.body.trim() !== body.trim()) change.body = body;
  if (!sameLabels(pr.labels, branch.labels)) change.labels = branch.labels;
  if (Object.keys(change).length === 0) return 'unchanged';
  await platform.updatePr(pr.number, change);
  return 'updated';
}

async function comment(platform: RepoPlatform, pr: PullRequest | undefined, topic: CommentTopic, branch: PlannedBranch, state: BranchState): Promise<void> {
  if (!pr) return;
  const update = branch.upgrades[0]?.update;
  const context = {
    ...(update ? { newValue: update.newValue, updateType: update.updateType, newMajor: update.newMajor } : {}),
    ...(state.checkDetails ? { checks: state.checkDetails } : {}),
  };
  await platform.ensureComment(pr.number, topic, commentText(topic, context));
}
