/**
 * What the plan stage works on and produces: upgrades (one dep, one update, its effective config) grouped
 * into branches with deterministic names, commit messages, PR titles and bodies.
 */
import type { EffectiveOptions } from '../config/schema.js';
import type { Dep } from '../deps/dep.js';
import type { Update } from '../lookup/choose-updates.js';

export interface Upgrade {
  /** The dep as extracted (with `sourceUrl` when the lookup found one; `changelogUrl` only as a PR body shows it). */
  dep: Dep & { sourceUrl?: string; changelogUrl?: string };
  update: Update;
  /** The dep's options after defaults, presets, manager config, update-type config and package rules. */
  config: EffectiveOptions;
  baseBranch: string;
}

export type PendingReason =
  | 'schedule'
  | 'pr-concurrent-limit'
  | 'pr-hourly-limit'
  | 'branch-concurrent-limit'
  | 'dashboard-approval'
  /** Fewer updates than `minimumGroupSize` (Renovate's "Group Size Not Met"). */
  | 'minimum-group-size';

export interface PlannedBranch {
  branchName: string;
  baseBranch: string;
  /** The PR title (the first line of the commit message unless `prTitle` says otherwise). */
  title: string;
  commitMessage: string;
  prBody: string;
  labels: string[];
  assignees: string[];
  reviewers: string[];
  automerge: boolean;
  automergeType: EffectiveOptions['automergeType'];
  automergeStrategy: EffectiveOptions['automergeStrategy'];
  groupName?: string;
  /** Every upgrade says `ignoreTests`: automerge does not wait for checks. */
  ignoreTests?: boolean;
  /** `suppressNotifications` of any of its upgrades: the comments not to write about this branch. */
  suppressNotifications?: string[];
  upgrades: Upgrade[];
  /** Whether the branch may be created or updated now; otherwise why not (schedule, limits, approval). */
  due: boolean;
  pendingReason?: PendingReason;
}
