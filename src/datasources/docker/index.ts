/**
 * The docker datasource (OCI distribution v2): any registry — Docker Hub, ghcr.io, quay.io, Harbor,
 * GitLab/Gitea registries, self-hosted on http — for images and Helm OCI charts.
 *
 * Requests per image: one tag listing (plus its pages) per tags TTL, and for the newest tag's source URL
 * its manifest (one GET by tag the first time, a HEAD once the image is known: `newestMeta`) and config;
 * one HEAD per tag digest per run (see `tag-digest.ts` for the cache boundary); dates and labels read by
 * digest once and cached long.
 */
import { RateLimitedError } from '../../util/errors.js';
import { getVersioning } from '../../versioning/registry.js';
import type { Datasource, DatasourceContext, DigestInfo, PackageRef, ReleaseResult } from '../types.js';
import { imageMeta, type ImageMeta } from './image-meta.js';
import { configByDigest, IMMUTABLE_TTL_SECONDS, manifestByDigest, manifestOfTag, platformName } from './manifests.js';
import { countsPulls, sparePullsLeft } from './rate-limit.js';
import { resolveTarget, type RegistryTarget } from './registry-url.js';
import { knownTagDigest, noteTagDigest, tagDigest, versionToTag } from './tag-digest.js';
import { listTags, type TagListLimits } from './tags.js';
import { DATASOURCE_META } from '../../meta/datasources.js';

export interface DockerDatasourceOptions extends Partial<TagListLimits> {
  /** How long a tag list (and the releases made from it) is served from the cache. */
  tagsTtlSeconds?: number;
}

export const DOCKER_DEFAULTS: Required<DockerDatasourceOptions> = {
  // 1000 is what ECR accepts at most; ghcr.io lists oldest first, so all pages are needed.
  pageSize: 1000,
  maxPages: 100,
  maxBytes: 16 * 1024 * 1024,
  tagsTtlSeconds: 3600,
};

function target(pkg: PackageRef, ctx: DatasourceContext): RegistryTarget {
  return resolveTarget(pkg, (url) => ctx.http.hostRule(url, 'docker'));
}

/** The tag whose labels speak for the image: `latest`, else the highest stable version, else the last listed. */
export function newestTag(tags: string[]): string | undefined {
  if (tags.includes('latest')) return 'latest';
  try {
    const docker = getVersioning('docker');
    const versions = tags.filter((t) => docker.isVersion(t) && docker.isStable(t)).sort((a, b) => docker.sortVersions(a, b));
    if (versions.length > 0) return versions[versions.length - 1];
  } catch {
    // no docker versioning available: fall back to the registry's order
  }
  return tags[tags.length - 1];
}

/**
 * What the newest tag says about the image (its source URL, for PR bodies).
 *
 * - Nothing known yet — not this image (a first run, or a run without a shared cache), not the tag's
 *   digest in this run, and the registry not known to count pulls: one GET by tag gives the digest and
 *   the manifest (a HEAD and a GET by digest saved into one request). A registry that counts pulls but is
 *   not Docker Hub is known from its first manifest answer on.
 * - Otherwise a HEAD — free on Docker Hub, and it tells the pulls left — and reads by digest, which the
 *   long cache answers while the tag has not moved.
 */
async function newestMeta(t: RegistryTarget, tag: string, ctx: DatasourceContext): Promise<ImageMeta | undefined> {
  const known =
    (await ctx.cache.store.get('docker-image-seen', t.key)) !== undefined || (await knownTagDigest(t, tag, ctx)) !== undefined || (await countsPulls(t, ctx));
  if (!known) {
    if (!(await sparePullsLeft(t, ctx))) return undefined;
    const digest = await manifestOfTag(t, tag, ctx);
    await noteTagDigest(t, tag, digest, ctx);
    await ctx.cache.set('docker-image-seen', t.key, true, IMMUTABLE_TTL_SECONDS);
    return imageMeta(t, digest, ctx);
  }
  // The HEAD is free on Docker Hub and tells the pulls left; the reads after it are not free.
  const digest = await tagDigest(t, tag, ctx);
  if (!(await sparePullsLeft(t, ctx))) return undefined;
  return imageMeta(t, digest, ctx);
}

async function loadReleases(t: RegistryTarget, ctx: DatasourceContext, options: Required<DockerDatasourceOptions>): Promise<ReleaseResult> {
  const list = await listTags(t, ctx, options);
  const warnings = [...list.warnings];
  let meta: ImageMeta | undefined;
  const newest = newestTag(list.tags);
  try {
    if (newest !== undefined) meta = await newestMeta(t, newest, ctx);
  } catch (err) {
    // Out of pulls: the digest lookups of this run say so already.
    if (!(err instanceof RateLimitedError)) {
      const why = err instanceof Error ? err.message : String(err);
      warnings.push(`${t.image}: source URL unknown: ${why.startsWith(`${t.image}: `) ? why.slice(t.image.length + 2) : why}`);
    }
  }
  // Helm pushes chart version `1.2.3+build` as tag `1.2.3_build`: report the chart version.
  const releases = list.tags.map((tag) => ({ version: meta?.helmChart ? tag.replaceAll('_', '+') : tag }));
  const result: ReleaseResult = { releases, registryUrl: t.origin };
  if (meta?.sourceUrl) result.sourceUrl = meta.sourceUrl;
  if (meta?.homepage) result.homepage = meta.homepage;
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

export function createDockerDatasource(overrides: DockerDatasourceOptions = {}): Datasource {
  const options = { ...DOCKER_DEFAULTS, ...overrides };
  return {
    id: 'docker',
    defaultVersioning: DATASOURCE_META['docker'].defaultVersioning,

    getReleases(pkg, ctx) {
      const t = target(pkg, ctx);
      return ctx.cache.remember('docker-releases', t.key, options.tagsTtlSeconds, () => loadReleases(t, ctx, options));
    },

    /** Always the digest of what the tag points at now (an index for multi-platform images). */
    getDigest(pkg, tag, ctx) {
      return tagDigest(target(pkg, ctx), versionToTag(tag), ctx);
    },

    async getDigestInfo(pkg, digest, ctx): Promise<DigestInfo | null> {
      const t = target(pkg, ctx);
      // Reading a manifest counts as a pull on Docker Hub; this is only a nicety.
      if (!(await sparePullsLeft(t, ctx))) return null;
      const doc = await manifestByDigest(t, digest, ctx);
      if (doc.kind === 'index') {
        const platforms = (doc.manifests ?? []).flatMap((m) => (m.platform && m.platform.os !== 'unknown' ? [platformName(m.platform)] : []));
        return { kind: 'index', platforms };
      }
      const config = doc.config ? await configByDigest(t, doc.config.digest, ctx) : undefined;
      return { kind: 'manifest', platforms: config?.platform ? [platformName(config.platform)] : [] };
    },

    /** The image config's `created` (or the chart's `org.opencontainers.image.created`), null when unknown. */
    async getReleaseTimestamp(pkg, version, ctx) {
      const t = target(pkg, ctx);
      const meta = await imageMeta(t, await tagDigest(t, versionToTag(version), ctx), ctx);
      return meta.created ?? null;
    },
  };
}

export const dockerDatasource: Datasource = createDockerDatasource();
