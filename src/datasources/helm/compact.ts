/**
 * The compact form of a Helm index that the cache keeps: per chart, its versions and their dates, digests
 * and app versions in parallel arrays (a third smaller than objects as JSON, and twice as fast to parse back
 * from Redis), plus the chart's home page and source repository. Never the document itself.
 */
import type { Release, ReleaseResult } from '../types.js';
import type { RawEntry, RawIndex } from './raw-entry.js';

export interface CompactChart {
  versions: string[];
  /** ISO 8601 (milliseconds, UTC) or null when the entry has no readable `created`. */
  created: (string | null)[];
  digests: (string | null)[];
  appVersions: (string | null)[];
  /** Indices of the entries that say `deprecated: true`. */
  deprecated?: number[];
  homepage?: string;
  sourceUrl?: string;
}

export interface CompactIndex {
  charts: Record<string, CompactChart>;
  /** Set instead of `charts` when the document is not a Helm index: the reason, cached like an answer. */
  error?: string;
}

/** A Helm chart version: a `Release` with the application version the chart ships. */
export interface HelmRelease extends Release {
  appVersion?: string;
}

export function compactIndex(index: RawIndex): CompactIndex {
  const charts: Record<string, CompactChart> = Object.create(null);
  for (const [name, entries] of index) {
    const chart = compactChart(entries);
    if (chart.versions.length > 0) charts[name] = chart;
  }
  return { charts };
}

function compactChart(entries: RawEntry[]): CompactChart {
  const chart: CompactChart = { versions: [], created: [], digests: [], appVersions: [] };
  for (const entry of entries) {
    if (!entry.version) continue;
    if (entry.deprecated === 'true') (chart.deprecated ??= []).push(chart.versions.length);
    chart.versions.push(entry.version);
    chart.created.push(isoDate(entry.created));
    chart.digests.push(entry.digest ?? null);
    chart.appVersions.push(entry.appVersion ?? null);
  }
  const first = entries[0];
  if (first?.home) chart.homepage = first.home;
  const sourceUrl = first && chooseSourceUrl(first);
  if (sourceUrl) chart.sourceUrl = sourceUrl;
  return chart;
}

/** Helm's usual `2024-08-15T17:18:06.125311963Z`: cut to milliseconds without parsing a Date (16k entries). */
const UTC_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d+))?Z$/;

function isoDate(text: string | undefined): string | null {
  if (!text) return null;
  const utc = UTC_TIMESTAMP.exec(text);
  if (utc) return `${text.slice(0, 19)}.${(utc[1] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function releaseResult(chart: CompactChart, registryUrl: string): ReleaseResult {
  const deprecated = new Set(chart.deprecated ?? []);
  const releases: HelmRelease[] = chart.versions.map((version, i) => {
    const release: HelmRelease = { version };
    const created = chart.created[i];
    const digest = chart.digests[i];
    const appVersion = chart.appVersions[i];
    if (created) release.releaseTimestamp = created;
    if (digest) release.digest = digest;
    if (appVersion) release.appVersion = appVersion;
    if (deprecated.has(i)) release.isDeprecated = true;
    return release;
  });
  const result: ReleaseResult = { releases, registryUrl };
  if (chart.homepage) result.homepage = chart.homepage;
  if (chart.sourceUrl) result.sourceUrl = chart.sourceUrl;
  return result;
}

const FORGE_REPO = /^https?:\/\/(github\.com|gitlab\.com|codeberg\.org|bitbucket\.org|gitea\.com)\/([^/\s]+)\/([^/\s#?]+)/i;
const CHART_REPO_NAME = /charts?|helm/i;

/** `https://github.com/o/r/tree/main/x` → `https://github.com/o/r` (where changelogs and releases live). */
function forgeRepo(url: string): { root: string; name: string } | undefined {
  const m = FORGE_REPO.exec(url.trim());
  if (!m) return undefined;
  const name = m[3]!.replace(/\.git$/, '');
  return { root: `https://${m[1]!.toLowerCase()}/${m[2]}/${name}`, name };
}

/**
 * Where the chart's source lives, for changelog links: a release-download URL's repository, else a
 * chart repository (`…/charts`, `…/helm-charts`) named by `home` or `sources`, else the first source.
 */
function chooseSourceUrl(entry: RawEntry): string | undefined {
  const download = entry.urls?.[0];
  if (download && /^https:\/\/github\.com\/[^/]+\/[^/]+\/releases\/download\//i.test(download)) return forgeRepo(download)?.root;
  for (const candidate of [entry.home, ...(entry.sources ?? [])]) {
    const repo = candidate ? forgeRepo(candidate) : undefined;
    if (repo && CHART_REPO_NAME.test(repo.name)) return repo.root;
  }
  const first = entry.sources?.find((s) => s.trim() !== '');
  if (!first) return undefined;
  return forgeRepo(first)?.root ?? first.trim();
}
