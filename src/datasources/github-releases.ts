/**
 * github-releases: the releases of a GitHub repository (`owner/repo`), from the REST API
 * `GET /repos/{owner}/{repo}/releases` (100 a page, following `Link: rel="next"`, bounded) — what the
 * `# renovate: datasource=github-releases depName=owner/repo` annotations of home-lab repositories name.
 *
 * - A release's version is its tag; its date (`published_at`, else `created_at`) is `releaseTimestamp`,
 *   so `minimumReleaseAge` needs no further request.
 * - Drafts are never releases (only people who may push see them, and their tag may not exist yet).
 * - A release marked as a pre-release is `isStable: false`, as Renovate marks it: unstable whatever its
 *   tag looks like, unless the current version is one.
 * - Base URL: the dep's registryUrl, else the run's GitHub endpoint (the operator's GitHub Enterprise),
 *   else `https://api.github.com`; GitHub Enterprise web URLs get `/api/v3` (github-tags' rule).
 * - Token from host rules (`github-releases`, then `github`, on the API URL and on the web host).
 * - Every page is cached with its ETag and revalidated with `If-None-Match` once stale (a 304 costs no
 *   rate limit); `x-ratelimit-remaining: 0` is a RateLimitedError with the time until the reset.
 * - Digest: the commit the release's tag points at, from github-tags (the same tag list and cache).
 */
import { createHash } from 'node:crypto';
import { cachedGet } from '../http/cached-get.js';
import type { HttpResponse } from '../http/client.js';
import { ExternalHostError, HttpStatusError, RateLimitedError } from '../util/errors.js';
import { DATASOURCE_META } from '../meta/datasources.js';
import { createGithubTagsDatasource, githubApiBase } from './github-tags.js';
import type { Datasource, DatasourceContext, PackageRef, Release, ReleaseResult } from './types.js';

export interface GithubReleasesOptions {
  /** Stands in for `https://api.github.com` when no registryUrl is given (tests point it at a fake). */
  apiBaseUrl?: string;
  /** Pages of 100 releases read at most (bounds a looping `Link` or an endless list). */
  maxPages?: number;
  /** Seconds a page is used without asking again. */
  ttlSeconds?: number;
}

/** A release as forges describe it: `isStable: false` for a pre-release (Renovate's release field). */
export type ForgeRelease = Release;

interface ReleasePage {
  releases: ForgeRelease[];
  next?: string;
  /** `x-ratelimit-remaining` was 0 when the page came. */
  exhausted?: { reset?: number };
}

const DEFAULT_API = 'https://api.github.com';
const HOST_TYPES = ['github-releases', 'github'] as const;

/** One release of the REST answer as a Release, or undefined for a draft or an entry without a tag. */
export function toForgeRelease(entry: unknown, dateFields: readonly string[]): ForgeRelease | undefined {
  const r = entry as Record<string, unknown> | null;
  if (!r || typeof r.tag_name !== 'string' || r.tag_name === '' || r.draft === true) return undefined;
  const release: ForgeRelease = { version: r.tag_name };
  const date = dateFields.map((f) => r[f]).find((d): d is string => typeof d === 'string' && !Number.isNaN(Date.parse(d)));
  if (date) release.releaseTimestamp = date;
  if (r.prerelease === true) release.isStable = false;
  return release;
}

function splitRepo(packageName: string): [string, string] {
  const [owner, repo, ...rest] = packageName.replace(/\.git$/, '').split('/');
  if (!owner || !repo || rest.length) throw new ExternalHostError('github', undefined, `"${packageName}" is not owner/repo`);
  return [owner, repo];
}

function tokenFor(api: string, ctx: DatasourceContext): string | undefined {
  const web = api === DEFAULT_API ? 'https://github.com/' : api.replace(/\/api\/v3$/, '/');
  for (const url of [api, web]) {
    for (const type of HOST_TYPES) {
      const rule = ctx.http.hostRule(`${url.replace(/\/$/, '')}/`, type);
      if (rule.token) return rule.token;
    }
  }
  return undefined;
}

function retryAfterOf(reset: number | undefined, nowMs: number): number | undefined {
  return reset !== undefined && Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - nowMs / 1000)) : undefined;
}

/** Throws the right error for a non-2xx answer (a 404 is an HttpStatusError the caller turns into null). */
function checkStatus(res: HttpResponse, host: string, what: string, nowMs: number): void {
  if (res.status < 400) return;
  if (res.headers['x-ratelimit-remaining'] === '0' && (res.status === 403 || res.status === 429)) {
    const retryAfter = retryAfterOf(Number(res.headers['x-ratelimit-reset']), nowMs);
    throw new RateLimitedError(host, res.status, retryAfter, `${what}: GitHub rate limit exhausted`);
  }
  throw new HttpStatusError(host, res.status, `${what}: ${res.status}`);
}

function nextLink(link: string | undefined, base: string): string | undefined {
  const target = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link ?? '')?.[1];
  if (!target) return undefined;
  const next = new URL(target, base);
  // Only follow links on the API's own origin: a token never goes elsewhere.
  return next.origin === new URL(base).origin ? next.toString() : undefined;
}

export function createGithubReleasesDatasource(options: GithubReleasesOptions = {}): Datasource {
  const maxPages = options.maxPages ?? 50;
  const ttlSeconds = options.ttlSeconds ?? 15 * 60;
  const tags = createGithubTagsDatasource({ ...(options.apiBaseUrl ? { apiBaseUrl: options.apiBaseUrl } : {}), ttlSeconds });

  /** The registry asked: the dep's, else the run's GitHub endpoint. */
  function registryOf(pkg: PackageRef, ctx: DatasourceContext): PackageRef {
    const registryUrl = pkg.registryUrl ?? ctx.defaultRegistryUrls?.['github-releases'] ?? ctx.defaultRegistryUrls?.['github-tags'];
    return registryUrl ? { packageName: pkg.packageName, registryUrl } : { packageName: pkg.packageName };
  }

  const apiFor = (pkg: PackageRef) => githubApiBase(pkg.registryUrl, options.apiBaseUrl ?? DEFAULT_API);

  async function fetchPage(url: string, headers: Record<string, string>, ctx: DatasourceContext): Promise<ReleasePage> {
    const host = new URL(url).host;
    const what = `GET ${ctx.http.redactor.redact(url)}`;
    // Keyed by who asks too: a token may see releases an anonymous request does not.
    const who = headers.authorization ? createHash('sha256').update(headers.authorization).digest('hex').slice(0, 16) : 'anonymous';
    return cachedGet<ReleasePage>(ctx.http, ctx.cache, url, {
      namespace: 'datasource-github-releases',
      key: `${url}|${who}`,
      ttlSeconds,
      headers,
      hostType: 'github',
      throwOnClientError: true,
      parse: (res) => {
        checkStatus(res, host, what, ctx.clock.now());
        const body = res.json<unknown>();
        if (!Array.isArray(body)) throw new ExternalHostError(host, res.status, `${what}: the answer is not a list of releases`);
        const releases = body.map((r) => toForgeRelease(r, ['published_at', 'created_at'])).filter((r): r is ForgeRelease => r !== undefined);
        const page: ReleasePage = { releases };
        const next = nextLink(res.headers.link, url);
        if (next) page.next = next;
        if (res.headers['x-ratelimit-remaining'] === '0') page.exhausted = { reset: Number(res.headers['x-ratelimit-reset']) };
        return page;
      },
    });
  }

  async function listReleases(pkg: PackageRef, ctx: DatasourceContext): Promise<{ releases: ForgeRelease[]; warnings: string[] } | null> {
    const [owner, repo] = splitRepo(pkg.packageName);
    const api = apiFor(pkg);
    const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
    const token = tokenFor(api, ctx);
    if (token) {
      ctx.http.redactor.add(token);
      headers.authorization = `Bearer ${token}`;
    }
    const releases: ForgeRelease[] = [];
    const warnings: string[] = [];
    const seen = new Set<string>();
    let url: string | undefined = `${api}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/releases?per_page=100`;
    for (let page = 0; url && !seen.has(url); page++) {
      if (page >= maxPages) {
        warnings.push(`${pkg.packageName}: only the ${maxPages * 100} newest releases were read`);
        break;
      }
      seen.add(url);
      let result: ReleasePage;
      try {
        result = await fetchPage(url, headers, ctx);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404 && page === 0) return null;
        throw err;
      }
      releases.push(...result.releases);
      if (result.next && result.exhausted) {
        const retryAfter = retryAfterOf(result.exhausted.reset, ctx.clock.now());
        const host = new URL(url).host;
        throw new RateLimitedError(
          host,
          undefined,
          retryAfter,
          `GET ${ctx.http.redactor.redact(result.next)}: GitHub rate limit exhausted, not asking for more pages`,
        );
      }
      url = result.next;
    }
    return { releases, warnings };
  }

  return {
    id: 'github-releases',
    defaultVersioning: DATASOURCE_META['github-releases'].defaultVersioning,
    async getReleases(pkg, ctx): Promise<ReleaseResult | null> {
      const ref = registryOf(pkg, ctx);
      const listed = await listReleases(ref, ctx);
      if (!listed) return null;
      const api = apiFor(ref);
      const web = ref.registryUrl && api !== DEFAULT_API ? api.replace(/\/api\/v3$/, '') : 'https://github.com';
      const result: ReleaseResult = { releases: listed.releases.map((r) => ({ ...r })), sourceUrl: `${web}/${pkg.packageName}`, registryUrl: api };
      if (listed.warnings.length) result.warnings = listed.warnings;
      return result;
    },
    async getDigest(pkg, tag, ctx) {
      return (await tags.getDigest?.(registryOf(pkg, ctx), tag, ctx)) ?? null;
    },
  };
}

export const githubReleasesDatasource: Datasource = createGithubReleasesDatasource();
