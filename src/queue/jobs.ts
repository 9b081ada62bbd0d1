/**
 * What a job on the `upkeep` queue holds: one repository to run, on a forge (`OWNER/REPO`) or, with the
 * local platform, a working directory (an absolute path). A job's key names the repository; the queue
 * deduplicates by it, so one repository has at most one job waiting or running.
 */
import { isAbsolute } from 'node:path';
import type { PlatformId } from '../platforms/types.js';
import { InputError } from '../util/errors.js';

export const QUEUE_NAME = 'upkeep';
/**
 * BullMQ's key prefix, in braces: a Redis Cluster hash tag, so every key of the queue lands in one slot
 * (BullMQ's scripts touch several keys at once). The same on a single server, so a move to a cluster
 * keeps the queue. Every Queue and Worker must use it.
 */
export const QUEUE_PREFIX = '{bull}';

export interface RepoJob {
  platform: PlatformId | 'local';
  /** `owner/name` on a forge; an absolute directory path for `local`. */
  repository: string;
}

/** The repository's key: what deduplication and the per-repository lock are about. */
export const repoKey = (job: RepoJob): string => `${job.platform}:${job.repository}`;

/** A file name for the repository's report: its path with every run of other characters as one `-`. */
export function repoSlug(repository: string): string {
  const slug = repository
    .replace(/^\/+/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return slug || 'repository';
}

/** Checks a job as it comes off the queue (anything may have written to Redis). */
export function parseJob(data: unknown): RepoJob {
  const job = data as Partial<RepoJob> | null;
  const platforms = ['local', 'gitea', 'github', 'gitlab'];
  if (!job || typeof job.repository !== 'string' || !job.repository || !platforms.includes(String(job.platform)))
    throw new InputError(`not an Upkeep job: ${JSON.stringify(data).slice(0, 120)}`);
  if (job.platform === 'local' && !isAbsolute(job.repository)) throw new InputError(`local job: "${job.repository}" is not an absolute path`);
  return { platform: job.platform as RepoJob['platform'], repository: job.repository };
}
