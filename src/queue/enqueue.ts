/**
 * Puts repositories on the queue: one job per repository, deduplicated by the repository's key (BullMQ's
 * deduplication with `keepLastIfActive`): while a job for a repository waits, another add is a no-op;
 * while one runs, one follow-up is kept and starts when it ends. So a repository is never run twice at
 * once, and a nudge during a run is not lost. Finished jobs are kept (a bounded number) for the queue view.
 */
import { Queue } from 'bullmq';
import { QUEUE_NAME, QUEUE_PREFIX, repoKey, type RepoJob } from './jobs.js';
import type { RedisConnection } from '../util/redis.js';

export interface EnqueueResult {
  /** Queued to run. */
  added: string[];
  /** A job was already waiting: nothing added. */
  alreadyQueued: string[];
  /** Running now: it runs once more when the current run ends. */
  afterCurrent: string[];
}

export const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential' as const, delay: 30_000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
};

export async function enqueueRepositories(connection: RedisConnection, jobs: RepoJob[]): Promise<EnqueueResult> {
  const queue = new Queue<RepoJob>(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
  const result: EnqueueResult = { added: [], alreadyQueued: [], afterCurrent: [] };
  try {
    for (const job of jobs) {
      const key = repoKey(job);
      const existing = await queue.getDeduplicationJobId(key);
      const state = existing ? await queue.getJobState(existing) : undefined;
      await queue.add('repository', job, { ...JOB_OPTIONS, deduplication: { id: key, keepLastIfActive: true } });
      if (state === 'active') result.afterCurrent.push(key);
      else if (state && state !== 'unknown' && state !== 'completed' && state !== 'failed') result.alreadyQueued.push(key);
      else result.added.push(key);
    }
  } finally {
    await queue.close();
  }
  return result;
}
