/** The lifecycle decision for one planned branch, case by case (Renovate's §9 behaviour plus Upkeep's promises). */
import { describe, expect, it } from 'vitest';
import type { PullRequest } from '../../src/platforms/types.js';
import { decideBranch, type BranchIntent, type BranchWorld } from '../../src/publish/decide-branch.js';

const intent = (over: Partial<BranchIntent> = {}): BranchIntent => ({
  branchName: 'upkeep/nginx-1.x',
  due: true,
  automerge: false,
  automergeType: 'pr',
  platformAutomerge: false,
  rebaseWhen: 'conflicted',
  recreateClosed: false,
  ignoreTests: false,
  ...over,
});
const absent: BranchWorld = { exists: false, modified: false, behindBase: false, conflicted: false, carriesPlan: false, upToDate: false };
const current: BranchWorld = { exists: true, modified: false, behindBase: false, conflicted: false, carriesPlan: true, upToDate: true };
const pr = (number: number, state: PullRequest['state'] = 'open'): PullRequest => ({
  number,
  title: 'Update nginx Docker tag to v1.27.0',
  body: '',
  state,
  sourceBranch: 'upkeep/nginx-1.x',
  targetBranch: 'main',
  headSha: 'a'.repeat(40),
  labels: [],
  author: 'upkeep-bot',
});
const brief = (d: ReturnType<typeof decideBranch>) =>
  `${d.push}/${d.pr}/${d.merge}${d.deleteBranch ? '/delete' : ''}${d.comment ? `/comment:${d.comment.topic}` : ''}`;

describe('decideBranch', () => {
  it('first run: creates the branch and opens a PR; a pending branch waits', () => {
    expect(brief(decideBranch(intent(), absent, {}))).toBe('create/create/none');
    const pending = decideBranch(intent({ due: false, pendingReason: 'schedule' }), absent, {});
    expect(brief(pending)).toBe('none/none/none');
    expect(pending.summary).toBe('pending: schedule');
  });

  it('rerun over an unchanged world: nothing to push, the PR only checked', () => {
    const d = decideBranch(intent(), current, { open: pr(3) });
    expect(brief(d)).toBe('none/update/none');
  });

  it('a newer version: the same branch is rebuilt and its PR follows', () => {
    const d = decideBranch(intent(), { ...current, carriesPlan: false, upToDate: false }, { open: pr(3) });
    expect(brief(d)).toBe('rebuild/update/none');
    expect(d.summary).toContain('rebuild the branch with the new update');
  });

  it('rebaseWhen: behind only with behind-base-branch; conflicted unless never', () => {
    const behind = { ...current, upToDate: false, behindBase: true };
    expect(decideBranch(intent({ rebaseWhen: 'conflicted' }), behind, { open: pr(3) }).push).toBe('none');
    expect(decideBranch(intent({ rebaseWhen: 'behind-base-branch' }), behind, { open: pr(3) }).push).toBe('rebuild');
    const conflicted = { ...behind, conflicted: true };
    expect(decideBranch(intent({ rebaseWhen: 'conflicted' }), conflicted, { open: pr(3) }).push).toBe('rebuild');
    expect(decideBranch(intent({ rebaseWhen: 'never' }), conflicted, { open: pr(3) }).push).toBe('none');
  });

  it('a human commit on the bot branch: never pushed to again, one comment on its PR, no merge even when green', () => {
    const modified = { ...current, modified: true, upToDate: false, carriesPlan: false, checks: 'green' as const };
    const d = decideBranch(intent({ automerge: true }), modified, { open: pr(3) });
    expect(brief(d)).toBe('none/none/none/comment:edited');
    expect(d.summary).toMatch(/^left alone: someone else committed/);
    // Ticking "rebase" on the dashboard is the explicit request to drop their changes.
    expect(decideBranch(intent({ dashboardCheck: 'rebase' }), modified, { open: pr(3) }).push).toBe('rebuild');
  });

  it('a PR closed without merging blocks the same update; the branch is deleted unless modified; recreateWhen and the dashboard override', () => {
    const closed = { closedUnmerged: pr(2, 'closed') };
    expect(brief(decideBranch(intent(), absent, closed))).toBe('none/none/none/comment:ignored');
    expect(brief(decideBranch(intent(), current, closed))).toBe('none/none/none/delete/comment:ignored');
    expect(decideBranch(intent(), { ...current, modified: true }, closed).deleteBranch).toBe(false);
    expect(brief(decideBranch(intent({ recreateClosed: true }), absent, closed))).toBe('create/create/none');
    expect(brief(decideBranch(intent({ dashboardCheck: 'recreate' }), absent, closed))).toBe('create/create/none');
  });

  it('pr automerge: merges an unchanged head with green checks; never red, pending, or in the run that pushed', () => {
    const auto = intent({ automerge: true });
    expect(brief(decideBranch(auto, { ...current, checks: 'green' }, { open: pr(3) }))).toBe('none/update/merge-pr');
    const red = decideBranch(auto, { ...current, checks: 'red' }, { open: pr(3) });
    expect(red.merge).toBe('none');
    // The PR says why it is not merged (one comment per topic: reruns update it, never add another).
    expect(red.comment).toEqual({ on: 'open', topic: 'automerge-failed' });
    const waiting = decideBranch(auto, { ...current, checks: 'yellow' }, { open: pr(3) });
    expect(waiting.merge).toBe('none');
    expect(waiting.summary).toContain('automerge waits for checks');
    expect(decideBranch(auto, { ...current, upToDate: false, carriesPlan: false, checks: 'green' }, { open: pr(3) }).merge).toBe('none');
    // No checks at all count as green only with ignoreTests.
    expect(decideBranch(auto, { ...current, checks: 'none' }, { open: pr(3) }).merge).toBe('none');
    expect(decideBranch(intent({ automerge: true, ignoreTests: true }), { ...current, checks: 'none' }, { open: pr(3) }).merge).toBe('merge-pr');
  });

  it('ignoreTests: automerge does not wait for checks, whatever they say, nor for a later run', () => {
    const auto = intent({ automerge: true, ignoreTests: true });
    for (const checks of ['none', 'yellow', 'red'] as const) {
      const d = decideBranch(auto, { ...current, checks }, { open: pr(3) });
      expect(brief(d)).toBe('none/update/merge-pr');
      expect(d.summary).toContain('merge the PR (ignoreTests: checks are not waited for)');
    }
    // In the run that creates the branch and its PR, or pushes a newer update to it.
    expect(brief(decideBranch(auto, absent, {}))).toBe('create/create/merge-pr');
    expect(brief(decideBranch(auto, { ...current, upToDate: false, carriesPlan: false }, { open: pr(3) }))).toBe('rebuild/update/merge-pr');
    expect(brief(decideBranch(intent({ automerge: true, ignoreTests: true, automergeType: 'branch' }), absent, {}))).toBe('create/none/fast-forward');
    // The forge's own auto-merge still does the merging where it is asked for.
    expect(brief(decideBranch(intent({ automerge: true, ignoreTests: true, platformAutomerge: true }), absent, {}))).toBe('create/create/enable-native');
    // Not a reason to merge what is not set to automerge, or was merged before.
    expect(decideBranch(intent({ ignoreTests: true }), current, { open: pr(3) }).merge).toBe('none');
    expect(decideBranch(auto, current, { open: pr(4), merged: pr(2, 'merged') }).merge).toBe('none');
  });

  it('suppressNotifications leaves out the comment it names; what is decided stays the same', () => {
    const modified = { ...current, modified: true };
    const closed = { closedUnmerged: pr(2, 'closed') };
    const red = { ...current, checks: 'red' as const };
    const quiet = intent({ automerge: true, suppressNotifications: ['prEditedNotification', 'prIgnoreNotification', 'branchAutomergeFailure'] });
    expect(brief(decideBranch(intent({ automerge: true }), modified, { open: pr(3) }))).toBe('none/none/none/comment:edited');
    expect(brief(decideBranch(quiet, modified, { open: pr(3) }))).toBe('none/none/none');
    expect(brief(decideBranch(quiet, current, closed))).toBe('none/none/none/delete');
    expect(brief(decideBranch(quiet, red, { open: pr(3) }))).toBe('none/update/none');
    const branchAuto = { ...quiet, automergeType: 'branch' as const };
    expect(brief(decideBranch(branchAuto, red, {}))).toBe('none/create/none');
    // Each value silences its own comment only.
    expect(brief(decideBranch(intent({ suppressNotifications: ['prIgnoreNotification'] }), modified, { open: pr(3) }))).toBe('none/none/none/comment:edited');
  });

  it('native automerge is asked for when the PR is created, and again after a push to it', () => {
    const native = intent({ automerge: true, platformAutomerge: true });
    expect(brief(decideBranch(native, absent, {}))).toBe('create/create/enable-native');
    expect(brief(decideBranch(native, { ...current, upToDate: false, carriesPlan: false }, { open: pr(3) }))).toBe('rebuild/update/enable-native');
  });

  it('branch automerge: push without a PR; fast-forward on green; a PR for humans on red; wait on yellow', () => {
    const branchAuto = intent({ automerge: true, automergeType: 'branch' });
    expect(brief(decideBranch(branchAuto, absent, {}))).toBe('create/none/none');
    expect(brief(decideBranch(branchAuto, { ...current, checks: 'green' }, {}))).toBe('none/none/fast-forward');
    expect(brief(decideBranch(branchAuto, { ...current, checks: 'red' }, {}))).toBe('none/create/none/comment:automerge-failed');
    expect(brief(decideBranch(branchAuto, { ...current, checks: 'yellow' }, {}))).toBe('none/none/none');
  });

  it('an update merged before is not automerged again', () => {
    const d = decideBranch(intent({ automerge: true }), { ...current, checks: 'green' }, { open: pr(4), merged: pr(2, 'merged') });
    expect(d.merge).toBe('none');
  });

  it('an existing branch is kept current while pending, but gets no new PR', () => {
    const d = decideBranch(intent({ due: false, pendingReason: 'pr-hourly-limit' }), { ...current, upToDate: false, carriesPlan: false }, {});
    expect(brief(d)).toBe('rebuild/none/none');
  });
});
