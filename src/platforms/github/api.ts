/**
 * The octokit instance the GitHub adapter talks through: `octokit` with its retry and throttling plugins,
 * pointed at api.github.com or a GitHub Enterprise Server (`https://HOST/api/v3`; GraphQL then goes to
 * `https://HOST/api/graphql`, which octokit derives). One instance per run, no module state of ours.
 *
 * - Only reads are retried by the retry plugin (5xx, network): a POST/PUT/PATCH/DELETE whose answer was
 *   lost may have taken effect, so the callers look first and retry themselves (find first, then retry).
 *   405/409/422 are answers, never retried.
 * - Rate limits (primary: 403/429 with `x-ratelimit-remaining: 0`; secondary: "secondary rate limit" with
 *   `retry-after`) are waited out by the throttling plugin up to twice when the wait is at most
 *   `maxRetryAfterSec`; longer waits fail the repository with a clear error instead of hanging a run.
 * - Writes are spaced (`writeSpacingMs`, GitHub's advice: 1 s apart; content that notifies people 3 s)
 *   through the plugin's own limiter groups, so tests can set them to 0.
 * - Every HTTP request (attempts included) is counted through `onRequest`; every request has a deadline.
 * - Errors leave here as `HttpStatusError` (4xx) or `ExternalHostError` (5xx, network, timeout), one line
 *   naming method, path and status — never a header, so never the token.
 */
import Bottleneck from 'bottleneck';
import { Octokit } from 'octokit';
import { ExternalHostError, HttpStatusError, InputError } from '../../util/errors.js';
import type { PlatformOptions } from '../types.js';

export interface GitHubApiOptions extends PlatformOptions {
  /** Milliseconds between two writes (GitHub asks for 1 s); between two notifying creations 3 s. */
  writeSpacingMs?: number;
  notifySpacingMs?: number;
  /** Base of the retry plugin's quadratic back-off (default 1000 ms). */
  retryBaseMs?: number;
  /** Longest rate-limit wait taken (default 60 s); a longer one fails the request. */
  maxRetryAfterSec?: number;
  /** Deadline per request (default 30 s). */
  timeoutMs?: number;
  /** For tests: the fetch to use. */
  fetch?: typeof fetch;
}

export type Api = InstanceType<typeof Octokit>;

const READS = new Set(['GET', 'HEAD']);

/** `https://github.com` → api.github.com; any other URL is the API base as given (GHES: `https://HOST/api/v3`). */
export function githubApiUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(`endpoint: "${endpoint.replace(/\/\/[^@/]*@/, '//***@')}" is not a URL`);
  }
  if (url.username || url.password) throw new InputError(`endpoint: ${url.host}: give the token separately, never in the URL`);
  const path = url.pathname.replace(/\/+$/, '');
  if ((url.host === 'github.com' || url.host === 'www.github.com') && path === '') return 'https://api.github.com';
  return `${url.origin}${path}`;
}

/**
 * GitHub's message from an error answer, one line, shortened: `{message}` and, for a 422 "Validation
 * Failed", the messages of its `errors` (where GitHub says what was wrong: "A pull request already exists…").
 */
export function githubMessage(data: unknown): string {
  if (typeof data !== 'object' || data === null) return '';
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const parts = typeof message === 'string' ? [message] : [];
  if (Array.isArray(errors)) {
    for (const e of errors) {
      const text = typeof e === 'string' ? e : typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
      if (typeof text === 'string' && text) parts.push(text);
    }
  }
  return parts.join(': ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

interface OctokitFailure {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  response?: { data?: unknown };
}

/** An octokit failure as the project's error: 4xx `HttpStatusError`, the rest `ExternalHostError`. */
export function toHostError(err: unknown, host: string): Error {
  if (err instanceof ExternalHostError || err instanceof InputError) return err;
  const failure = err as OctokitFailure;
  const method = failure.request?.method ?? 'GET';
  let path = '';
  try {
    path = failure.request?.url ? new URL(failure.request.url).pathname : '';
  } catch {
    path = '';
  }
  const answered = failure.response !== undefined;
  const status = answered ? failure.status : undefined;
  const detail = answered ? githubMessage(failure.response?.data) : (failure.message ?? 'no answer').split('\n')[0];
  const text = `GitHub ${method} ${path}: ${status ?? 'no answer'}${detail ? ` ${detail}` : ''}`;
  if (status !== undefined && status >= 400 && status < 500) return new HttpStatusError(host, status, text);
  return new ExternalHostError(host, status, text);
}

/** The answer may have been lost after the write happened (5xx, network, timeout). */
export const mayHaveTakenEffect = (err: unknown): boolean =>
  err instanceof ExternalHostError && !(err instanceof HttpStatusError) && (err.status === undefined || err.status >= 500);

export function createApi(options: GitHubApiOptions): { api: Api; host: string; baseUrl: string } {
  const baseUrl = githubApiUrl(options.endpoint);
  const host = new URL(baseUrl).host;
  const maxWait = options.maxRetryAfterSec ?? 60;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseFetch = options.fetch ?? fetch;
  const countedFetch: typeof fetch = (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    options.onRequest?.(init?.method ?? 'GET', url.pathname);
    return baseFetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  };
  const waitOrGiveUp = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2 && retryAfter <= maxWait;
  const api = new Octokit({
    auth: options.token,
    baseUrl,
    userAgent: 'upkeep',
    request: { fetch: countedFetch },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    retry: { doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 451], retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: {
      onRateLimit: waitOrGiveUp,
      onSecondaryRateLimit: waitOrGiveUp,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs ?? 1000 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.notifySpacingMs ?? 3000 }),
    },
  });
  api.hook.before('request', (request) => {
    // Writes are never repeated blindly (see the header).
    if (!READS.has(request.method)) request.request = { ...request.request, retries: 0 };
  });
  api.hook.wrap('request', async (request, requestOptions) => {
    try {
      return await request(requestOptions);
    } catch (err) {
      throw toHostError(err, host);
    }
  });
  return { api, host, baseUrl };
}
