/** `upkeep run --platform local --dry-run [DIR] --report FILE`: what Upkeep would do, changing nothing. */
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadGlobalConfig } from '../config/global-config.js';
import type { Report } from '../report/report.js';
import { runLocal } from '../repo/local-run.js';
import { subdirectoryWarning } from '../repo/repository-root.js';
import { InputError } from '../util/errors.js';
import { print, printError, warn } from './output.js';

export interface RunCommandOptions {
  platform?: string;
  endpoint?: string;
  gitAuthor?: string;
  cacheDir?: string;
  logFormat?: string;
  dryRun?: boolean;
  report?: string;
  config?: string;
  baseBranch?: string;
  repository?: string;
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

/** Why the report cannot be written to `path`, checked before any work is done; undefined when it can. */
export async function reportPathProblem(path: string): Promise<string | undefined> {
  const dir = dirname(resolve(path));
  const parent = await stat(dir).catch(() => undefined);
  if (!parent) return `--report ${path}: the directory ${dir} does not exist`;
  if (!parent.isDirectory()) return `--report ${path}: ${dir} is not a directory`;
  if (
    !(await access(dir, constants.W_OK).then(
      () => true,
      () => false,
    ))
  )
    return `--report ${path}: the directory ${dir} is not writable`;
  if ((await stat(path).catch(() => undefined))?.isDirectory()) return `--report ${path}: is a directory`;
  return undefined;
}

function logFormatOf(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new InputError(`--log-format ${value}: not text or json`);
  return value;
}

/** Exit codes: 0 done, 1 the repository config has errors, 2 a usage error (nothing was done). */
export async function runRun(targets: string[], options: RunCommandOptions): Promise<number> {
  if (options.report) {
    const problem = await reportPathProblem(options.report);
    if (problem) {
      printError(`upkeep: ${problem}`);
      return 2;
    }
  }
  const global = await loadGlobalConfig(options.config);
  const platform = options.platform ?? global.platform ?? 'local';
  if (platform === 'github' || platform === 'gitea' || platform === 'gitlab') {
    const repositories = targets.length > 0 ? targets : (global.repositories ?? []);
    const endpoint = options.endpoint ?? global.endpoint;
    // Loaded for forge runs only: a local run needs none of the forge code.
    const { runOnForge } = await import('./run-forge.js');
    return runOnForge(global, {
      platform,
      repositories,
      dryRun: options.dryRun ?? false,
      ...(endpoint ? { endpoint } : {}),
      ...(options.report ? { report: options.report } : {}),
      ...(options.gitAuthor ? { gitAuthor: options.gitAuthor } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.logFormat ? { logFormat: logFormatOf(options.logFormat) } : {}),
    });
  }
  if (platform !== 'local') throw new InputError(`--platform ${platform}: not one of local, gitea, github, gitlab`);
  // A working directory has no forge to write to: only the dry run makes sense there.
  if (!options.dryRun) {
    printError('upkeep: --platform local writes nothing: add --dry-run (or choose a forge with --platform)');
    return 2;
  }
  if (targets.length > 1) throw new InputError('--platform local takes one directory');
  const asked = targets[0] ?? '.';
  const info = await stat(asked).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${asked}: not a directory`);
  const dir = asked;
  // Asked of git while the run goes on (a process, ~10 ms); said first all the same.
  const subdirectory = subdirectoryWarning(dir).catch(() => undefined);
  const { report } = await runLocal(dir, global, {
    ...(options.baseBranch ? { baseBranch: options.baseBranch } : {}),
    ...(options.repository ? { repository: options.repository } : {}),
  });
  const subdirectoryNote = await subdirectory;
  if (subdirectoryNote) warn(subdirectoryNote);
  for (const warning of report.warnings) warn(warning);
  if (options.report) await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`);
  print(formatSummary(report));
  return report.configErrors ? 1 : 0;
}
