/**
 * `upkeep explain [DIR] DEP`: for one dep, what was found and why it is or is not being updated — file and
 * line, the lookup options and the rules that set them, what the registry offered, what was filtered out
 * and why, and for each update exactly what the plan does with it: its branch and group, automerge, due
 * now or pending and why, the rules that matched once its update type was known and the options they set.
 */
import { stat } from 'node:fs/promises';
import { loadGlobalConfig } from '../config/global-config.js';
import type { PlannedBranch } from '../plan/types.js';
import type { DepAnalysis } from '../repo/analyse.js';
import { runLocal } from '../repo/local-run.js';
import { subdirectoryWarning } from '../repo/repository-root.js';
import { InputError } from '../util/errors.js';
import { print, warn } from './output.js';

export interface ExplainCommandOptions {
  config?: string;
  baseBranch?: string;
}

const LOOKUP_OPTIONS = [
  'versioning',
  'allowedVersions',
  'ignoreUnstable',
  'minimumReleaseAge',
  'pinDigests',
  'rangeStrategy',
  'separateMajorMinor',
  'separateMinorPatch',
  'separateMultipleMajor',
] as const;
const BRANCH_OPTIONS = [
  'groupName',
  'automerge',
  'automergeType',
  'automergeStrategy',
  'schedule',
  'timezone',
  'labels',
  'addLabels',
  'prConcurrentLimit',
  'prHourlyLimit',
  'dependencyDashboardApproval',
] as const;

/** A dep matches its name (or package name) exactly, or by its end after a `/` (`nginx`, `team/app`). */
export function matchesDep(analysis: DepAnalysis, query: string): boolean {
  const q = query.toLowerCase();
  const names = [analysis.dep.depName, analysis.dep.packageName ?? ''].map((n) => n.toLowerCase());
  return names.some((n) => n === q || n.endsWith(`/${q}`));
}

function describeOption(options: Record<string, unknown> | undefined, sources: Record<string, string> | undefined, key: string): string {
  const source = sources?.[key];
  return `${key}=${JSON.stringify(options?.[key] ?? null)}${source && source !== 'default' ? ` (${source})` : ''}`;
}

function describeRules(rules: DepAnalysis['rules']): string {
  return rules.length > 0 ? rules.map((r) => `packageRules[${r.index}]${r.description ? ` (${r.description})` : ''}`).join(', ') : 'none';
}

function digestNote(digest: string | undefined): string {
  return digest ? `@${digest.replace(/^sha256:/, '').slice(0, 12)}` : '';
}

/** What the plan does with each of the dep's updates, from the branch that carries it. */
function updateLines(analysis: DepAnalysis, branches: readonly PlannedBranch[]): string[] {
  const lines: string[] = [];
  analysis.upgrades.forEach((upgrade, i) => {
    const { update } = upgrade;
    const branch = branches.find((b) => b.upgrades.includes(upgrade));
    const target = `${update.updateType} to ${update.newValue}${digestNote(update.newDigest)}`;
    if (!branch) {
      lines.push(`  → ${target}: not planned into a branch`);
      return;
    }
    const group = branch.groupName ? ` (group "${branch.groupName}")` : '';
    const merge = branch.automerge ? `automerge (${branch.automergeType}, ${branch.automergeStrategy})` : 'needs review';
    const state = branch.due ? 'due now' : `pending (${branch.pendingReason})`;
    lines.push(`  → ${target} in ${branch.branchName}${group}: ${merge}; ${state}`);
    const explained = analysis.upgradeRules[i];
    lines.push(`      package rules that matched: ${describeRules(explained?.rules ?? [])}`);
    const options = upgrade.config as unknown as Record<string, unknown>;
    // The group is on the branch line (the plan also groups by itself, e.g. pins); a rule's groupName is shown with its source.
    const shown = BRANCH_OPTIONS.filter((key) => key !== 'groupName' || options.groupName != null);
    lines.push(`      options: ${shown.map((key) => describeOption(options, explained?.sources, key)).join(', ')}`);
  });
  return lines;
}

export function explainDep(analysis: DepAnalysis, branches: readonly PlannedBranch[] = []): string {
  const { dep, status } = analysis;
  const lines: string[] = [];
  const current = `${dep.currentValue ?? '(no tag)'}${dep.currentDigest ? `@${dep.currentDigest}` : ''}`;
  lines.push(`${dep.depName} ${current}`);
  lines.push(
    `  found in ${dep.file}:${dep.line} by the ${dep.manager} manager; looked up with ${dep.datasource ?? 'no datasource'}${dep.packageName && dep.packageName !== dep.depName ? ` as ${dep.packageName}` : ''}`,
  );
  if (analysis.options) {
    const options = analysis.options as unknown as Record<string, unknown>;
    lines.push(`  lookup options: ${LOOKUP_OPTIONS.map((key) => describeOption(options, analysis.sources, key)).join(', ')}`);
  }
  lines.push(`  package rules that matched whatever the update type: ${describeRules(analysis.rules)}`);
  if (analysis.releaseCount !== undefined) lines.push(`  the registry offered ${analysis.releaseCount} versions`);
  const filtered = analysis.rejected.filter((r) => r.reason !== 'superseded' && r.reason !== 'not-a-version');
  if (filtered.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const r of filtered) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.version]);
    for (const [reason, versions] of byReason) {
      const shown = versions.length > 8 ? `${versions.slice(0, 8).join(', ')} and ${versions.length - 8} more` : versions.join(', ');
      lines.push(`  filtered out (${reason}): ${shown}`);
    }
  }
  for (const warning of analysis.warnings) if (warning !== analysis.failure) lines.push(`  ! ${warning}`);
  switch (status.kind) {
    case 'updating':
      lines.push(...updateLines(analysis, branches));
      break;
    case 'held-back':
      lines.push(`  → held back: ${status.reasons.join('; ')}`);
      break;
    case 'up-to-date':
      lines.push('  → nothing to update: no newer version of the same shape');
      break;
    case 'skipped':
      lines.push(`  → skipped (${status.reason})${status.detail ? `: ${status.detail}` : ''}`);
      break;
    case 'ignored':
    case 'disabled':
      lines.push(`  → ${status.kind}: ${status.detail}`);
      break;
    case 'lookup-failed':
      lines.push(`  → lookup failed: ${status.detail}`);
      break;
  }
  return lines.join('\n');
}

export async function runExplain(asked: string, query: string, options: ExplainCommandOptions): Promise<number> {
  const info = await stat(asked).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${asked}: not a directory`);
  const dir = asked;
  const subdirectory = await subdirectoryWarning(dir);
  if (subdirectory) warn(subdirectory);
  const global = await loadGlobalConfig(options.config);
  const result = await runLocal(dir, global, options.baseBranch ? { baseBranch: options.baseBranch } : {});
  if (result.report.configErrors) {
    for (const error of result.report.configErrors) print(`config error: ${error}\n`);
    return 1;
  }
  const found = (result.analysis?.deps ?? []).filter((d) => matchesDep(d, query));
  if (found.length === 0) {
    print(`no dep is named "${query}" or ends with "/${query}"\n`);
    return 1;
  }
  const branches = result.analysis?.branches ?? [];
  print(`${found.map((d) => explainDep(d, branches)).join('\n\n')}\n`);
  return 0;
}
