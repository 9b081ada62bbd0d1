/**
 * github-tags: the tags of a GitHub repository (`owner/repo`) and the commit each points to, from the
 * REST API `GET /repos/{owner}/{repo}/tags` (100 a page, following `Link: rel="next"`, bounded).
 *
 * - Base URL: `https://api.github.com`, or GitHub Enterprise from `registryUrl` (`https://ghe.example`
 *   → `https://ghe.example/api/v3`; a URL already ending in `/api/v3` is used as is).
 * - Token from host rules (`hostType: 'github'`, matched against the API URL, then the web host, so a
 *   rule for `github.com` works too).
 * - Every page is cached with its ETag; after the fresh period pages are revalidated with
 *   `If-None-Match`, and GitHub does not count a 304 against the rate limit.
 * - `x-ratelimit-remaining: 0` (on a 403/429, or before asking for another page) is a RateLimitedError
 *   with the seconds until `x-ratelimit-reset`.
 * - Release dates (for `minimumReleaseAge`) are read only for the candidates that need them: the
 *   tagger date of an annotated tag, else the commit date.
 */
import { createHash } from 'node:crypto';
import { cachedGet } from '../http/cached-get.js';
import type { HttpResponse } from '../http/client.js';
import { ExternalHostError, HttpStatusError, RateLimitedError } from '../util/errors.js';
import type { Datasource, DatasourceContext, PackageRef, ReleaseResult } from './types.js';
import { DATASOURCE_META } from '../meta/datasources.js';

export interface GithubTagsOptions {
  /** Stands in for `https://api.github.com` when no registryUrl is given (tests point it at a fake). */
  apiBaseUrl?: string;
  /** Pages of 100 tags read at most (bounds a repository with endless tags or a looping `Link`). */
  maxPages?: number;
  /** Seconds a page is used without asking again. */
  ttlSeconds?: number;
}

interface TagPage {
  tags: { name: string; sha: string }[];
  next?: string;
  /** `x-ratelimit-remaining` was 0 when the page came. */
  exhausted?: { reset?: number };
}

const DEFAULT_API = 'https://api.github.com';

/** The REST API base URL for a registryUrl (`https://github.com`, a GHE host, or an API URL). */
export function githubApiBase(registryUrl: string | undefined, fallback = DEFAULT_API): string {
  if (!registryUrl) return fallback;
  const url = registryUrl.replace(/\/+$/, '');
  const parsed = new URL(url);
  if (parsed.host === 'github.com' || parsed.host === 'api.github.com') return DEFAULT_API;
  if (/\/api\/v3$/.test(parsed.pathname) || parsed.host.startsWith('api.')) return url;
  return `${url}/api/v3`;
}

function splitRepo(packageName: string): [string, string] {
  const [owner, repo, ...rest] = packageName.replace(/\.git$/, '').split('/');
  if (!owner || !repo || rest.length) throw new ExternalHostError('github', undefined, `"${packageName}" is not owner/repo`);
  return [owner, repo];
}

function tokenFor(api: string, ctx: DatasourceContext): string | undefined {
  const web = api === DEFAULT_API ? 'https://github.com/' : api.replace(/\/api\/v3$/, '/');
  for (const [url, type] of [
    [api, 'github-tags'],
    [api, 'github'],
    [web, 'github'],
  ] as const) {
    const rule = ctx.http.hostRule(`${url.replace(/\/$/, '')}/`, type);
    if (rule.token) return rule.token;
  }
  return undefined;
}

function headersFor(token: string | undefined, ctx: DatasourceContext): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
  if (token) {
    ctx.http.redactor.add(token);
    headers.authorization = `Bearer ${token}`;
  }
  return headers;
}

function rateLimited(res: HttpResponse, host: string, what: string, nowMs: number): RateLimitedError {
  const reset = Number(res.headers['x-ratelimit-reset']);
  const retryAfter = Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - nowMs / 1000)) : undefined;
  const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
  return new RateLimitedError(host, res.status, retryAfter, `${what}: GitHub rate limit exhausted${when}`);
}

/** Throws the right error for a non-2xx answer. */
function checkStatus(res: HttpResponse, host: string, what: string, nowMs: number): void {
  if (res.status < 400) return;
  if (res.headers['x-ratelimit-remaining'] === '0' && (res.status === 403 || res.status === 429)) throw rateLimited(res, host, what, nowMs);
  throw new HttpStatusError(host, res.status, `${what}: ${res.status}`);
}

function nextLink(link: string | undefined, base: string): string | undefined {
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link ?? '');
  if (!match) return undefined;
  const next = new URL(match[1]!, base);
  // Only follow links on the API's own origin.
  return next.origin === new URL(base).origin ? next.toString() : undefined;
}

export function createGithubTagsDatasource(options: GithubTagsOptions = {}): Datasource {
  const maxPages = options.maxPages ?? 100;
  const ttlSeconds = options.ttlSeconds ?? 15 * 60;

  function apiFor(pkg: PackageRef): string {
    return githubApiBase(pkg.registryUrl, options.apiBaseUrl ?? DEFAULT_API);
  }

  async function fetchPage(url: string, headers: Record<string, string>, ctx: DatasourceContext): Promise<TagPage> {
    const host = new URL(url).host;
    const what = `GET ${ctx.http.redactor.redact(url)}`;
    const key = `${url}|${headers.authorization ? createHash('sha256').update(headers.authorization).digest('hex').slice(0, 16) : 'anonymous'}`;
    return cachedGet<TagPage>(ctx.http, ctx.cache, url, {
      namespace: 'datasource-github-tags',
      key,
      ttlSeconds,
      headers,
      hostType: 'github',
      throwOnClientError: true,
      parse: (res) => {
        checkStatus(res, host, what, ctx.clock.now());
        const body = res.json<unknown>();
        if (!Array.isArray(body)) throw new ExternalHostError(host, res.status, `${what}: the answer is not a list of tags`);
        const tags = body
          .filter((t): t is { name: string; commit: { sha: string } } => typeof t?.name === 'string' && typeof t?.commit?.sha === 'string')
          .map((t) => ({ name: t.name, sha: t.commit.sha }));
        const page: TagPage = { tags };
        const next = nextLink(res.headers.link, url);
        if (next) page.next = next;
        if (res.headers['x-ratelimit-remaining'] === '0') page.exhausted = { reset: Number(res.headers['x-ratelimit-reset']) };
        return page;
      },
    });
  }

  async function listTags(pkg: PackageRef, ctx: DatasourceContext): Promise<{ name: string; sha: string }[] | null> {
    const [owner, repo] = splitRepo(pkg.packageName);
    const api = apiFor(pkg);
    const headers = headersFor(tokenFor(api, ctx), ctx);
    const tags: { name: string; sha: string }[] = [];
    const seen = new Set<string>();
    let url: string | undefined = `${api}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/tags?per_page=100`;
    for (let page = 0; url && page < maxPages && !seen.has(url); page++) {
      seen.add(url);
      let result: TagPage;
      try {
        result = await fetchPage(url, headers, ctx);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404 && page === 0) return null;
        throw err;
      }
      tags.push(...result.tags);
      if (result.next && result.exhausted && page + 1 < maxPages) {
        const host = new URL(url).host;
        const reset = result.exhausted.reset;
        const retryAfter = reset && Number.isFinite(reset) ? Math.max(0, Math.ceil(reset - ctx.clock.now() / 1000)) : undefined;
        throw new RateLimitedError(
          host,
          undefined,
          retryAfter,
          `GET ${ctx.http.redactor.redact(result.next)}: GitHub rate limit exhausted, not asking for more pages`,
        );
      }
      url = result.next;
    }
    return tags;
  }

  async function timestampOf(pkg: PackageRef, tag: { name: string; sha: string }, ctx: DatasourceContext): Promise<string | null> {
    const [owner, repo] = splitRepo(pkg.packageName);
    const api = `${apiFor(pkg)}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
    const headers = headersFor(tokenFor(apiFor(pkg), ctx), ctx);
    // Keyed by the commit too: a moved tag is a new question.
    return ctx.cache.remember(`datasource-github-tags-date`, `${api}|${tag.name}|${tag.sha}`, 7 * 24 * 3600, async () => {
      const get = async (url: string) => {
        const res = await ctx.http.request(url, { headers, hostType: 'github', throwOnClientError: true });
        checkStatus(res, new URL(url).host, `GET ${url}`, ctx.clock.now());
        return res.json<Record<string, unknown>>();
      };
      const ref = (await get(`${api}/git/ref/tags/${encodeURIComponent(tag.name)}`)) as { object?: { type?: string; sha?: string } };
      if (ref.object?.type === 'tag' && ref.object.sha) {
        const annotated = (await get(`${api}/git/tags/${ref.object.sha}`)) as { tagger?: { date?: string } };
        if (annotated.tagger?.date) return annotated.tagger.date;
      }
      const commit = (await get(`${api}/git/commits/${tag.sha}`)) as { committer?: { date?: string } };
      return commit.committer?.date ?? null;
    });
  }

  return {
    id: 'github-tags',
    defaultVersioning: DATASOURCE_META['github-tags'].defaultVersioning,
    async getReleases(pkg, ctx): Promise<ReleaseResult | null> {
      const tags = await listTags(pkg, ctx);
      if (!tags) return null;
      const web = pkg.registryUrl
        ? apiFor(pkg)
            .replace(/^https:\/\/api\.github\.com$/, 'https://github.com')
            .replace(/\/api\/v3$/, '')
        : 'https://github.com';
      return { releases: tags.map((t) => ({ version: t.name, digest: t.sha })), sourceUrl: `${web}/${pkg.packageName}`, registryUrl: apiFor(pkg) };
    },
    async getDigest(pkg, tag, ctx) {
      return (await listTags(pkg, ctx))?.find((t) => t.name === tag)?.sha ?? null;
    },
    async getReleaseTimestamp(pkg, version, ctx) {
      const tag = (await listTags(pkg, ctx))?.find((t) => t.name === version);
      return tag ? timestampOf(pkg, tag, ctx) : null;
    },
  };
}

export const githubTagsDatasource: Datasource = createGithubTagsDatasource();
