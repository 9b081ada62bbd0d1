/**
 * A registry that trickles its answers (one byte at a time, slower than any deadline) among healthy
 * ones: the deadline covers the whole answer, timeouts count toward taking the host as down, a host has
 * a time budget for failing, and the messages say "timed out". Real loopback servers; short deadlines.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { TimedOutError } from '../../src/util/errors.js';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';

let slow: TestHttpServer;
let healthy: TestHttpServer;
const open: ServerResponse[] = [];

beforeAll(async () => {
  [slow, healthy] = await Promise.all([startHttpServer(), startHttpServer()]);
  // Headers at once, then one byte every 200 ms of a 1 KB body: alive, but never done in time.
  slow.route('/tags', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1024 });
    open.push(res);
    const timer = setInterval(() => (res.writableEnded || res.destroyed ? clearInterval(timer) : res.write(' ')), 200);
    res.on('close', () => clearInterval(timer));
  });
  healthy.route('/tags', (_req, res) => res.end('{"tags": ["1.0.0"]}'));
});
afterAll(async () => {
  for (const res of open) res.destroy();
  await Promise.all([slow.stop(), healthy.stop()]);
});

const settle = <T>(p: Promise<T>) =>
  p.then(
    () => undefined,
    (err: unknown) => err as Error,
  );

describe('a host that trickles', () => {
  it('twenty lookups to it end after about one deadline, the healthy host answers meanwhile, and every message says timed out', async () => {
    const http = new HttpClient({ timeout: 500, retries: 3, retryBaseMs: 1, hostFailureLimit: 5 });
    const started = performance.now();
    const slowOnes = Array.from({ length: 20 }, (_, i) => settle(http.request(`${slow.url}/tags?i=${i}`)));
    const fine = await http.request(`${healthy.url}/tags`);
    expect(fine.json()).toEqual({ tags: ['1.0.0'] });
    const healthyAt = performance.now() - started;
    const errors = await Promise.all(slowOnes);
    const elapsed = performance.now() - started;
    expect(healthyAt).toBeLessThan(400);
    // 8 in flight time out together (the breaker's 5 in a row is passed), the rest fail at once.
    expect(elapsed).toBeLessThan(2_500);
    const host = new URL(slow.url).host;
    for (const error of errors) {
      expect(error?.message).toMatch(
        new RegExp(`${host} (timed out after 500 ms reading the answer|is unreachable \\(\\d+ failures in a row, last: ${host} timed out)`),
      );
      expect(error?.message).not.toMatch(/200 OK|connection lost/);
    }
    expect(errors.filter((e) => e instanceof TimedOutError).length).toBeGreaterThanOrEqual(5);
    // Each slow request went out once or not at all: no retry waited out another deadline.
    expect(http.countRequests((k) => k.endsWith(host))).toBeLessThanOrEqual(12);
  });

  it('a host that keeps failing slowly spends its time budget and is then not asked again', async () => {
    const http = new HttpClient({ timeout: 300, retries: 0, hostFailureLimit: 100, hostTimeBudgetMs: 700, concurrency: 1 });
    const host = new URL(slow.url).host;
    const errors: Array<Error | undefined> = [];
    for (let i = 0; i < 6; i++) errors.push(await settle(http.request(`${slow.url}/tags?x=${i}`)));
    expect(errors.slice(0, 3).every((e) => e instanceof TimedOutError)).toBe(true);
    expect(errors[5]?.message).toMatch(new RegExp(`${host} is unreachable \\(it spent its 700 ms budget for failures in this run`));
    expect(http.countRequests((k) => k.endsWith(host))).toBe(3);
  });

  it('a request that timed out is not asked again in the same run: the next caller gets the same error at once', async () => {
    const http = new HttpClient({ timeout: 300, retries: 3 });
    const first = await settle(http.request(`${slow.url}/tags?same`));
    const started = performance.now();
    const again = await settle(http.request(`${slow.url}/tags?same`));
    expect(performance.now() - started).toBeLessThan(50);
    expect(again?.message).toBe(`${first?.message} (earlier in this run; not asked again)`);
    expect(http.countRequests()).toBe(1);
  });
});
