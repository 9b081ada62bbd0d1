/**
 * One repository on a forge, the whole path (../shared/DESIGN.md): clone, config (a broken one gets
 * the "Action required" issue and nothing else), extract, lookup and plan per base branch, then for every
 * planned branch what exists is read (git, the bot's PRs, checks where a merge could follow), decided
 * (`decideBranch`) and carried out; branches the plan no longer makes are pruned; the dashboard is
 * written. A dry run reads everything and writes nothing; its report says what each branch would get.
 */
import type { GlobalConfig } from '../config/global-config.js';
import type { RepoConfig } from '../config/schema.js';
import type { Datasource } from '../datasources/types.js';
import { GitCheckout, type GitIdentity } from '../git/index.js';
import { createRunContext, type RunContext } from '../lookup/context.js';
import type { PlannedBranch } from '../plan/types.js';
import type { BotUser, Platform, PullRequest, RepoPlatform } from '../platforms/types.js';
import { botAuthor, branchState, plannedCommit, prWorld, withChecks, type BotAuthor } from '../publish/branch-world.js';
import { commentText } from '../publish/comments.js';
import { decideBranch } from '../publish/decide-branch.js';
import { decideStale } from '../publish/decide-stale.js';
import { executeBranch, type BranchOutcome } from '../publish/execute-branch.js';
import { closeIssues, CONFIG_ERROR_TITLE, configErrorBody, ensureIssue, withFooter, type IssueOutcome } from '../publish/issues.js';
import { DASHBOARD_TITLE, dashboardBody, readDashboardBulk, readDashboardChecks, type DashboardPrs } from '../report/dashboard.js';
import { buildReport, configErrorReport, redactReport, resolveRebaseWhen, resolveRecreateClosed, type Report } from '../report/report.js';
import type { Clock } from '../util/clock.js';
import { analyseRepository, type AnalyseProgress, type RepoAnalysis } from './analyse.js';
import { loadRepositoryConfig } from './load-config.js';
import { createPresetReader } from './preset-reader.js';

export interface ForgeRunOptions {
  platform: RepoPlatform;
  /** The forge the repository is on: presets of its other repositories (`local>owner/presets`) are read there. */
  forge?: Platform;
  bot: BotUser;
  global: GlobalConfig;
  clock: Clock;
  dryRun?: boolean;
  /** `Name <email>` for the bot's commits (default: from the bot account). */
  gitAuthor?: string;
  /** Where temporary clones go. */
  workDir?: string;
  /** Clones kept between runs (only what changed is fetched); see GitCheckout's `cacheDir`. */
  cacheDir?: string;
  datasourceFor?: (id: string) => Datasource | undefined;
  /** Told how far the analysis of each base branch is (a terminal's progress line). */
  onProgress?: (progress: AnalyseProgress) => void;
}

export interface ForgeRunResult {
  report: Report;
  outcomes: BranchOutcome[];
  /** Something failed for this repository (a branch, the clone, the config issue). */
  failed: boolean;
}

/** `Upkeep Bot <bot@example.com>` (or only the e-mail, with the bot account's name) → identity; the bot account when not configured. */
export function gitIdentity(gitAuthor: string | undefined, bot: BotUser, host: string): GitIdentity {
  const account = { name: bot.name ?? bot.login, email: bot.email ?? `${bot.login}@users.noreply.${host}` };
  const m = gitAuthor ? /^\s*(?:(.*?)\s*<([^<>\s]+)>|([^<>\s]+@[^<>\s]+))\s*$/.exec(gitAuthor) : null;
  if (m?.[2]) return { name: m[1] || account.name, email: m[2] };
  if (m?.[3]) return { name: account.name, email: m[3] };
  return account;
}

export async function runForgeRepository(options: ForgeRunOptions): Promise<ForgeRunResult> {
  const { platform } = options;
  const info = platform.info;
  const dryRun = options.dryRun ?? false;
  const author = gitIdentity(options.gitAuthor, options.bot, new URL(info.cloneUrl).hostname);
  if (info.archived) return { report: { repository: info.fullName, deps: [], branches: [], warnings: ['archived: left alone'] }, outcomes: [], failed: false };
  const ctx = createRunContext(options.global, { clock: options.clock });
  try {
    const git = await GitCheckout.clone({
      url: info.cloneUrl,
      credentials: platform.gitCredentials(),
      baseBranches: [info.defaultBranch],
      branchPrefix: 'upkeep/',
      redactor: ctx.http.redactor,
      ...(options.workDir ? { parentDir: options.workDir } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    });
    try {
      const first = await runOnClone(options, ctx, git, author, dryRun, true);
      if (!first.outcomes.some((o) => o.merged)) return first;
      // As Renovate does, the repository is processed once more after an automerge: the base moved, so
      // the other branches are rebuilt on it now (their checks start this run) instead of next run.
      return afterRestart(first, await runOnClone(options, ctx, git, author, dryRun, false));
    } finally {
      await git.close();
    }
  } finally {
    await ctx.close();
  }
}

/** The run's result when the repository was processed twice: the first pass's merges, then the second pass. */
function afterRestart(first: ForgeRunResult, second: ForgeRunResult): ForgeRunResult {
  const merged = first.outcomes.filter((o) => o.merged);
  const mergedNames = new Set(merged.map((o) => o.branchName));
  const failedFirst = first.outcomes.filter((o) => o.error !== undefined && !second.outcomes.some((s) => s.branchName === o.branchName));
  const outcomes = [...merged, ...failedFirst, ...second.outcomes.filter((o) => !mergedNames.has(o.branchName))];
  const report: Report = {
    ...second.report,
    branches: [...first.report.branches.filter((b) => mergedNames.has(b.branchName)), ...second.report.branches.filter((b) => !mergedNames.has(b.branchName))],
  };
  return { report, outcomes, failed: outcomes.some((o) => o.error !== undefined) };
}

/**
 * One pass over the clone. `mayRestart`: a merge in this pass means another pass follows, so this one
 * leaves the dashboard to it.
 */
async function runOnClone(
  options: ForgeRunOptions,
  ctx: RunContext,
  git: GitCheckout,
  author: GitIdentity,
  dryRun: boolean,
  mayRestart: boolean,
): Promise<ForgeRunResult> {
  const { platform } = options;
  const info = platform.info;
  const readRemote = createPresetReader({ global: options.global, http: ctx.http, cache: ctx.cache, ...(options.forge ? { forge: options.forge } : {}) });
  const loaded = await loadRepositoryConfig(git.dir, { repository: info.fullName, readRemote });
  if (loaded.errors.length > 0) {
    // A half-read config opens no update PR; the repository is told what to fix, once.
    if (info.hasIssues) await ensureIssue(platform, CONFIG_ERROR_TITLE, configErrorBody(loaded.file, loaded.errors), { dryRun });
    return { report: configErrorReport(info.fullName, loaded.errors, loaded.warnings), outcomes: [], failed: true };
  }
  if (info.hasIssues) await closeIssues(platform, CONFIG_ERROR_TITLE, { dryRun });
  if (loaded.config.enabled === false) {
    return {
      report: { repository: info.fullName, deps: [], branches: [], warnings: [...loaded.warnings, 'disabled by the repository config (enabled: false)'] },
      outcomes: [],
      failed: false,
    };
  }
  const config: RepoConfig = { ...loaded.config, registryAliases: { ...options.global.registryAliases, ...(loaded.config.registryAliases ?? {}) } };
  // The repository's gitAuthor commits here; the operator's identity stays the bot's own (its earlier commits).
  const repoAuthor = config.gitAuthor ? gitIdentity(config.gitAuthor, options.bot, new URL(info.cloneUrl).hostname) : author;
  const bot = botAuthor(repoAuthor, [author.email], config.gitIgnoredAuthors);
  const bases = config.baseBranches ?? [info.defaultBranch];
  const prefix = config.branchPrefix ?? 'upkeep/';
  await git.fetch(bases, prefix);
  const prs = await platform.listBotPrs();
  const dashboardTitle = config.dependencyDashboardTitle ?? DASHBOARD_TITLE;
  const dashboard = info.hasIssues ? (await platform.findIssues(dashboardTitle))[0] : undefined;
  const ticked = dashboard && dashboard.state === 'open' ? readDashboardChecks(dashboard.body) : new Map<string, string>();
  const tickedBulk = dashboard && dashboard.state === 'open' ? readDashboardBulk(dashboard.body) : new Set<'approve' | 'unschedule' | 'unlimit'>();
  const botBranches = await git.botBranches();
  const hourStart = Math.floor(options.clock.startedAt.getTime() / 3_600_000) * 3_600_000;
  const outcomes: BranchOutcome[] = [];
  const analyses: RepoAnalysis[] = [];
  const planned = new Set<string>();
  {
    for (const base of bases) {
      const baseSha = await git.branchSha(base);
      if (!baseSha) {
        outcomes.push({ branchName: base, summary: `base branch ${base} does not exist`, pushed: false, error: `base branch ${base} not found` });
        continue;
      }
      await git.checkout(base);
      const analysis = await analyseRepository(git.dir, config, ctx, {
        baseBranch: base,
        limits: {
          openBranches: [...botBranches.keys()],
          openPrs: prs.filter((p) => p.state === 'open').map((p) => p.sourceBranch),
          prsCreatedThisHour: prs.filter((p) => p.createdAt && Date.parse(p.createdAt) >= hourStart).length,
          dashboardChecks: [...ticked.keys()],
          dashboardBulk: [...tickedBulk],
        },
        ...(options.datasourceFor ? { datasourceFor: options.datasourceFor } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      analyses.push(analysis);
      // Once an update is merged into the base, the other branches' heads are no longer ahead of it: none is fast-forwarded this run.
      let baseMoved = false;
      for (const branch of analysis.branches) {
        planned.add(branch.branchName);
        const outcome = await publishBranch(
          options,
          git,
          bot,
          dryRun,
          branch,
          baseSha,
          botBranches.get(branch.branchName),
          prs,
          ticked.get(branch.branchName),
          baseMoved,
        );
        baseMoved ||= outcome.merged === true;
        outcomes.push(outcome);
      }
    }
    outcomes.push(...(await pruneStale(platform, git, bot, dryRun, botBranches, planned, prs)));
    const warnings = [
      ...loaded.warnings,
      ...analyses.flatMap((a) => a.warnings.map((w) => (w.line !== undefined ? `${w.file}:${w.line}: ${w.message}` : `${w.file}: ${w.message}`))),
    ];
    const merged: RepoAnalysis = { deps: analyses.flatMap((a) => a.deps), branches: analyses.flatMap((a) => a.branches), warnings: [] };
    const wantsDashboard = config.dependencyDashboard === true || merged.branches.some((b) => b.pendingReason === 'dashboard-approval');
    let dashboardOutcome: IssueOutcome | undefined;
    // After a merge a second pass follows (runForgeRepository), and it writes the dashboard.
    const restarting = mayRestart && outcomes.some((o) => o.merged);
    if (restarting) dashboardOutcome = undefined;
    // dependencyDashboardAutoclose: nothing to list closes it (a later run with branches reopens it).
    else if (info.hasIssues && wantsDashboard && config.dependencyDashboardAutoclose === true && merged.branches.length === 0)
      dashboardOutcome = await closeIssues(platform, dashboardTitle, { dryRun });
    else if (info.hasIssues && wantsDashboard)
      dashboardOutcome = await ensureIssue(
        platform,
        dashboardTitle,
        withFooter(dashboardBody(merged.branches, merged.deps, warnings, dashboardPrs(merged.branches, outcomes, prs)), config.dependencyDashboardFooter),
        { dryRun },
      );
    const report = redactReport(
      withOutcomes(buildReport(info.fullName, merged, warnings, wantsDashboard ? { dashboardTitle } : {}), outcomes),
      ctx.http.redactor,
    );
    if (dashboardOutcome) report.warnings.push(`dependency dashboard: ${dashboardOutcome}`);
    return { report, outcomes, failed: outcomes.some((o) => o.error !== undefined) };
  }
}

/** What the forge holds for each planned branch after publishing, for the dashboard. */
function dashboardPrs(branches: readonly PlannedBranch[], outcomes: readonly BranchOutcome[], prs: readonly PullRequest[]): DashboardPrs {
  const byName = new Map(outcomes.map((o) => [o.branchName, o]));
  const result: DashboardPrs = { open: [], ignored: [], errored: [] };
  for (const branch of branches) {
    const outcome = byName.get(branch.branchName);
    if (outcome?.error) result.errored.push({ branch, error: outcome.error });
    if (outcome?.blockedBy !== undefined) result.ignored.push({ branch, number: outcome.blockedBy });
    if (outcome?.merged) continue;
    const open =
      outcome?.pr?.number ?? prs.find((p) => p.state === 'open' && p.sourceBranch === branch.branchName && p.targetBranch === branch.baseBranch)?.number;
    if (open !== undefined && outcome?.blockedBy === undefined) result.open.push({ branch, number: open });
  }
  return result;
}

async function publishBranch(
  options: ForgeRunOptions,
  git: GitCheckout,
  bot: BotAuthor,
  dryRun: boolean,
  branch: PlannedBranch,
  baseSha: string,
  existing: string | undefined,
  prs: Parameters<typeof prWorld>[0],
  dashboardCheck: string | undefined,
  baseMoved = false,
): Promise<BranchOutcome> {
  try {
    const commit = await plannedCommit(git, branch, baseSha, bot.author, options.clock.startedAt);
    const config = branch.upgrades[0]?.config;
    // With ignoreTests nothing waits for checks: they are not read.
    const state = await withChecks(options.platform, await branchState(git, branch, existing, commit, bot), branch.automerge && !branch.ignoreTests);
    const intent = {
      branchName: branch.branchName,
      due: branch.due,
      ...(branch.pendingReason ? { pendingReason: branch.pendingReason } : {}),
      automerge: branch.automerge,
      automergeType: branch.automergeType,
      platformAutomerge: (config?.platformAutomerge ?? true) && options.platform.info.nativeAutomerge,
      rebaseWhen: resolveRebaseWhen(branch),
      recreateClosed: resolveRecreateClosed(branch),
      ignoreTests: branch.ignoreTests ?? false,
      ...(branch.suppressNotifications ? { suppressNotifications: branch.suppressNotifications } : {}),
      ...(dashboardCheck ? { dashboardCheck } : {}),
    };
    const world = prWorld(prs, branch);
    let decision = decideBranch(intent, state.world, world);
    if (baseMoved && decision.merge === 'fast-forward')
      decision = {
        ...decision,
        merge: 'none',
        summary: `automerge waits: ${branch.baseBranch} moved on this run (another update was merged); rebuilt on it next run`,
      };
    return await executeBranch({ platform: options.platform, git, dryRun }, branch, state, world, decision);
  } catch (err) {
    return { branchName: branch.branchName, summary: 'not written', pushed: false, error: (err as Error).message.split('\n')[0] };
  }
}

/** Bot branches no base's plan produced: closed and deleted when unmodified, left alone otherwise. */
async function pruneStale(
  platform: RepoPlatform,
  git: GitCheckout,
  bot: BotAuthor,
  dryRun: boolean,
  botBranches: ReadonlyMap<string, string>,
  planned: ReadonlySet<string>,
  prs: Parameters<typeof prWorld>[0],
): Promise<BranchOutcome[]> {
  const outcomes: BranchOutcome[] = [];
  for (const [name, sha] of botBranches) {
    if (planned.has(name)) continue;
    const open = prs.find((p) => p.sourceBranch === name && p.state === 'open');
    const base = open?.targetBranch ?? platform.info.defaultBranch;
    const people = (await git.authorsSince(`refs/remotes/origin/${base}`, `refs/remotes/origin/${name}`)).filter(bot.isSomeoneElse);
    const decision = decideStale({ name, modified: people.length > 0 }, open);
    const outcome: BranchOutcome = { branchName: name, summary: decision.summary, pushed: false };
    outcomes.push(outcome);
    if (dryRun) continue;
    try {
      if (open && decision.comment) await platform.ensureComment(open.number, decision.comment, commentText(decision.comment));
      if (open && decision.closePr) await platform.updatePr(open.number, { state: 'closed' });
      if (decision.deleteBranch) await git.deleteBranch(name, sha);
    } catch (err) {
      outcome.error = (err as Error).message.split('\n')[0];
    }
  }
  return outcomes;
}

/** The report with what happened (or would happen) to each branch. */
function withOutcomes(report: Report, outcomes: readonly BranchOutcome[]): Report {
  const byName = new Map(outcomes.map((o) => [o.branchName, o]));
  for (const branch of report.branches) {
    const outcome = byName.get(branch.branchName);
    if (!outcome) continue;
    branch.action = outcome.summary;
    if (outcome.pr) branch.pr = outcome.pr.number;
    if (outcome.merged) branch.merged = true;
    if (outcome.error) branch.error = outcome.error;
  }
  const stale = outcomes.filter((o) => !report.branches.some((b) => b.branchName === o.branchName));
  for (const o of stale) report.warnings.push(`${o.branchName}: ${o.summary}${o.error ? ` (failed: ${o.error})` : ''}`);
  return report;
}
