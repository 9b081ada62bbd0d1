import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { cachedGet } from '../../src/http/cached-get.js';
import { HttpClient } from '../../src/http/client.js';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startHttpServer();
});
afterAll(() => server.stop());

function setup() {
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const parsed: string[] = [];
  const http = new HttpClient({ retryBaseMs: 1 });
  const cache = new Cache(new MemoryCacheStore(100, now), now);
  const get = (path: string) =>
    cachedGet(http, cache, `${server.url}${path}`, {
      namespace: 'test',
      ttlSeconds: 60,
      parse: (res) => {
        parsed.push(res.text());
        return { words: res.text().split(' ') };
      },
    });
  return { clock, parsed, get, http };
}

describe('cachedGet', () => {
  it('fetches once while fresh; once stale, revalidates with If-None-Match and keeps the parsed value on 304', async () => {
    server.file('/etag.txt', 'alpha beta', { etag: '"e1"' });
    const { clock, parsed, get } = setup();
    const first = await get('/etag.txt');
    expect(first).toEqual({ words: ['alpha', 'beta'] });
    expect(await get('/etag.txt')).toBe(first);
    clock.offset = 61_000;
    expect(await get('/etag.txt')).toBe(first);
    expect(parsed).toEqual(['alpha beta']);
    expect(server.requests.filter((r) => r.path === '/etag.txt').map((r) => [r.status, r.headers['if-none-match']])).toEqual([
      [200, undefined],
      [304, '"e1"'],
    ]);
    // After the 304 the entry is fresh again.
    clock.offset = 90_000;
    await get('/etag.txt');
    expect(server.count('/etag.txt')).toBe(2);
  });

  it('revalidates with If-Modified-Since, and parses again when the document changed', async () => {
    const lastModified = new Date(Date.UTC(2025, 0, 1)).toUTCString();
    server.file('/lm.txt', 'one', { etag: false, lastModified });
    const { clock, parsed, get } = setup();
    await get('/lm.txt');
    clock.offset = 61_000;
    await get('/lm.txt');
    server.file('/lm.txt', 'two', { etag: false, lastModified: new Date(Date.UTC(2025, 0, 2)).toUTCString() });
    clock.offset = 122_000;
    expect(await get('/lm.txt')).toEqual({ words: ['two'] });
    expect(parsed).toEqual(['one', 'two']);
    expect(server.requests.filter((r) => r.path === '/lm.txt').map((r) => [r.status, r.headers['if-modified-since']])).toEqual([
      [200, undefined],
      [304, lastModified],
      [200, lastModified],
    ]);
  });

  it('sends one request for concurrent callers', async () => {
    server.file('/shared.txt', 'x y z');
    const { get, http } = setup();
    const values = await Promise.all(Array.from({ length: 5 }, () => get('/shared.txt')));
    expect(new Set(values).size).toBe(1);
    expect(server.count('/shared.txt')).toBe(1);
    expect(http.countRequests()).toBe(1);
  });

  it('serves the stale value when the host fails, and tries the host again next time; a 404 is not hidden', async () => {
    let failing = false;
    let notFound = false;
    server.route('/flaky.txt', (_req, res) => {
      res.statusCode = notFound ? 404 : failing ? 503 : 200;
      res.end('gamma delta');
    });
    const { clock, get } = setup();
    const first = await get('/flaky.txt');
    failing = true;
    clock.offset = 61_000;
    expect(await get('/flaky.txt')).toBe(first);
    const afterOutage = server.count('/flaky.txt');
    expect(await get('/flaky.txt')).toBe(first);
    expect(server.count('/flaky.txt')).toBeGreaterThan(afterOutage);
    notFound = true;
    await expect(get('/flaky.txt')).rejects.toThrow(/404/);
  });
});
