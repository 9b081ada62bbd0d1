/**
 * The GitOps repository both tools run on, written as a home lab writes it: Flux HelmRepositories (one
 * of them OCI) and HelmReleases, Deployments/StatefulSets/CronJobs with images (some pinned
 * `tag@sha256:…`, one pin stale), a Kustomization with `images:`, a Helm values file, a Dockerfile and a
 * compose file — every image in the loopback registry, every chart in the loopback Helm repository or the
 * registry's OCI chart repository. The repository config is issue 12's, verbatim (note `"docker"` in
 * matchManagers: Renovate accepts it and the rule matches nothing).
 *
 *   realistic — 16 files, 31 deps, each reference chosen by hand for its kind
 *   large     — 2,000 files, about 3,600 deps over the 200 images, chosen by a seeded random source
 *
 * The result is a git repository with one commit (Renovate's local platform lists files with git).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Random } from '../../generate/random.mjs';
import { fullVersions, staleTag } from './world.mjs';

/** Issue 12's configuration, as such users write it. */
export const REPOSITORY_CONFIG = {
  extends: ['config:recommended', 'helpers:pinGitHubActionDigests'],
  kubernetes: { fileMatch: ['^k8s/.*\\.ya?ml$'] },
  flux: { fileMatch: ['^k8s/.*\\.ya?ml$'] },
  packageRules: [
    { matchManagers: ['docker'], pinDigests: true },
    { matchUpdateTypes: ['patch', 'pin', 'digest'], automerge: true, automergeType: 'branch' },
  ],
};

const HTTP_SOURCE = 'bench-charts';
const OCI_SOURCE = 'oci-charts';

/** Picks tags of an image by kind, and writes references to them. */
class References {
  constructor(world, host) {
    this.world = world;
    this.host = host;
    this.byName = new Map(world.images.map((image, i) => [image.repository, { image, i }]));
    this.count = 0;
  }

  /** A tag of `kind`: newest, old (some full versions back), minor/major (floating), variant, word, stale. */
  tag(repository, kind, rng) {
    const { image, i } = this.byName.get(repository);
    const full = fullVersions(image);
    const of = (test) => image.tags.filter(test).map((t) => t.tag);
    const choose = (tags) => (tags.length > 0 ? tags[rng.int(0, tags.length - 1)] : undefined);
    const picks = {
      newest: () => full.at(-1),
      old: () => full[rng.int(Math.max(0, full.length - 12), full.length - 2)],
      minor: () => choose(of((t) => t.of !== undefined && /^v?\d+\.\d+$/.test(t.tag))),
      major: () => choose(of((t) => t.of !== undefined && /^v?\d+$/.test(t.tag))),
      variant: () => choose(of((t) => t.of === undefined && /-alpine$/.test(t.tag)).slice(0, -1)),
      word: () => choose(of((t) => !/\d/.test(t.tag))),
      stale: () => staleTag(image, i),
    };
    return picks[kind]() ?? full.at(-2);
  }

  /**
   * `host/repository:tag[@digest]` for a reference of `kind`; `pin` adds the tag's digest (for `stale`,
   * the digest it had before it was re-pushed; `platform`, one platform's manifest of a multi-platform tag).
   */
  image(repository, kind, rng, pin = false) {
    const tag = this.tag(repository, kind, rng);
    if (kind === 'stale' && tag !== staleTag(...this.#at(repository))) throw new Error(`${repository}: no stale pin in the registry plan`);
    if (kind === 'stale') pin = 'stale';
    return `${this.host}/${repository}:${tag}${pin ? `@${this.digest(repository, tag, pin)}` : ''}`;
  }

  #at(repository) {
    const { image, i } = this.byName.get(repository);
    return [image, i];
  }

  digest(repository, tag, how) {
    const stored = this.world.plan.repositories[repository];
    const digest = how === 'stale' ? stored.stale[tag] : how === 'platform' ? stored.children[tag]?.[0] : stored.digests[tag];
    if (!digest) throw new Error(`${repository}:${tag}: no ${how === true ? '' : `${how} `}digest in the registry plan`);
    this.count++;
    return digest;
  }

  /** A chart version of `kind` (old or newest) among `versions` (oldest first). */
  static chartVersion(versions, kind, rng) {
    return kind === 'newest' ? versions.at(-1) : versions[rng.int(Math.max(0, versions.length - 15), versions.length - 2)];
  }
}

// ---- file templates ----

const helmRepository = (name, url, oci) =>
  `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 1h
${oci ? '  type: oci\n' : ''}  url: ${url}
`;

function helmRelease({ name, namespace, chart, version, source, values }) {
  return `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  interval: 30m
  chart:
    spec:
      chart: ${chart}
      version: ${version}
      sourceRef:
        kind: HelmRepository
        name: ${source}
        namespace: flux-system
  install:
    remediation:
      retries: 3
  upgrade:
    cleanupOnFail: true
${values ? `  values:\n${values.trimEnd().replace(/^/gm, '    ')}\n` : ''}`;
}

function container(name, image, port, init = false) {
  return `- name: ${name}
  image: ${image}
  imagePullPolicy: IfNotPresent
${
  init
    ? `  command: ["sh", "-c", "until nc -z db 5432; do sleep 2; done"]\n`
    : `  ports:
    - name: http
      containerPort: ${port}
  resources:
    requests:
      cpu: 50m
      memory: 64Mi
    limits:
      memory: 256Mi
`
}`;
}

function workload({ kind = 'Deployment', name, namespace, containers, initContainers = [] }) {
  // Indent every line of the items (not the empty one after the last newline, or the next key moves too).
  const list = (items) => items.join('').replace(/^(?=.)/gm, '        ');
  const pod = `      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
${initContainers.length ? `      initContainers:\n${list(initContainers)}` : ''}      containers:
${list(containers)}`;
  if (kind === 'CronJob') {
    return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  schedule: "17 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
${pod.replace(/^ {6}/gm, '          ')}`;
  }
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 1
${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
${pod}`;
}

function kustomization(resources, images) {
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${resources.map((r) => `  - ${r}`).join('\n')}
images:
${images
  .map(
    ({ name, newName, newTag, digest }) =>
      `  - name: ${name}${newName ? `\n    newName: ${newName}` : ''}${newTag ? `\n    newTag: ${newTag}` : ''}${digest ? `\n    digest: ${digest}` : ''}`,
  )
  .join('\n')}
`;
}

function compose(services) {
  return `services:
${services
  .map(
    ([name, image, port]) => `  ${name}:
    image: ${image}
    restart: unless-stopped
    ports:
      - "${port}:${port}"
`,
  )
  .join('')}`;
}

function dockerfile(build, runtime) {
  return `FROM ${build} AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM ${runtime}
COPY --from=build /out/app /usr/local/bin/app
USER 10001
ENTRYPOINT ["/usr/local/bin/app"]
`;
}

/** `image: {registry, repository, tag}` split, as Helm charts' values files have it. */
function splitImage(ref) {
  const slash = ref.indexOf('/');
  const colon = ref.lastIndexOf(':');
  return { registry: ref.slice(0, slash), repository: ref.slice(slash + 1, colon), tag: ref.slice(colon + 1) };
}

// ---- the two sizes ----

function realisticFiles(world, refs, helmUrl, ociUrl, rng) {
  const img = (repository, kind, pin) => refs.image(repository, kind, rng, pin);
  const chart = (name) => world.charts.find((c) => c.name === name);
  const version = (name, kind) => References.chartVersion(chart(name).versions, kind, rng);
  const lokiImage = splitImage(img('monitoring/loki', 'old'));
  return {
    'k8s/infrastructure/sources/bench-charts.yaml': helmRepository(HTTP_SOURCE, helmUrl, false),
    'k8s/infrastructure/sources/oci-charts.yaml': helmRepository(OCI_SOURCE, ociUrl, true),
    'k8s/infrastructure/controllers/cert-manager/helmrelease.yaml': helmRelease({
      name: 'cert-manager',
      namespace: 'cert-manager',
      chart: 'cert-manager',
      version: version('cert-manager', 'old'),
      source: HTTP_SOURCE,
      values: 'crds:\n  enabled: true\n',
    }),
    'k8s/infrastructure/controllers/ingress-nginx/helmrelease.yaml': helmRelease({
      name: 'ingress-nginx',
      namespace: 'ingress-nginx',
      chart: 'ingress-nginx',
      version: version('ingress-nginx', 'old'),
      source: HTTP_SOURCE,
    }),
    'k8s/infrastructure/controllers/external-dns/helmrelease.yaml': helmRelease({
      name: 'external-dns',
      namespace: 'networking',
      chart: 'external-dns',
      version: version('external-dns', 'newest'),
      source: HTTP_SOURCE,
    }),
    'k8s/apps/monitoring/kube-prometheus-stack/helmrelease.yaml': helmRelease({
      name: 'kube-prometheus-stack',
      namespace: 'monitoring',
      chart: 'kube-prometheus-stack',
      version: version('kube-prometheus-stack', 'old'),
      source: HTTP_SOURCE,
      values: `grafana:\n  enabled: true\nprometheus:\n  prometheusSpec:\n    retention: 14d\n`,
    }),
    'k8s/apps/home/home-assistant/helmrelease.yaml': helmRelease({
      name: 'home-assistant',
      namespace: 'home',
      chart: world.ociChart.name,
      version: References.chartVersion(world.ociChart.versions, 'old', rng),
      source: OCI_SOURCE,
      values: `controllers:
  home-assistant:
    containers:
      app:
        image:
          repository: ${refs.host}/home/home-assistant
          tag: ${refs.tag('home/home-assistant', 'old', rng)}
service:
  app:
    controller: home-assistant
    ports:
      http:
        port: 8123
`,
    }),
    'k8s/apps/monitoring/loki/values.yaml': `loki:
  image:
    registry: ${lokiImage.registry}
    repository: ${lokiImage.repository}
    tag: ${lokiImage.tag}
  auth_enabled: false
prometheus:
  image:
    repository: ${refs.host}/monitoring/prometheus
    tag: ${refs.tag('monitoring/prometheus', 'minor', rng)}
`,
    'k8s/apps/dev/gitea/deployment.yaml': workload({
      name: 'gitea',
      namespace: 'dev',
      initContainers: [container('wait-for-db', img('tools/busybox', 'newest', true), 0, true)],
      containers: [container('gitea', img('apps/gitea', 'old'), 3000)],
    }),
    'k8s/apps/data/postgres/statefulset.yaml': workload({
      kind: 'StatefulSet',
      name: 'postgres',
      namespace: 'data',
      containers: [container('postgres', img('data/postgres', 'stale'), 5432), container('exporter', img('data/pgbouncer', 'old', true), 9187)],
    }),
    'k8s/apps/data/redis/deployment.yaml': workload({ name: 'redis', namespace: 'data', containers: [container('redis', img('data/redis', 'variant'), 6379)] }),
    'k8s/apps/media/sonarr/deployment.yaml': workload({
      name: 'sonarr',
      namespace: 'media',
      containers: [container('sonarr', img('media/sonarr', 'old', true), 8989), container('exporter', img('monitoring/alertmanager', 'major'), 9707)],
    }),
    'k8s/apps/data/backup/cronjob.yaml': workload({
      kind: 'CronJob',
      name: 'backup',
      namespace: 'data',
      containers: [container('mc', img('data/minio', 'word'), 9000)],
    }),
    'k8s/apps/kustomization.yaml': kustomization(
      ['dev/gitea/deployment.yaml', 'data/postgres/statefulset.yaml', 'data/redis/deployment.yaml', 'media/sonarr/deployment.yaml'],
      [
        { name: 'traefik', newName: `${refs.host}/ingress/traefik`, newTag: refs.tag('ingress/traefik', 'old', rng) },
        { name: `${refs.host}/apps/caddy`, newTag: refs.tag('apps/caddy', 'minor', rng) },
        (() => {
          const tag = refs.tag('apps/nginx', 'old', rng);
          return { name: 'nginx', newName: `${refs.host}/apps/nginx`, newTag: tag, digest: refs.digest('apps/nginx', tag, true) };
        })(),
      ],
    ),
    'docker-compose.yaml': compose([
      ['vault', img('security/vault', 'old'), 8200],
      ['mariadb', img('data/mariadb', 'major'), 3306],
      ['grafana', img('monitoring/grafana', 'old', true), 3000],
      ['node-red', img('build/node', 'old'), 1880],
    ]),
    Dockerfile: dockerfile(img('build/golang', 'old'), img('build/alpine', 'old', true)),
  };
}

const KINDS = [
  [10, 'newest'],
  [50, 'old'],
  [10, 'minor'],
  [10, 'variant'],
  [10, 'word'],
  [10, 'major'],
];

function largeFiles(world, refs, helmUrl, ociUrl, seed) {
  const files = {
    'k8s/infrastructure/sources/bench-charts.yaml': helmRepository(HTTP_SOURCE, helmUrl, false),
    'k8s/infrastructure/sources/oci-charts.yaml': helmRepository(OCI_SOURCE, ociUrl, true),
  };
  const n = world.images.length;
  let next = 0;
  /** The next reference: images in a seeded order, so each of the 200 is used about as often. */
  const ref = (rng) => {
    const i = (next++ * 37 + rng.int(0, 3)) % n;
    const image = world.images[i];
    const pin = next % 3 === 0;
    if (pin && staleTag(image, i) && next % 4 === 0) return refs.image(image.repository, 'stale', rng, true);
    const kind = pin ? 'old' : rng.weighted(KINDS);
    const platform = pin && image.format.endsWith('index') && next % 9 === 0;
    return refs.image(image.repository, kind, rng, pin ? (platform ? 'platform' : true) : false);
  };
  for (let f = 2; f < 2000; f++) {
    const rng = Random.forFile(seed, `file:${f}`);
    const team = ['home', 'media', 'data', 'monitoring', 'apps', 'dev', 'security', 'ingress'][f % 8];
    const app = `app-${String(f).padStart(4, '0')}`;
    if (f % 20 === 10) {
      const oci = f % 100 === 10;
      const chart = oci ? { name: world.ociChart.name, versions: world.ociChart.versions } : world.charts[((f / 20) % world.charts.length) | 0];
      files[`k8s/apps/${team}/${app}/helmrelease.yaml`] = helmRelease({
        name: app,
        namespace: team,
        chart: chart.name,
        version: References.chartVersion(chart.versions, rng.chance(0.2) ? 'newest' : 'old', rng),
        source: oci ? OCI_SOURCE : HTTP_SOURCE,
      });
    } else if (f % 100 === 50) {
      const images = [0, 1, 2, 3].map(() => {
        const [name, tag] = ref(rng).split(/:(?=[^:]*$)/);
        return { name: name.split('/').pop(), newName: name, newTag: tag };
      });
      files[`k8s/apps/${team}/${app}/kustomization.yaml`] = kustomization(['deployment.yaml'], images);
    } else if (f % 250 === 125) {
      files[`services/${app}/Dockerfile`] = dockerfile(ref(rng), ref(rng));
    } else if (f % 250 === 200) {
      files[`compose/${app}/docker-compose.yaml`] = compose([0, 1, 2].map((k) => [`svc${k}`, ref(rng), 8080 + k]));
    } else {
      const count = rng.weighted([
        [35, 1],
        [45, 2],
        [20, 3],
      ]);
      const containers = Array.from({ length: count }, (_, k) => container(k === 0 ? app : `sidecar-${k}`, ref(rng), 8080 + k));
      files[`k8s/apps/${team}/${app}/deployment.yaml`] = workload({ name: app, namespace: team, containers });
    }
  }
  return files;
}

/**
 * Write the repository for `size` into `dir` (replacing it) and commit it. `host`: the registry
 * (`127.0.0.1:PORT`); `helmUrl`: the Helm repository. Returns `{ files }`.
 */
export function writeRepo(dir, size, { world, host, helmUrl, seed }) {
  rmSync(dir, { recursive: true, force: true });
  const refs = new References(world, host);
  const ociUrl = `oci://${host}/${world.ociChart.repository.split('/')[0]}`;
  const files =
    size === 'realistic' ? realisticFiles(world, refs, helmUrl, ociUrl, Random.forFile(seed, 'realistic')) : largeFiles(world, refs, helmUrl, ociUrl, seed);
  files['renovate.json'] = `${JSON.stringify(REPOSITORY_CONFIG, null, 2)}\n`;
  files['README.md'] = `# home lab (generated by bench/peer for the ${size} size)\n`;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...args) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'pipe',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'bench',
        GIT_AUTHOR_EMAIL: 'bench@example.org',
        GIT_COMMITTER_NAME: 'bench',
        GIT_COMMITTER_EMAIL: 'bench@example.org',
        GIT_AUTHOR_DATE: '2026-01-15T00:00:00Z',
        GIT_COMMITTER_DATE: '2026-01-15T00:00:00Z',
      },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'home lab');
  return { files: Object.keys(files).length };
}
