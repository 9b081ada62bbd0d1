/**
 * GET with the cache: fresh entries are served without a request; stale ones are revalidated with
 * `If-None-Match` / `If-Modified-Since`, and a 304 keeps the cached (already parsed) value. What is
 * cached is the parsed result, never the raw document (a Helm index is tens of MB; its charts are not).
 * When the host fails (5xx, reset, timeout) and a stale value exists, the stale value is served.
 */
import type { Cache, CachedEntry } from './cache.js';
import { ExternalHostError, HttpStatusError } from '../util/errors.js';
import type { HttpClient, HttpOptions, HttpResponse } from './client.js';

export interface CachedGetOptions<T> extends HttpOptions {
  namespace: string;
  ttlSeconds: number;
  /** Key in the namespace (default: the URL). */
  key?: string;
  parse: (response: HttpResponse) => T | Promise<T>;
}

export async function cachedGet<T>(http: HttpClient, cache: Cache, url: string, options: CachedGetOptions<T>): Promise<T> {
  const { namespace, ttlSeconds, key = url, parse, ...request } = options;
  return cache.get<T>(namespace, key, ttlSeconds, async (stale: CachedEntry<T> | undefined) => {
    const headers = { ...(request.headers ?? {}) };
    if (stale?.etag) headers['if-none-match'] = stale.etag;
    if (stale?.lastModified) headers['if-modified-since'] = stale.lastModified;
    let res: HttpResponse;
    try {
      res = await http.request(url, { ...request, method: 'GET', headers });
    } catch (err) {
      // The host is down or overloaded (retries spent): a stale answer beats none. Its fetchedAt stays
      // old, so the next call tries the host again. A 4xx is an answer, not an outage: it is thrown.
      if (stale && err instanceof ExternalHostError && !(err instanceof HttpStatusError)) return stale;
      throw err;
    }
    if (res.status === 304 && stale) return { ...stale, fetchedAt: cache.now() };
    const entry: CachedEntry<T> = { value: await parse(res), fetchedAt: cache.now() };
    if (res.headers.etag) entry.etag = res.headers.etag;
    if (res.headers['last-modified']) entry.lastModified = res.headers['last-modified'];
    return entry;
  });
}
