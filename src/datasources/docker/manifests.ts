/**
 * Manifests and image configs.
 *
 * - The digest of a tag: `HEAD /v2/<repo>/manifests/<tag>` with the Accept list for OCI index, Docker
 *   manifest list, OCI manifest and Docker v2 manifest, so a multi-platform image answers with its index —
 *   the digest `docker pull` pins. `Docker-Content-Digest` is the answer; where a registry omits it, a GET
 *   and the sha256 of the body (never on Docker Hub, where a GET counts as a pull).
 * - Anything addressed by digest is immutable: read once, checked against its digest, cached long.
 */
import { createHash } from 'node:crypto';
import { ExternalHostError } from '../../util/errors.js';
import type { DatasourceContext } from '../types.js';
import type { RegistryTarget } from './registry-url.js';
import { registryRequest } from './request.js';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  helmConfig: 'application/vnd.cncf.helm.config.v1+json',
} as const;

export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(', ');

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList]);
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Content addressed by digest never changes. */
export const IMMUTABLE_TTL_SECONDS = 30 * 24 * 3600;
/** Manifests and configs are small; anything bigger is not one. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ChildManifest {
  digest: string;
  mediaType?: string;
  platform?: Platform;
}

/** The parts of a manifest or index that lookups use (what is cached, not the document). */
export interface ManifestInfo {
  kind: 'index' | 'manifest';
  mediaType: string;
  /** For an index. */
  manifests?: ChildManifest[];
  /** For a manifest. */
  config?: { mediaType: string; digest: string };
  annotations?: Record<string, string>;
}

/** The parts of an image config (or Helm chart config) that lookups use. */
export interface ConfigInfo {
  created?: string;
  labels?: Record<string, string>;
  platform?: Platform;
  /** Helm chart configs: `home` and `sources`. */
  home?: string;
  sources?: string[];
}

const sha256 = (body: Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`;

export const platformName = (p: Platform) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;

/** The digest `reference` (a tag) points at now. One HEAD; a GET only where the registry omits the header. */
export async function headDigest(target: RegistryTarget, reference: string, ctx: DatasourceContext): Promise<string> {
  const what = `manifest of ${reference}`;
  const head = await registryRequest(
    target,
    { method: 'HEAD', path: `/v2/${target.repository}/manifests/${reference}`, accept: MANIFEST_ACCEPT, manifest: true, what },
    ctx,
  );
  const header = head.headers['docker-content-digest']?.trim();
  if (header && DIGEST.test(header)) return header;
  if (target.dockerHub) {
    throw new ExternalHostError(target.registry, head.status, `${target.image}: ${what}: no Docker-Content-Digest header (a GET would count as a pull)`);
  }
  const res = await registryRequest(
    target,
    { path: `/v2/${target.repository}/manifests/${reference}`, accept: MANIFEST_ACCEPT, manifest: true, what, maxBytes: MAX_DOCUMENT_BYTES },
    ctx,
  );
  return res.headers['docker-content-digest']?.trim().match(DIGEST)?.[0] ?? sha256(res.body);
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function platformOf(value: unknown): Platform | undefined {
  const p = value as { os?: unknown; architecture?: unknown; variant?: unknown } | undefined;
  if (typeof p?.os !== 'string' || typeof p.architecture !== 'string') return undefined;
  return typeof p.variant === 'string' && p.variant
    ? { os: p.os, architecture: p.architecture, variant: p.variant }
    : { os: p.os, architecture: p.architecture };
}

/** Parse a manifest or index document (exported for tests). */
export function parseManifest(body: Buffer, contentType: string | undefined): ManifestInfo {
  const doc = JSON.parse(body.toString('utf8')) as {
    mediaType?: unknown;
    manifests?: unknown;
    config?: { mediaType?: unknown; digest?: unknown };
    annotations?: unknown;
  };
  const mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : (contentType?.split(';')[0]?.trim() ?? '');
  const annotations = stringRecord(doc.annotations);
  if (INDEX_TYPES.has(mediaType) || (!doc.config && Array.isArray(doc.manifests))) {
    const manifests = (Array.isArray(doc.manifests) ? doc.manifests : [])
      .filter((m): m is { digest: string; mediaType?: unknown; platform?: unknown } => typeof m?.digest === 'string')
      .map((m) => {
        const child: ChildManifest = { digest: m.digest };
        if (typeof m.mediaType === 'string') child.mediaType = m.mediaType;
        const platform = platformOf(m.platform);
        if (platform) child.platform = platform;
        return child;
      });
    return { kind: 'index', mediaType, manifests, ...(annotations ? { annotations } : {}) };
  }
  const info: ManifestInfo = { kind: 'manifest', mediaType };
  if (typeof doc.config?.digest === 'string')
    info.config = { mediaType: typeof doc.config.mediaType === 'string' ? doc.config.mediaType : '', digest: doc.config.digest };
  if (annotations) info.annotations = annotations;
  return info;
}

/** Parse an image config or a Helm chart config (exported for tests). */
export function parseConfig(body: Buffer): ConfigInfo {
  const doc = JSON.parse(body.toString('utf8')) as { created?: unknown; config?: { Labels?: unknown }; home?: unknown; sources?: unknown };
  const info: ConfigInfo = {};
  if (typeof doc.created === 'string') info.created = doc.created;
  const labels = stringRecord(doc.config?.Labels);
  if (labels) info.labels = labels;
  const platform = platformOf(doc);
  if (platform) info.platform = platform;
  if (typeof doc.home === 'string' && doc.home) info.home = doc.home;
  if (Array.isArray(doc.sources)) info.sources = doc.sources.filter((s): s is string => typeof s === 'string' && s !== '');
  return info;
}

async function byDigest<T>(
  target: RegistryTarget,
  kind: 'manifests' | 'blobs',
  digest: string,
  ctx: DatasourceContext,
  parse: (body: Buffer, contentType: string | undefined) => T,
): Promise<T> {
  if (!DIGEST.test(digest)) throw new ExternalHostError(target.registry, undefined, `${target.image}: unsupported digest "${digest.slice(0, 80)}"`);
  return ctx.cache.remember<T>(`docker-${kind}`, `${target.key}@${digest}`, IMMUTABLE_TTL_SECONDS, async () => {
    const what = `${kind === 'manifests' ? 'manifest' : 'blob'} ${digest.slice(0, 19)}`;
    const res = await registryRequest(
      target,
      {
        path: `/v2/${target.repository}/${kind}/${digest}`,
        accept: kind === 'manifests' ? MANIFEST_ACCEPT : '*/*',
        manifest: kind === 'manifests',
        what,
        maxBytes: MAX_DOCUMENT_BYTES,
      },
      ctx,
    );
    if (sha256(res.body) !== digest)
      throw new ExternalHostError(target.registry, res.status, `${target.image}: ${what}: the content does not match its digest`);
    try {
      return parse(res.body, res.headers['content-type']);
    } catch {
      throw new ExternalHostError(target.registry, res.status, `${target.image}: ${what}: not a JSON document`);
    }
  });
}

/**
 * What `reference` (a tag) points at, read in one GET: its digest (`Docker-Content-Digest`, else the
 * body's sha256), with the manifest put in the long cache under that digest when the body is the one the
 * digest names — a HEAD and a GET by digest in one request, for a tag whose manifest is not cached
 * anyway. A GET counts as a pull on Docker Hub, where callers HEAD first.
 */
export async function manifestOfTag(target: RegistryTarget, reference: string, ctx: DatasourceContext): Promise<string> {
  const what = `manifest of ${reference}`;
  const res = await registryRequest(
    target,
    { path: `/v2/${target.repository}/manifests/${reference}`, accept: MANIFEST_ACCEPT, manifest: true, what, maxBytes: MAX_DOCUMENT_BYTES },
    ctx,
  );
  const body = sha256(res.body);
  const digest = res.headers['docker-content-digest']?.trim().match(DIGEST)?.[0] ?? body;
  // A registry that names another digest than its body's: the digest stands, the body is read again by it.
  if (digest !== body) return digest;
  let manifest: ManifestInfo;
  try {
    manifest = parseManifest(res.body, res.headers['content-type']);
  } catch {
    throw new ExternalHostError(target.registry, res.status, `${target.image}: ${what}: not a JSON document`);
  }
  await ctx.cache.set('docker-manifests', `${target.key}@${digest}`, manifest, IMMUTABLE_TTL_SECONDS);
  return digest;
}

/** A manifest or index by digest (cached long: it cannot change). */
export function manifestByDigest(target: RegistryTarget, digest: string, ctx: DatasourceContext): Promise<ManifestInfo> {
  return byDigest(target, 'manifests', digest, ctx, parseManifest);
}

/** An image or chart config blob by digest (cached long). Registries may redirect blob reads elsewhere. */
export function configByDigest(target: RegistryTarget, digest: string, ctx: DatasourceContext): Promise<ConfigInfo> {
  return byDigest(target, 'blobs', digest, ctx, (body) => parseConfig(body));
}

/**
 * The manifest of an index that stands for the image: linux/amd64 when there is one, else the first real
 * platform (attestation manifests are `unknown/unknown`).
 */
export function representativeChild(index: ManifestInfo): ChildManifest | undefined {
  const real = (index.manifests ?? []).filter((m) => m.platform?.os !== 'unknown');
  return real.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64') ?? real[0];
}
