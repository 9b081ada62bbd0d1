/**
 * Seeding a registry over its HTTP API (no docker CLI): blobs, image configs with `created` and labels,
 * single-platform manifests (Docker v2 and OCI), multi-platform OCI indexes and Docker manifest lists,
 * Helm OCI charts, and many tags for one manifest. Pushing a tag again with other content moves it.
 *
 *   const app = await pushImage(registry, 'team/app', ['1.0.0', 'latest'], { created: '2024-05-01T00:00:00Z' });
 *   const multi = await pushIndex(registry, 'team/app', '2.0.0', { format: 'oci', images: [amd64, arm64] });
 *
 * Works with any `SeedTarget`: a `TestRegistry` (which signs push tokens itself) or `{ url }`.
 */
import { createHash } from 'node:crypto';

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  helmConfig: 'application/vnd.cncf.helm.config.v1+json',
  helmChart: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
} as const;

export interface SeedTarget {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Authorization header value allowed to push to `repository`, when the registry needs one. */
  pushAuthorization?(repository: string): string | undefined;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export interface ImageSpec {
  /** Image config `created` (ISO 8601). */
  created?: string;
  /** Image config labels (`org.opencontainers.image.source`, …). */
  labels?: Record<string, string>;
  /** Default linux/amd64. */
  platform?: Platform;
  /** Docker v2 manifest (default) or OCI image manifest. */
  format?: 'docker' | 'oci';
  /** Manifest annotations (OCI only). */
  annotations?: Record<string, string>;
  /** Makes the layer (and so the digest) distinct; default derived from the other fields. */
  layer?: string;
}

export interface PushedManifest {
  digest: string;
  mediaType: string;
  size: number;
  /** The manifest bytes as pushed. */
  body: Buffer;
  /** For images and charts: the config blob. */
  config?: { digest: string; body: Buffer };
  platform?: Platform;
}

export interface PushedIndex extends PushedManifest {
  manifests: PushedManifest[];
}

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function headers(target: SeedTarget, repository: string, extra: Record<string, string> = {}): Record<string, string> {
  const auth = target.pushAuthorization?.(repository);
  return auth ? { ...extra, authorization: auth } : extra;
}

async function expectStatus(res: Response, ok: number[], what: string): Promise<void> {
  if (ok.includes(res.status)) return;
  const text = await res.text().catch(() => '');
  throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
}

/** Upload a blob (monolithic: POST for an upload URL, then PUT with the digest). Returns its descriptor. */
export async function pushBlob(target: SeedTarget, repository: string, content: Buffer | string, mediaType: string = MEDIA.ociLayer): Promise<Descriptor> {
  const body = Buffer.from(content);
  const digest = sha256(body);
  const start = await fetch(`${target.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: headers(target, repository) });
  await expectStatus(start, [202], `start upload to ${repository}`);
  await start.body?.cancel();
  const location = new URL(start.headers.get('location')!, target.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: headers(target, repository, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }),
    body,
  });
  await expectStatus(put, [201], `upload blob to ${repository}`);
  await put.body?.cancel();
  return { mediaType, digest, size: body.length };
}

/** PUT a manifest under a tag or its digest; returns the digest the registry computed. */
export async function putManifest(target: SeedTarget, repository: string, reference: string, body: Buffer, mediaType: string): Promise<string> {
  const res = await fetch(`${target.url}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: headers(target, repository, { 'content-type': mediaType }),
    body,
  });
  await expectStatus(res, [201], `put manifest ${repository}:${reference}`);
  await res.body?.cancel();
  return res.headers.get('docker-content-digest') ?? sha256(body);
}

/** Point more tags at an existing manifest, `concurrency` PUTs at a time. */
export async function tagManifest(target: SeedTarget, repository: string, manifest: PushedManifest, tags: string[], concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tags.length) {
      const tag = tags[next++]!;
      await putManifest(target, repository, tag, manifest.body, manifest.mediaType);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tags.length) }, worker));
}

const list = (tags: string | string[]) => (typeof tags === 'string' ? [tags] : tags);

async function pushManifestWithTags(target: SeedTarget, repository: string, tags: string | string[], body: Buffer, mediaType: string): Promise<string> {
  const names = list(tags);
  const digest = sha256(body);
  if (names.length === 0) return putManifest(target, repository, digest, body, mediaType);
  for (const tag of names) await putManifest(target, repository, tag, body, mediaType);
  return digest;
}

/** Push a single-platform image (config + one small layer + manifest) under `tags` (none: by digest only). */
export async function pushImage(target: SeedTarget, repository: string, tags: string | string[], spec: ImageSpec = {}): Promise<PushedManifest> {
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const oci = spec.format === 'oci';
  const configJson: Record<string, unknown> = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    ...(spec.created ? { created: spec.created } : {}),
    config: spec.labels ? { Labels: spec.labels } : {},
    rootfs: { type: 'layers', diff_ids: [] },
  };
  const configBody = Buffer.from(JSON.stringify(configJson));
  const layerText = spec.layer ?? `layer ${repository} ${JSON.stringify(configJson)}`;
  const layer = await pushBlob(target, repository, layerText, oci ? MEDIA.ociLayer : MEDIA.dockerLayer);
  const config = await pushBlob(target, repository, configBody, oci ? MEDIA.ociConfig : MEDIA.dockerConfig);
  const mediaType = oci ? MEDIA.ociManifest : MEDIA.dockerManifest;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config,
    layers: [layer],
    ...(oci && spec.annotations ? { annotations: spec.annotations } : {}),
  };
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = await pushManifestWithTags(target, repository, tags, body, mediaType);
  return { digest, mediaType, size: body.length, body, config: { digest: config.digest, body: configBody }, platform };
}

export interface IndexSpec {
  /** An OCI image index, or a Docker manifest list. */
  format: 'oci' | 'docker';
  /** One image per platform (their `platform` is required). Their format follows the index's. */
  images: (ImageSpec & { platform: Platform })[];
  annotations?: Record<string, string>;
}

/** Push a multi-platform image: each platform's manifest by digest, then the index under `tags`. */
export async function pushIndex(target: SeedTarget, repository: string, tags: string | string[], spec: IndexSpec): Promise<PushedIndex> {
  const manifests: PushedManifest[] = [];
  for (const image of spec.images) manifests.push(await pushImage(target, repository, [], { ...image, format: spec.format }));
  const mediaType = spec.format === 'oci' ? MEDIA.ociIndex : MEDIA.dockerManifestList;
  const index = {
    schemaVersion: 2,
    mediaType,
    manifests: manifests.map((m) => ({ mediaType: m.mediaType, digest: m.digest, size: m.size, platform: m.platform })),
    ...(spec.format === 'oci' && spec.annotations ? { annotations: spec.annotations } : {}),
  };
  const body = Buffer.from(JSON.stringify(index));
  const digest = await pushManifestWithTags(target, repository, tags, body, mediaType);
  return { digest, mediaType, size: body.length, body, manifests };
}

export interface ChartSpec {
  /** Chart name (default: the last path component of the repository). */
  name?: string;
  appVersion?: string;
  description?: string;
  home?: string;
  sources?: string[];
  /** `org.opencontainers.image.created` manifest annotation, as `helm push` writes it. */
  created?: string;
}

/**
 * Push a Helm chart as `helm push` does: a Helm config blob, a chart layer, and an OCI manifest whose tag is
 * the chart version with `+` written as `_` (OCI tags cannot hold `+`).
 */
export async function pushHelmChart(target: SeedTarget, repository: string, version: string, spec: ChartSpec = {}): Promise<PushedManifest> {
  const name = spec.name ?? repository.split('/').pop()!;
  const chart = {
    apiVersion: 'v2',
    name,
    version,
    ...(spec.appVersion ? { appVersion: spec.appVersion } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.home ? { home: spec.home } : {}),
    ...(spec.sources ? { sources: spec.sources } : {}),
    type: 'application',
  };
  const configBody = Buffer.from(JSON.stringify(chart));
  const config = await pushBlob(target, repository, configBody, MEDIA.helmConfig);
  const layer = await pushBlob(target, repository, `chart ${name}-${version}.tgz`, MEDIA.helmChart);
  const annotations: Record<string, string> = {
    'org.opencontainers.image.title': name,
    'org.opencontainers.image.version': version,
    ...(spec.created ? { 'org.opencontainers.image.created': spec.created } : {}),
  };
  const manifest = { schemaVersion: 2, mediaType: MEDIA.ociManifest, config, layers: [layer], annotations };
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = await pushManifestWithTags(target, repository, version.replaceAll('+', '_'), body, MEDIA.ociManifest);
  return { digest, mediaType: MEDIA.ociManifest, size: body.length, body, config: { digest: config.digest, body: configBody } };
}
