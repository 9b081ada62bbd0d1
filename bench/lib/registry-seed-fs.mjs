/**
 * Seeds the benchmark registry's storage on disk (see `registry-fs.mjs`) from the catalog: per repository
 * one layer and one config blob per platform (per tag for Docker v2 manifests, whose only way to differ is
 * their layers), one manifest per full version — OCI image manifests with version/created annotations,
 * Docker v2 manifests, OCI indexes and Docker manifest lists over linux/amd64 + linux/arm64 — and the
 * floating tags and words on the manifest of the version they stand for. A stale pin's tag also gets the
 * manifest it had before it was re-pushed (an untagged revision in the tag's history).
 *
 * Storage is written to a temporary directory and renamed into place, with `plan.json` (parameters and
 * every tag's digest) beside it; an existing storage whose plan has the same parameters is reused.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { jsonBytes, RegistryFs, sha256 } from './registry-fs.mjs';

/** Bump when the layout or content written changes, so stored registries are rebuilt. */
export const SEED_VERSION = 1;

const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

const DAY = 24 * 3600 * 1000;
const BASE_DATE = Date.UTC(2024, 0, 1);

/** One image's blobs: a small gzip layer and its config, for a platform (and a tag, for Docker v2). */
function imageBlobs(fs, image, platform, created, salt) {
  const docker = image.format.startsWith('docker');
  const layerBytes = gzipSync(Buffer.from(`${image.repository} ${platform.architecture} ${salt}\n`), { level: 9 });
  const layer = fs.layer(image.repository, layerBytes, docker ? MEDIA.dockerLayer : MEDIA.ociLayer);
  const name = image.repository.split('/').pop();
  const config = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created,
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Labels: { 'org.opencontainers.image.source': `https://github.com/example-org/${name}`, 'org.opencontainers.image.title': name },
    },
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
  };
  return { layer, config: fs.layer(image.repository, jsonBytes(config), docker ? MEDIA.dockerConfig : MEDIA.ociConfig) };
}

/** The manifest (or index) of one version of an image; returns its descriptor. */
function writeVersion(fs, image, tag, created, shared) {
  const docker = image.format.startsWith('docker');
  const multi = image.format.endsWith('index') || image.format.endsWith('list');
  const annotations = { 'org.opencontainers.image.version': tag, 'org.opencontainers.image.created': created };
  const single = (platform) => {
    // Docker v2 manifests have no annotations: a per-tag layer and config make each version its own.
    const blobs = docker ? imageBlobs(fs, image, platform, created, tag) : shared.get(platform.architecture);
    const body = docker
      ? { schemaVersion: 2, mediaType: MEDIA.dockerManifest, config: blobs.config, layers: [blobs.layer] }
      : { schemaVersion: 2, mediaType: MEDIA.ociManifest, config: blobs.config, layers: [blobs.layer], annotations };
    return fs.manifest(image.repository, jsonBytes(body), body.mediaType);
  };
  if (!multi) return single(PLATFORMS[0]);
  const manifests = PLATFORMS.map((platform) => ({ ...single(platform), platform }));
  const body = docker ? { schemaVersion: 2, mediaType: MEDIA.dockerList, manifests } : { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests, annotations };
  return { ...fs.manifest(image.repository, jsonBytes(body), body.mediaType), children: manifests.map((m) => m.digest) };
}

function writeImage(fs, image, stalePins) {
  const shared = new Map();
  if (!image.format.startsWith('docker')) {
    for (const p of PLATFORMS) shared.set(p.architecture, imageBlobs(fs, image, p, new Date(BASE_DATE).toISOString(), 'base'));
  }
  const digests = {};
  const children = {};
  const stale = {};
  image.tags.forEach(({ tag, of }, k) => {
    if (of !== undefined) return;
    const created = new Date(BASE_DATE + k * DAY).toISOString();
    if (stalePins.has(tag)) {
      // The push this tag had a year before it was re-pushed: still in the registry, no longer tagged.
      const old = writeVersion(fs, image, tag, new Date(BASE_DATE + k * DAY - 365 * DAY).toISOString(), shared);
      fs.tagHistory(image.repository, tag, old.digest);
      stale[tag] = old.digest;
    }
    const written = writeVersion(fs, image, tag, created, shared);
    fs.tag(image.repository, tag, written.digest);
    digests[tag] = written.digest;
    if (written.children) children[tag] = written.children;
  });
  for (const { tag, of } of image.tags) {
    if (of === undefined) continue;
    fs.tag(image.repository, tag, digests[of]);
    digests[tag] = digests[of];
    if (children[of]) children[tag] = children[of];
  }
  return { format: image.format, digests, children, stale };
}

/**
 * Make sure `dir/storage` holds the catalog. `stalePinsOf(image)` → the tags to write a stale revision for.
 * Returns `{ storage, plan, reused, seconds, files }`.
 */
export function ensureRegistryStorage(dir, params, images, stalePinsOf) {
  const storage = join(dir, 'storage');
  const planFile = join(dir, 'plan.json');
  // Any change to what the catalog holds (tags, formats, stale pins) means new storage.
  const content = images.map((image) => [image.repository, image.format, image.tags, stalePinsOf(image)]);
  const wanted = { seedVersion: SEED_VERSION, ...params, catalog: sha256(JSON.stringify(content)) };
  if (existsSync(planFile) && existsSync(storage)) {
    const plan = JSON.parse(readFileSync(planFile, 'utf8'));
    if (JSON.stringify(plan.params) === JSON.stringify(wanted)) return { storage, plan, reused: true, seconds: 0, files: plan.files };
  }
  const started = performance.now();
  const tmp = join(dir, 'storage.tmp');
  rmSync(tmp, { recursive: true, force: true });
  rmSync(planFile, { force: true });
  const fs = new RegistryFs(tmp);
  const repositories = {};
  images.forEach((image, i) => (repositories[image.repository] = writeImage(fs, image, new Set(content[i][3]))));
  rmSync(storage, { recursive: true, force: true });
  renameSync(tmp, storage);
  const plan = { params: wanted, files: fs.files, blobs: fs.blobsWritten.size, repositories };
  writeFileSync(planFile, JSON.stringify(plan));
  return { storage, plan, reused: false, seconds: (performance.now() - started) / 1000, files: fs.files };
}
