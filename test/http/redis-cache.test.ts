import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Cache } from '../../src/http/cache.js';
import { RedisCacheStore } from '../../src/http/redis-cache.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../services/redis.js';
import { requireCommands } from '../services/require.js';

requireCommands(REDIS_COMMANDS).describe('RedisCacheStore against a real redis-server', () => {
  let redis: TestRedis;
  let client: Redis;
  let store: RedisCacheStore;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    store = new RedisCacheStore(client, 'upkeep:test:');
  });
  afterAll(async () => {
    await store?.close();
    await redis?.stop();
  });

  it('round-trips values under its prefix, namespace and key', async () => {
    const value = { releases: [{ version: '1.2.3', releaseTimestamp: '2024-01-01T00:00:00.000Z' }], note: 'ünïcode ✓', n: 42, none: null };
    await store.set('datasource-helm-index', 'https://charts.example.com/index.yaml', value, 600);
    expect(await store.get('datasource-helm-index', 'https://charts.example.com/index.yaml')).toEqual(value);
    expect(await client.get('upkeep:test:datasource-helm-index:https://charts.example.com/index.yaml')).toBe(JSON.stringify(value));
    expect(await store.get('datasource-helm-index', 'https://other.example.com/index.yaml')).toBeUndefined();
  });

  it('sets the TTL in Redis (whole seconds, at least one)', async () => {
    await store.set('ns', 'ttl', 'v', 600);
    await store.set('ns', 'fraction', 'v', 0.2);
    const ttl = await client.ttl('upkeep:test:ns:ttl');
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    expect(await client.ttl('upkeep:test:ns:fraction')).toBe(1);
  });

  it('lets a second Cache (another run or worker) use what the first one stored', async () => {
    let loads = 0;
    const load = async () => ({ value: { loaded: ++loads }, fetchedAt: Date.now(), etag: '"x"' });
    const run1 = new Cache(store);
    const run2 = new Cache(new RedisCacheStore(redis.url, 'upkeep:test:'));
    expect(await run1.get('ns', 'shared', 60, load)).toEqual({ loaded: 1 });
    expect(await run2.get('ns', 'shared', 60, load)).toEqual({ loaded: 1 });
    expect(loads).toBe(1);
    // Kept a week longer than fresh, for revalidation.
    expect(await client.ttl('upkeep:test:ns:shared')).toBeGreaterThan(7 * 24 * 3600);
    await run2.store.close?.();
  });
});
