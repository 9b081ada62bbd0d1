/**
 * The dependency dashboard: one issue per repository listing what Upkeep will do, what waits and why
 * (approval, group size, schedule, limits), what is held back, and every dep it found. Boxes a user ticks
 * (` - [x] <!-- approve-branch=… -->`) are read on the next run and release that branch. The body keeps
 * under the forges' issue size limit: the list of detected deps is cut first, never the boxes.
 */
import type { DepAnalysis } from '../repo/analyse.js';
import type { PlannedBranch } from '../plan/types.js';

export const DASHBOARD_TITLE = 'Dependency Dashboard';
/** GitHub refuses issue bodies over 65,536 characters; keep a margin for the footer and later edits. */
const MAX_BODY = 60_000;

export type DashboardCheck = 'approve' | 'unschedule' | 'unlimit' | 'rebase' | 'recreate';
/** The "do all of the above" boxes: every branch pending for that reason is released. */
export type DashboardBulk = 'approve' | 'unschedule' | 'unlimit';

const BULK_MARKERS: Record<DashboardBulk, string> = {
  approve: 'approve-all-pending-prs',
  unschedule: 'create-all-awaiting-schedule-prs',
  unlimit: 'create-all-rate-limited-prs',
};

/** What the forge holds for the planned branches, when the dashboard is written after publishing. */
export interface DashboardPrs {
  /** Branches with an open PR (rebase box: rebuild it from the base, dropping others' commits). */
  open: { branch: PlannedBranch; number: number }[];
  /** Updates not proposed again because their PR was closed without merging (recreate box). */
  ignored: { branch: PlannedBranch; number: number }[];
  /** Branches this run could not write, with why. */
  errored: { branch: PlannedBranch; error: string }[];
}

function item(check: DashboardCheck, branch: PlannedBranch, suffix = ''): string {
  return ` - [ ] <!-- ${check}-branch=${branch.branchName} -->${escape(branch.title)}${suffix}`;
}

/** The size the branch waits for: the largest `minimumGroupSize` among its updates, as the planner reads it. */
function groupSizeWanted(branch: PlannedBranch): number {
  return Math.max(1, ...branch.upgrades.map((u) => u.config.minimumGroupSize ?? 1));
}

function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/@/g, '@\u200b');
}

function section(title: string, intro: string, lines: string[], bulk?: string): string[] {
  if (lines.length === 0) return [];
  return [`## ${title}`, '', intro, '', ...lines, ...(bulk && lines.length > 1 ? [` - [ ] <!-- ${bulk} -->**Do all of the above at once**`] : []), ''];
}

function detected(deps: readonly DepAnalysis[]): string[] {
  const byManager = new Map<string, Map<string, DepAnalysis[]>>();
  for (const d of deps) {
    const files = byManager.get(d.dep.manager) ?? new Map<string, DepAnalysis[]>();
    files.set(d.dep.file, [...(files.get(d.dep.file) ?? []), d]);
    byManager.set(d.dep.manager, files);
  }
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`<details><summary>${manager}</summary>`, '');
    const files = byManager.get(manager)!;
    for (const file of [...files.keys()].sort()) {
      lines.push(`<details><summary>${escape(file)}</summary>`, '');
      for (const d of files.get(file)!) {
        const value = `${d.dep.currentValue ?? ''}${d.dep.currentDigest ? `@${d.dep.currentDigest.replace(/^sha256:/, '').slice(0, 7)}` : ''}`;
        lines.push(` - \`${d.dep.depName}${value ? ` ${value}` : ''}\`${d.status.kind === 'skipped' ? ` (skipped: ${d.status.reason})` : ''}`);
      }
      lines.push('', '</details>', '');
    }
    lines.push('</details>', '');
  }
  return lines;
}

export function dashboardBody(
  branches: readonly PlannedBranch[],
  deps: readonly DepAnalysis[],
  problems: readonly string[],
  prs: DashboardPrs = { open: [], ignored: [], errored: [] },
): string {
  const listed = new Set([...prs.open, ...prs.ignored].map((p) => p.branch.branchName));
  const pending = (reasons: string[]) => branches.filter((b) => !b.due && !listed.has(b.branchName) && reasons.includes(b.pendingReason ?? ''));
  const held = deps.filter((d) => d.status.kind === 'held-back');
  const ready = branches.filter((b) => b.due && !listed.has(b.branchName));
  const head = [
    'This issue lists the updates Upkeep found for this repository, what waits and why, and every dependency it detected.',
    '',
    ...section(
      'Repository Problems',
      'These problems stopped parts of the run; everything else went on.',
      problems.map((p) => ` - ${escape(p)}`),
    ),
    ...section(
      'Errored',
      'These branches could not be written on the last run; they are tried again on the next one:',
      prs.errored.map((e) => ` - ${escape(e.branch.title)} (\`${e.branch.branchName}\`): ${escape(e.error)}`),
    ),
    ...section(
      'Pending Approval',
      'These branches are created only when you tick their box:',
      pending(['dashboard-approval']).map((b) => item('approve', b)),
      BULK_MARKERS.approve,
    ),
    ...section(
      'Group Size Not Met',
      'These branches have fewer updates than their minimumGroupSize and wait for more; tick a box to create the branch now:',
      pending(['minimum-group-size']).map((b) => item('approve', b, ` (${b.upgrades.length} of ${groupSizeWanted(b)} updates)`)),
    ),
    ...section(
      'Awaiting Schedule',
      'These updates wait for the schedule; tick a box to create the branch now:',
      pending(['schedule']).map((b) => item('unschedule', b)),
      BULK_MARKERS.unschedule,
    ),
    ...section(
      'Rate-Limited',
      'These updates wait for the PR limits (prConcurrentLimit, prHourlyLimit, branchConcurrentLimit); tick a box to create the branch now:',
      pending(['pr-concurrent-limit', 'pr-hourly-limit', 'branch-concurrent-limit']).map((b) => item('unlimit', b)),
      BULK_MARKERS.unlimit,
    ),
    ...section(
      'Held Back',
      'Newer versions exist for these, but a rule or a check keeps them out:',
      held.map((d) => ` - \`${d.dep.depName}\` ${d.status.kind === 'held-back' ? escape(d.status.reasons.join('; ')) : ''}`),
    ),
    ...section(
      'Ready',
      'These branches are created or updated on this run:',
      ready.map((b) => ` - ${escape(b.title)} (\`${b.branchName}\`)`),
    ),
    ...section(
      'Open',
      'These updates have open PRs. Tick a box to rebuild the branch from its base (commits others added to it are dropped):',
      prs.open.map((p) => item('rebase', p.branch, ` (#${p.number})`)),
    ),
    ...section(
      'Ignored or Blocked',
      'These updates are not proposed again because their PR was closed without merging. Tick a box to open it again:',
      prs.ignored.map((p) => item('recreate', p.branch, ` (closed #${p.number})`)),
    ),
  ];
  if (branches.length === 0) head.push('This repository currently has no open or pending branches.', '');
  let tail = ['## Detected Dependencies', '', ...detected(deps)];
  const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);
  if (size(head) + size(tail) > MAX_BODY) {
    // The boxes above must survive; the inventory is the part that can be cut.
    const room = Math.max(0, MAX_BODY - size(head) - 200);
    const kept: string[] = [];
    for (const line of tail) {
      if (size(kept) + line.length + 1 > room) break;
      kept.push(line);
    }
    tail = [...kept, '', `_The list of detected dependencies was cut to keep this issue under the forge's size limit (${deps.length} deps in all)._`];
  }
  return `${[...head, ...tail].join('\n').trimEnd()}\n`;
}

/** The "do all of the above" boxes ticked in a dashboard body. */
export function readDashboardBulk(body: string): Set<DashboardBulk> {
  const ticked = new Set<DashboardBulk>();
  const markers = new Set(body.split('\n').flatMap((line) => /^ - \[[xX]\] <!-- ([a-z-]+) -->/.exec(line)?.[1] ?? []));
  for (const [bulk, marker] of Object.entries(BULK_MARKERS) as [DashboardBulk, string][]) if (markers.has(marker)) ticked.add(bulk);
  return ticked;
}

/** Boxes ticked in a dashboard body: branch name → what the user asked for. */
export function readDashboardChecks(body: string): Map<string, DashboardCheck> {
  const checks = new Map<string, DashboardCheck>();
  for (const m of body.matchAll(/^ - \[[xX]\] <!-- (approve|unschedule|unlimit|rebase|recreate)-branch=(\S+) -->/gm)) {
    checks.set(m[2]!, m[1] as DashboardCheck);
  }
  return checks;
}
