/** `upkeep run --platform local --dry-run [DIR] --report FILE`: what Upkeep would do, changing nothing. */
import { stat, writeFile } from 'node:fs/promises';
import { loadGlobalConfig } from '../config/global-config.js';
import type { Report } from '../report/report.js';
import { runLocal } from '../repo/local-run.js';
import { InputError } from '../util/errors.js';

export interface RunCommandOptions {
  platform?: string;
  dryRun?: boolean;
  report?: string;
  config?: string;
  baseBranch?: string;
}

function short(digest: string | undefined): string {
  return digest ? `@${digest.replace(/^sha256:/, '').slice(0, 7)}` : '';
}

/** The readable summary: each branch, what it updates, whether it would automerge; then the deps' states. */
export function formatSummary(report: Report): string {
  const lines: string[] = [];
  if (report.configErrors) {
    lines.push('The repository config has errors; nothing was planned:');
    for (const error of report.configErrors) lines.push(`  ${error}`);
    return `${lines.join('\n')}\n`;
  }
  for (const branch of report.branches) {
    const automerge = branch.automerge ? `automerge (${branch.automergeType})` : 'needs review';
    const state = branch.due ? 'due now' : `pending: ${branch.pendingReason}`;
    lines.push(`${branch.branchName}  ${branch.title}  [${automerge}; ${state}]`);
    for (const u of branch.updates) {
      lines.push(`  ${u.file}  ${u.depName}  ${u.currentValue ?? ''}${short(u.currentDigest)} → ${u.newValue}${short(u.newDigest)}  (${u.updateType})`);
    }
  }
  const counts = new Map<string, number>();
  for (const dep of report.deps) counts.set(dep.status.kind, (counts.get(dep.status.kind) ?? 0) + 1);
  const states = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
  lines.push(`${report.branches.length} branches (${report.branches.filter((b) => b.due).length} due now); ${report.deps.length} deps: ${states || 'none'}`);
  return `${lines.join('\n')}\n`;
}

export async function runRun(dir: string, options: RunCommandOptions): Promise<number> {
  const global = await loadGlobalConfig(options.config);
  const platform = options.platform ?? global.platform;
  if (platform !== 'local') throw new InputError(`--platform ${platform ?? '(none)'}: only --platform local is supported so far`);
  if (!options.dryRun) throw new InputError('--platform local: only --dry-run is supported so far (nothing would be written)');
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${dir}: not a directory`);
  const { report } = await runLocal(dir, global, options.baseBranch ? { baseBranch: options.baseBranch } : {});
  for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (options.report) await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(formatSummary(report));
  return report.configErrors ? 1 : 0;
}
