/**
 * What both tools look at, for one size: the images in the local registry (tags from the registry
 * benchmark's families, `bench/lib/registry-catalog.mjs`, stored on disk by `registry-seed-fs.mjs`), the
 * charts of the Helm repository (an `index.yaml`) and of an OCI chart repository in the same registry.
 *
 *   realistic — 20 images × 40 tags, 4 HTTP charts and 1 OCI chart × 30 versions (a home-lab repository)
 *   large     — 200 images × 20 tags (the catalog of the registry benchmark), 20 HTTP charts × 20 versions
 *
 * Deterministic from the seed; the registry storage is written once per size and reused while unchanged.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Random } from '../../generate/random.mjs';
import { catalog, FORMATS, tagFamily } from '../../lib/registry-catalog.mjs';
import { jsonBytes, RegistryFs } from '../../lib/registry-fs.mjs';
import { ensureRegistryStorage } from '../../lib/registry-seed-fs.mjs';

/** A home lab's images (team/name as in a private mirror). */
const REALISTIC_IMAGES = [
  'data/postgres',
  'home/home-assistant',
  'media/sonarr',
  'apps/gitea',
  'data/redis',
  'apps/nginx',
  'ingress/traefik',
  'monitoring/grafana',
  'monitoring/prometheus',
  'monitoring/loki',
  'security/vault',
  'data/minio',
  'apps/caddy',
  'build/node',
  'build/golang',
  'build/alpine',
  'tools/busybox',
  'data/pgbouncer',
  'monitoring/alertmanager',
  'data/mariadb',
];

const REALISTIC_CHARTS = [
  { name: 'cert-manager', prefix: 'v' },
  { name: 'ingress-nginx', prefix: '' },
  { name: 'kube-prometheus-stack', prefix: '' },
  { name: 'external-dns', prefix: '' },
];
const LARGE_CHARTS = [
  'cert-manager',
  'ingress-nginx',
  'kube-prometheus-stack',
  'external-dns',
  'loki',
  'tempo',
  'grafana',
  'velero',
  'longhorn',
  'metallb',
  'cilium',
  'traefik',
  'external-secrets',
  'reloader',
  'descheduler',
  'node-feature-discovery',
  'intel-device-plugins',
  'snapshot-controller',
  'democratic-csi',
  'kyverno',
].map((name, i) => ({ name, prefix: i % 7 === 0 ? 'v' : '' }));

/** The OCI chart repository (bjw-s' app-template is the usual one in home labs). */
export const OCI_CHART = { repository: 'charts/app-template', name: 'app-template' };

export const SIZES = {
  realistic: { images: REALISTIC_IMAGES.length, tagsPerImage: 40, charts: REALISTIC_CHARTS, chartVersions: 30, ociChart: true },
  large: { images: 200, tagsPerImage: 20, charts: LARGE_CHARTS, chartVersions: 20, ociChart: true },
};

function images(size, seed) {
  if (size === 'large') return catalog({ seed, images: SIZES.large.images, tagsPerImage: SIZES.large.tagsPerImage });
  return REALISTIC_IMAGES.map((repository, i) => {
    const rng = Random.forFile(seed, repository);
    return { repository, format: FORMATS[i % FORMATS.length], ...tagFamily(rng, SIZES.realistic.tagsPerImage) };
  });
}

/** Versions of one chart, oldest first: a few majors of minors of patches. */
function chartVersions(rng, count, prefix) {
  const out = [];
  for (let major = rng.int(0, 4); out.length < count; major++) {
    const minors = rng.int(2, 6);
    for (let minor = 0; minor < minors && out.length < count; minor++) {
      const patches = rng.int(1, 4);
      for (let patch = 0; patch < patches && out.length < count; patch++) out.push(`${prefix}${major}.${minor}.${patch}`);
    }
  }
  return out;
}

const DAY = 24 * 3600 * 1000;
const BASE = Date.UTC(2024, 0, 1);

/** The Helm repository's `index.yaml` (entries newest first, as `helm repo index` writes them). */
function helmIndex(charts) {
  const out = ['apiVersion: v1', 'entries:'];
  for (const chart of charts) {
    out.push(`  ${chart.name}:`);
    chart.versions.forEach((version, k) => {
      const when = new Date(BASE + (chart.versions.length - 1 - k) * 7 * DAY).toISOString();
      const digest = createHash('sha256').update(`${chart.name}-${version}`).digest('hex');
      out.push(
        `  - apiVersion: v2`,
        `    appVersion: ${version.replace(/^v/, '')}`,
        `    created: "${when}"`,
        `    description: A Helm chart for ${chart.name}`,
        `    digest: ${digest}`,
        `    home: https://example.org/${chart.name}`,
        `    name: ${chart.name}`,
        `    sources:`,
        `    - https://github.com/example-org/${chart.name}`,
        `    type: application`,
        `    urls:`,
        `    - ${chart.name}-${version}.tgz`,
        `    version: ${version}`,
      );
    });
  }
  out.push(`generated: "${new Date(BASE + 400 * DAY).toISOString()}"`, '');
  return out.join('\n');
}

/** Helm chart artifacts in the registry: an OCI manifest with the Helm config and chart layer per version. */
function writeOciChart(storage, versions) {
  const fs = new RegistryFs(storage);
  const digests = {};
  versions.forEach((version, k) => {
    const config = fs.layer(
      OCI_CHART.repository,
      jsonBytes({ apiVersion: 'v2', name: OCI_CHART.name, version, type: 'application', sources: [`https://github.com/example-org/${OCI_CHART.name}`] }),
      'application/vnd.cncf.helm.config.v1+json',
    );
    const chart = fs.layer(
      OCI_CHART.repository,
      gzipSync(Buffer.from(`${OCI_CHART.name} ${version}\n`)),
      'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
    );
    const body = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config,
      layers: [chart],
      annotations: { 'org.opencontainers.image.created': new Date(BASE + k * 7 * DAY).toISOString() },
    };
    const manifest = fs.manifest(OCI_CHART.repository, jsonBytes(body), body.mediaType);
    fs.tag(OCI_CHART.repository, version, manifest.digest);
    digests[version] = manifest.digest;
  });
  return digests;
}

/** Full versions of an image (own manifest, no variant suffix), oldest first. */
export const fullVersions = (image) => image.tags.filter((t) => t.of === undefined && !t.tag.includes('-')).map((t) => t.tag);

/**
 * The tag of image `i` that was re-pushed (a rebuild on a new base image): the registry keeps its earlier
 * manifest untagged, and the repository pins that one — a stale pin, which a digest update fixes.
 */
export const staleTag = (image, i) => (i % 15 === 0 ? fullVersions(image).at(-3) : undefined);

/** Everything served for one size: `{ images, plan, storage, charts, helmIndex, ociChart, seeded }`. */
export function buildWorld(size, { seed, dir }) {
  const params = SIZES[size];
  if (!params) throw new Error(`unknown size ${size} (realistic or large)`);
  const list = images(size, seed);
  const seeded = ensureRegistryStorage(join(dir, 'registry'), { seed, size, images: params.images, tagsPerImage: params.tagsPerImage }, list, (image) =>
    [staleTag(image, list.indexOf(image))].filter(Boolean),
  );
  const charts = params.charts.map((c) => ({ ...c, versions: chartVersions(Random.forFile(seed, `chart:${c.name}`), params.chartVersions, c.prefix) }));
  const ociVersions = chartVersions(Random.forFile(seed, `chart:${OCI_CHART.name}`), params.chartVersions, '');
  // Idempotent (content-addressed blobs, same links): written into the reused storage each time.
  const ociDigests = params.ociChart ? writeOciChart(seeded.storage, ociVersions) : {};
  return {
    images: list,
    plan: seeded.plan,
    storage: seeded.storage,
    seeded,
    charts,
    helmIndex: helmIndex(charts),
    ociChart: { ...OCI_CHART, versions: ociVersions, digests: ociDigests },
  };
}
