/**
 * The table `upkeep run` ends with when it ran several repositories: one row per repository with its
 * outcome, branches due and pending, PRs, merges and failed lookups, columns aligned, problems last.
 */
import type { AnalyseProgress } from '../repo/analyse.js';
import type { Report } from '../report/report.js';

/** One progress line for a terminal: `[2/5] acme/app: 14 files, 32 deps` then `…: looked up 12 of 32`. */
export function progressLine(position: string, progress: AnalyseProgress): string {
  if (progress.phase === 'extracted') return `${position}: ${progress.files} files, ${progress.deps} deps`;
  return `${position}: looked up ${progress.done} of ${progress.total}`;
}

export interface RepoRow {
  repository: string;
  outcome: 'ok' | 'failed' | 'error';
  branches: number;
  pending: number;
  prs: number;
  merged: number;
  failedLookups: number;
  problem?: string;
}

export function rowOf(report: Report, failed: boolean): RepoRow {
  const problem = report.configErrors?.[0] ?? report.branches.find((b) => b.error)?.error;
  return {
    repository: report.repository,
    outcome: failed ? 'failed' : 'ok',
    branches: report.branches.filter((b) => b.due).length,
    pending: report.branches.filter((b) => !b.due).length,
    prs: report.branches.filter((b) => b.pr !== undefined).length,
    merged: report.branches.filter((b) => b.merged).length,
    failedLookups: report.deps.filter((d) => d.status.kind === 'lookup-failed').length,
    ...(problem ? { problem } : {}),
  };
}

export function summaryTable(rows: readonly RepoRow[]): string {
  const header = ['repository', 'outcome', 'due', 'pending', 'PRs', 'merged', 'failed lookups', 'problem'];
  const cells = rows.map((r) => [
    r.repository,
    r.outcome === 'ok' ? 'ok' : r.outcome === 'failed' ? 'FAILED' : 'ERROR',
    String(r.branches),
    String(r.pending),
    String(r.prs),
    String(r.merged),
    String(r.failedLookups),
    r.problem ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const ok = rows.filter((r) => r.outcome === 'ok').length;
  return `${[line(header), ...cells.map(line)].join('\n')}\n${rows.length} repositories: ${ok} ok, ${rows.length - ok} failed\n`;
}
