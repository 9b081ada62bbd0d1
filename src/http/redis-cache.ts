/**
 * Redis-backed cache store, shared by every worker and every run within the TTL. ioredis is loaded when a
 * Redis URL is first used (a run without one never loads it: startup is a good part of a small run).
 */
import type { RedisConnection } from '../util/redis.js';
import type { CacheStore } from './cache.js';

export class RedisCacheStore implements CacheStore {
  private connection: Promise<RedisConnection> | undefined;

  constructor(
    private readonly redis: RedisConnection | string,
    private readonly prefix = 'upkeep:cache:',
  ) {
    if (typeof redis !== 'string') this.connection = Promise.resolve(redis);
  }

  private connect(): Promise<RedisConnection> {
    const url = this.redis as string;
    // A cache that cannot answer is a miss, not a wait: few retries (REDIS_URL may name Sentinels too).
    this.connection ??= import('../util/redis.js').then(({ redisConnection }) => redisConnection(url, { lazyConnect: false, maxRetriesPerRequest: 2 }));
    return this.connection;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const raw = await (await this.connect()).get(`${this.prefix}${namespace}:${key}`);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(namespace: string, key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await (await this.connect()).set(`${this.prefix}${namespace}:${key}`, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async close(): Promise<void> {
    if (this.connection) await (await this.connection).quit();
  }
}
