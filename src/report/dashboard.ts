/**
 * The dependency dashboard: one issue per repository listing what Upkeep will do, what waits and why
 * (approval, schedule, limits), what is held back, and every dep it found. Boxes a user ticks
 * (` - [x] <!-- approve-branch=… -->`) are read on the next run and release that branch. The body keeps
 * under the forges' issue size limit: the list of detected deps is cut first, never the boxes.
 */
import type { DepAnalysis } from '../repo/analyse.js';
import type { PlannedBranch } from '../plan/types.js';

export const DASHBOARD_TITLE = 'Dependency Dashboard';
/** GitHub refuses issue bodies over 65,536 characters; keep a margin for the footer and later edits. */
const MAX_BODY = 60_000;

export type DashboardCheck = 'approve' | 'unschedule' | 'unlimit' | 'rebase' | 'recreate';

function item(check: DashboardCheck, branch: PlannedBranch): string {
  return ` - [ ] <!-- ${check}-branch=${branch.branchName} -->${escape(branch.title)}`;
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

export function dashboardBody(branches: readonly PlannedBranch[], deps: readonly DepAnalysis[], problems: readonly string[]): string {
  const pending = (reasons: string[]) => branches.filter((b) => !b.due && reasons.includes(b.pendingReason ?? ''));
  const held = deps.filter((d) => d.status.kind === 'held-back');
  const ready = branches.filter((b) => b.due);
  const head = [
    'This issue lists the updates Upkeep found for this repository, what waits and why, and every dependency it detected.',
    '',
    ...section(
      'Repository Problems',
      'These problems stopped parts of the run; everything else went on.',
      problems.map((p) => ` - ${escape(p)}`),
    ),
    ...section(
      'Pending Approval',
      'These branches are created only when you tick their box:',
      pending(['dashboard-approval']).map((b) => item('approve', b)),
      'approve-all-pending-prs',
    ),
    ...section(
      'Awaiting Schedule',
      'These updates wait for the schedule; tick a box to create the branch now:',
      pending(['schedule']).map((b) => item('unschedule', b)),
      'create-all-awaiting-schedule-prs',
    ),
    ...section(
      'Rate-Limited',
      'These updates wait for the PR limits (prConcurrentLimit, prHourlyLimit, branchConcurrentLimit); tick a box to create the branch now:',
      pending(['pr-concurrent-limit', 'pr-hourly-limit', 'branch-concurrent-limit']).map((b) => item('unlimit', b)),
      'create-all-rate-limited-prs',
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

/** Boxes ticked in a dashboard body: branch name → what the user asked for. */
export function readDashboardChecks(body: string): Map<string, DashboardCheck> {
  const checks = new Map<string, DashboardCheck>();
  for (const m of body.matchAll(/^ - \[[xX]\] <!-- (approve|unschedule|unlimit|rebase|recreate)-branch=(\S+) -->/gm)) {
    checks.set(m[2]!, m[1] as DashboardCheck);
  }
  return checks;
}
