/**
 * GitLab's REST API (`/api/v4`) through the project's HTTP client: the token in `PRIVATE-TOKEN` (never a
 * URL or a query), JSON in and out, every request counted (`onRequest`), errors as one line naming host,
 * method, path and status — never the token (the client's redactor knows it). The client retries
 * idempotent requests only; writes that may have taken effect are checked by the callers (find first,
 * then retry). This is why the adapter does not use @gitbeaker/rest's requester: it retries every method
 * on 429/502 up to ten times, which would open an issue twice when an answer is lost.
 *
 * Lists are read page by page (`per_page=100`) following `x-next-page` (GitLab omits `x-total` above
 * 10,000 items, so the next page, not the total, says when to stop).
 */
import type { HttpClient, HttpResponse } from '../../http/client.js';
import { ExternalHostError, HttpStatusError } from '../../util/errors.js';

export const PAGE_SIZE = 100;
const MAX_PAGES = 100;

export type Query = Record<string, string | number | boolean | undefined>;

export interface GitLabApiOptions {
  /** `https://gitlab.example.com/api/v4` */
  apiUrl: string;
  token: string;
  http: HttpClient;
  onRequest?: (method: string, path: string) => void;
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body (text for non-JSON answers); undefined when empty. */
  body: unknown;
}

/** One path segment encoded the GitLab way: a project path or a file path keeps its `/` as `%2F`. */
export const seg = (value: string | number): string => encodeURIComponent(String(value));

export class GitLabApi {
  readonly host: string;

  constructor(private readonly options: GitLabApiOptions) {
    this.host = new URL(options.apiUrl).host;
    options.http.redactor.add(options.token);
  }

  /** One request; 4xx statuses in `allow` are returned, others become `HttpStatusError`. */
  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: { query?: Query; body?: unknown; allow?: number[] } = {}): Promise<ApiAnswer> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) search.set(key, String(value));
    const url = `${this.options.apiUrl}${path}${search.size ? `?${search}` : ''}`;
    const headers: Record<string, string> = { ...(this.options.token ? { 'private-token': this.options.token } : {}), accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    this.options.onRequest?.(method, path);
    const res = await this.options.http.request(url, {
      method,
      headers,
      hostType: 'gitlab',
      throwOnClientError: true,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    if (res.status >= 400 && !(options.allow ?? []).includes(res.status)) throw this.statusError(method, path, res);
    return { status: res.status, headers: res.headers, body: parse(res) };
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    return (await this.call('GET', path, query ? { query } : {})).body as T;
  }

  /** Every item of a paged list. */
  async getAll<T>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let page = 1;
    for (let n = 0; n < MAX_PAGES; n++) {
      const answer = await this.call('GET', path, { query: { ...query, per_page: PAGE_SIZE, page } });
      if (Array.isArray(answer.body)) items.push(...(answer.body as T[]));
      const next = Number(answer.headers['x-next-page']);
      if (!Number.isInteger(next) || next <= page) break;
      page = next;
    }
    return items;
  }

  /** GitLab's error message (`{message}` as a string, a list or a field map; `{error}`), one line. */
  static message(body: unknown): string {
    if (typeof body === 'string') return body.replace(/\s+/g, ' ').trim().slice(0, 200);
    if (typeof body !== 'object' || body === null) return '';
    const { message, error } = body as { message?: unknown; error?: unknown };
    const text =
      typeof message === 'string'
        ? message
        : Array.isArray(message)
          ? message.join('; ')
          : message && typeof message === 'object'
            ? Object.entries(message as Record<string, unknown>)
                .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
                .join('; ')
            : typeof error === 'string'
              ? error
              : '';
    return text.replace(/\s+/g, ' ').trim().slice(0, 200);
  }

  private statusError(method: string, path: string, res: HttpResponse): HttpStatusError {
    const detail = GitLabApi.message(parse(res));
    const text = `GitLab ${method} ${path}: ${res.status}${detail ? ` ${detail}` : ''}`;
    return new HttpStatusError(this.host, res.status, this.options.http.redactor.redact(text));
  }
}

function parse(res: HttpResponse): unknown {
  const text = res.text();
  if (!text.trim()) return undefined;
  if (!(res.headers['content-type'] ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (res.status >= 400) return undefined;
    throw new ExternalHostError(new URL(res.url).host, res.status, `GitLab ${res.url.replace(/\?.*/, '')}: ${res.status}: the answer is not JSON`);
  }
}

/** The answer may have been lost after the write happened (5xx, network, timeout). */
export const mayHaveTakenEffect = (err: unknown): boolean =>
  err instanceof ExternalHostError && !(err instanceof HttpStatusError) && (err.status === undefined || err.status >= 500);
