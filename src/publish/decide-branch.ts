/**
 * What to do with one planned branch, given what exists (the branch, its PR, their checks): a pure
 * decision, so the dry run can report it and the real run can carry it out. Renovate's lifecycle
 * (shared/reference/renovate-behaviour.md §9), with Upkeep's promise on top: nobody's work is ever
 * overwritten, and a rerun over an unchanged world decides to do nothing.
 *
 * - A branch someone else committed to is never pushed to (unless they ticked "rebase" on the dashboard,
 *   Renovate's explicit request to drop their changes); its PR gets one comment saying why it stopped.
 * - A PR a human closed without merging blocks that exact update (same title): not proposed again unless
 *   `recreateWhen` says so; a newer version has a new title and gets a new PR.
 * - A branch is rebuilt from its base when its content must change, when it conflicts (unless
 *   `rebaseWhen: never`), or when it is behind and `rebaseWhen` resolves to `behind-base-branch`.
 * - Automerge happens only on a head whose checks finished green — never in the run that pushed it —
 *   unless `ignoreTests` says checks do not matter: then it merges whatever they say, at once (Renovate).
 * - `suppressNotifications` leaves out the comments it names; the decision is the same.
 */
import type { CheckState, PullRequest } from '../platforms/types.js';

export interface BranchWorld {
  /** The branch exists on the forge. */
  exists: boolean;
  /** Someone other than the bot committed to it. */
  modified: boolean;
  /** Its base has moved on since it was built. */
  behindBase: boolean;
  /** It would not merge cleanly into its base. */
  conflicted: boolean;
  /** The files the plan edits already hold exactly the planned content (the same update, maybe behind). */
  carriesPlan: boolean;
  /** The branch's whole tree is what a rebuild from the current base would write. */
  upToDate: boolean;
  /** Checks of the branch head (read only for branches that may merge). */
  checks?: CheckState;
}

export interface PrWorld {
  /** The bot's open PR for this branch. */
  open?: PullRequest;
  /** A PR for this branch with the same title that a human closed without merging. */
  closedUnmerged?: PullRequest;
  /** A PR for this branch with the same title that was merged. */
  merged?: PullRequest;
}

export interface BranchIntent {
  branchName: string;
  due: boolean;
  pendingReason?: string;
  automerge: boolean;
  automergeType: 'pr' | 'branch' | 'pr-comment';
  platformAutomerge: boolean;
  rebaseWhen: 'never' | 'conflicted' | 'behind-base-branch';
  recreateClosed: boolean;
  /** Automerge does not wait for checks: none, pending or failing, and not for a later run either. */
  ignoreTests: boolean;
  /** Renovate's names of the notifications not to write (`prEditedNotification`, `prIgnoreNotification`, `branchAutomergeFailure`). */
  suppressNotifications?: readonly string[];
  /** A box ticked on the dependency dashboard for this branch: `rebase` / `recreate` force a rebuild. */
  dashboardCheck?: string;
}

export type PushAction = 'none' | 'create' | 'rebuild';
export type PrAction = 'none' | 'create' | 'update';
export type MergeAction = 'none' | 'merge-pr' | 'enable-native' | 'fast-forward';

export interface BranchDecision {
  push: PushAction;
  pr: PrAction;
  merge: MergeAction;
  /** The branch should be deleted (its update is blocked by a closed PR). */
  deleteBranch: boolean;
  /** The PR, closed without merging, that blocks this update (the dashboard lists it as ignored). */
  blockedBy?: number;
  /** One comment on the PR (by topic), when the run has something to tell its readers. */
  comment?: { on: 'open' | 'closed'; topic: 'edited' | 'ignored' | 'automerge-failed' };
  /** One line for the report and the log: what happens and why. */
  summary: string;
}

function decision(partial: Partial<BranchDecision> & { summary: string }): BranchDecision {
  return { push: 'none', pr: 'none', merge: 'none', deleteBranch: false, ...partial };
}

/** The `suppressNotifications` value that silences each comment topic. */
const NOTIFICATION_OF: Record<NonNullable<BranchDecision['comment']>['topic'], string> = {
  edited: 'prEditedNotification',
  ignored: 'prIgnoreNotification',
  'automerge-failed': 'branchAutomergeFailure',
};

export function decideBranch(intent: BranchIntent, branch: BranchWorld, prs: PrWorld): BranchDecision {
  const decided = decide(intent, branch, prs);
  const { comment, ...rest } = decided;
  return comment && intent.suppressNotifications?.includes(NOTIFICATION_OF[comment.topic]) ? rest : decided;
}

function decide(intent: BranchIntent, branch: BranchWorld, prs: PrWorld): BranchDecision {
  const forced = intent.dashboardCheck === 'rebase' || intent.dashboardCheck === 'recreate';
  if (prs.closedUnmerged && !prs.open && !intent.recreateClosed && intent.dashboardCheck !== 'recreate') {
    return decision({
      deleteBranch: branch.exists && !branch.modified,
      blockedBy: prs.closedUnmerged.number,
      comment: { on: 'closed', topic: 'ignored' },
      summary: `blocked: PR #${prs.closedUnmerged.number} with this title was closed without merging`,
    });
  }
  if (branch.exists && branch.modified && !forced) {
    return decision({
      ...(prs.open ? { comment: { on: 'open' as const, topic: 'edited' as const } } : {}),
      summary: 'left alone: someone else committed to the branch (tick "rebase" on the dashboard to drop their changes)',
    });
  }
  if (!branch.exists && !intent.due) return decision({ summary: `pending: ${intent.pendingReason ?? 'not due'}` });

  const push = pushOf(intent, branch, forced);
  const automerge = intent.automerge && !prs.merged;
  const wantsPr = !(automerge && intent.automergeType === 'branch');
  let pr: PrAction = 'none';
  if (prs.open) pr = 'update';
  else if (wantsPr && intent.due) pr = 'create';

  let merge: MergeAction = 'none';
  let comment: BranchDecision['comment'];
  // A head is judged by its finished checks, so not in the run that pushes it; with ignoreTests there is nothing to wait for.
  if (automerge && ((push === 'none' && branch.exists) || intent.ignoreTests)) {
    const checks = intent.ignoreTests ? 'green' : branch.checks;
    if (checks === 'green') {
      if (intent.automergeType === 'branch' && !prs.open) merge = 'fast-forward';
      else if (prs.open || pr === 'create') merge = 'merge-pr';
    } else if (checks === 'red' && intent.automergeType === 'branch' && !prs.open) {
      // Branch automerge with failing checks: a PR, so a human sees it.
      pr = 'create';
      comment = { on: 'open', topic: 'automerge-failed' };
    } else if (checks === 'red' && prs.open) {
      // An automerging PR with failing checks stays open and says why it is not merged.
      comment = { on: 'open', topic: 'automerge-failed' };
    }
  }
  if (automerge && intent.platformAutomerge && intent.automergeType === 'pr' && (pr === 'create' || (pr === 'update' && push !== 'none')))
    merge = 'enable-native';
  const summary = summarise(push, pr, merge, branch, intent, prs);
  return decision({ push, pr, merge, summary, ...(comment ? { comment } : {}) });
}

function pushOf(intent: BranchIntent, branch: BranchWorld, forced: boolean): PushAction {
  if (!branch.exists) return 'create';
  if (forced) return 'rebuild';
  if (branch.upToDate) return 'none';
  if (!branch.carriesPlan) return 'rebuild';
  if (branch.conflicted && intent.rebaseWhen !== 'never') return 'rebuild';
  if (branch.behindBase && intent.rebaseWhen === 'behind-base-branch') return 'rebuild';
  return 'none';
}

function summarise(push: PushAction, pr: PrAction, merge: MergeAction, branch: BranchWorld, intent: BranchIntent, prs: PrWorld): string {
  const parts: string[] = [];
  if (push === 'create') parts.push('create the branch');
  else if (push === 'rebuild')
    parts.push(
      !branch.carriesPlan
        ? 'rebuild the branch with the new update'
        : branch.conflicted
          ? 'rebuild the branch: it conflicts with its base'
          : intent.dashboardCheck
            ? `rebuild the branch (${intent.dashboardCheck} ticked on the dashboard)`
            : 'rebuild the branch on its moved base',
    );
  if (pr === 'create') parts.push('open a PR');
  else if (pr === 'update' && prs.open) parts.push(`keep PR #${prs.open.number} current`);
  const why = intent.ignoreTests ? ' (ignoreTests: checks are not waited for)' : ': checks are green';
  if (merge === 'merge-pr') parts.push(`merge the PR${why}`);
  else if (merge === 'fast-forward') parts.push(`fast-forward the base branch${why}`);
  else if (merge === 'enable-native') parts.push('ask the forge to merge when checks pass');
  else if (intent.automerge && branch.exists && push === 'none' && branch.checks === 'yellow') parts.push('automerge waits for checks');
  else if (intent.automerge && prs.merged) parts.push('no automerge: this update was merged before');
  if (parts.length === 0) return branch.exists ? 'leave alone: up to date' : 'nothing to do';
  if (!intent.due && push !== 'none') parts.push(`(existing branch kept current while pending: ${intent.pendingReason})`);
  return parts.join('; ');
}
