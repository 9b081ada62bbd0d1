/**
 * `upkeep worker`, `enqueue`, `schedule` and `serve`: the BullMQ queue on Redis (REDIS_URL or the
 * global config's redisUrl). `enqueue` puts repositories on the queue (forge `OWNER/REPO`s, or directories with
 * `--platform local`), deduplicated per repository; `worker` runs them until SIGTERM/SIGINT, then lets the
 * current jobs finish within the grace period and hands back what did not.
 */
import { resolve } from 'node:path';
import { loadGlobalConfig, type GlobalConfig } from '../config/global-config.js';
import { createRunContext } from '../lookup/context.js';
import { createPlatform } from '../platforms/registry.js';
import { createClock } from '../util/clock.js';
import { redisConnection } from '../util/redis.js';
import { enqueueRepositories } from '../queue/enqueue.js';
import type { RepoJob } from '../queue/jobs.js';
import { syncSchedulers } from '../queue/schedule.js';
import { startWorker } from '../queue/worker.js';
import { startServer } from '../server/serve.js';
import { InputError } from '../util/errors.js';
import { createLogger } from '../util/logger.js';
import { Redactor } from '../util/redact.js';
import { print, printError } from './output.js';

const PLATFORMS = ['local', 'gitea', 'github', 'gitlab'] as const;

/** The service log, told every secret of the global config. */
function logFor(global: GlobalConfig) {
  const redactor = new Redactor([global.token ?? '', ...global.hostRules.flatMap((r) => [r.password ?? '', r.token ?? ''])]);
  return createLogger({ redactor });
}

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
  const logger = logFor(global);
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
    log: (message, fields) => logger.info(fields ?? {}, message),
  });
  logger.info('upkeep worker: waiting for jobs on the upkeep queue');
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      logger.info({ signal }, `upkeep worker: ${signal}: finishing the current jobs (up to ${graceMs / 1000} s)`);
      void running.stop(graceMs).finally(done);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  connection.disconnect();
  return 0;
}

export interface ScheduleCommandOptions {
  platform?: string;
  config?: string;
  endpoint?: string;
  once?: boolean;
  resync?: string;
}

/** The repositories to schedule: named, configured, or autodiscovered on the forge (again on every sync). */
async function scheduledRepositories(platform: RepoJob['platform'], targets: string[], global: GlobalConfig, endpoint: string | undefined): Promise<string[]> {
  if (targets.length > 0) return targets.map((t) => (platform === 'local' ? resolve(t) : t));
  if (global.repositories?.length) return global.repositories.map((t) => (platform === 'local' ? resolve(t) : t));
  if (platform === 'local' || !global.autodiscover) return [];
  if (!global.token) throw new InputError(`--platform ${platform} needs a token (UPKEEP_TOKEN or the global config's token)`);
  const ctx = createRunContext(global, { clock: createClock() });
  try {
    const forge = await createPlatform(platform, { token: global.token, http: ctx.http, ...(endpoint ? { endpoint } : {}) });
    const filter = global.autodiscoverFilter;
    return await forge.listRepositories(filter ? { patterns: Array.isArray(filter) ? filter : [filter] } : {});
  } finally {
    await ctx.close();
  }
}

/**
 * `upkeep schedule`: one job scheduler per repository on its cron pattern; repositories that are gone
 * lose theirs. With `--once` it syncs and exits; otherwise it syncs again every `--resync` minutes
 * (autodiscovery finds new repositories) until SIGTERM.
 */
export async function runSchedule(targets: string[], options: ScheduleCommandOptions): Promise<number> {
  const global = await loadGlobalConfig(options.config);
  const logger = logFor(global);
  const platform = platformOf(options.platform, global.platform);
  const endpoint = options.endpoint ?? global.endpoint;
  const connection = redisConnection(global.redisUrl);
  const resyncMs = positive(options.resync, '--resync', 60) * 60_000;
  const sync = async () => {
    const repositories = await scheduledRepositories(platform, targets, global, endpoint);
    const result = await syncSchedulers(connection, {
      jobs: repositories.map((repository) => ({ platform, repository })),
      pattern: global.scheduleCron ?? '0 * * * *',
      ...(global.scheduleTimezone ? { tz: global.scheduleTimezone } : {}),
      ...(global.repositorySchedules ? { overrides: global.repositorySchedules } : {}),
    });
    logger.info(
      { repositories: repositories.length, changed: result.upserted.length, unchanged: result.unchanged.length, removed: result.removed },
      `upkeep schedule: ${repositories.length} repositories; ${result.upserted.length} scheduled or changed, ${result.unchanged.length} unchanged, ${result.removed.length} removed`,
    );
  };
  try {
    await sync();
    if (options.once) return 0;
    await new Promise<void>((done) => {
      const timer = setInterval(() => void sync().catch((err: Error) => logger.error(`upkeep schedule: ${err.message.split('\n')[0]}`)), resyncMs);
      const stop = () => {
        clearInterval(timer);
        done();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    return 0;
  } finally {
    connection.disconnect();
  }
}

/** `upkeep serve`: /healthz, /readyz, /metrics, the status page and each repository's last report. */
export async function runServe(options: { config?: string; port?: string; host?: string }): Promise<number> {
  const global = await loadGlobalConfig(options.config);
  const logger = logFor(global);
  // Fail fast while Redis is away (the page and /readyz say so) instead of queueing commands.
  const connection = redisConnection(global.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const port = options.port === undefined ? 8080 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port ${options.port}: not a port number`);
  const server = await startServer({ redis: connection, port, ...(options.host ? { host: options.host } : {}) });
  logger.info({ url: server.url }, `upkeep serve: listening on ${server.url} (/, /healthz, /readyz, /metrics)`);
  await new Promise<void>((done) => {
    process.once('SIGTERM', () => done());
    process.once('SIGINT', () => done());
  });
  await server.close();
  connection.disconnect();
  return 0;
}
