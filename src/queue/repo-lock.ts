/**
 * A lock per repository in Redis, so that no repository runs on two workers at once even when jobs for
 * it come from two producers (a job scheduler's run and an `enqueue` nudge). `SET key token NX PX ttl`,
 * renewed while the run lasts, released only by its holder (compare-and-delete in one script). A worker
 * that dies stops renewing: the lock expires after `ttlMs` and the repository is free again.
 */
import { randomBytes } from 'node:crypto';
import type { RedisConnection } from '../util/redis.js';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export const LOCKED = Symbol('locked');

export async function withRepoLock<T>(redis: RedisConnection, key: string, ttlMs: number, run: () => Promise<T>): Promise<T | typeof LOCKED> {
  const lockKey = `upkeep:lock:${key}`;
  const token = randomBytes(16).toString('hex');
  if ((await redis.set(lockKey, token, 'PX', ttlMs, 'NX')) !== 'OK') return LOCKED;
  const renew = setInterval(() => void redis.eval(RENEW, 1, lockKey, token, String(ttlMs)).catch(() => undefined), Math.max(100, Math.floor(ttlMs / 3)));
  try {
    return await run();
  } finally {
    clearInterval(renew);
    await redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
  }
}
