/**
 * Keeps one BullMQ job scheduler per repository: each runs its repository on a cron pattern (the global
 * default, or the repository's own). Repositories that are gone lose their scheduler. Syncing is
 * idempotent: a scheduler whose pattern, time zone and job are unchanged is left as it is (its next run
 * time too); only what differs is written.
 */
import { Queue } from 'bullmq';
import { Cron } from 'croner';
import { InputError } from '../util/errors.js';
import { QUEUE_NAME, QUEUE_PREFIX, repoKey, type RepoJob } from './jobs.js';
import { JOB_OPTIONS } from './enqueue.js';
import type { RedisConnection } from '../util/redis.js';

const PREFIX = 'repo:';

export interface ScheduleSpec {
  jobs: RepoJob[];
  /** Cron pattern for every repository (5 fields, or 6 with seconds). */
  pattern: string;
  /** IANA time zone of the patterns (default UTC). */
  tz?: string;
  /** Per repository (`owner/name` or directory path): its own pattern. */
  overrides?: Record<string, string>;
}

export interface SyncResult {
  upserted: string[];
  unchanged: string[];
  removed: string[];
}

/** A clear error for a pattern that is not cron, naming where it came from. */
function checkPattern(pattern: string, where: string, tz: string | undefined): void {
  try {
    new Cron(pattern, { paused: true, ...(tz ? { timezone: tz } : {}) }).stop();
  } catch (err) {
    throw new InputError(`${where}: "${pattern}" is not a cron pattern (${(err as Error).message})`);
  }
}

export async function syncSchedulers(connection: RedisConnection, spec: ScheduleSpec): Promise<SyncResult> {
  checkPattern(spec.pattern, 'scheduleCron', spec.tz);
  for (const [repo, pattern] of Object.entries(spec.overrides ?? {})) checkPattern(pattern, `repositorySchedules["${repo}"]`, spec.tz);
  const queue = new Queue<RepoJob>(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
  const result: SyncResult = { upserted: [], unchanged: [], removed: [] };
  try {
    const existing = new Map((await queue.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
    const wanted = new Set<string>();
    for (const job of spec.jobs) {
      const id = `${PREFIX}${repoKey(job)}`;
      wanted.add(id);
      const pattern = spec.overrides?.[job.repository] ?? spec.pattern;
      const current = existing.get(id);
      const same = current?.pattern === pattern && (current.tz ?? undefined) === spec.tz && JSON.stringify(current.template?.data) === JSON.stringify(job);
      if (same) {
        result.unchanged.push(repoKey(job));
        continue;
      }
      await queue.upsertJobScheduler(id, { pattern, ...(spec.tz ? { tz: spec.tz } : {}) }, { name: 'repository', data: job, opts: JOB_OPTIONS });
      result.upserted.push(repoKey(job));
    }
    for (const id of existing.keys()) {
      if (!id.startsWith(PREFIX) || wanted.has(id)) continue;
      await queue.removeJobScheduler(id);
      result.removed.push(id.slice(PREFIX.length));
    }
  } finally {
    await queue.close();
  }
  return result;
}
