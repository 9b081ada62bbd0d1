import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, parseRetryAfter, type HttpClientOptions } from '../../src/http/client.js';
import { Redactor } from '../../src/util/redact.js';
import { ExternalHostError, HttpStatusError, RateLimitedError } from '../../src/util/errors.js';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';

let a: TestHttpServer;
let b: TestHttpServer;
/** Responses held open by routes that never answer, closed at the end. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([startHttpServer(), startHttpServer()]);
  b.route('/land', (_req, res) => res.end('landed'));
  a.route('/land', (_req, res) => res.end('landed here'));
});
afterAll(async () => {
  for (const res of held) res.destroy();
  await Promise.all([a.stop(), b.stop()]);
});

/** A client whose backoff sleeps are recorded instead of waited. */
function client(options: HttpClientOptions = {}) {
  const sleeps: number[] = [];
  const http = new HttpClient({ retryBaseMs: 100, sleep: async (ms) => void sleeps.push(ms), ...options });
  return { http, sleeps };
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

/** A route answering the n-th request with `statuses[n]` (the last one from then on). */
function statuses(server: TestHttpServer, path: string, codes: number[], headers: Record<string, string> = {}) {
  server.route(path, (_req, res, n) => {
    res.statusCode = codes[Math.min(n, codes.length - 1)]!;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.end(`answer ${n}`);
  });
}

describe('HttpClient retries', () => {
  it('retries a GET on 5xx with exponential backoff and jitter, then succeeds', async () => {
    statuses(a, '/flaky', [500, 502, 503, 200]);
    const { http, sleeps } = client();
    const res = await http.request(`${a.url}/flaky`);
    expect(res.text()).toBe('answer 3');
    expect(a.count('/flaky')).toBe(4);
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(100 * 2 ** i);
      expect(ms).toBeLessThan(100 * 2 ** i + 100);
    });
  });

  it('gives up after the configured retries with an error naming the request', async () => {
    statuses(a, '/down', [503]);
    const { http } = client({ retries: 2 });
    const error = await errorOf(http.request(`${a.url}/down`));
    expect(error).toBeInstanceOf(ExternalHostError);
    expect(error?.message).toBe(`GET ${a.url}/down: 503 Service Unavailable`);
    expect((error as ExternalHostError).host).toBe(a.host);
    expect((error as ExternalHostError).status).toBe(503);
    expect(a.count('/down')).toBe(3);
  });

  it('never retries a POST (it may have been done)', async () => {
    statuses(a, '/create', [500, 200]);
    const { http, sleeps } = client();
    await expect(http.request(`${a.url}/create`, { method: 'POST', body: '{}' })).rejects.toThrow(`POST ${a.url}/create: 500 Internal Server Error`);
    expect(a.count('/create')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a GET whose connection was reset, but not a POST', async () => {
    a.route('/reset', (req, res, n) => (n === 0 || req.method === 'POST' ? req.socket.destroy() : res.end('after reset')));
    const { http } = client();
    expect((await http.request(`${a.url}/reset`)).text()).toBe('after reset');
    expect(a.count('/reset')).toBe(2);
    a.reset();
    const error = await errorOf(http.request(`${a.url}/reset`, { method: 'POST', body: 'x' }));
    expect(error).toBeInstanceOf(ExternalHostError);
    expect(error?.message).toMatch(new RegExp(`^POST ${a.url}/reset: (ECONNRESET|UND_ERR_SOCKET)$`));
    expect(a.count('/reset')).toBe(1);
  });

  it('waits as long as Retry-After says on a 429, then retries', async () => {
    statuses(a, '/limited', [429, 200], { 'retry-after': '3' });
    const { http, sleeps } = client();
    expect((await http.request(`${a.url}/limited`)).status).toBe(200);
    expect(sleeps).toEqual([3000]);
  });

  it('does not wait for a Retry-After longer than allowed: a RateLimitedError says when to come back', async () => {
    statuses(a, '/later', [429], { 'retry-after': '120' });
    const { http, sleeps } = client({ maxRetryAfter: 60 });
    const error = await errorOf(http.request(`${a.url}/later`));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfter).toBe(120);
    expect(error?.message).toBe(`GET ${a.url}/later: 429 Too Many Requests (retry after 120s)`);
    expect(a.count('/later')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('bounds retries of a host that keeps answering 429', async () => {
    statuses(a, '/always-limited', [429], { 'retry-after': '1' });
    const { http, sleeps } = client({ retries: 3 });
    await expect(http.request(`${a.url}/always-limited`)).rejects.toBeInstanceOf(RateLimitedError);
    expect(a.count('/always-limited')).toBe(4);
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('without Retry-After, waits until a rate-limit window resets (x-ratelimit-reset epoch, ratelimit-reset delta)', async () => {
    const resetAt = Math.ceil(Date.now() / 1000) + 30;
    statuses(a, '/window', [429, 200], { 'x-ratelimit-reset': String(resetAt) });
    statuses(a, '/delta', [429, 200], { 'ratelimit-reset': '7' });
    const { http, sleeps } = client();
    await http.request(`${a.url}/window`);
    await http.request(`${a.url}/delta`);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(29_000);
    expect(sleeps[0]).toBeLessThanOrEqual(31_000); // whole seconds, rounded up
    expect(sleeps[1]).toBe(7000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90);
    expect(parseRetryAfter(new Date(now - 90_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('HttpClient and the hosts the operator turned off', () => {
  it('asks nothing of a host whose rule says enabled: false, nor follows a redirect to it', async () => {
    a.reset();
    a.route('/off', (_req, res) => res.end('should not be asked'));
    b.route('/to-off', (_req, res) => {
      res.writeHead(302, { location: `${a.url}/off` }).end();
    });
    const { http } = client({ hostRules: [{ matchHost: a.host, enabled: false }] });
    const direct = await errorOf(http.request(`${a.url}/off`));
    expect(direct).toBeInstanceOf(ExternalHostError);
    expect(direct?.message).toBe(`GET ${a.url}/off: ${a.host} is turned off by the operator's hostRules (enabled: false); not asked`);
    expect((await errorOf(http.request(`${b.url}/to-off`)))?.message).toContain(`${a.host} is turned off by the operator's hostRules`);
    expect(a.requests.filter((r) => r.path === '/off')).toEqual([]);
    // The other host is asked as usual.
    expect((await http.request(`${b.url}/land`)).text()).toBe('landed');
  });
});

describe('HttpClient redirects', () => {
  it('drops Authorization and Cookie when a redirect leaves the origin', async () => {
    a.route('/to-b', (_req, res) => {
      res.writeHead(302, { location: `${b.url}/land` }).end();
    });
    b.reset();
    const { http } = client();
    const res = await http.request(`${a.url}/to-b`, { headers: { Authorization: 'Bearer secret-token-1234', cookie: 'session=abc', 'x-trace': 'kept' } });
    expect(res.text()).toBe('landed');
    expect(res.url).toBe(`${b.url}/land`);
    const seen = b.requests.find((r) => r.path === '/land')!;
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['x-trace']).toBe('kept');
    expect(http.requestCounts.get(`GET ${a.host}`)).toBe(1);
    expect(http.requestCounts.get(`GET ${b.host}`)).toBe(1);
  });

  it('keeps Authorization on a redirect within the origin', async () => {
    a.route('/to-a', (_req, res) => {
      res.writeHead(301, { location: '/land' }).end();
    });
    a.reset();
    const { http } = client();
    await http.request(`${a.url}/to-a`, { headers: { authorization: 'Bearer secret-token-1234' } });
    expect(a.requests.find((r) => r.path === '/land')?.headers.authorization).toBe('Bearer secret-token-1234');
  });

  it('turns a POST into a GET on 303, keeps it on 307, and stops after too many redirects', async () => {
    a.route('/see-other', (_req, res) => void res.writeHead(303, { location: '/land' }).end());
    a.route('/temporary', (_req, res) => void res.writeHead(307, { location: '/land' }).end());
    a.route('/loop', (_req, res) => void res.writeHead(302, { location: '/loop' }).end());
    a.reset();
    const { http } = client({ maxRedirects: 3 });
    await http.request(`${a.url}/see-other`, { method: 'POST', body: 'x' });
    await http.request(`${a.url}/temporary`, { method: 'POST', body: 'x' });
    expect(a.requests.filter((r) => r.path === '/land').map((r) => r.method)).toEqual(['GET', 'POST']);
    await expect(http.request(`${a.url}/loop`)).rejects.toThrow(`GET ${a.url}/loop: more than 3 redirects`);
    expect(a.count('/loop')).toBe(4);
  });
});

describe('HttpClient limits', () => {
  it('refuses an answer larger than the limit, declared or streamed', async () => {
    a.route('/big', (_req, res) => {
      res.setHeader('content-length', 5000);
      res.end('x'.repeat(5000));
    });
    a.route('/big-stream', (_req, res) => {
      for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
      res.end();
    });
    const { http } = client({ maxBytes: 2000 });
    await expect(http.request(`${a.url}/big`)).rejects.toThrow(`GET ${a.url}/big: 200 OK: answer larger than 2000 bytes, refused`);
    await expect(http.request(`${a.url}/big-stream`)).rejects.toThrow(`GET ${a.url}/big-stream: 200 OK: answer larger than 2000 bytes, refused`);
    expect(a.count('/big')).toBe(1); // a refusal is not retried
    expect((await http.request(`${a.url}/big`, { maxBytes: 10_000 })).body.length).toBe(5000);
  });

  it('times out a host that does not answer, and does not wait out another deadline on a retry', async () => {
    a.route('/silent', (_req, res) => void held.push(res));
    const { http } = client({ timeout: 150, retries: 1 });
    const error = await errorOf(http.request(`${a.url}/silent`));
    expect(error).toBeInstanceOf(ExternalHostError);
    expect(error?.message).toBe(`GET ${a.url}/silent: ${new URL(a.url).host} timed out after 150 ms waiting for an answer`);
    expect(a.count('/silent')).toBe(1);
  });

  it('times out an answer whose body stalls: the deadline covers the body, and says so', async () => {
    a.route('/stall', (_req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
      held.push(res);
    });
    const { http } = client({ timeout: 150, retries: 0 });
    await expect(http.request(`${a.url}/stall`)).rejects.toThrow(
      `GET ${a.url}/stall: ${new URL(a.url).host} timed out after 150 ms reading the answer (7 bytes in)`,
    );
  });

  it('keeps at most the host rule’s number of requests in flight per host', async () => {
    let inFlight = 0;
    let most = 0;
    const waiting: ServerResponse[] = [];
    a.route('/gate', (_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      res.on('finish', () => inFlight--);
      waiting.push(res);
    });
    const { http } = client({ hostRules: [{ matchHost: a.host, concurrentRequestLimit: 2 }] });
    const all = Promise.all(Array.from({ length: 6 }, () => http.request(`${a.url}/gate`)));
    const release = async () => {
      while (waiting.length === 0) await new Promise((r) => setTimeout(r, 10));
      waiting.shift()!.end('ok');
    };
    for (let i = 0; i < 6; i++) await release();
    expect((await all).map((r) => r.text())).toEqual(Array(6).fill('ok'));
    expect(most).toBe(2);
  });
});

describe('HttpClient and a host that is down', () => {
  it('takes a host whose connections keep failing as down for the run: later requests fail at once', async () => {
    const closed = await startHttpServer();
    const url = closed.url;
    await closed.stop();
    const { http, sleeps } = client({ retries: 3, hostFailureLimit: 5 });
    const first = await errorOf(http.request(`${url}/a`));
    expect(first).toBeInstanceOf(ExternalHostError);
    expect(first!.message).toBe(`GET ${url}/a: ECONNREFUSED`);
    // The second request's first attempt is the fifth failure in a row; its retries do not go out, and it
    // says what went wrong with it.
    const second = await errorOf(http.request(`${url}/b`));
    expect(second!.message).toBe(`GET ${url}/b: ECONNREFUSED`);
    const sent = http.countRequests();
    const third = await errorOf(http.request(`${url}/c`));
    expect(third!.message).toBe(`GET ${url}/c: ${new URL(url).host} is unreachable (5 failures in a row, last: ECONNREFUSED); not asked again in this run`);
    expect(http.countRequests()).toBe(sent);
    expect(sleeps.length).toBeLessThanOrEqual(4);
  });

  it('forgets failures once the host answers', async () => {
    let refuse = true;
    const flaky = await startHttpServer();
    flaky.route('/x', (req, res) => (refuse ? req.socket.destroy() : res.end('ok')));
    const { http } = client({ retries: 0, hostFailureLimit: 3 });
    for (let i = 0; i < 2; i++) await errorOf(http.request(`${flaky.url}/x`));
    refuse = false;
    expect((await http.request(`${flaky.url}/x`)).text()).toBe('ok');
    refuse = true;
    for (let i = 0; i < 2; i++) expect((await errorOf(http.request(`${flaky.url}/x`)))!.message).not.toMatch(/unreachable/);
    await flaky.stop();
  });
});

describe('HttpClient answers and errors', () => {
  it('throws HttpStatusError on 4xx, or returns the answer with throwOnClientError', async () => {
    a.route('/auth', (_req, res) => void res.writeHead(401, { 'www-authenticate': 'Bearer realm="https://auth.example/token"' }).end('no'));
    const { http } = client();
    const error = await errorOf(http.request(`${a.url}/auth`));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error?.message).toBe(`GET ${a.url}/auth: 401 Unauthorized`);
    const res = await http.request(`${a.url}/auth`, { throwOnClientError: true });
    expect([res.status, res.headers['www-authenticate']]).toEqual([401, 'Bearer realm="https://auth.example/token"']);
    a.route('/not-json', (_req, res) => void res.end('<html>'));
    await expect(http.getJson(`${a.url}/not-json`)).rejects.toThrow(`GET ${a.url}/not-json: 200 OK: the answer is not JSON`);
  });

  it('counts every request sent, per method and host, retries and redirect hops included', async () => {
    statuses(a, '/count-flaky', [500, 200]);
    a.route('/count-hop', (_req, res) => void res.writeHead(302, { location: `${b.url}/land` }).end());
    const { http } = client();
    await http.request(`${a.url}/count-flaky`);
    await http.request(`${a.url}/count-flaky`, { method: 'HEAD' });
    await http.request(`${a.url}/count-hop`);
    expect(Object.fromEntries(http.requestCounts)).toEqual({ [`GET ${a.host}`]: 3, [`HEAD ${a.host}`]: 1, [`GET ${b.host}`]: 1 });
    expect(http.countRequests()).toBe(5);
    expect(http.countRequests((key) => key.endsWith(b.host))).toBe(1);
  });

  it('never puts a credential into an error message', async () => {
    statuses(a, '/s3cr3t-path-token/index.yaml', [500]);
    const { http } = client({ retries: 0, redactor: new Redactor(['s3cr3t-path-token']) });
    const inPath = await errorOf(http.request(`${a.url}/s3cr3t-path-token/index.yaml`));
    expect(inPath?.message).toBe(`GET ${a.url}/***/index.yaml: 500 Internal Server Error`);
    statuses(a, '/q', [500]);
    const inQuery = await errorOf(http.request(`${a.url}/q?access_token=abcdef123456&page=2`));
    expect(inQuery?.message).toBe(`GET ${a.url}/q?access_token=***&page=2: 500 Internal Server Error`);
    const inUserinfo = await errorOf(http.request(`http://robot:hunter2-password@${a.host}/q`));
    expect(inUserinfo).toBeInstanceOf(ExternalHostError);
    expect(inUserinfo?.message.startsWith(`GET http://***@${a.host}/q: `)).toBe(true);
    expect(inUserinfo?.message).not.toContain('hunter2');
    expect(inUserinfo?.message).not.toContain('robot');
  });
});
