/**
 * What an image says about itself: its source repository (`org.opencontainers.image.source`, in config
 * labels or manifest/index annotations), homepage, creation date, and whether it is a Helm chart.
 * Everything here is read by digest, so it is cached long and costs nothing on later runs.
 */
import type { DatasourceContext } from '../types.js';
import { configByDigest, IMMUTABLE_TTL_SECONDS, manifestByDigest, MEDIA_TYPES, representativeChild, type ConfigInfo, type ManifestInfo } from './manifests.js';
import type { RegistryTarget } from './registry-url.js';

export interface ImageMeta {
  helmChart: boolean;
  sourceUrl?: string;
  homepage?: string;
  /** ISO 8601, when the image or chart tells a real date. */
  created?: string;
}

const SOURCE_KEYS = ['org.opencontainers.image.source', 'org.label-schema.vcs-url'];
const HOMEPAGE_KEYS = ['org.opencontainers.image.url', 'org.label-schema.url'];
const CREATED_KEYS = ['org.opencontainers.image.created', 'org.label-schema.build-date'];

/** An http(s) URL, without a trailing `.git` or `/`; `git@host:org/repo` becomes `https://host/org/repo`. */
export function normaliseSourceUrl(value: string | undefined): string | undefined {
  let url = value?.trim();
  if (!url) return undefined;
  const scp = /^git@([^:/]+):(.+)$/.exec(url);
  if (scp) url = `https://${scp[1]}/${scp[2]}`;
  url = url.replace(/^git\+/, '').replace(/^git:\/\//, 'https://');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    parsed.username = '';
    parsed.password = '';
    return parsed
      .toString()
      .replace(/\.git$/, '')
      .replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

/**
 * A real creation date, or undefined. Reproducible builds write the epoch (`1970-01-01T00:00:00Z`) or
 * Go's zero time (`0001-01-01…`): those say nothing about age, and taking them literally would let a
 * brand-new image pass `minimumReleaseAge`.
 */
export function realDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms <= Date.UTC(1980, 0, 1)) return undefined;
  return new Date(ms).toISOString();
}

function first(keys: string[], ...sources: (Record<string, string> | undefined)[]): string | undefined {
  for (const source of sources) for (const key of keys) if (source?.[key]?.trim()) return source[key]!.trim();
  return undefined;
}

function describe(index: ManifestInfo | undefined, manifest: ManifestInfo, config: ConfigInfo | undefined): ImageMeta {
  const helmChart = manifest.config?.mediaType === MEDIA_TYPES.helmConfig;
  const meta: ImageMeta = { helmChart };
  const annotations = [manifest.annotations, index?.annotations];
  const source = helmChart
    ? (config?.sources?.map((s) => normaliseSourceUrl(s)).find(Boolean) ?? normaliseSourceUrl(first(SOURCE_KEYS, ...annotations)))
    : normaliseSourceUrl(first(SOURCE_KEYS, config?.labels, ...annotations));
  if (source) meta.sourceUrl = source;
  const homepage = helmChart ? normaliseSourceUrl(config?.home) : normaliseSourceUrl(first(HOMEPAGE_KEYS, config?.labels, ...annotations));
  if (homepage) meta.homepage = homepage;
  const created = realDate(config?.created) ?? realDate(first(CREATED_KEYS, ...annotations, config?.labels));
  if (created) meta.created = created;
  return meta;
}

/** Read what the image at `digest` says about itself (index → its amd64 or first manifest → config). */
export function imageMeta(target: RegistryTarget, digest: string, ctx: DatasourceContext): Promise<ImageMeta> {
  return ctx.cache.remember('docker-image-meta', `${target.key}@${digest}`, IMMUTABLE_TTL_SECONDS, async () => {
    let index: ManifestInfo | undefined;
    let manifest = await manifestByDigest(target, digest, ctx);
    if (manifest.kind === 'index') {
      index = manifest;
      const child = representativeChild(index);
      if (!child) return describe(index, { kind: 'manifest', mediaType: '' }, undefined);
      manifest = await manifestByDigest(target, child.digest, ctx);
    }
    const config = manifest.config ? await configByDigest(target, manifest.config.digest, ctx) : undefined;
    return describe(index, manifest, config);
  });
}
