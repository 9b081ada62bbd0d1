/**
 * Gitea's REST API (`/api/v1`) through the project's HTTP client: `Authorization: token <PAT>` (Gitea's
 * own form; the `?token=` query is deprecated and lands in proxy logs), JSON in and out, every request
 * counted (`onRequest`), and errors as one line naming host, method, path and status — never the token
 * (the client's redactor is told about it). The client retries idempotent requests only; writes that may
 * have taken effect are re-checked by the callers (find first, then retry).
 *
 * Lists are read page by page with `limit` = MAX_RESPONSE_ITEMS (50 by default; Gitea caps larger
 * values silently) until `X-Total-Count` items are read or a page comes back short.
 */
import type { HttpClient, HttpResponse } from '../../http/client.js';
import { ExternalHostError, HttpStatusError } from '../../util/errors.js';

export const PAGE_SIZE = 50;
const MAX_PAGES = 200;

export type Query = Record<string, string | number | boolean | undefined>;

export interface GiteaApiOptions {
  /** `https://gitea.example.com/api/v1` */
  apiUrl: string;
  token: string;
  http: HttpClient;
  onRequest?: (method: string, path: string) => void;
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body; undefined when the body is empty. */
  body: unknown;
}

/** The path of an API route with each dynamic segment encoded (`owner`, `repo`, a file path keeps its `/`). */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]).split('/').map(encodeURIComponent).join('/') : ''), '');
}

export class GiteaApi {
  readonly host: string;

  constructor(private readonly options: GiteaApiOptions) {
    this.host = new URL(options.apiUrl).host;
    options.http.redactor.add(options.token);
  }

  /**
   * One request. 4xx answers listed in `allow` are returned; other 4xx become `HttpStatusError`, 5xx and
   * network failures the client's `ExternalHostError` (after its retries, for idempotent methods only).
   */
  async call(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    options: { query?: Query; body?: unknown; allow?: number[] } = {},
  ): Promise<ApiAnswer> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) search.set(key, String(value));
    const url = `${this.options.apiUrl}${path}${search.size ? `?${search}` : ''}`;
    // No token (a public preset repository): no Authorization header at all.
    const headers: Record<string, string> = { ...(this.options.token ? { authorization: `token ${this.options.token}` } : {}), accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    this.options.onRequest?.(method, path);
    const res = await this.options.http.request(url, {
      method,
      headers,
      hostType: 'gitea',
      throwOnClientError: true,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    if (res.status >= 400 && !(options.allow ?? []).includes(res.status)) throw this.statusError(method, path, res);
    return { status: res.status, headers: res.headers, body: this.parse(method, path, res) };
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    return (await this.call('GET', path, query ? { query } : {})).body as T;
  }

  /**
   * Every item of a paged list. `map` picks the array out of a wrapped answer (`{ok, data}`); a status in
   * `absentOn` (e.g. 404 for a user's "organization labels") reads as an empty list.
   */
  async getAll<T>(path: string, query: Query = {}, options: { map?: (body: unknown) => T[]; absentOn?: number[] } = {}): Promise<T[]> {
    const map = options.map ?? ((b: unknown) => (Array.isArray(b) ? (b as T[]) : []));
    const items: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await this.call('GET', path, { query: { ...query, limit: PAGE_SIZE, page }, allow: options.absentOn ?? [] });
      if (answer.status >= 400) return [];
      const batch = map(answer.body);
      items.push(...batch);
      const total = Number(answer.headers['x-total-count']);
      if (batch.length === 0 || (Number.isInteger(total) ? items.length >= total : batch.length < PAGE_SIZE)) break;
    }
    return items;
  }

  /** Gitea's error message from a 4xx body (`{message}`), one line, shortened. */
  static message(body: unknown): string {
    const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
    return typeof message === 'string' ? message.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
  }

  private parse(method: string, path: string, res: HttpResponse): unknown {
    const text = res.text();
    if (!text.trim()) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      if (res.status >= 400) return undefined;
      throw new ExternalHostError(this.host, res.status, `Gitea ${method} ${path}: ${res.status}: the answer is not JSON`);
    }
  }

  private statusError(method: string, path: string, res: HttpResponse): HttpStatusError {
    const detail = GiteaApi.message(this.parse(method, path, res));
    const text = `Gitea ${method} ${path}: ${res.status}${detail ? ` ${detail}` : ''}`;
    return new HttpStatusError(this.host, res.status, this.options.http.redactor.redact(text));
  }
}
