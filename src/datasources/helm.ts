/**
 * Helm chart repositories over HTTP: `<repository>/index.yaml` → the chart's versions, `created` dates,
 * digests, app versions, home page and source repository.
 *
 * Indexes are large (Bitnami's is 27 MB) and shared by many charts, so one index is fetched and read once
 * per cache lifetime for every chart in it: concurrent lookups share the request (the cache's single
 * flight), the byte scanner reads every chart's versions in about 85 ms for 20 MB (a fourth of that for a
 * handful of charts, but then a chart asked later would cost a new 20 MB download), and the cache keeps
 * only the compact form, revalidated with ETag / Last-Modified once stale (a 304 re-reads nothing).
 * OCI chart repositories (`oci://`) are looked up by the docker datasource.
 */
import { cachedGet } from '../http/cached-get.js';
import { Redactor } from '../util/redact.js';
import type { HttpClient } from '../http/client.js';
import { ExternalHostError, HttpStatusError, InputError } from '../util/errors.js';
import { compactIndex, releaseResult, type CompactIndex } from './helm/compact.js';
import { readIndex } from './helm/index-reader.js';
import { MalformedIndexError } from './helm/raw-entry.js';
import type { Datasource, DatasourceContext, PackageRef, ReleaseResult } from './types.js';
import { DATASOURCE_META } from '../meta/datasources.js';

/** Fresh for 15 minutes, then revalidated (kept for revalidation a week longer by the cache). */
export const HELM_INDEX_TTL_SECONDS = 15 * 60;
export const HELM_INDEX_NAMESPACE = 'datasource-helm-index';

/**
 * `https://charts.example.com/stable` → `https://charts.example.com/stable/index.yaml`. Credentials
 * written in the URL are not part of it (fetch refuses them, and cache keys must not hold them): see
 * `urlCredentials`.
 */
export function helmIndexUrl(registryUrl: string): string {
  let base: URL;
  try {
    base = new URL(registryUrl.trim());
  } catch {
    throw new InputError(`"${new Redactor().redact(registryUrl)}" is not a Helm repository URL`);
  }
  if (base.protocol === 'oci:') throw new InputError(`${base.host}: oci:// chart repositories are looked up by the docker datasource, not the helm one`);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new InputError(`"${base.protocol}" Helm repository URLs are not supported (https:// or http://)`);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  base.username = '';
  base.password = '';
  return new URL('index.yaml', base).toString();
}

/** The repository URL as given, less any `user:password@` (it goes into reports). */
function withoutCredentials(registryUrl: string): string {
  const url = new URL(registryUrl.trim());
  if (!url.username && !url.password) return registryUrl;
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/$/, registryUrl.trim().endsWith('/') ? '/' : '');
}

/** `https://user:pass@host/…` → a Basic credential (and its parts, to keep them out of messages). */
function urlCredentials(registryUrl: string): { header: string; secrets: string[] } | undefined {
  let url: URL;
  try {
    url = new URL(registryUrl.trim());
  } catch {
    return undefined;
  }
  if (!url.username && !url.password) return undefined;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const basic = Buffer.from(`${user}:${password}`).toString('base64');
  return { header: `Basic ${basic}`, secrets: [password, basic] };
}

/** Credentials for a private chart repository: the operator's `hostRules` (hostType `helm`), else the URL's own. */
function authHeaders(http: HttpClient, url: string, registryUrl: string): Record<string, string> {
  const inUrl = urlCredentials(registryUrl);
  for (const secret of inUrl?.secrets ?? []) http.redactor.add(secret);
  const rule = http.hostRule(url, 'helm');
  if (rule.token) return { authorization: `${rule.authType ?? 'Bearer'} ${rule.token}` };
  if (rule.username && rule.password) return { authorization: `Basic ${Buffer.from(`${rule.username}:${rule.password}`).toString('base64')}` };
  return inUrl ? { authorization: inUrl.header } : {};
}

/** The compact index for a repository: from the cache while fresh, else fetched (conditionally) and read once. */
export async function getHelmIndex(registryUrl: string, ctx: DatasourceContext): Promise<{ url: string; index: CompactIndex }> {
  const url = helmIndexUrl(registryUrl);
  const index = await cachedGet<CompactIndex>(ctx.http, ctx.cache, url, {
    namespace: HELM_INDEX_NAMESPACE,
    ttlSeconds: HELM_INDEX_TTL_SECONDS,
    hostType: 'helm',
    headers: { accept: 'application/x-yaml, text/yaml, application/yaml, */*', ...authHeaders(ctx.http, url, registryUrl) },
    parse: (res) => {
      try {
        return compactIndex(readIndex(res.body).index);
      } catch (err) {
        // A document that is not an index is an answer too: cached, so ten charts do not fetch it ten times.
        if (err instanceof MalformedIndexError) return { charts: {}, error: err.message };
        throw err;
      }
    },
  });
  return { url, index };
}

export const helmDatasource: Datasource = {
  id: 'helm',
  defaultVersioning: DATASOURCE_META['helm'].defaultVersioning,
  async getReleases(pkg: PackageRef, ctx: DatasourceContext): Promise<ReleaseResult | null> {
    if (!pkg.registryUrl) throw new InputError(`chart "${pkg.packageName}": no Helm repository URL`);
    const { url, index } = await getHelmIndex(pkg.registryUrl, ctx);
    const shown = ctx.http.redactor.redact(url);
    const host = new URL(url).host;
    if (index.error) throw new ExternalHostError(host, 200, `${shown}: ${index.error}`);
    const chart = Object.hasOwn(index.charts, pkg.packageName) ? index.charts[pkg.packageName] : undefined;
    if (!chart) {
      const count = Object.keys(index.charts).length;
      throw new HttpStatusError(host, 404, `chart "${pkg.packageName}" is not in ${shown} (${count} chart${count === 1 ? '' : 's'} there)`);
    }
    return releaseResult(chart, withoutCredentials(pkg.registryUrl));
  },
};
