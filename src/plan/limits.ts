/**
 * Which planned branches are due now: schedule, dashboard approval, and the concurrency and hourly limits
 * (renovate-behaviour.md §9.5–§9.6). Branches are taken in Renovate's order (pin, digest, patch, minor,
 * major, then title), so when limits leave room for only some, the least risky go first.
 *
 * Renovate's rules kept: existing branches that have a PR keep being updated whatever the schedule and the
 * limits; limits are counted over this run's branches; a branch's limit is the lowest among its upgrades,
 * except that one upgrade with "no limit" (0, or null) makes the branch unlimited; `branchConcurrentLimit`
 * null takes `prConcurrentLimit`; the hourly PR limit also holds back new branches; a branch with fewer
 * updates than `minimumGroupSize` is not created; a box ticked on the dependency dashboard bypasses
 * approval, schedule, limits and the group size.
 *
 * Where Upkeep differs, deliberately:
 * - a branch that would need a PR the limits don't allow is not pushed either (Renovate pushes it and
 *   leaves it without PR): no CI runs, no branch nobody sees. It is due as soon as a slot frees;
 * - a branch is in schedule only when every upgrade's schedule says so (Renovate reads the schedule of one
 *   representative upgrade), so grouping never takes an update out of its own window;
 * - a branch ranks by its riskiest upgrade (a group holding a major sorts with majors).
 */
import { DEFAULT_OPTIONS } from '../config/defaults.js';
import type { EffectiveOptions } from '../config/schema.js';
import { scheduleCompiler, type ScheduleCompiler } from '../schedule/schedule.js';
import type { PendingReason, PlannedBranch, Upgrade } from './types.js';
import { compareTitles } from './title-order.js';

export interface LimitState {
  now: Date;
  /** The bot's branches that exist now (names). */
  openBranches: string[];
  /** Source branch names of the bot's open PRs. */
  openPrs: string[];
  /** PRs the bot created since the start of the current hour (UTC clock hour, as Renovate counts). */
  prsCreatedThisHour: number;
  /** Branches whose box is ticked on the dependency dashboard: approved, and exempt from schedule and limits. */
  dashboardChecks?: string[];
  /** "Do all of the above" boxes ticked: every branch pending for that reason is released. */
  dashboardBulk?: ('approve' | 'unschedule' | 'unlimit')[];
  /** The config file the options came from, for error messages. */
  configFile?: string;
  /** Compiled schedules to share with other calls in the same run (`scheduleCompiler()`); one per call otherwise. */
  schedules?: ScheduleCompiler;
}

type LimitName = 'prConcurrentLimit' | 'prHourlyLimit' | 'branchConcurrentLimit';

/** `pinDigest` ranks before `pin`: Renovate's order list lacks it, which puts it first. */
const TYPE_RANK: Record<string, number> = { pinDigest: -1, pin: 0, digest: 1, patch: 2, minor: 3, major: 4 };

/** The branches in Renovate's processing order, each with `due` and, when not due, `pendingReason`. */
export function applyLimits(branches: PlannedBranch[], state: LimitState): PlannedBranch[] {
  const names = new Set(branches.map((b) => b.branchName));
  const existing = new Set(state.openBranches);
  const withPr = new Set(state.openPrs);
  const ticked = new Set(state.dashboardChecks ?? []);
  const count = {
    branches: [...existing].filter((n) => names.has(n)).length,
    prs: [...withPr].filter((n) => names.has(n)).length,
    hourly: state.prsCreatedThisHour,
  };
  const inSchedule = scheduleChecker(state);
  const bulk = new Set(state.dashboardBulk ?? []);

  return sortBranches(branches).map((branch): PlannedBranch => {
    const exists = existing.has(branch.branchName);
    const hasPr = withPr.has(branch.branchName);
    // A branch that automerges itself gets no PR, so PR limits don't hold it back (the hourly one still does, below).
    const needsPr = !hasPr && branch.automergeType !== 'branch';
    const pending = (pendingReason: PendingReason): PlannedBranch => ({ ...branch, due: false, pendingReason });
    const take = (): PlannedBranch => {
      if (!exists) count.branches++;
      if (needsPr) {
        count.prs++;
        count.hourly++;
      }
      const { pendingReason: _, ...rest } = branch;
      return { ...rest, due: true };
    };

    if (ticked.has(branch.branchName) || (exists && hasPr)) return take();
    // Renovate's first gate: a branch is not created with fewer updates than the largest minimumGroupSize
    // among them (they wait together; an existing branch is kept current).
    if (!exists && branch.upgrades.length < minimumGroupSize(branch.upgrades)) return pending('minimum-group-size');
    if (!exists && branch.upgrades.some((u) => u.config.dependencyDashboardApproval)) return bulk.has('approve') ? take() : pending('dashboard-approval');
    if (!inSchedule(branch.upgrades)) return bulk.has('unschedule') ? take() : pending('schedule');

    const limited = (reason: PendingReason) => (bulk.has('unlimit') ? take() : pending(reason));
    const hourlyLimit = branchLimit(branch.upgrades, 'prHourlyLimit');
    const hourlyFull = hourlyLimit !== 0 && count.hourly >= hourlyLimit;
    if (hourlyFull && (needsPr || !exists)) return limited('pr-hourly-limit');
    // With both full, the PR limit is named: it is the one users set (branchConcurrentLimit defaults to it).
    const prMax = branchLimit(branch.upgrades, 'prConcurrentLimit');
    if (needsPr && prMax !== 0 && count.prs >= prMax) return limited('pr-concurrent-limit');
    const branchMax = branchLimit(branch.upgrades, 'branchConcurrentLimit');
    if (!exists && branchMax !== 0 && count.branches >= branchMax) return limited('branch-concurrent-limit');
    return take();
  });
}

/** Renovate's processing order: pin, digest, patch, minor, major, then PR title (numbers compared as numbers). */
export function sortBranches(branches: PlannedBranch[]): PlannedBranch[] {
  return [...branches].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareTitles(a.title, b.title) ||
      compareText(a.title, b.title) ||
      compareText(a.baseBranch, b.baseBranch) ||
      compareText(a.branchName, b.branchName),
  );
}

/**
 * A branch's limit: the lowest among its upgrades, 0 meaning none. One upgrade without a limit (0 or null)
 * makes the branch unlimited (Renovate); `branchConcurrentLimit` null (the default) takes `prConcurrentLimit`.
 */
export function branchLimit(upgrades: Upgrade[], name: LimitName): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const { config } of upgrades) {
    let value = limitOf(config, name);
    if (name === 'branchConcurrentLimit' && value === null) value = limitOf(config, 'prConcurrentLimit');
    if (value === null || value === 0) return 0;
    lowest = Math.min(lowest, value);
  }
  return Number.isFinite(lowest) ? lowest : 0;
}

/** The largest `minimumGroupSize` of a branch's upgrades (Renovate takes the highest). */
function minimumGroupSize(upgrades: Upgrade[]): number {
  return Math.max(1, ...upgrades.map((u) => u.config.minimumGroupSize ?? 1));
}

/** Whether every upgrade's `automergeSchedule` matches `now` (for the publisher, which gates automerge on it). */
export function isAutomergeScheduled(branch: PlannedBranch, now: Date, options: Pick<LimitState, 'configFile' | 'schedules'> = {}): boolean {
  return scheduleChecker({ now, ...options }, 'automergeSchedule')(branch.upgrades);
}

/** Evaluates each upgrade's schedule at `state.now`, each distinct one once. */
function scheduleChecker(
  state: Pick<LimitState, 'now' | 'configFile' | 'schedules'>,
  key: 'schedule' | 'automergeSchedule' = 'schedule',
): (upgrades: Upgrade[]) => boolean {
  const compile = state.schedules ?? scheduleCompiler();
  const seen = new Map<string, boolean>();
  return (upgrades) =>
    upgrades.every(({ config }) => {
      const schedule = config[key];
      const timezone = config.timezone ?? 'UTC';
      const id = JSON.stringify([schedule, timezone]);
      let result = seen.get(id);
      if (result === undefined) {
        result = compile(schedule, timezone, { file: state.configFile, key }).matches(state.now);
        seen.set(id, result);
      }
      return result;
    });
}

function rank(branch: PlannedBranch): number {
  return Math.max(...branch.upgrades.map((u) => TYPE_RANK[u.update.updateType] ?? TYPE_RANK.major!));
}

function limitOf(config: EffectiveOptions, name: LimitName): number | null {
  const value = config[name] as number | null | undefined;
  if (value !== undefined) return value;
  return name === 'branchConcurrentLimit' ? null : DEFAULT_OPTIONS[name];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
