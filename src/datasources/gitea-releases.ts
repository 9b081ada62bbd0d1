/**
 * gitea-releases: the releases of a Gitea or Forgejo repository (`owner/repo`), from
 * `GET /api/v1/repos/{owner}/{repo}/releases?draft=false&page=&limit=`.
 *
 * - Base URL: the dep's registryUrl, else the run's Gitea endpoint, else `https://gitea.com`
 *   (a URL ending in `/api/v1` is accepted), as gitea-tags.
 * - Token from host rules (`gitea-releases`, `gitea`, `forgejo`), sent as `Authorization: token …`.
 * - Drafts are asked to be left out and dropped if they come anyway; a pre-release is `isStable: false`;
 *   `published_at` (else `created_at`) is the release's date.
 * - Pages until `X-Total-Count` releases are read or a page comes back short or empty (Gitea caps
 *   `limit` at its `MAX_RESPONSE_ITEMS` silently), bounded in pages; each page cached with its ETag.
 * - Digest: the commit the release's tag points at, from gitea-tags (its tag list and cache).
 */
import { createHash } from 'node:crypto';
import { cachedGet } from '../http/cached-get.js';
import { ExternalHostError, HttpStatusError } from '../util/errors.js';
import { DATASOURCE_META } from '../meta/datasources.js';
import { giteaBase, giteaTagsDatasource } from './gitea-tags.js';
import { toForgeRelease, type ForgeRelease } from './github-releases.js';
import type { Datasource, DatasourceContext, PackageRef, ReleaseResult } from './types.js';

export interface GiteaReleasesOptions {
  /** Pages read at most. */
  maxPages?: number;
  /** Page size asked for (Gitea may answer with fewer). */
  pageSize?: number;
  ttlSeconds?: number;
}

interface ReleasePage {
  releases: ForgeRelease[];
  /** Entries on the page, drafts and tagless ones included (for the short-page test). */
  entries: number;
  total?: number;
}

function tokenFor(base: string, ctx: DatasourceContext): string | undefined {
  for (const type of ['gitea-releases', 'gitea', 'forgejo']) {
    const rule = ctx.http.hostRule(`${base}/api/v1/`, type);
    if (rule.token) return rule.token;
  }
  return undefined;
}

export function createGiteaReleasesDatasource(options: GiteaReleasesOptions = {}): Datasource {
  const maxPages = options.maxPages ?? 100;
  const pageSize = options.pageSize ?? 50;
  const ttlSeconds = options.ttlSeconds ?? 15 * 60;

  function registryOf(pkg: PackageRef, ctx: DatasourceContext): PackageRef {
    const registryUrl = pkg.registryUrl ?? ctx.defaultRegistryUrls?.['gitea-releases'] ?? ctx.defaultRegistryUrls?.['gitea-tags'];
    return registryUrl ? { packageName: pkg.packageName, registryUrl } : { packageName: pkg.packageName };
  }

  async function fetchPage(url: string, headers: Record<string, string>, ctx: DatasourceContext): Promise<ReleasePage> {
    const host = new URL(url).host;
    const what = `GET ${ctx.http.redactor.redact(url)}`;
    const who = headers.authorization ? createHash('sha256').update(headers.authorization).digest('hex').slice(0, 16) : 'anonymous';
    return cachedGet<ReleasePage>(ctx.http, ctx.cache, url, {
      namespace: 'datasource-gitea-releases',
      key: `${url}|${who}`,
      ttlSeconds,
      headers,
      hostType: 'gitea',
      parse: (res) => {
        const body = res.json<unknown>();
        if (!Array.isArray(body)) throw new ExternalHostError(host, res.status, `${what}: the answer is not a list of releases`);
        const releases = body.map((r) => toForgeRelease(r, ['published_at', 'created_at'])).filter((r): r is ForgeRelease => r !== undefined);
        const page: ReleasePage = { releases, entries: body.length };
        const total = Number(res.headers['x-total-count']);
        if (res.headers['x-total-count'] !== undefined && Number.isInteger(total) && total >= 0) page.total = total;
        return page;
      },
    });
  }

  async function listReleases(pkg: PackageRef, ctx: DatasourceContext): Promise<ForgeRelease[] | null> {
    const base = giteaBase(pkg.registryUrl);
    const [owner, repo, ...rest] = pkg.packageName.split('/');
    if (!owner || !repo || rest.length) throw new ExternalHostError(base, undefined, `"${pkg.packageName}" is not owner/repo`);
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = tokenFor(base, ctx);
    if (token) {
      ctx.http.redactor.add(token);
      headers.authorization = `token ${token}`;
    }
    const releases: ForgeRelease[] = [];
    let entries = 0;
    for (let page = 1; page <= maxPages; page++) {
      const url = `${base}/api/v1/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/releases?draft=false&page=${page}&limit=${pageSize}`;
      let result: ReleasePage;
      try {
        result = await fetchPage(url, headers, ctx);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404 && page === 1) return null;
        throw err;
      }
      releases.push(...result.releases);
      entries += result.entries;
      if (result.entries === 0) break;
      if (result.total !== undefined ? entries >= result.total : result.entries < pageSize) break;
    }
    return releases;
  }

  return {
    id: 'gitea-releases',
    defaultVersioning: DATASOURCE_META['gitea-releases'].defaultVersioning,
    async getReleases(pkg, ctx): Promise<ReleaseResult | null> {
      const ref = registryOf(pkg, ctx);
      const releases = await listReleases(ref, ctx);
      if (!releases) return null;
      const base = giteaBase(ref.registryUrl);
      return { releases: releases.map((r) => ({ ...r })), sourceUrl: `${base}/${pkg.packageName}`, registryUrl: base };
    },
    async getDigest(pkg, tag, ctx) {
      return (await giteaTagsDatasource.getDigest?.(registryOf(pkg, ctx), tag, ctx)) ?? null;
    },
  };
}

export const giteaReleasesDatasource: Datasource = createGiteaReleasesDatasource();
