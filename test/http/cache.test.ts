import { describe, expect, it } from 'vitest';
import { Cache, MemoryCacheStore, type CachedEntry } from '../../src/http/cache.js';

function clock(start = Date.UTC(2025, 0, 1)) {
  const c = { t: start, now: () => c.t };
  return c;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Cache.get', () => {
  it('shares one load among concurrent callers for one key (single flight)', async () => {
    const c = clock();
    const cache = new Cache(new MemoryCacheStore(100, c.now), c.now);
    const gate = deferred<string>();
    let loads = 0;
    const load = async () => {
      loads++;
      return { value: await gate.promise, fetchedAt: c.now() };
    };
    const callers = Array.from({ length: 10 }, () => cache.get('ns', 'k', 60, load));
    const other = cache.get('ns', 'other', 60, async () => ({ value: 'other', fetchedAt: c.now() }));
    gate.resolve('shared');
    expect(await Promise.all(callers)).toEqual(Array(10).fill('shared'));
    expect(await other).toBe('other');
    expect(loads).toBe(1);
  });

  it('serves a fresh entry without loading, and hands a stale one to the loader for revalidation', async () => {
    const c = clock();
    const cache = new Cache(new MemoryCacheStore(100, c.now), c.now);
    const seen: (CachedEntry<number> | undefined)[] = [];
    let n = 0;
    const load = async (stale: CachedEntry<number> | undefined) => {
      seen.push(stale);
      return { value: ++n, fetchedAt: c.now(), etag: `"v${n}"` };
    };
    expect(await cache.get('ns', 'k', 60, load)).toBe(1);
    c.t += 59_000;
    expect(await cache.get('ns', 'k', 60, load)).toBe(1);
    c.t += 2_000;
    expect(await cache.get('ns', 'k', 60, load)).toBe(2);
    expect(seen).toEqual([undefined, { value: 1, fetchedAt: Date.UTC(2025, 0, 1), etag: '"v1"' }]);
    // Counted for the run's metrics: one fresh hit, two loads.
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
  });

  it('keeps entries for revalidation until staleSeconds after they stop being fresh', async () => {
    const c = clock();
    const cache = new Cache(new MemoryCacheStore(100, c.now), c.now);
    const seen: (CachedEntry<string> | undefined)[] = [];
    const load = async (stale: CachedEntry<string> | undefined) => {
      seen.push(stale);
      return { value: 'v', fetchedAt: c.now() };
    };
    await cache.get('ns', 'k', 10, load, 100);
    c.t += 109_000;
    await cache.get('ns', 'k', 10, load, 100); // stale, still kept
    c.t += 111_000;
    await cache.get('ns', 'k', 10, load, 100); // gone from the store
    expect(seen.map((s) => s?.value)).toEqual([undefined, 'v', undefined]);
  });

  it('does not cache a failed load, and the next caller loads again', async () => {
    const cache = new Cache();
    let n = 0;
    const load = async () => {
      n++;
      if (n === 1) throw new Error('registry down');
      return { value: 'ok', fetchedAt: Date.now() };
    };
    const [a, b] = await Promise.allSettled([cache.get('ns', 'k', 60, load), cache.get('ns', 'k', 60, load)]);
    expect([a.status, b.status]).toEqual(['rejected', 'rejected']);
    expect((a as PromiseRejectedResult).reason.message).toBe('registry down');
    expect(await cache.get('ns', 'k', 60, load)).toBe('ok');
    expect(n).toBe(2);
  });

  it('never stores what is asked with a TTL of 0, but still shares the one in flight', async () => {
    const cache = new Cache();
    let n = 0;
    const load = async () => ({ value: ++n, fetchedAt: Date.now() });
    expect(await Promise.all([cache.get('ns', 'k', 0, load), cache.get('ns', 'k', 0, load)])).toEqual([1, 1]);
    expect(await cache.get('ns', 'k', 0, load)).toBe(2);
    expect(await cache.store.get('ns', 'k')).toBeUndefined();
  });
});

describe('Cache.remember', () => {
  it('loads a plain value once per TTL', async () => {
    const c = clock();
    const cache = new Cache(new MemoryCacheStore(100, c.now), c.now);
    let n = 0;
    const load = async () => ({ token: `t${++n}` });
    expect(await Promise.all([cache.remember('tokens', 'scope', 300, load), cache.remember('tokens', 'scope', 300, load)])).toEqual([
      { token: 't1' },
      { token: 't1' },
    ]);
    c.t += 299_000;
    expect(await cache.remember('tokens', 'scope', 300, load)).toEqual({ token: 't1' });
    c.t += 2_000;
    expect(await cache.remember('tokens', 'scope', 300, load)).toEqual({ token: 't2' });
  });
});

describe('MemoryCacheStore', () => {
  it('expires entries and keys them by namespace', async () => {
    const c = clock();
    const store = new MemoryCacheStore(100, c.now);
    await store.set('a', 'k', 1, 10);
    await store.set('b', 'k', 2, 10);
    expect([await store.get('a', 'k'), await store.get('b', 'k')]).toEqual([1, 2]);
    c.t += 10_000;
    expect(await store.get('a', 'k')).toBeUndefined();
  });

  it('drops the oldest written entry beyond its bound (a rewrite makes an entry young again)', async () => {
    const store = new MemoryCacheStore(2);
    await store.set('ns', 'a', 'A', 60);
    await store.set('ns', 'b', 'B', 60);
    await store.set('ns', 'a', 'A2', 60);
    await store.set('ns', 'c', 'C', 60);
    expect([await store.get('ns', 'a'), await store.get('ns', 'b'), await store.get('ns', 'c')]).toEqual(['A2', undefined, 'C']);
  });
});
