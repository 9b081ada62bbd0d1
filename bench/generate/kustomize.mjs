/** kustomization.yaml files: an app's resource list with `images:` overrides, overlays, helmCharts. */
import { ownImage, publicImage, semver } from './images.mjs';
import { indent, lines } from './text.mjs';

/** One `images:` entry, in each of the forms kustomize accepts. */
function imageEntry(rng, image, form) {
  switch (form) {
    case 'newName':
      return lines(`- name: ${image.name.split('/').pop()}`, `  newName: ${image.name}`, `  newTag: ${image.tag ?? semver(rng)}`);
    case 'digest':
      return lines(`- name: ${image.name}`, `  digest: ${image.digest ?? rng.digest()}`);
    case 'quoted':
      return lines(`- name: ${image.name}`, `  newTag: "${image.tag ?? semver(rng)}"`);
    case 'both':
      // kustomize ignores newTag when digest is set: a mistake seen in real repositories.
      return lines(`- name: ${image.name}`, `  newTag: ${image.tag ?? semver(rng)}`, `  digest: ${rng.digest()}`);
    default:
      return lines(`- name: ${image.name}`, `  newTag: ${image.tag ?? semver(rng)}`);
  }
}

export function appKustomization(rng, { app, team, resources, valuesFile = false, remoteBase = false }) {
  const images = [];
  if (rng.chance(0.6)) {
    const own = ownImage(rng, app);
    const form = rng.weighted([
      [70, 'newTag'],
      [10, 'newName'],
      [10, 'digest'],
      [8, 'quoted'],
      [2, 'both'],
    ]);
    images.push(imageEntry(rng, { ...own, tag: own.tag?.startsWith('$') ? semver(rng) : own.tag }, form));
  }
  if (rng.chance(0.15)) images.push(imageEntry(rng, publicImage(rng), rng.pick(['newTag', 'newName', 'digest'])));
  const res = [...resources];
  if (remoteBase) res.push(`github.com/acme-corp/k8s-bases//monitoring/servicemonitor?ref=v${rng.int(1, 3)}.${rng.int(0, 9)}.0`);
  return `${lines(
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `namespace: ${team}`,
    'resources:',
    indent(res.map((r) => `- ${r}`).join('\n'), 2),
    'labels:',
    '  - includeSelectors: false',
    '    pairs:',
    `      app.kubernetes.io/part-of: ${team}`,
    images.length > 0 ? `images:\n${indent(images.join('\n'), 2)}` : '',
    valuesFile ? lines('configMapGenerator:', `  - name: ${app}-values`, '    files:', '      - values.yaml=values.yaml') : '',
  )}\n`;
}

/** overlays/<cluster>/kustomization.yaml: the base plus a per-cluster image tag and replica patch. */
export function overlayKustomization(rng, { app }) {
  const own = ownImage(rng, app);
  return `${lines(
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    '  - ../../',
    'images:',
    `  - name: ${own.name}`,
    `    newTag: ${own.tag && !own.tag.startsWith('$') ? own.tag : semver(rng)}`,
    'patches:',
    '  - target:',
    '      kind: Deployment',
    `      name: ${app}`,
    '    patch: |-',
    '      - op: replace',
    '        path: /spec/replicas',
    `        value: ${rng.int(2, 8)}`,
  )}\n`;
}

/** A kustomization that inflates Helm charts (kustomize --enable-helm). */
export function helmChartsKustomization(rng, charts) {
  const entries = charts.map(([repo, chart, version]) =>
    lines(`- name: ${chart}`, `  repo: ${repo.url}`, `  version: ${version}`, `  releaseName: ${chart}`, `  namespace: ${chart}`, '  valuesFile: values.yaml'),
  );
  return `${lines('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'helmCharts:', indent(entries.join('\n'), 2))}\n`;
}

export function listKustomization(resources, extra = '') {
  return `${lines('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', indent(resources.map((r) => `- ${r}`).join('\n'), 2), extra)}\n`;
}
