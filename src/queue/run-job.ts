/**
 * Runs the repository of one job through the whole path, as `upkeep run` does for one repository: a
 * working directory (`local`, always a dry run) or a forge repository. With a report directory the
 * report is written to `<dir>/<repository slug>.json` atomically (a temporary file renamed), so a reader
 * never sees half a report and a job killed mid-write leaves the previous one.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GlobalConfig } from '../config/global-config.js';
import { createRunContext } from '../lookup/context.js';
import { createPlatform } from '../platforms/registry.js';
import { runForgeRepository } from '../repo/forge-run.js';
import { runLocal } from '../repo/local-run.js';
import type { Report } from '../report/report.js';
import { createClock } from '../util/clock.js';
import { InputError } from '../util/errors.js';
import { repoSlug, type RepoJob } from './jobs.js';

export interface JobSettings {
  global: GlobalConfig;
  /** Forge jobs read and report only. (`local` jobs are always dry runs.) */
  dryRun: boolean;
  /** Where each job's report goes (`<dir>/<slug>.json`). */
  reportDir?: string;
  endpoint?: string;
  gitAuthor?: string;
  cacheDir?: string;
}

export interface JobOutcome {
  repository: string;
  /** The repository failed (lookups, a branch, its config): the job still completes; the report says why. */
  failed: boolean;
  branches: number;
  reportFile?: string;
  /** Wall time of the run, seconds. */
  seconds: number;
  /** HTTP requests to registries and forges (attempts), and the shared cache's fresh hits and loads. */
  requests: number;
  cacheHits: number;
  cacheMisses: number;
}

async function writeReport(dir: string, repository: string, report: Report, redact: (text: string) => string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${repoSlug(repository)}.json`);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${redact(JSON.stringify(report, null, 2))}\n`);
  await rename(temporary, file);
  return file;
}

export interface JobResult {
  outcome: JobOutcome;
  report: Report;
}

export async function runJob(job: RepoJob, settings: JobSettings): Promise<JobResult> {
  const clock = createClock();
  const started = performance.now();
  const ctx = createRunContext(settings.global, { clock });
  try {
    let report: Report;
    let failed: boolean;
    if (job.platform === 'local') {
      const result = await runLocal(job.repository, settings.global, { clock });
      report = result.report;
      failed = Boolean(report.configErrors) || report.deps.some((d) => d.status.kind === 'lookup-failed');
    } else {
      const token = settings.global.token;
      if (!token) throw new InputError(`--platform ${job.platform} needs a token (UPKEEP_TOKEN or the global config's token)`);
      const endpoint = settings.endpoint ?? settings.global.endpoint;
      const platform = await createPlatform(job.platform, { token, http: ctx.http, ...(endpoint ? { endpoint } : {}) });
      const result = await runForgeRepository({
        platform: await platform.repository(job.repository),
        forge: platform,
        bot: await platform.currentUser(),
        global: settings.global,
        clock,
        dryRun: settings.dryRun,
        ...(settings.gitAuthor ? { gitAuthor: settings.gitAuthor } : {}),
        ...(settings.cacheDir ? { cacheDir: settings.cacheDir } : {}),
      });
      report = result.report;
      failed = result.failed;
    }
    const outcome: JobOutcome = {
      repository: job.repository,
      failed,
      branches: report.branches.length,
      seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
      requests: ctx.http.countRequests(),
      cacheHits: ctx.cache.hits,
      cacheMisses: ctx.cache.misses,
    };
    if (settings.reportDir) outcome.reportFile = await writeReport(settings.reportDir, job.repository, report, (t) => ctx.http.redactor.redact(t));
    return { outcome, report: JSON.parse(ctx.http.redactor.redact(JSON.stringify(report))) as Report };
  } finally {
    await ctx.close();
  }
}
