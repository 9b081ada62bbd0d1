/**
 * The dry-run report (../shared/DESIGN.md contract): every dep with its status, every branch with its updates,
 * and the warnings. Plain data, deterministic, no secrets (only dep and update fields).
 */
import type { Dep } from '../deps/dep.js';
import type { DepStatus } from '../repo/dep-status.js';
import type { RepoAnalysis } from '../repo/analyse.js';
import type { PlannedBranch } from '../plan/types.js';
import { dashboardBody } from './dashboard.js';
import type { Redactor } from '../util/redact.js';

export interface ReportUpdate {
  manager: string;
  file: string;
  depName: string;
  currentValue?: string;
  newValue: string;
  currentDigest?: string;
  newDigest?: string;
  updateType: string;
}

export interface ReportBranch {
  branchName: string;
  baseBranch: string;
  title: string;
  automerge: boolean;
  automergeType: string;
  automergeStrategy: string;
  /** Merged by the forge's own auto-merge (true) or by Upkeep once checks pass (false). */
  platformAutomerge: boolean;
  /** `rebaseWhen` resolved: when the branch is rebuilt on a newer base branch. */
  rebaseWhen: 'never' | 'conflicted' | 'behind-base-branch';
  /** Whether a PR closed without merging is opened again (`recreateWhen`; `auto`: only titles without a version). */
  recreateClosed: boolean;
  due: boolean;
  pendingReason?: string;
  labels: string[];
  assignees: string[];
  reviewers: string[];
  commitMessage: string;
  /** The PR description Upkeep would write. */
  prBody: string;
  updates: ReportUpdate[];
  /** On a forge: what the run did to the branch and its PR, or would do in a dry run (create, rebuild, merge, leave alone and why). */
  action?: string;
  /** The branch's PR, when it has one. */
  pr?: number;
  /** This run merged it (PR merged, or the base fast-forwarded to the branch). */
  merged?: boolean;
  /** Why writing this branch failed (the others went on). */
  error?: string;
}

export interface ReportDep extends Omit<Dep, 'location'> {
  status: DepStatus;
  warnings: string[];
}

export interface Report {
  repository: string;
  /** The dependency dashboard issue this run would write (when `dependencyDashboard` is on). */
  dashboard?: { title: string; body: string };
  /** Problems with the repository's config: when there are any, nothing else was done. */
  configErrors?: string[];
  deps: ReportDep[];
  branches: ReportBranch[];
  warnings: string[];
}

function reportDep(dep: Dep, status: DepStatus, warnings: string[]): ReportDep {
  const { location: _location, ...rest } = dep;
  return { ...rest, status, warnings };
}

/** Renovate's `rebaseWhen: auto`: keep an automerging branch up to date, otherwise only fix conflicts. */
export function resolveRebaseWhen(branch: PlannedBranch): ReportBranch['rebaseWhen'] {
  const option = branch.upgrades[0]?.config.rebaseWhen ?? 'auto';
  if (option === 'auto') return branch.automerge ? 'behind-base-branch' : 'conflicted';
  if (option === 'automerging') return branch.automerge ? 'behind-base-branch' : 'never';
  return option;
}

/**
 * Renovate's `recreateWhen: auto`: a PR whose title names no version ("Update all non-major
 * dependencies") stands for whatever is current, so closing it does not block it for good ("immortal").
 */
export function resolveRecreateClosed(branch: PlannedBranch): boolean {
  const option = branch.upgrades[0]?.config.recreateWhen ?? 'auto';
  if (option !== 'auto') return option === 'always';
  const names = branch.upgrades.flatMap(({ update }) => [
    update.newVersion,
    `v${update.newMajor}`,
    update.newDigest?.replace(/^sha256:/, '').slice(0, 7) ?? '',
  ]);
  return !names.some((n) => n && n !== 'vnull' && branch.title.includes(n));
}

export interface ReportOptions {
  /** Write the dependency dashboard into the report, under this title. */
  dashboardTitle?: string;
}

export function buildReport(repository: string, analysis: RepoAnalysis, warnings: string[], options: ReportOptions = {}): Report {
  const report: Report = {
    repository,
    deps: analysis.deps.map((d) => reportDep(d.dep, d.status, d.warnings)),
    branches: analysis.branches.map((b) => ({
      branchName: b.branchName,
      baseBranch: b.baseBranch,
      title: b.title,
      automerge: b.automerge,
      automergeType: b.automergeType,
      automergeStrategy: b.automergeStrategy,
      platformAutomerge: b.upgrades[0]?.config.platformAutomerge ?? true,
      rebaseWhen: resolveRebaseWhen(b),
      recreateClosed: resolveRecreateClosed(b),
      due: b.due,
      ...(b.pendingReason ? { pendingReason: b.pendingReason } : {}),
      labels: b.labels,
      assignees: b.assignees,
      reviewers: b.reviewers,
      commitMessage: b.commitMessage,
      prBody: b.prBody,
      updates: b.upgrades.map(({ dep, update }) => {
        const u: ReportUpdate = { manager: dep.manager, file: dep.file, depName: dep.depName, newValue: update.newValue, updateType: update.updateType };
        if (dep.currentValue !== undefined) u.currentValue = dep.currentValue;
        if (dep.currentDigest) u.currentDigest = dep.currentDigest;
        if (update.newDigest) u.newDigest = update.newDigest;
        return u;
      }),
    })),
    warnings,
  };
  if (options.dashboardTitle) {
    report.dashboard = { title: options.dashboardTitle, body: dashboardBody(analysis.branches, analysis.deps, warnings) };
  }
  return report;
}

/** A report for a repository whose config could not be read: it says what to fix and plans nothing. */
export function configErrorReport(repository: string, errors: string[], warnings: string[]): Report {
  return { repository, configErrors: errors, deps: [], branches: [], warnings };
}

/**
 * The report with every secret the run knows (host-rule passwords and tokens) and every credential
 * written into a URL (`https://user:pass@charts.example.com`, from a repository file) replaced by `***`:
 * a report, a dashboard or a PR body is read by more people than the operator.
 */
export function redactReport(report: Report, redactor: Redactor): Report {
  return redactValue(report, redactor) as Report;
}

/**
 * Every string in `value` redacted; objects and arrays are copied only where something changed (a report
 * of 50,000 deps was serialised, scanned and parsed whole — three copies at its peak).
 */
function redactValue(value: unknown, redactor: Redactor): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const redacted = redactValue(item, redactor);
      if (redacted !== item) (copy ??= [...value])[i] = redacted;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const redacted = redactValue(item, redactor);
    if (redacted !== item) (copy ??= { ...value })[key] = redacted;
  }
  return copy ?? value;
}
