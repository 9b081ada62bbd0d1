/**
 * The images of the registry benchmark, deterministic from a seed: 300 repositories (`<team>/<name>`),
 * each with exactly 200 tags in the families real images publish — `1.25.5`, `1.25.5-alpine`, floating
 * `1.25` and `1` tags, `v`-prefixed and two-part (`16.4-bookworm`) schemes, a few `-rc1` tags, and the words
 * `latest`, `stable`, `alpine`. Full versions each have their own manifest; floating tags and words point
 * at the manifest of the version they stand for, as on Docker Hub (`1.25` and `1.25.5` share a digest).
 */
import { Random } from '../generate/random.mjs';

const TEAMS = ['mirror', 'platform', 'data', 'observability', 'security', 'apps'];
const NAMES = [
  'nginx',
  'redis',
  'postgres',
  'node',
  'python',
  'golang',
  'alpine',
  'busybox',
  'traefik',
  'haproxy',
  'memcached',
  'mariadb',
  'mysql',
  'mongo',
  'rabbitmq',
  'elasticsearch',
  'kibana',
  'grafana',
  'prometheus',
  'alertmanager',
  'loki',
  'promtail',
  'tempo',
  'jaeger',
  'otel-collector',
  'vault',
  'consul',
  'etcd',
  'coredns',
  'envoy',
  'keycloak',
  'minio',
  'nats',
  'kafka',
  'zookeeper',
  'clickhouse',
  'cassandra',
  'influxdb',
  'telegraf',
  'fluent-bit',
  'vector',
  'sonarr',
  'home-assistant',
  'gitea',
  'external-dns',
  'velero',
  'thanos',
  'pgbouncer',
  'caddy',
  'httpd',
];

/** How each repository stores its images: single-platform OCI / Docker v2, multi-platform OCI index / Docker list. */
export const FORMATS = ['oci', 'oci', 'oci', 'oci', 'oci', 'oci', 'docker', 'docker', 'docker', 'oci-index', 'oci-index', 'docker-list'];

/**
 * Tag names of one repository, oldest first, each `{ tag, of }` where `of` is the full version whose
 * manifest it shares (undefined for a full version, which gets its own).
 */
export function tagFamily(rng, count) {
  const prefix = rng.chance(0.15) ? 'v' : '';
  const twoPart = !prefix && rng.chance(0.25);
  const variants = rng.weighted([
    [40, []],
    [40, ['alpine']],
    [20, ['alpine', 'bookworm']],
  ]);
  const tags = [];
  const add = (tag, of) => tags.push(of === undefined ? { tag } : { tag, of });
  const family = (base, of) => {
    add(`${prefix}${base}`, of);
    for (const v of variants) add(`${prefix}${base}-${v}`, of === undefined ? undefined : `${of}-${v}`);
  };
  let newest;
  for (let major = rng.int(1, 12); tags.length < count * 2 + 20; major++) {
    const minors = twoPart ? rng.int(6, 14) : rng.int(3, 9);
    let lastOfMajor;
    for (let minor = 0; minor < minors; minor++) {
      if (twoPart) {
        lastOfMajor = `${major}.${minor}`;
        family(lastOfMajor);
        continue;
      }
      if (rng.chance(0.2)) add(`${prefix}${major}.${minor}.0-rc1`);
      const patches = rng.int(1, 7);
      for (let patch = 0; patch < patches; patch++) family(`${major}.${minor}.${patch}`);
      lastOfMajor = `${major}.${minor}.${patches - 1}`;
      family(`${major}.${minor}`, `${prefix}${lastOfMajor}`);
    }
    family(`${major}`, `${prefix}${lastOfMajor}`);
    newest = `${prefix}${lastOfMajor}`;
  }
  const words = [{ tag: 'latest', of: newest }];
  if (rng.chance(0.4)) words.push({ tag: 'stable', of: newest });
  if (variants.includes('alpine')) words.push({ tag: 'alpine', of: `${newest}-alpine` });
  const kept = [...tags.slice(-(count - words.length)), ...words];
  // A floating tag whose version was cut off with the oldest tags still points at a manifest: keep it valid.
  const present = new Set(kept.map((t) => t.tag));
  for (const t of kept) if (t.of !== undefined && !present.has(t.of)) delete t.of;
  return { tags: kept, prefix, twoPart, variants };
}

/** The 300 repositories: name, storage format, tags. */
export function catalog({ seed, images, tagsPerImage }) {
  const out = [];
  for (let i = 0; i < images; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = NAMES[Math.floor(i / TEAMS.length) % NAMES.length];
    const round = Math.floor(i / (TEAMS.length * NAMES.length));
    const repository = `${team}/${name}${round ? `-${round + 1}` : ''}`;
    const rng = Random.forFile(seed, repository);
    out.push({ repository, format: FORMATS[i % FORMATS.length], ...tagFamily(rng, tagsPerImage) });
  }
  return out;
}

/**
 * How the GitOps repository refers to image `i`: which tag, pinned or not, and whether the pin is stale
 * (the tag was re-pushed since: the registry still holds the old manifest) or a single platform's
 * manifest of a multi-platform image. Returns the references (one, or two for a repeated image).
 */
export function references(image, i, seed) {
  const rng = Random.forFile(seed, `ref:${image.repository}`);
  const full = image.tags.filter((t) => t.of === undefined && !t.tag.includes('-'));
  const some = (test) => rng.pick(image.tags.filter(test))?.tag;
  const pick = () =>
    rng.weighted([
      [10, () => full[full.length - 1].tag],
      [50, () => full[rng.int(Math.max(0, full.length - 60), full.length - 2)].tag],
      [10, () => some((t) => t.of !== undefined && /^v?\d+\.\d+$/.test(t.tag))],
      [10, () => some((t) => t.of === undefined && t.tag.endsWith('-alpine'))],
      [10, () => some((t) => !/\d/.test(t.tag))],
      [10, () => some((t) => t.of !== undefined && /^v?\d+$/.test(t.tag))],
    ])() ?? full[full.length - 2].tag;
  const pinned = i % 3 === 0;
  const first = { tag: pick(), pinned };
  // A re-pushed release (a rebuild on a new base image): the pin holds the digest it had before.
  if (pinned && i % 45 === 0) Object.assign(first, { tag: full[full.length - 3].tag, stalePin: true });
  else if (pinned && image.format.endsWith('index') && i % 9 === 0) first.platformPin = true;
  // Every eighth image appears twice (a worker Deployment next to the app), half of them on another tag.
  if (i % 8 !== 1) return [first];
  return [first, { tag: rng.chance(0.5) ? first.tag : pick(), pinned: false }];
}
