/**
 * gitlab-releases: the releases of a GitLab project (`group[/subgroup]/project`), from
 * `GET /api/v4/projects/{url-encoded path}/releases?per_page=100&page=` (following `x-next-page`,
 * bounded).
 *
 * - Base URL: the dep's registryUrl, else the run's GitLab endpoint, else `https://gitlab.com` (a URL
 *   ending in `/api/v4` is accepted).
 * - Token from host rules (`gitlab-releases`, then `gitlab`), sent in `PRIVATE-TOKEN` as the GitLab
 *   platform sends it.
 * - `released_at` (else `created_at`) is the release's date. GitLab has no drafts or pre-release flag;
 *   an upcoming release (dated in the future) is held back by `minimumReleaseAge` like any young one.
 * - Each page is cached with its ETag and revalidated with `If-None-Match`.
 * - Digest: the commit the release's tag points at, from gitlab-tags (`git ls-remote`).
 */
import { createHash } from 'node:crypto';
import { cachedGet } from '../http/cached-get.js';
import { ExternalHostError, HttpStatusError } from '../util/errors.js';
import { DATASOURCE_META } from '../meta/datasources.js';
import { toForgeRelease, type ForgeRelease } from './github-releases.js';
import { gitlabTagsDatasource } from './gitlab-tags.js';
import type { Datasource, DatasourceContext, PackageRef, ReleaseResult } from './types.js';

export interface GitlabReleasesOptions {
  /** Pages of 100 releases read at most. */
  maxPages?: number;
  ttlSeconds?: number;
}

interface ReleasePage {
  releases: ForgeRelease[];
  /** The next page's number (`x-next-page`), when there is one. */
  nextPage?: number;
}

const DEFAULT_BASE = 'https://gitlab.com';

/** The web base URL (without `/api/v4`) for a registryUrl. */
export function gitlabBase(registryUrl: string | undefined): string {
  return (registryUrl ?? DEFAULT_BASE).replace(/\/+$/, '').replace(/\/api\/v4$/, '');
}

function tokenFor(base: string, ctx: DatasourceContext): string | undefined {
  for (const type of ['gitlab-releases', 'gitlab']) {
    const rule = ctx.http.hostRule(`${base}/api/v4/`, type);
    if (rule.token) return rule.token;
  }
  return undefined;
}

export function createGitlabReleasesDatasource(options: GitlabReleasesOptions = {}): Datasource {
  const maxPages = options.maxPages ?? 50;
  const ttlSeconds = options.ttlSeconds ?? 15 * 60;

  function registryOf(pkg: PackageRef, ctx: DatasourceContext): PackageRef {
    const registryUrl = pkg.registryUrl ?? ctx.defaultRegistryUrls?.['gitlab-releases'] ?? ctx.defaultRegistryUrls?.['gitlab-tags'];
    return registryUrl ? { packageName: pkg.packageName, registryUrl } : { packageName: pkg.packageName };
  }

  async function fetchPage(url: string, headers: Record<string, string>, ctx: DatasourceContext): Promise<ReleasePage> {
    const host = new URL(url).host;
    const what = `GET ${ctx.http.redactor.redact(url)}`;
    const who = headers['private-token'] ? createHash('sha256').update(headers['private-token']).digest('hex').slice(0, 16) : 'anonymous';
    return cachedGet<ReleasePage>(ctx.http, ctx.cache, url, {
      namespace: 'datasource-gitlab-releases',
      key: `${url}|${who}`,
      ttlSeconds,
      headers,
      hostType: 'gitlab',
      parse: (res) => {
        const body = res.json<unknown>();
        if (!Array.isArray(body)) throw new ExternalHostError(host, res.status, `${what}: the answer is not a list of releases`);
        const releases = body.map((r) => toForgeRelease(r, ['released_at', 'created_at'])).filter((r): r is ForgeRelease => r !== undefined);
        const page: ReleasePage = { releases };
        const next = Number(res.headers['x-next-page']);
        if (res.headers['x-next-page'] && Number.isInteger(next) && next > 0) page.nextPage = next;
        return page;
      },
    });
  }

  async function listReleases(pkg: PackageRef, ctx: DatasourceContext): Promise<{ releases: ForgeRelease[]; warnings: string[] } | null> {
    const base = gitlabBase(pkg.registryUrl);
    const project = pkg.packageName.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
    if (!project.includes('/')) throw new ExternalHostError(base, undefined, `"${pkg.packageName}" is not group/project`);
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = tokenFor(base, ctx);
    if (token) {
      ctx.http.redactor.add(token);
      headers['private-token'] = token;
    }
    const releases: ForgeRelease[] = [];
    const warnings: string[] = [];
    let page: number | undefined = 1;
    for (let read = 0; page !== undefined; read++) {
      if (read >= maxPages) {
        warnings.push(`${pkg.packageName}: only the ${maxPages * 100} newest releases were read`);
        break;
      }
      const url = `${base}/api/v4/projects/${encodeURIComponent(project)}/releases?per_page=100&page=${page}`;
      let result: ReleasePage;
      try {
        result = await fetchPage(url, headers, ctx);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404 && page === 1) return null;
        throw err;
      }
      releases.push(...result.releases);
      // Only forward: a server that points back cannot make this loop.
      page = result.nextPage !== undefined && result.nextPage > page ? result.nextPage : undefined;
    }
    return { releases, warnings };
  }

  return {
    id: 'gitlab-releases',
    defaultVersioning: DATASOURCE_META['gitlab-releases'].defaultVersioning,
    async getReleases(pkg, ctx): Promise<ReleaseResult | null> {
      const ref = registryOf(pkg, ctx);
      const listed = await listReleases(ref, ctx);
      if (!listed) return null;
      const base = gitlabBase(ref.registryUrl);
      const project = pkg.packageName.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
      const result: ReleaseResult = { releases: listed.releases.map((r) => ({ ...r })), sourceUrl: `${base}/${project}`, registryUrl: base };
      if (listed.warnings.length) result.warnings = listed.warnings;
      return result;
    },
    async getDigest(pkg, tag, ctx) {
      const ref = registryOf(pkg, ctx);
      // gitlab-tags wants the web base (it clones `<base>/<project>.git`), not an `/api/v4` URL.
      const clone: PackageRef = ref.registryUrl ? { ...ref, registryUrl: gitlabBase(ref.registryUrl) } : ref;
      return (await gitlabTagsDatasource.getDigest?.(clone, tag, ctx)) ?? null;
    },
  };
}

export const gitlabReleasesDatasource: Datasource = createGitlabReleasesDatasource();
