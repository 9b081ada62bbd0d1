/** The shared HTTP client and cache for a run, built from the global config. */
import type { GlobalConfig } from '../config/global-config.js';
import type { DatasourceContext } from '../datasources/types.js';
import { Cache, MemoryCacheStore, type CacheStore } from '../http/cache.js';
import { HttpClient } from '../http/client.js';
import { secretsOf } from '../http/host-rules.js';
import { Redactor } from '../http/redact.js';
import { RedisCacheStore } from '../http/redis-cache.js';

export interface RunContext extends DatasourceContext {
  close(): Promise<void>;
}

export function createRunContext(config: GlobalConfig, store?: CacheStore): RunContext {
  const redactor = new Redactor([...secretsOf(config.hostRules), ...(config.token ? [config.token] : [])]);
  const http = new HttpClient({ hostRules: config.hostRules, redactor });
  const cacheStore: CacheStore = store ?? (config.redisUrl ? new RedisCacheStore(config.redisUrl) : new MemoryCacheStore());
  const defaultRegistryUrls: DatasourceContext['defaultRegistryUrls'] = {};
  if (config.platform === 'github' && config.endpoint) defaultRegistryUrls['github-tags'] = config.endpoint;
  if (config.platform === 'gitea' && config.endpoint) defaultRegistryUrls['gitea-tags'] = config.endpoint;
  if (config.platform === 'gitlab' && config.endpoint) defaultRegistryUrls['gitlab-tags'] = config.endpoint;
  return {
    http,
    defaultRegistryUrls,
    cache: new Cache(cacheStore),
    // Digests of mutable tags are shared within this run only, never across runs.
    runCache: new Cache(new MemoryCacheStore()),
    close: async () => {
      await cacheStore.close?.();
    },
  };
}
