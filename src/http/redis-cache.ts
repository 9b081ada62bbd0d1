/**
 * Redis-backed cache store, shared by every worker and every run within the TTL.
 */
import { redisConnection, type RedisConnection } from '../util/redis.js';
import type { CacheStore } from './cache.js';

export class RedisCacheStore implements CacheStore {
  private readonly redis: RedisConnection;

  constructor(
    redis: RedisConnection | string,
    private readonly prefix = 'upkeep:cache:',
  ) {
    // A cache that cannot answer is a miss, not a wait: few retries (REDIS_URL may name Sentinels too).
    this.redis = typeof redis === 'string' ? redisConnection(redis, { lazyConnect: false, maxRetriesPerRequest: 2 }) : redis;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const raw = await this.redis.get(`${this.prefix}${namespace}:${key}`);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(namespace: string, key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}${namespace}:${key}`, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
