/** The shared HTTP client and cache for a run, built from the global config. */
import type { GlobalConfig } from '../config/global-config.js';
import type { DatasourceContext } from '../datasources/types.js';
import { Cache, MemoryCacheStore, type CacheStore } from '../http/cache.js';
import { HttpClient } from '../http/client.js';
import { secretsOf } from '../http/host-rules.js';
import { Redactor } from '../util/redact.js';
import { RedisCacheStore } from '../http/redis-cache.js';
import { createClock, type Clock } from '../util/clock.js';

export interface RunContext extends DatasourceContext {
  close(): Promise<void>;
}

/**
 * `clock` is the run's one clock (default: one starting now); the cache's freshness, registry tokens and
 * rate-limit windows read it, and so does every decision made with this context.
 */
export function createRunContext(config: GlobalConfig, options: { store?: CacheStore; clock?: Clock } = {}): RunContext {
  const clock = options.clock ?? createClock();
  const store = options.store;
  const redactor = new Redactor([...secretsOf(config.hostRules), ...(config.token ? [config.token] : [])]);
  const http = new HttpClient({ hostRules: config.hostRules, redactor, now: clock.now });
  const cacheStore: CacheStore = store ?? (config.redisUrl ? new RedisCacheStore(config.redisUrl) : new MemoryCacheStore());
  const defaultRegistryUrls: DatasourceContext['defaultRegistryUrls'] = {};
  if (config.platform === 'github' && config.endpoint) defaultRegistryUrls['github-tags'] = config.endpoint;
  if (config.platform === 'gitea' && config.endpoint) defaultRegistryUrls['gitea-tags'] = config.endpoint;
  if (config.platform === 'gitlab' && config.endpoint) defaultRegistryUrls['gitlab-tags'] = config.endpoint;
  return {
    http,
    clock,
    defaultRegistryUrls,
    cache: new Cache(cacheStore, clock.now),
    // Digests of mutable tags are shared within this run only, never across runs.
    runCache: new Cache(new MemoryCacheStore(undefined, clock.now), clock.now),
    close: async () => {
      http.close();
      await cacheStore.close?.();
    },
  };
}
