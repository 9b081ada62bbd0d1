/**
 * `upkeep worker` and `upkeep enqueue`: the BullMQ queue on Redis (REDIS_URL or the global config's
 * redisUrl). `enqueue` puts repositories on the queue (forge `OWNER/REPO`s, or directories with
 * `--platform local`), deduplicated per repository; `worker` runs them until SIGTERM/SIGINT, then lets the
 * current jobs finish within the grace period and hands back what did not.
 */
import { resolve } from 'node:path';
import { loadGlobalConfig } from '../config/global-config.js';
import { redisConnection } from '../queue/connection.js';
import { enqueueRepositories } from '../queue/enqueue.js';
import type { RepoJob } from '../queue/jobs.js';
import { startWorker } from '../queue/worker.js';
import { InputError } from '../util/errors.js';
import { print, printError } from './output.js';

const PLATFORMS = ['local', 'gitea', 'github', 'gitlab'] as const;

function platformOf(option: string | undefined, configured: string | undefined): RepoJob['platform'] {
  const platform = option ?? configured ?? 'local';
  if (!(PLATFORMS as readonly string[]).includes(platform)) throw new InputError(`--platform ${platform}: not one of ${PLATFORMS.join(', ')}`);
  return platform as RepoJob['platform'];
}

export interface EnqueueCommandOptions {
  platform?: string;
  config?: string;
}

export async function runEnqueue(targets: string[], options: EnqueueCommandOptions): Promise<number> {
  const global = await loadGlobalConfig(options.config);
  const platform = platformOf(options.platform, global.platform);
  const named = targets.length > 0 ? targets : (global.repositories ?? []);
  if (named.length === 0) {
    printError('upkeep: enqueue: name the repositories (OWNER/REPO, or directories with --platform local)');
    return 2;
  }
  const jobs = named.map((repository) => ({ platform, repository: platform === 'local' ? resolve(repository) : repository }));
  const connection = redisConnection(global.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    const result = await enqueueRepositories(connection, jobs);
    for (const key of result.added) print(`queued ${key}\n`);
    for (const key of result.alreadyQueued) print(`already queued ${key}\n`);
    for (const key of result.afterCurrent) print(`running now; queued once more after it: ${key}\n`);
  } finally {
    connection.disconnect();
  }
  return 0;
}

export interface WorkerCommandOptions {
  config?: string;
  endpoint?: string;
  dryRun?: boolean;
  reportDir?: string;
  concurrency?: string;
  grace?: string;
  gitAuthor?: string;
  cacheDir?: string;
  lockDuration?: string;
  stalledInterval?: string;
}

const positive = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`${name} ${value}: not a positive whole number`);
  return n;
};

export async function runWorker(options: WorkerCommandOptions): Promise<number> {
  const global = await loadGlobalConfig(options.config);
  const connection = redisConnection(global.redisUrl);
  const graceMs = positive(options.grace, '--grace', 60) * 1000;
  const running = await startWorker({
    connection,
    global,
    dryRun: options.dryRun ?? false,
    concurrency: positive(options.concurrency, '--concurrency', 1),
    lockDurationMs: positive(options.lockDuration, '--lock-duration', 30_000),
    stalledIntervalMs: positive(options.stalledInterval, '--stalled-interval', 30_000),
    ...(options.reportDir ? { reportDir: resolve(options.reportDir) } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.gitAuthor ? { gitAuthor: options.gitAuthor } : {}),
    ...(options.cacheDir ? { cacheDir: resolve(options.cacheDir) } : {}),
    log: (line) => print(`${line}\n`),
  });
  print(`upkeep worker: waiting for jobs on the upkeep queue\n`);
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      print(`upkeep worker: ${signal}: finishing the current jobs (up to ${graceMs / 1000} s)\n`);
      void running.stop(graceMs).finally(done);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  connection.disconnect();
  return 0;
}
