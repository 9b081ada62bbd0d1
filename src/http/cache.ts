/**
 * One cache for every registry answer. A store keeps values by namespace and key with a time to live;
 * `Cache` adds single-flight loading (concurrent callers for one key share one request) and the
 * bookkeeping for revalidation (entries outlive their freshness so an ETag can be re-used).
 */
import { createClock } from '../util/clock.js';

export interface CacheStore {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  set(namespace: string, key: string, value: unknown, ttlSeconds: number): Promise<void>;
  close?(): Promise<void>;
}

/** In-process store, bounded in entries (oldest written dropped first). */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();

  constructor(
    private readonly maxEntries = 50_000,
    // A store made outside a run gets a clock of its own (src/util/clock.ts); a run passes its clock.
    private readonly now: () => number = createClock().now,
  ) {}

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const id = `${namespace}\0${key}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.value as T;
  }

  async set(namespace: string, key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const id = `${namespace}\0${key}`;
    this.entries.delete(id);
    this.entries.set(id, { value, expires: this.now() + ttlSeconds * 1000 });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** A cached value with the validators to revalidate it once it is stale. */
export interface CachedEntry<T> {
  value: T;
  /** When the value was fetched or last confirmed (ms since epoch). */
  fetchedAt: number;
  etag?: string;
  lastModified?: string;
}

export class Cache {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Lookups answered from the store while fresh, and those that had to load (for the run's metrics). */
  hits = 0;
  misses = 0;

  constructor(
    readonly store: CacheStore = new MemoryCacheStore(),
    /** The clock freshness is judged by; loaders stamp `fetchedAt` with it too. */
    readonly now: () => number = createClock().now,
  ) {}

  /**
   * The value for `key`: from the store while younger than `ttlSeconds`, else from `load`, which gets
   * the stale entry (if any) so it can revalidate. Concurrent calls for one key share one `load`.
   * Entries are kept `staleSeconds` longer than they are fresh, for revalidation.
   */
  async get<T>(
    namespace: string,
    key: string,
    ttlSeconds: number,
    load: (stale: CachedEntry<T> | undefined) => Promise<CachedEntry<T>>,
    staleSeconds = 7 * 24 * 3600,
  ): Promise<T> {
    const flightKey = `${namespace}\0${key}`;
    const pending = this.inFlight.get(flightKey);
    if (pending) return pending as Promise<T>;
    const promise = (async () => {
      const cached = await this.store.get<CachedEntry<T>>(namespace, key);
      if (cached && this.now() - cached.fetchedAt < ttlSeconds * 1000) {
        this.hits++;
        return cached.value;
      }
      this.misses++;
      const entry = await load(cached);
      if (ttlSeconds > 0) await this.store.set(namespace, key, entry, ttlSeconds + staleSeconds);
      return entry.value;
    })();
    this.inFlight.set(flightKey, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  /** Store a value whose lifetime is known only once it is loaded (e.g. a token that says when it expires). */
  async set<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0) await this.store.set(namespace, key, { value, fetchedAt: this.now() } satisfies CachedEntry<T>, ttlSeconds);
  }

  /** A plain value: cached for `ttlSeconds`, loaded once for concurrent callers. */
  remember<T>(namespace: string, key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    return this.get<T>(namespace, key, ttlSeconds, async () => ({ value: await load(), fetchedAt: this.now() }), 0);
  }
}
