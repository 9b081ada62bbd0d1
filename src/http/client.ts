/**
 * The one HTTP client every datasource uses: per-host concurrency limits, timeouts, retries with
 * backoff and jitter (idempotent requests only), redirects that never carry credentials to another
 * host, a response size limit, request counting, and error messages without secrets.
 *
 * Requests go out through Node's own http/https modules (transport.ts), so no extra dependency: private
 * CAs come from `NODE_EXTRA_CA_CERTS`, plain-http registries from host rules (`insecureRegistry`).
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { ExternalHostError, HttpStatusError, RateLimitedError, TimedOutError } from '../util/errors.js';
import { findHostRule, type HostRule } from './host-rules.js';
import { createClock } from '../util/clock.js';
import { Redactor } from '../util/redact.js';
import { createNodeTransport, type Transport, type TransportResponse } from './transport.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpOptions {
  method?: HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  /** Host rule type (`docker`, `helm`, `github`, …) used to pick timeouts and limits. */
  hostType?: string;
  timeout?: number;
  /** Refuse a response body larger than this many bytes. */
  maxBytes?: number;
  /** Return 4xx answers instead of throwing (e.g. to read a 401's `WWW-Authenticate`). */
  throwOnClientError?: boolean;
}

export interface HttpResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface HttpClientOptions {
  hostRules?: readonly HostRule[];
  redactor?: Redactor;
  /** Requests in flight per host when no host rule says otherwise. */
  concurrency?: number;
  timeout?: number;
  maxBytes?: number;
  retries?: number;
  /** Base delay of the exponential backoff (ms); tests make it small. */
  retryBaseMs?: number;
  /** The longest `Retry-After` the client waits for itself (seconds); longer ones become errors. */
  maxRetryAfter?: number;
  maxRedirects?: number;
  /**
   * After this many connection failures in a row (refused, reset, timed out, no DNS) a host is taken as
   * down for the rest of the run: further requests fail at once instead of each waiting out timeouts.
   */
  hostFailureLimit?: number;
  /**
   * Milliseconds a host may spend failing in this run (attempts that timed out or broke, summed): once
   * spent, the host is taken as down, so one slow registry cannot hold a run for long.
   */
  hostTimeBudgetMs?: number;
  /** The run's clock (`Clock.now`), for Retry-After dates and rate-limit resets. */
  now?: () => number;
  /** How a request leaves the process (default: Node's http/https with keep-alive); replaceable for tests. */
  transport?: Transport;
  sleep?: (ms: number) => Promise<void>;
}

const IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE']);
const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
const SENSITIVE_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

class RetryableError extends Error {
  constructor(
    readonly original: Error,
    readonly delayMs?: number,
  ) {
    super(original.message);
  }
}

export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Seconds until a rate-limit window resets, from GitHub/GitLab-style headers (epoch or delta seconds). */
function resetIn(headers: Record<string, string>, now: number): number | undefined {
  const epoch = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(epoch) && epoch > 1e9) return Math.max(0, Math.ceil(epoch - now / 1000));
  const delta = Number(headers['ratelimit-reset']);
  return Number.isFinite(delta) && headers['ratelimit-reset'] !== undefined ? Math.max(0, Math.ceil(delta)) : undefined;
}

export class HttpClient {
  readonly redactor: Redactor;
  /** Requests sent, per host (`GET registry.example.com`, counted per attempt). */
  readonly requestCounts = new Map<string, number>();
  private readonly limits = new Map<string, LimitFunction>();
  /** Connection failures in a row, per host; and the hosts taken as down (with the last failure). */
  private readonly failuresInARow = new Map<string, number>();
  private readonly downHosts = new Map<string, string>();
  /** Requests that timed out in this run (`GET url`): asked again, they fail at once with the same error. */
  private readonly timedOut = new Map<string, TimedOutError>();
  /** Milliseconds each host spent on attempts that failed. */
  private readonly failingMs = new Map<string, number>();
  private readonly options: Required<Omit<HttpClientOptions, 'hostRules' | 'redactor' | 'transport'>>;
  private readonly transport: Transport & { close?(): void };
  private readonly hostRules: readonly HostRule[];

  constructor(options: HttpClientOptions = {}) {
    this.hostRules = options.hostRules ?? [];
    this.redactor = options.redactor ?? new Redactor();
    this.options = {
      concurrency: options.concurrency ?? 8,
      timeout: options.timeout ?? 30_000,
      maxBytes: options.maxBytes ?? 64 * 1024 * 1024,
      retries: options.retries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 500,
      maxRetryAfter: options.maxRetryAfter ?? 60,
      maxRedirects: options.maxRedirects ?? 5,
      hostFailureLimit: options.hostFailureLimit ?? 5,
      hostTimeBudgetMs: options.hostTimeBudgetMs ?? 60_000,
      // Only when no run clock is given (a client made outside a run): Retry-After dates against now.
      now: options.now ?? createClock().now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
    this.transport = options.transport ?? createNodeTransport();
  }

  /** Drops the idle keep-alive connections (they do not keep the process alive either way). */
  close(): void {
    this.transport.close?.();
  }

  /** The merged host rule for a URL. */
  hostRule(url: string, hostType?: string): HostRule {
    return findHostRule(this.hostRules, url, hostType);
  }

  /** Total requests sent to `host` (all methods), or to every host when omitted. */
  countRequests(filter?: (key: string) => boolean): number {
    let n = 0;
    for (const [key, count] of this.requestCounts) if (!filter || filter(key)) n += count;
    return n;
  }

  async request(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
    const method = options.method ?? 'GET';
    const host = new URL(url).host;
    const rule = this.hostRule(url, options.hostType);
    const limit = this.limiterFor(host, rule.concurrentRequestLimit);
    const retries = IDEMPOTENT.has(method) ? this.options.retries : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await limit(() => this.once(url, method, options, rule));
      } catch (err) {
        if (!(err instanceof RetryableError)) throw err;
        // No retry once the host is taken as down: the caller hears what actually went wrong.
        if (attempt >= retries || this.downHosts.has(host)) throw err.original;
        const backoff = this.options.retryBaseMs * 2 ** attempt + Math.random() * this.options.retryBaseMs;
        await this.options.sleep(err.delayMs ?? backoff);
      }
    }
  }

  async getJson<T>(url: string, options: HttpOptions = {}): Promise<T> {
    return (await this.request(url, { ...options, method: 'GET' })).json<T>();
  }

  private limiterFor(host: string, ruleLimit: number | undefined): LimitFunction {
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(ruleLimit ?? this.options.concurrency);
      this.limits.set(host, limit);
    }
    return limit;
  }

  private describe(method: string, url: string): string {
    return `${method} ${this.redactor.redact(url)}`;
  }

  /** One attempt, following redirects. Throws RetryableError for what a retry may fix. */
  private async once(url: string, method: HttpMethod, options: HttpOptions, rule: HostRule): Promise<HttpResponse> {
    let current = url;
    let currentMethod = method;
    let headers = { ...(options.headers ?? {}) };
    let body = options.body;
    const originalOrigin = new URL(url).origin;
    for (let redirects = 0; ; redirects++) {
      const host = new URL(current).host;
      // The operator turned the host off (`hostRules: [{ matchHost, enabled: false }]`, as Renovate's): no
      // request reaches it, a redirect to it included.
      if (this.hostRule(current, options.hostType).enabled === false) {
        throw new ExternalHostError(
          host,
          undefined,
          `${this.describe(method, url)}: ${host} is turned off by the operator's hostRules (enabled: false); not asked`,
        );
      }
      // Checked per attempt: requests queued behind the host's limit, and retries, stop once it is down.
      const down = this.downHosts.get(host);
      if (down) {
        throw new ExternalHostError(host, undefined, `${this.describe(method, url)}: ${host} is unreachable (${down}); not asked again in this run`);
      }
      const earlier = this.timedOut.get(`${currentMethod} ${current}`);
      if (earlier) throw new TimedOutError(host, `${earlier.message} (earlier in this run; not asked again)`);
      const key = `${currentMethod} ${host}`;
      this.requestCounts.set(key, (this.requestCounts.get(key) ?? 0) + 1);
      // One deadline for the whole answer, headers and body: the signal stays on the body stream. A timeout
      // is not retried (connection resets and 5xx are): it counts toward taking the host as down.
      const timeoutMs = options.timeout ?? rule.timeout ?? this.options.timeout;
      const signal = AbortSignal.timeout(timeoutMs);
      const started = performance.now();
      let res: TransportResponse;
      try {
        res = await this.transport(current, { method: currentMethod, headers, body, signal });
      } catch (err) {
        const failure = signal.aborted
          ? new TimedOutError(host, `${this.describe(method, url)}: ${host} timed out after ${seconds(timeoutMs)} waiting for an answer`)
          : this.networkError(err as Error, currentMethod, current, host);
        this.noteFailure(host, failure instanceof RetryableError ? failure.original : failure, started);
        if (failure instanceof TimedOutError) this.timedOut.set(`${currentMethod} ${current}`, failure);
        throw failure;
      }
      const location = res.headers['location'];
      if (res.status >= 300 && res.status < 400 && location) {
        res.cancel();
        this.failuresInARow.delete(host);
        if (redirects >= this.options.maxRedirects) {
          throw new ExternalHostError(host, res.status, `${this.describe(method, url)}: more than ${this.options.maxRedirects} redirects`);
        }
        const next = new URL(location, current);
        // Registries send blob reads to object storage: credentials never follow to another origin.
        if (next.origin !== originalOrigin) {
          headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !SENSITIVE_HEADERS.includes(k.toLowerCase())));
        }
        if ((res.status === 301 || res.status === 302 || res.status === 303) && currentMethod !== 'HEAD') {
          currentMethod = 'GET';
          body = undefined;
        }
        current = next.toString();
        continue;
      }
      try {
        const answer = await this.finish(res, method, url, current, host, options, { signal, timeoutMs });
        this.failuresInARow.delete(host);
        return answer;
      } catch (err) {
        // An answer that timed out or broke while its body was read counts like a refused connection.
        if (err instanceof TimedOutError) {
          this.noteFailure(host, err, started);
          this.timedOut.set(`${currentMethod} ${current}`, err);
        }
        throw err;
      }
    }
  }

  /** A failed attempt: one more in a row for the breaker, and its time charged to the host's budget. */
  private noteFailure(host: string, error: Error, started: number): void {
    const count = (this.failuresInARow.get(host) ?? 0) + 1;
    this.failuresInARow.set(host, count);
    const spent = (this.failingMs.get(host) ?? 0) + (performance.now() - started);
    this.failingMs.set(host, spent);
    const last = error.message.split(': ').pop();
    if (count >= this.options.hostFailureLimit) this.downHosts.set(host, `${count} failures in a row, last: ${last}`);
    else if (spent >= this.options.hostTimeBudgetMs)
      this.downHosts.set(host, `it spent its ${seconds(this.options.hostTimeBudgetMs)} budget for failures in this run, last: ${last}`);
  }

  private networkError(err: Error, method: string, url: string, host: string): Error {
    const cause = (err as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? (err.name === 'TimeoutError' ? 'ETIMEDOUT' : undefined);
    const wrapped = new ExternalHostError(host, undefined, `${this.describe(method, url)}: ${code ?? this.redactor.redact(err.message)}`);
    return code && (RETRY_CODES.has(code) || err.name === 'TimeoutError') ? new RetryableError(wrapped) : wrapped;
  }

  private async finish(
    res: TransportResponse,
    method: HttpMethod,
    url: string,
    finalUrl: string,
    host: string,
    options: HttpOptions,
    deadline: { signal: AbortSignal; timeoutMs: number },
  ): Promise<HttpResponse> {
    const { headers } = res;
    const what = `${this.describe(method, url)}: ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    if (res.status === 429) {
      res.cancel();
      const now = this.options.now();
      const retryAfter = parseRetryAfter(headers['retry-after'], now) ?? resetIn(headers, now);
      const error = new RateLimitedError(host, 429, retryAfter, `${what}${retryAfter !== undefined ? ` (retry after ${retryAfter}s)` : ''}`);
      if (retryAfter === undefined || retryAfter <= this.options.maxRetryAfter) {
        throw new RetryableError(error, retryAfter !== undefined ? retryAfter * 1000 : undefined);
      }
      throw error;
    }
    if (res.status >= 500) {
      res.cancel();
      throw new RetryableError(new ExternalHostError(host, res.status, what));
    }
    if (res.status >= 400 && !options.throwOnClientError) {
      res.cancel();
      throw new HttpStatusError(host, res.status, what);
    }
    const body =
      method === 'HEAD'
        ? Buffer.alloc(0)
        : await this.readBody(res, options.maxBytes ?? this.options.maxBytes, what, host, { ...deadline, request: this.describe(method, url) });
    return {
      status: res.status,
      url: finalUrl,
      headers,
      body,
      text: () => body.toString('utf8'),
      json: <T>() => {
        try {
          return JSON.parse(body.toString('utf8')) as T;
        } catch {
          throw new ExternalHostError(host, res.status, `${what}: the answer is not JSON`);
        }
      },
    };
  }

  private async readBody(
    res: TransportResponse,
    maxBytes: number,
    what: string,
    host: string,
    deadline: { signal: AbortSignal; timeoutMs: number; request: string },
  ): Promise<Buffer> {
    const declared = Number(res.headers['content-length'] ?? NaN);
    const tooBig = () => new ExternalHostError(host, res.status, `${what}: answer larger than ${maxBytes} bytes, refused`);
    if (declared > maxBytes) {
      res.cancel();
      throw tooBig();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          res.cancel();
          throw tooBig();
        }
        chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      }
    } catch (err) {
      if (err instanceof ExternalHostError) throw err;
      if (deadline.signal.aborted) {
        // Not retried: a host too slow for one deadline would only make the run wait out another.
        throw new TimedOutError(host, `${deadline.request}: ${host} timed out after ${seconds(deadline.timeoutMs)} reading the answer (${size} bytes in)`);
      }
      throw new RetryableError(new ExternalHostError(host, res.status, `${what}: connection lost while reading the answer`));
    }
    return Buffer.concat(chunks, size);
  }
}

/** `30 s`, `1.5 s`, `500 ms`: a duration in an error message. */
function seconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}
