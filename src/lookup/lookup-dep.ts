/**
 * Look up one dep: ask its datasource what exists, then ask only for what the decision needs — the
 * digests of the few candidate tags (and of the current tag), and release dates only when
 * `minimumReleaseAge` needs them — and decide with `evaluateUpdates`.
 */
import { getDatasource } from '../datasources/registry.js';
import { defaultVersioning } from '../meta/datasources.js';
import type { Datasource, DatasourceContext, PackageRef, Release } from '../datasources/types.js';
import type { Dep } from '../deps/dep.js';
import { getVersioning } from '../versioning/registry.js';
import { evaluateUpdates, type LookupOptions, type Rejection, type Update } from './choose-updates.js';
import { extractVersions } from './extract-version.js';

export interface DepLookup {
  updates: Update[];
  /** One line each, about this dep: what went wrong or what the user should know (never a credential). */
  warnings: string[];
  rejected: Rejection[];
  sourceUrl?: string;
  homepage?: string;
  /** How many versions the registry offered. */
  releaseCount?: number;
  /** The version the current value stands for (for a range: the highest release it allows). */
  currentVersion?: string;
  /** Why the lookup could not be done at all (no datasource, not found, the registry failed); also in `warnings`. */
  failure?: string;
}

/** At most this many release dates are read per dep for `minimumReleaseAge`. */
const MAX_AGE_READS = 12;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function lookupDep(
  dep: Dep,
  options: LookupOptions,
  ctx: DatasourceContext,
  datasourceFor: ((id: string) => Datasource | undefined) | undefined = getDatasource,
): Promise<DepLookup> {
  datasourceFor ??= getDatasource;
  const out: DepLookup = { updates: [], warnings: [], rejected: [] };
  if (dep.skipReason) return out;
  const datasource = dep.datasource ? datasourceFor(dep.datasource) : undefined;
  if (!datasource) {
    return failed(out, `no datasource${dep.datasource ? ` "${dep.datasource}"` : ''} to look it up`);
  }
  const config: LookupOptions = { ...options, versioning: options.versioning ?? dep.versioning ?? defaultVersioning(datasource.id) };
  if (dep.pinDigests === false) config.pinDigests = false;
  try {
    getVersioning(config.versioning!);
  } catch (err) {
    return failed(out, message(err));
  }
  const pkg: PackageRef = { packageName: dep.packageName ?? dep.depName };
  if (dep.currentValue !== undefined) pkg.currentValue = dep.currentValue;
  const registryUrl = dep.registryUrls?.[0] ?? ctx.defaultRegistryUrls?.[datasource.id];
  if (registryUrl) pkg.registryUrl = registryUrl;

  let releases: Release[];
  // extractVersion: the rule's, else the dep's (a custom manager's); the registry's tag is kept for digests and dates.
  const extractVersion = (options as LookupOptions & { extractVersion?: string }).extractVersion ?? dep.extractVersion;
  let tagOf: Map<string, string> | undefined;
  try {
    const result = await datasource.getReleases(pkg, ctx);
    if (!result) {
      return failed(out, `not found: ${describe(pkg)}`);
    }
    if (extractVersion) ({ releases, tagOf } = extractVersions(result.releases, extractVersion));
    else releases = result.releases.map((r) => ({ ...r }));
    out.releaseCount = releases.length;
    for (const warning of result.warnings ?? []) out.warnings.push(warning);
    if (result.sourceUrl) out.sourceUrl = result.sourceUrl;
    if (result.homepage) out.homepage = result.homepage;
  } catch (err) {
    return failed(out, message(err));
  }

  const needsDigest = Boolean(dep.currentDigest) || config.pinDigests === true;
  // An image written without a tag is `latest`; pinning it writes both (`nginx:latest@sha256:…`).
  const currentValue = dep.currentValue ?? (datasource.id === 'docker' && needsDigest ? 'latest' : undefined);
  // Release age is judged against the run's instant, never the wall clock.
  const input = { currentValue, currentDigest: dep.currentDigest, releases, config, now: ctx.clock.startedAt };
  if (dep.currentValue !== undefined && !releases.some((r) => r.version === dep.currentValue) && !dep.currentDigest) {
    out.warnings.push(`the current version ${dep.currentValue} is not offered by the registry (${describe(pkg)})`);
  }
  const tagFor = (version: string) => tagOf?.get(version) ?? version;
  await readReleaseDates(datasource, pkg, input, ctx, out, tagFor);

  if (needsDigest && datasource.getDigest) {
    const wanted = new Set(evaluateUpdates({ ...input, currentDigest: undefined, config: { ...config, pinDigests: false } }).updates.map((u) => u.newValue));
    if (currentValue !== undefined) wanted.add(currentValue);
    await Promise.all(
      [...wanted].map(async (tag) => {
        try {
          const digest = await datasource.getDigest!(pkg, tagFor(tag), ctx);
          const release = releases.find((r) => r.version === tag);
          if (digest && release) release.digest = digest;
        } catch (err) {
          out.warnings.push(`digest of ${tag} unknown: ${message(err)}`);
        }
      }),
    );
    await describePinnedDigest(dep, datasource, pkg, releases.find((r) => r.version === currentValue)?.digest, ctx, out);
  }

  const outcome = evaluateUpdates(input);
  out.updates = outcome.updates;
  out.rejected = outcome.rejected;
  if (outcome.currentVersion) out.currentVersion = outcome.currentVersion;
  for (const r of outcome.rejected.filter((x) => x.reason === 'age-unknown')) {
    out.warnings.push(`${r.version} held back by minimumReleaseAge: its age is unknown (the registry gives no date)`);
  }
  return out;
}

function failed(out: DepLookup, reason: string): DepLookup {
  out.failure = reason;
  out.warnings.push(reason);
  return out;
}

function describe(pkg: PackageRef): string {
  return pkg.registryUrl ? `${pkg.packageName} at ${pkg.registryUrl}` : pkg.packageName;
}

/**
 * Read release dates for the candidates `minimumReleaseAge` must judge: the winner of each bucket, and
 * when that one turns out too young, the next one — until every winner is dated or the read budget is
 * spent. Registries other than Helm repositories give no dates in their listings, so each is one read.
 */
async function readReleaseDates(
  datasource: Datasource,
  pkg: PackageRef,
  input: Parameters<typeof evaluateUpdates>[0],
  ctx: DatasourceContext,
  out: DepLookup,
  tagFor: (version: string) => string,
): Promise<void> {
  if (!input.config?.minimumReleaseAge || !datasource.getReleaseTimestamp) return;
  const asked = new Set<string>();
  const probe = {
    ...input,
    currentDigest: undefined,
    config: { ...input.config, pinDigests: false, minimumReleaseAgeBehaviour: 'timestamp-optional' as const },
  };
  while (asked.size < MAX_AGE_READS) {
    const undated = evaluateUpdates(probe)
      .updates.map((u) => input.releases.find((r) => r.version === u.newValue || r.version === u.newVersion))
      .filter((r): r is Release => r !== undefined && !r.releaseTimestamp && !asked.has(r.version));
    if (undated.length === 0) return;
    for (const release of undated.slice(0, MAX_AGE_READS - asked.size)) {
      asked.add(release.version);
      try {
        const timestamp = await datasource.getReleaseTimestamp(pkg, tagFor(release.version), ctx);
        if (timestamp) release.releaseTimestamp = timestamp;
      } catch (err) {
        out.warnings.push(`${release.version}: release date unknown: ${message(err)}`);
      }
    }
  }
}

/**
 * A pin to one platform's manifest where the tag is a multi-platform index (someone pinned what
 * `docker inspect` showed on their machine) is worth telling: an update pins the index, as `docker pull`
 * does. A pin that equals the tag's digest is fine whatever it is; only a pin that differs is looked at.
 */
async function describePinnedDigest(
  dep: Dep,
  datasource: Datasource,
  pkg: PackageRef,
  tagDigest: string | undefined,
  ctx: DatasourceContext,
  out: DepLookup,
): Promise<void> {
  if (!dep.currentDigest || !tagDigest || tagDigest === dep.currentDigest || !datasource.getDigestInfo) return;
  try {
    const pinned = await datasource.getDigestInfo(pkg, dep.currentDigest, ctx);
    if (pinned?.kind !== 'manifest') return;
    const tag = await datasource.getDigestInfo(pkg, tagDigest, ctx);
    if (tag?.kind !== 'index') return;
    const platform = pinned.platforms.length > 0 ? ` (${pinned.platforms.join(', ')})` : '';
    out.warnings.push(
      `the pinned digest is a single platform's manifest${platform}, not the multi-platform index that \`docker pull\` resolves; an update pins the index`,
    );
  } catch {
    // Knowing what the old pin was is a nicety; the lookup stands without it.
  }
}
