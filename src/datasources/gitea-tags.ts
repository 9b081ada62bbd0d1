/**
 * gitea-tags: the tags of a Gitea or Forgejo repository (`owner/repo`), the commit each points to and
 * its date, from `GET /api/v1/repos/{owner}/{repo}/tags?page=&limit=`.
 *
 * - Base URL from `registryUrl` (default `https://gitea.com`); a URL ending in `/api/v1` is accepted.
 * - Token from host rules (`hostType: 'gitea'`, or `gitea-tags`), sent as `Authorization: token …`
 *   (Gitea's own form; the `?token=` query is deprecated and would land in proxy logs).
 * - Gitea caps `limit` at `MAX_RESPONSE_ITEMS` (50 by default) without saying so: paging goes on until
 *   `X-Total-Count` tags are read or a page comes back empty, bounded in pages.
 * - `commit.created` is the tag's date (the tagger's for annotated tags): release dates come free.
 */
import { createHash } from 'node:crypto';
import { cachedGet } from '../http/cached-get.js';
import { ExternalHostError, HttpStatusError } from '../util/errors.js';
import type { Datasource, DatasourceContext, PackageRef, Release, ReleaseResult } from './types.js';
import { DATASOURCE_META } from '../meta/datasources.js';

export interface GiteaTagsOptions {
  /** Pages read at most. */
  maxPages?: number;
  /** Page size asked for (Gitea may answer with fewer). */
  pageSize?: number;
  ttlSeconds?: number;
}

interface TagPage {
  releases: Release[];
  total?: number;
}

const DEFAULT_BASE = 'https://gitea.com';

/** The web base URL (without `/api/v1`) for a registryUrl. */
export function giteaBase(registryUrl: string | undefined): string {
  return (registryUrl ?? DEFAULT_BASE).replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

function tokenFor(base: string, ctx: DatasourceContext): string | undefined {
  for (const type of ['gitea-tags', 'gitea', 'forgejo']) {
    const rule = ctx.http.hostRule(`${base}/api/v1/`, type);
    if (rule.token) return rule.token;
  }
  return undefined;
}

export function createGiteaTagsDatasource(options: GiteaTagsOptions = {}): Datasource {
  const maxPages = options.maxPages ?? 100;
  const pageSize = options.pageSize ?? 50;
  const ttlSeconds = options.ttlSeconds ?? 15 * 60;

  async function fetchPage(url: string, headers: Record<string, string>, ctx: DatasourceContext): Promise<TagPage> {
    const host = new URL(url).host;
    const what = `GET ${ctx.http.redactor.redact(url)}`;
    const who = headers.authorization ? createHash('sha256').update(headers.authorization).digest('hex').slice(0, 16) : 'anonymous';
    return cachedGet<TagPage>(ctx.http, ctx.cache, url, {
      namespace: 'datasource-gitea-tags',
      key: `${url}|${who}`,
      ttlSeconds,
      headers,
      hostType: 'gitea',
      parse: (res) => {
        const body = res.json<unknown>();
        if (!Array.isArray(body)) throw new ExternalHostError(host, res.status, `${what}: the answer is not a list of tags`);
        const releases: Release[] = [];
        for (const t of body as { name?: unknown; commit?: { sha?: unknown; created?: unknown } }[]) {
          if (typeof t?.name !== 'string') continue;
          const release: Release = { version: t.name };
          if (typeof t.commit?.sha === 'string') release.digest = t.commit.sha;
          if (typeof t.commit?.created === 'string' && !Number.isNaN(Date.parse(t.commit.created))) release.releaseTimestamp = t.commit.created;
          releases.push(release);
        }
        const page: TagPage = { releases };
        const total = Number(res.headers['x-total-count']);
        if (Number.isInteger(total) && total >= 0) page.total = total;
        return page;
      },
    });
  }

  async function listTags(pkg: PackageRef, ctx: DatasourceContext): Promise<Release[] | null> {
    const [owner, repo, ...rest] = pkg.packageName.split('/');
    if (!owner || !repo || rest.length) throw new ExternalHostError(giteaBase(pkg.registryUrl), undefined, `"${pkg.packageName}" is not owner/repo`);
    const base = giteaBase(pkg.registryUrl);
    const token = tokenFor(base, ctx);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) {
      ctx.http.redactor.add(token);
      headers.authorization = `token ${token}`;
    }
    const releases: Release[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const url = `${base}/api/v1/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/tags?page=${page}&limit=${pageSize}`;
      let result: TagPage;
      try {
        result = await fetchPage(url, headers, ctx);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404 && page === 1) return null;
        throw err;
      }
      releases.push(...result.releases);
      if (result.releases.length === 0) break;
      if (result.total !== undefined ? releases.length >= result.total : result.releases.length < pageSize) break;
    }
    return releases;
  }

  return {
    id: 'gitea-tags',
    defaultVersioning: DATASOURCE_META['gitea-tags'].defaultVersioning,
    async getReleases(pkg, ctx): Promise<ReleaseResult | null> {
      const releases = await listTags(pkg, ctx);
      if (!releases) return null;
      const base = giteaBase(pkg.registryUrl);
      return { releases, sourceUrl: `${base}/${pkg.packageName}`, registryUrl: base };
    },
    async getDigest(pkg, tag, ctx) {
      return (await listTags(pkg, ctx))?.find((r) => r.version === tag)?.digest ?? null;
    },
    async getReleaseTimestamp(pkg, version, ctx) {
      return (await listTags(pkg, ctx))?.find((r) => r.version === version)?.releaseTimestamp ?? null;
    },
  };
}

export const giteaTagsDatasource: Datasource = createGiteaTagsDatasource();
