/**
 * `upkeep run OWNER/REPO… --platform gitea|github|gitlab`: each repository through the whole path on its
 * forge — PRs opened, updated, merged, closed — or, with `--dry-run`, everything read and nothing written.
 * Repositories from the arguments, the global config's `repositories`, or autodiscovery (`autodiscover`,
 * `autodiscoverFilter`); a few at once (`repositoryConcurrency`, default 2); one failing never stops the
 * others. Exit code 0 when every repository succeeded, 1 when any failed, 2 for a usage error.
 */
import { writeFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { GlobalConfig } from '../config/global-config.js';
import { createRunContext } from '../lookup/context.js';
import { createPlatform } from '../platforms/registry.js';
import type { Platform, PlatformId } from '../platforms/types.js';
import { runForgeRepository } from '../repo/forge-run.js';
import type { Report } from '../report/report.js';
import { createClock } from '../util/clock.js';
import { createLogger } from '../util/logger.js';
import { print, printError, warn } from './output.js';
import type { AnalyseProgress } from '../repo/analyse.js';
import { progressLine, rowOf, summaryTable, type RepoRow } from './summary-table.js';

export interface ForgeRunCommand {
  platform: PlatformId;
  endpoint?: string;
  repositories: string[];
  dryRun: boolean;
  report?: string;
  gitAuthor?: string;
  cacheDir?: string;
  /** `text`: summaries and a table for a person; `json`: one log entry per repository (default: text on a terminal). */
  logFormat?: 'text' | 'json';
}

function summary(report: Report): string {
  if (report.configErrors)
    return `${report.repository}: the config has errors; an issue says what to fix\n${report.configErrors.map((e) => `  ${e}\n`).join('')}`;
  const lines = [`${report.repository}: ${report.branches.length} branches`];
  for (const b of report.branches)
    lines.push(`  ${b.branchName}  ${b.title}  → ${b.action ?? 'nothing to do'}${b.pr ? ` (PR #${b.pr})` : ''}${b.error ? `  FAILED: ${b.error}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** The repositories of this run: named (arguments, then the global config), else autodiscovered when asked. */
async function repositoriesOf(platform: Platform, global: GlobalConfig, named: string[]): Promise<string[] | undefined> {
  if (named.length > 0) return named;
  if (!global.autodiscover) return undefined;
  const filter = global.autodiscoverFilter;
  return platform.listRepositories(filter ? { patterns: Array.isArray(filter) ? filter : [filter] } : {});
}

export async function runOnForge(global: GlobalConfig, command: ForgeRunCommand): Promise<number> {
  if (!global.token) {
    printError(`upkeep: --platform ${command.platform} needs a token (UPKEEP_TOKEN or the global config's token)`);
    return 2;
  }
  if (command.repositories.length === 0 && !global.autodiscover) {
    printError('upkeep: no repository to run on: name them (OWNER/REPO), list them in the global config (repositories), or set autodiscover');
    return 2;
  }
  const clock = createClock();
  // One HTTP client for the forge API, with the run's host rules and redaction (the token included).
  const ctx = createRunContext(global, { clock });
  const json = (command.logFormat ?? (process.stdout.isTTY ? 'text' : 'json')) === 'json';
  const logger = json ? createLogger({ redactor: ctx.http.redactor, pretty: false }) : undefined;
  const reports: (Report | undefined)[] = [];
  const rows: (RepoRow | undefined)[] = [];
  let failed = false;
  let started = 0;
  try {
    const platform = await createPlatform(command.platform, {
      token: global.token,
      http: ctx.http,
      ...(command.endpoint ? { endpoint: command.endpoint } : {}),
    });
    const bot = await platform.currentUser();
    const repositories = (await repositoriesOf(platform, global, command.repositories)) ?? [];
    if (repositories.length === 0)
      print(`upkeep: autodiscover found no repository ${bot.login} can write to${global.autodiscoverFilter ? ' matching autodiscoverFilter' : ''}\n`);
    // A few repositories at once (forge rate limits, git and the registries are shared); one failing never stops the others.
    const limit = pLimit(global.repositoryConcurrency ?? 2);
    await Promise.all(
      repositories.map((name, index) =>
        limit(async () => {
          // Progress on a terminal only (stderr), so piped output stays the summaries.
          const position = `[${++started}/${repositories.length}] ${name}`;
          const tty = process.stderr.isTTY === true;
          if (tty) process.stderr.write(`${position}…\n`);
          const onProgress = (p: AnalyseProgress) =>
            process.stderr.write(`\r\x1b[K${progressLine(position, p)}${p.phase === 'lookup' && p.done === p.total ? '\n' : ''}`);
          try {
            const repo = await platform.repository(name);
            const result = await runForgeRepository({
              platform: repo,
              forge: platform,
              bot,
              global,
              clock,
              dryRun: command.dryRun,
              ...(command.gitAuthor ? { gitAuthor: command.gitAuthor } : {}),
              ...(command.cacheDir ? { cacheDir: command.cacheDir } : {}),
              ...(tty ? { onProgress } : {}),
            });
            reports[index] = result.report;
            rows[index] = rowOf(result.report, result.failed);
            if (logger) {
              const row = rowOf(result.report, result.failed);
              const branches = result.report.branches.map((b) => ({
                branch: b.branchName,
                action: b.action ?? 'nothing to do',
                ...(b.pr ? { pr: b.pr } : {}),
                ...(b.error ? { error: b.error } : {}),
              }));
              logger.info(
                { ...row, branches, warnings: result.report.warnings },
                `${name}: ${row.outcome === 'ok' ? 'done' : 'done with failures'}, ${row.branches} branches due, ${row.pending} pending`,
              );
            } else {
              for (const warning of result.report.warnings) warn(`${name}: ${warning}`);
              print(summary(result.report));
            }
            failed ||= result.failed;
          } catch (err) {
            failed = true;
            const problem = ctx.http.redactor.redact((err as Error).message.split('\n')[0] ?? '');
            rows[index] = { repository: name, outcome: 'error', branches: 0, pending: 0, prs: 0, merged: 0, failedLookups: 0, problem };
            if (logger) logger.error({ repository: name, outcome: 'error', problem }, `${name}: ${problem}`);
            else printError(`upkeep: ${name}: ${problem}`);
          }
        }),
      ),
    );
  } finally {
    await ctx.close();
  }
  const done = rows.filter((r): r is RepoRow => r !== undefined);
  if (logger) {
    const ok = done.filter((r) => r.outcome === 'ok').length;
    logger.info({ repositories: done.length, ok, failed: done.length - ok }, `${done.length} repositories: ${ok} ok, ${done.length - ok} failed`);
  } else if (done.length > 1) print(`\n${summaryTable(done)}`);
  if (command.report) {
    const written = reports.filter((r): r is Report => r !== undefined);
    const content = command.repositories.length === 1 && written.length === 1 ? written[0] : written;
    await writeFile(command.report, `${ctx.http.redactor.redact(JSON.stringify(content, null, 2))}\n`);
  }
  return failed ? 1 : 0;
}
