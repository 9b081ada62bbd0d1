/**
 * `upkeep explain [DIR] DEP`: for one dep, what was found and why it is or is not being updated — file and
 * line, the effective config and the rules that set it, what the registry offered, what was filtered out
 * and why, and the branch it would go to (due now, or pending and why).
 */
import { stat } from 'node:fs/promises';
import { loadGlobalConfig } from '../config/global-config.js';
import type { DepAnalysis } from '../repo/analyse.js';
import { runLocal } from '../repo/local-run.js';
import { InputError } from '../util/errors.js';

export interface ExplainCommandOptions {
  config?: string;
  baseBranch?: string;
}

const LOOKUP_OPTIONS = ['versioning', 'allowedVersions', 'ignoreUnstable', 'minimumReleaseAge', 'pinDigests', 'rangeStrategy', 'separateMajorMinor', 'separateMinorPatch', 'separateMultipleMajor'] as const;
const PLAN_OPTIONS = ['groupName', 'automerge', 'automergeType', 'schedule', 'timezone', 'labels', 'prConcurrentLimit', 'prHourlyLimit'] as const;

function matches(analysis: DepAnalysis, query: string): boolean {
  const q = query.toLowerCase();
  const names = [analysis.dep.depName, analysis.dep.packageName ?? ''].map((n) => n.toLowerCase());
  return names.some((n) => n === q || n.endsWith(`/${q}`) || n.includes(q));
}

export function explainDep(analysis: DepAnalysis): string {
  const { dep, status } = analysis;
  const lines: string[] = [];
  const current = `${dep.currentValue ?? '(no tag)'}${dep.currentDigest ? `@${dep.currentDigest}` : ''}`;
  lines.push(`${dep.depName} ${current}`);
  lines.push(`  found in ${dep.file}:${dep.line} by the ${dep.manager} manager; looked up with ${dep.datasource ?? 'no datasource'}${dep.packageName && dep.packageName !== dep.depName ? ` as ${dep.packageName}` : ''}`);
  if (analysis.options) {
    const describe = (key: string) => {
      const value = (analysis.options as Record<string, unknown>)[key];
      const source = analysis.sources?.[key];
      return `${key}=${JSON.stringify(value ?? null)}${source && source !== 'default' ? ` (${source})` : ''}`;
    };
    lines.push(`  lookup options: ${LOOKUP_OPTIONS.map(describe).join(', ')}`);
    lines.push(`  branch options: ${PLAN_OPTIONS.map(describe).join(', ')}`);
  }
  lines.push(
    analysis.rules.length > 0
      ? `  package rules that matched: ${analysis.rules.map((r) => `packageRules[${r.index}]${r.description ? ` (${r.description})` : ''}`).join(', ')}`
      : '  package rules that matched: none',
  );
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
  for (const warning of analysis.warnings) lines.push(`  ! ${warning}`);
  switch (status.kind) {
    case 'updating':
      for (const b of status.branches) {
        lines.push(`  → ${b.updateType} to ${b.newValue} in ${b.branchName}: ${b.due ? 'due now' : `pending (${b.pendingReason})`}`);
      }
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
    case 'lookup-failed':
      lines.push(`  → ${status.kind}: ${status.detail}`);
      break;
  }
  return lines.join('\n');
}

export async function runExplain(dir: string, query: string, options: ExplainCommandOptions): Promise<number> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${dir}: not a directory`);
  const global = await loadGlobalConfig(options.config);
  const result = await runLocal(dir, global, options.baseBranch ? { baseBranch: options.baseBranch } : {});
  if (result.report.configErrors) {
    for (const error of result.report.configErrors) process.stdout.write(`config error: ${error}\n`);
    return 1;
  }
  const found = (result.analysis?.deps ?? []).filter((d) => matches(d, query));
  if (found.length === 0) {
    process.stdout.write(`no dep matches "${query}"\n`);
    return 1;
  }
  process.stdout.write(`${found.map(explainDep).join('\n\n')}\n`);
  return 0;
}
