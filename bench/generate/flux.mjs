/** Flux objects: sources, HelmReleases (controllers and apps), Kustomizations, the flux-system files. */
import { HELM_REPOSITORIES } from './catalog.mjs';
import { customResourceDefinition } from './filler.mjs';
import { ownImage } from './images.mjs';
import { documents, indent, lines } from './text.mjs';

const HELM_API = ['helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta2'];
const SOURCE_API = 'source.toolkit.fluxcd.io/v1';

export function helmRepository(repo) {
  return lines(
    `apiVersion: ${SOURCE_API}`,
    'kind: HelmRepository',
    'metadata:',
    `  name: ${repo.name}`,
    '  namespace: flux-system',
    'spec:',
    '  interval: 1h',
    repo.type ? `  type: ${repo.type}` : '',
    `  url: ${repo.url}`,
  );
}

/** infrastructure/sources: one file per repository, and a few files that group several. */
export function sourceFiles(rng) {
  const files = [];
  const grouped = [];
  for (const repo of HELM_REPOSITORIES) {
    if (rng.chance(0.25)) grouped.push(helmRepository(repo));
    else files.push([`${repo.name}.yaml`, `${helmRepository(repo)}\n`]);
  }
  if (grouped.length > 0) files.push(['helm-repositories.yaml', `# Chart repositories shared by several releases.\n${documents(grouped)}`]);
  files.push([
    'podinfo-oci.yaml',
    `${lines(`apiVersion: ${SOURCE_API}beta2`, 'kind: OCIRepository', 'metadata:', '  name: podinfo-manifests', '  namespace: flux-system', 'spec:', '  interval: 10m', '  url: oci://ghcr.io/stefanprodan/manifests/podinfo', '  ref:', '    tag: 6.7.0')}\n`,
  ]);
  files.push([
    'app-template-oci.yaml',
    `${lines(`apiVersion: ${SOURCE_API}beta2`, 'kind: OCIRepository', 'metadata:', '  name: app-template', '  namespace: flux-system', 'spec:', '  interval: 12h', '  layerSelector:', '    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip', '    operation: copy', '  url: oci://ghcr.io/bjw-s/helm/app-template', '  ref:', '    tag: 3.4.0')}\n`,
  ]);
  files.push([
    'platform-charts.yaml',
    `${lines(`apiVersion: ${SOURCE_API}`, 'kind: GitRepository', 'metadata:', '  name: platform-charts', '  namespace: flux-system', 'spec:', '  interval: 5m', '  url: https://github.com/acme-corp/platform-charts.git', '  ref:', '    tag: v2.14.0')}\n`,
  ]);
  return files;
}

function chartSpec(repoName, chart, version, rng) {
  return lines(
    '  chart:',
    '    spec:',
    `      chart: ${chart}`,
    `      version: ${rng.chance(0.8) ? version : `"${version}"`}`,
    '      sourceRef:',
    '        kind: HelmRepository',
    `        name: ${repoName}`,
    '        namespace: flux-system',
    '      interval: 12h',
  );
}

function release(name, namespace, specBody) {
  return `${lines(`apiVersion: ${HELM_API[name.length % HELM_API.length]}`, 'kind: HelmRelease', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, 'spec:', '  interval: 30m', specBody)}\n`;
}

/** A controller's HelmRelease, values inline, a couple of image overrides. */
export function controllerRelease(rng, { name, repoName, chart, version, image }) {
  const values = lines(
    '  values:',
    `    fullnameOverride: ${name}`,
    '    replicaCount: 2',
    '    image:',
    `      repository: ${image.name}`,
    `      tag: ${image.tag}${rng.chance(0.3) ? `@${rng.digest()}` : ''}`,
    '    resources:',
    '      requests:',
    '        cpu: 100m',
    '        memory: 128Mi',
    '    serviceMonitor:',
    '      enabled: true',
  );
  return release(
    name,
    name,
    lines(
      chartSpec(repoName, chart, version, rng),
      '  install:',
      '    crds: CreateReplace',
      '  upgrade:',
      '    crds: CreateReplace',
      '    remediation:',
      '      retries: 3',
      values,
    ),
  );
}

/** bjw-s app-template: the common way to run an app from a HelmRelease in homelab/GitOps repos. */
function appTemplateValues(rng, app) {
  const image = ownImage(rng, app);
  const tag = `${image.tag ?? 'latest'}${image.digest ? `@${image.digest}` : ''}`;
  return lines(
    '  values:',
    '    controllers:',
    `      ${app}:`,
    '        annotations:',
    '          reloader.stakater.com/auto: "true"',
    '        containers:',
    '          app:',
    '            image:',
    `              repository: ${image.name}`,
    `              tag: ${tag}`,
    '            env:',
    '              TZ: Europe/Berlin',
    `              ${app.toUpperCase().replace(/-/g, '_')}__PORT: &port 8080`,
    '            probes:',
    '              liveness: &probes',
    '                enabled: true',
    '              readiness: *probes',
    '    service:',
    '      app:',
    `        controller: ${app}`,
    '        ports:',
    '          http:',
    '            port: *port',
  );
}

/** An app's HelmRelease: app-template, podinfo, a Bitnami chart for its datastore, or a local chart. */
export function appRelease(rng, { app, team, chart }) {
  const valuesFrom = lines('  valuesFrom:', '    - kind: ConfigMap', `      name: ${app}-values`);
  if (chart === 'app-template') {
    const useChartRef = rng.chance(0.4);
    const spec = useChartRef
      ? lines('  chartRef:', '    kind: OCIRepository', '    name: app-template', '    namespace: flux-system')
      : chartSpec('bjw-s', 'app-template', '3.4.0', rng);
    return release(app, team, lines(spec, appTemplateValues(rng, app), valuesFrom));
  }
  if (chart === 'local') {
    return release(
      app,
      team,
      lines(
        '  chart:',
        '    spec:',
        `      chart: ./charts/${app}`,
        '      sourceRef:',
        '        kind: GitRepository',
        '        name: platform-charts',
        '        namespace: flux-system',
        valuesFrom,
      ),
    );
  }
  const [repoName, chartName, version] = chart;
  const name = repoName === 'podinfo' ? app : `${app}-${chartName}`;
  // Bitnami charts take `image.{registry,repository,tag}`; pinned releases override the tag.
  const tag = `${rng.int(1, 17)}.${rng.int(0, 9)}.${rng.int(0, 9)}-debian-12-r${rng.int(0, 40)}`;
  return release(
    name,
    team,
    lines(
      chartSpec(repoName, chartName, version, rng),
      '  values:',
      '    architecture: standalone',
      '    image:',
      '      registry: docker.io',
      `      repository: ${repoName === 'podinfo' ? 'stefanprodan/podinfo' : `bitnami/${chartName}`}`,
      `      tag: ${tag}${rng.chance(0.2) ? `@${rng.digest()}` : ''}`,
      '    auth:',
      `      existingSecret: ${app}-${chartName}`,
      valuesFrom,
    ),
  );
}

export function fluxKustomization(rng, { name, path, dependsOn, images = [] }) {
  return lines(
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    'metadata:',
    `  name: ${name}`,
    '  namespace: flux-system',
    'spec:',
    `  interval: ${rng.pick(['10m', '1h'])}`,
    dependsOn ? `  dependsOn:\n    - name: ${dependsOn}` : '',
    `  path: ${path}`,
    '  prune: true',
    '  sourceRef:',
    '    kind: GitRepository',
    '    name: flux-system',
    '  postBuild:',
    '    substituteFrom:',
    '      - kind: ConfigMap',
    '        name: cluster-settings',
    images.length > 0 ? `  images:\n${indent(images.map((i) => `- name: ${i.name}\n  newTag: ${i.tag}`).join('\n'), 4)}` : '',
  );
}

const FLUX_CONTROLLERS = [
  ['source-controller', 'v1.4.1'],
  ['kustomize-controller', 'v1.4.0'],
  ['helm-controller', 'v1.1.0'],
  ['notification-controller', 'v1.4.0'],
];

/** clusters/<c>/flux-system/gotk-components.yaml: the Flux install, CRDs included (hundreds of kB). */
export function gotkComponents(rng, budget) {
  const header =
    '# This manifest was generated by flux. DO NOT EDIT.\n# Flux Version: v2.4.0\n# Components: source-controller,kustomize-controller,helm-controller,notification-controller\n';
  const deployments = FLUX_CONTROLLERS.map(([name, version]) =>
    lines(
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      '  namespace: flux-system',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: manager',
      `          image: ghcr.io/fluxcd/${name}:${version}`,
      '          args:',
      '            - --events-addr=http://notification-controller.flux-system.svc.cluster.local./',
      '            - --log-level=info',
    ),
  ).join('\n');
  const kinds = ['GitRepository', 'HelmRepository', 'HelmChart', 'OCIRepository', 'Bucket', 'Kustomization', 'HelmRelease', 'Alert', 'Provider', 'Receiver'];
  const crds = kinds.map((kind) => customResourceDefinition(rng, { group: 'toolkit.fluxcd.io', kind }, (budget - deployments.length) / kinds.length)).join('');
  return `${header}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n${crds}${deployments}\n`;
}

export function gotkSync(cluster) {
  return documents([
    lines(
      `apiVersion: ${SOURCE_API}`,
      'kind: GitRepository',
      'metadata:',
      '  name: flux-system',
      '  namespace: flux-system',
      'spec:',
      '  interval: 1m0s',
      '  ref:',
      '    branch: main',
      '  secretRef:',
      '    name: flux-system',
      '  url: ssh://git@github.com/acme-corp/fleet',
    ),
    lines(
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      '  name: flux-system',
      '  namespace: flux-system',
      'spec:',
      '  interval: 10m0s',
      `  path: ./clusters/${cluster}`,
      '  prune: true',
      '  sourceRef:',
      '    kind: GitRepository',
      '    name: flux-system',
    ),
  ]);
}
