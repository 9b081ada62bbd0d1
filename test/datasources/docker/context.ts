/** A datasource context for tests: real HTTP client (fast retries, recorded sleeps), fresh caches. */
import type { DatasourceContext } from '../../../src/datasources/types.js';
import { Cache } from '../../../src/http/cache.js';
import { HttpClient, type HttpClientOptions } from '../../../src/http/client.js';
import { secretsOf, type HostRule } from '../../../src/http/host-rules.js';
import { Redactor } from '../../../src/util/redact.js';
import { createClock } from '../../../src/util/clock.js';

export interface TestContext extends DatasourceContext {
  runCache: Cache;
  /** Every backoff or Retry-After wait the client asked for (ms); nothing actually waits. */
  sleeps: number[];
}

export function testContext(hostRules: HostRule[], options: HttpClientOptions = {}): TestContext {
  const sleeps: number[] = [];
  const http = new HttpClient({
    hostRules,
    redactor: new Redactor(secretsOf(hostRules)),
    retryBaseMs: 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { http, clock: createClock(), cache: new Cache(), runCache: new Cache(), sleeps };
}

/** The same long cache, a new run: new HTTP client (fresh counts) and a new run cache. */
export function nextRun(previous: TestContext, hostRules: HostRule[]): TestContext {
  return { ...testContext(hostRules), cache: previous.cache };
}

/** Requests sent, by `METHOD host` key, as a plain object (for exact assertions). */
export function counts(ctx: DatasourceContext): Record<string, number> {
  return Object.fromEntries([...ctx.http.requestCounts.entries()].sort());
}
