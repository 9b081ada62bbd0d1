/**
 * The dry-run report (DESIGN.md contract): every dep with its status, every branch with its updates,
 * and the warnings. Plain data, deterministic, no secrets (only dep and update fields).
 */
import type { Dep } from '../deps/dep.js';
import type { DepStatus } from '../repo/dep-status.js';
import type { RepoAnalysis } from '../repo/analyse.js';

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
  due: boolean;
  pendingReason?: string;
  labels: string[];
  updates: ReportUpdate[];
}

export interface ReportDep extends Omit<Dep, 'location'> {
  status: DepStatus;
  warnings: string[];
}

export interface Report {
  repository: string;
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

export function buildReport(repository: string, analysis: RepoAnalysis, warnings: string[]): Report {
  return {
    repository,
    deps: analysis.deps.map((d) => reportDep(d.dep, d.status, d.warnings)),
    branches: analysis.branches.map((b) => ({
      branchName: b.branchName,
      baseBranch: b.baseBranch,
      title: b.title,
      automerge: b.automerge,
      automergeType: b.automergeType,
      due: b.due,
      ...(b.pendingReason ? { pendingReason: b.pendingReason } : {}),
      labels: b.labels,
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
}

/** A report for a repository whose config could not be read: it says what to fix and plans nothing. */
export function configErrorReport(repository: string, errors: string[], warnings: string[]): Report {
  return { repository, configErrors: errors, deps: [], branches: [], warnings };
}
