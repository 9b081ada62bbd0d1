/**
 * A worker on the `upkeep` queue: takes one repository job at a time per slot (`concurrency`), runs it
 * (run-job.ts) and reports one line per repository. BullMQ keeps a lock on each active job and renews it
 * while the job runs; a worker that dies (SIGKILL, a lost node) stops renewing, the job is found stalled
 * after `lockDuration` and another worker runs it again from the start — every stage is idempotent, so
 * the outcome is the one an uninterrupted run gives. Jobs are deduplicated per repository when they are
 * added (enqueue.ts), and a lock per repository (repo-lock.ts) holds back a second job for a repository
 * that runs already (a scheduled run meeting a nudge): it waits, delayed, and runs after.
 *
 * `stop(graceMs)` (SIGTERM) lets the current jobs finish for up to `graceMs`, then closes anyway: those
 * jobs are handed back (found stalled and run by another worker). A Redis that goes away is waited for:
 * the connection retries forever and the worker carries on when it is back.
 */
import { DelayedError, Worker, type Job } from 'bullmq';
import { createClock } from '../util/clock.js';
import { parseJob, QUEUE_NAME, QUEUE_PREFIX, repoKey, type RepoJob } from './jobs.js';
import { LOCKED, withRepoLock } from './repo-lock.js';
import { recordRun, statusOf } from './status.js';
import { runJob, type JobOutcome, type JobSettings } from './run-job.js';
import type { RedisConnection } from '../util/redis.js';

export interface WorkerOptions extends JobSettings {
  connection: RedisConnection;
  concurrency?: number;
  /** How long a job's lock lasts without renewal (default 30 s): how soon a dead worker's job is taken over. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 30 s). Give every worker of a queue the same: each check holds the others' off for its interval. */
  stalledIntervalMs?: number;
  /** One entry per event (a repository done, failed, handed back): a message and its fields. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface RunningWorker {
  readonly worker: Worker<RepoJob, JobOutcome>;
  /** Finishes the current jobs within `graceMs`, then closes; returns whether they finished. */
  stop(graceMs: number): Promise<boolean>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? (() => {});
  const lockMs = options.lockDurationMs ?? 30_000;
  const processor = async (job: Job<RepoJob, JobOutcome>, token?: string): Promise<JobOutcome> => {
    const repo = parseJob(job.data);
    const key = repoKey(repo);
    const result = await withRepoLock(options.connection, key, lockMs, async () => {
      try {
        const done = await runJob(repo, options);
        // For `upkeep serve`: the repository's last run and report, and the counters.
        await recordRun(
          options.connection,
          statusOf(key, repo.platform, repo.repository, createClock().startedAt.toISOString(), done.report, done.outcome.failed),
          done.report,
          done.outcome,
        );
        return done.outcome;
      } catch (err) {
        const problem = (err as Error).message.split('\n')[0] ?? 'error';
        const at = createClock().startedAt.toISOString();
        await recordRun(options.connection, {
          key,
          platform: repo.platform,
          repository: repo.repository,
          finishedAt: at,
          outcome: 'error',
          branches: 0,
          pending: 0,
          openPrs: 0,
          merged: 0,
          deps: {},
          problems: [problem],
        }).catch(() => undefined);
        throw err;
      }
    });
    if (result !== LOCKED) return result;
    // Another worker is running this repository (a scheduled run and a nudge at once): try again later.
    log(`${repo.repository}: running on another worker; this job waits`, { repository: repo.repository });
    await job.moveToDelayed(createClock().now() + Math.min(lockMs, 15_000), token);
    throw new DelayedError();
  };
  const worker = new Worker<RepoJob, JobOutcome>(QUEUE_NAME, processor, {
    connection: options.connection,
    prefix: QUEUE_PREFIX,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // A job found stalled is run again once; a worker that keeps dying on it fails it instead of looping.
    maxStalledCount: 2,
  });
  worker.on('completed', (job, outcome) =>
    log(
      `${job.data.repository}: ${outcome.failed ? 'done with failures' : 'done'}, ${outcome.branches} branches${outcome.reportFile ? ` (report ${outcome.reportFile})` : ''}`,
    ),
  );
  worker.on('failed', (job, err) => log(`${job?.data.repository ?? 'a job'}: failed: ${err.message.split('\n')[0]}`));
  worker.on('stalled', (id) => log(`job ${id}: its worker stopped answering; run again`));
  worker.on('error', (err) => log(`worker: ${err.message.split('\n')[0]}`));
  await worker.waitUntilReady();
  return {
    worker,
    async stop(graceMs: number): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const graceful = worker.close().then(() => true);
      const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
      const finished = await Promise.race([graceful, timeout]);
      clearTimeout(timer);
      if (!finished) {
        log(`stopping: the current jobs did not finish within ${Math.round(graceMs / 1000)} s; handed back to the queue`);
        await worker.close(true);
      }
      return finished;
    },
  };
}
