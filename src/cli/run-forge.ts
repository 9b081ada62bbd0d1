/**
 * `upkeep run OWNER/REPO… --platform gitea|github|gitlab`: each repository through the whole path on its
 * forge — PRs opened, updated, merged, closed — or, with `--dry-run`, everything read and nothing written.
 * Repositories from the arguments or the global config's `repositories`; one failing never stops the
 * others. Exit code 0 when every repository succeeded, 1 when any failed, 2 for a usage error.
 */
import { writeFile } from 'node:fs/promises';
import type { GlobalConfig } from '../config/global-config.js';
import { createRunContext } from '../lookup/context.js';
import { createPlatform } from '../platforms/registry.js';
import type { PlatformId } from '../platforms/types.js';
import { runForgeRepository } from '../repo/forge-run.js';
import type { Report } from '../report/report.js';
import { createClock } from '../util/clock.js';
import { print, printError, warn } from './output.js';

export interface ForgeRunCommand {
  platform: PlatformId;
  endpoint?: string;
  repositories: string[];
  dryRun: boolean;
  report?: string;
  gitAuthor?: string;
  cacheDir?: string;
}

function summary(report: Report): string {
  if (report.configErrors)
    return `${report.repository}: the config has errors; an issue says what to fix\n${report.configErrors.map((e) => `  ${e}\n`).join('')}`;
  const lines = [`${report.repository}: ${report.branches.length} branches`];
  for (const b of report.branches)
    lines.push(`  ${b.branchName}  ${b.title}  → ${b.action ?? 'nothing to do'}${b.pr ? ` (PR #${b.pr})` : ''}${b.error ? `  FAILED: ${b.error}` : ''}`);
  return `${lines.join('\n')}\n`;
}

export async function runOnForge(global: GlobalConfig, command: ForgeRunCommand): Promise<number> {
  if (!global.token) {
    printError(`upkeep: --platform ${command.platform} needs a token (UPKEEP_TOKEN or the global config's token)`);
    return 2;
  }
  if (command.repositories.length === 0) {
    printError('upkeep: no repository to run on: name them (OWNER/REPO) or list them in the global config (repositories)');
    return 2;
  }
  const clock = createClock();
  // One HTTP client for the forge API, with the run's host rules and redaction (the token included).
  const ctx = createRunContext(global, { clock });
  const reports: Report[] = [];
  let failed = false;
  try {
    const platform = createPlatform(command.platform, { token: global.token, http: ctx.http, ...(command.endpoint ? { endpoint: command.endpoint } : {}) });
    const bot = await platform.currentUser();
    for (const name of command.repositories) {
      try {
        const repo = await platform.repository(name);
        const result = await runForgeRepository({
          platform: repo,
          bot,
          global,
          clock,
          dryRun: command.dryRun,
          ...(command.gitAuthor ? { gitAuthor: command.gitAuthor } : {}),
          ...(command.cacheDir ? { cacheDir: command.cacheDir } : {}),
        });
        reports.push(result.report);
        for (const warning of result.report.warnings) warn(`${name}: ${warning}`);
        print(summary(result.report));
        failed ||= result.failed;
      } catch (err) {
        failed = true;
        printError(`upkeep: ${name}: ${ctx.http.redactor.redact((err as Error).message.split('\n')[0] ?? '')}`);
      }
    }
  } finally {
    await ctx.close();
  }
  if (command.report) {
    const content = reports.length === 1 ? reports[0] : reports;
    await writeFile(command.report, `${ctx.http.redactor.redact(JSON.stringify(content, null, 2))}\n`);
  }
  return failed ? 1 : 0;
}
