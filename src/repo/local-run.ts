/**
 * A run on a working directory (`--platform local`): global config, repository config, analysis, report.
 * With `--dry-run` it writes nothing to the repository.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GlobalConfig } from '../config/global-config.js';
import { createRunContext } from '../lookup/context.js';
import { DASHBOARD_TITLE } from '../report/dashboard.js';
import { buildReport, configErrorReport, redactReport, type Report } from '../report/report.js';
import { analyseRepository, type AnalyseOptions, type RepoAnalysis } from './analyse.js';
import { loadRepositoryConfig, type RepoConfigResult } from './load-config.js';
import { checkedOutBranch, findCheckout, UNKNOWN } from './git-dir.js';
import { createPresetReader } from './preset-reader.js';
import { repositoryNameAsker } from './repository-name.js';
import type { Clock } from '../util/clock.js';
import { ConfigError, InputError } from '../util/errors.js';

export interface LocalRunOptions {
  /** `owner/name` of the directory's repository (default: from its origin remote), for presets naming it. */
  repository?: string;
  /** The base branch the working directory stands for (default: its checked-out git branch, else main). */
  baseBranch?: string;
  /** The run's clock (default: one starting now); every decision of the run reads it. */
  clock?: Clock;
  /** Which datasource answers for an id (tests give in-memory ones). */
  datasourceFor?: AnalyseOptions['datasourceFor'];
  /** Bot branches and PRs that exist already, and PRs created this hour (for the limits). */
  limits?: AnalyseOptions['limits'];
}

export interface LocalRunResult {
  report: Report;
  analysis?: RepoAnalysis;
  config: RepoConfigResult;
}

/** The checked-out branch of `dir`, when it is a git working tree (read from its files; git is asked when they cannot say). */
export async function currentBranch(dir: string): Promise<string | undefined> {
  const checkout = await findCheckout(dir);
  if (checkout === undefined) return undefined;
  if (checkout !== UNKNOWN) {
    const branch = await checkedOutBranch(checkout);
    if (branch !== UNKNOWN) return branch;
  }
  try {
    const { stdout } = await promisify(execFile)('git', ['-C', dir, 'rev-parse', '--abbrev-ref', 'HEAD'], { timeout: 5000 });
    const name = stdout.trim();
    return name && name !== 'HEAD' ? name : undefined;
  } catch {
    return undefined;
  }
}

const CONVENTIONAL = /^(feat|fix|chore|docs|style|refactor|perf|test|build|ci|revert)(\([^)]*\))?!?: /;

/** Whether most of the last 20 commit subjects follow Conventional Commits (Renovate's `semanticCommits: auto`). */
async function usesConventionalCommits(dir: string): Promise<boolean> {
  try {
    const { stdout } = await promisify(execFile)('git', ['-C', dir, 'log', '-n', '20', '--format=%s'], { timeout: 5000 });
    const subjects = stdout.split('\n').filter(Boolean);
    return subjects.length > 0 && subjects.filter((s) => CONVENTIONAL.test(s)).length * 2 >= subjects.length;
  } catch {
    return false;
  }
}

export async function runLocal(dir: string, global: GlobalConfig, options: LocalRunOptions = {}): Promise<LocalRunResult> {
  const ctx = createRunContext(global, options.clock ? { clock: options.clock } : {});
  // The questions for git are asked at once (a process each, ~10 ms), the later ones while the config is read;
  // the repository's name only if a preset names a repository.
  const name = options.repository !== undefined ? { repository: options.repository } : { repositoryName: repositoryNameAsker(dir) };
  const askedBranch = options.baseBranch !== undefined ? Promise.resolve(options.baseBranch) : currentBranch(dir);
  const conventional = usesConventionalCommits(dir);
  try {
    // Presets naming this repository come from the directory; other repositories' from their forges.
    const readRemote = createPresetReader({ global, http: ctx.http, cache: ctx.cache });
    const repoConfig = await loadRepositoryConfig(dir, { readRemote, ...name });
    if (repoConfig.errors.length > 0) {
      return { config: repoConfig, report: configErrorReport(dir, repoConfig.errors, repoConfig.warnings) };
    }
    if (repoConfig.config.enabled === false) {
      // Renovate's `enabled: false` at the top: the repository is left alone.
      return {
        config: repoConfig,
        report: { repository: dir, deps: [], branches: [], warnings: [...repoConfig.warnings, 'disabled by the repository config (enabled: false)'] },
      };
    }
    const baseBranch = (await askedBranch) ?? 'main';
    // The operator's aliases apply to every repository; a repository's own win for its images.
    const config = { ...repoConfig.config, registryAliases: { ...global.registryAliases, ...(repoConfig.config.registryAliases ?? {}) } };
    const semanticCommits = await conventional;
    let analysis;
    try {
      analysis = await analyseRepository(dir, config, ctx, {
        baseBranch,
        semanticCommits,
        ...(options.datasourceFor ? { datasourceFor: options.datasourceFor } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      });
    } catch (err) {
      // A template that cannot be rendered (`branchTopic`, `prTitle`, …) is a config error: plan nothing.
      if (!(err instanceof InputError) && !(err instanceof ConfigError)) throw err;
      const message = err instanceof ConfigError ? err.message : `${repoConfig.file ?? 'config'}: ${err.message}`;
      return { config: repoConfig, report: configErrorReport(dir, [message], repoConfig.warnings) };
    }
    const warnings = [
      ...repoConfig.warnings,
      ...analysis.warnings.map((w) => (w.line !== undefined ? `${w.file}:${w.line}: ${w.message}` : `${w.file}: ${w.message}`)),
    ];
    warnings.push(...unusedGlobalOptions(global));
    if (config.baseBranches && !config.baseBranches.includes(baseBranch)) {
      warnings.push(`baseBranches lists ${config.baseBranches.join(', ')}; the working directory is ${baseBranch} (only it was read)`);
    }
    // Renovate writes the dashboard when asked, and whenever an update waits for the user's approval on it.
    const dashboard = config.dependencyDashboard === true || analysis.branches.some((b) => b.pendingReason === 'dashboard-approval');
    const reportOptions = dashboard ? { dashboardTitle: config.dependencyDashboardTitle ?? DASHBOARD_TITLE } : {};
    return { config: repoConfig, analysis, report: redactReport(buildReport(dir, analysis, warnings, reportOptions), ctx.http.redactor) };
  } finally {
    await ctx.close();
  }
}

/** Operator options that a run on a working directory has no use for: said once, never silently ignored. */
function unusedGlobalOptions(global: GlobalConfig): string[] {
  const unused: string[] = [];
  if (global.repositories?.length) unused.push('global config repositories: not used by --platform local (the working directory is the repository)');
  if (global.token) unused.push('the platform token (token / UPKEEP_TOKEN) is not used by --platform local; it is only kept out of the output');
  return unused;
}
