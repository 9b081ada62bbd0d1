import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { extractRepository } from '../../src/extract/extract-repository.js';
import type { FluxLink } from '../../src/managers/flux/common.js';
import { tagSource } from '../../src/managers/flux/git-repository.js';
import { fluxManager } from '../../src/managers/flux/index.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import type { ExtractOptions, FileExtract } from '../../src/managers/types.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/flux');
const HOMELAB = join(FIXTURES, 'homelab');
const PODINFO_DIGEST = 'sha256:04d1b7ec0eaa8700acbf2951a468e3c4376422d3807247296e669d6c0439690c';
const REDIS_DIGEST = 'sha256:34fb46c847bb9df96e5205a39d382f648a6e8dce1e014cd85b4ca6a88d88ed03';
const SIDECAR_DIGEST = 'sha256:6c8b4535ccc87f19061c4646189e33d78f01c8b63dc4e3cb2f630b1796ee93b6';
const NEW_DIGEST = 'sha256:28d81f2e7f99e2f862924d4748a4b71c4fd94e3ec26e0c6da17ce1252992af68';
const INLINE_DIGEST = 'sha256:6900ead2739f4d80767db3f097b8c7e352c395dac245945161cb7d5e3f8438b3';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => /\.ya?ml$/.test(p))
    .map((p) => relative(dir, join(dir, p)).split('\\').join('/'))
    .sort();
}

/** Every YAML file of a directory through extractFile, then linkFiles over all of them. */
function extractTree(dir: string, options: ExtractOptions = {}) {
  const files = yamlFiles(dir).map((path) => {
    const content = readFileSync(join(dir, path), 'utf8');
    return { path, content, result: fluxManager.extractFile(createPackageFile(path, content), options) };
  });
  fluxManager.linkFiles!(
    files.map((f) => f.result),
    options,
  );
  return new Map(files.map((f) => [f.path, f]));
}

/** One file on its own: extractFile, then linkFiles with just that file (what a run over one file does). */
function extractOne(path: string, content: string, options: ExtractOptions = {}): FileExtract<FluxLink> {
  const result = fluxManager.extractFile(createPackageFile(path, content), options);
  fluxManager.linkFiles!([result], options);
  return result;
}

const edge = (name: string) => readFileSync(join(FIXTURES, 'edge', name), 'utf8');
const homelab = (path: string) => readFileSync(join(HOMELAB, path), 'utf8');

const brief = (d: Dep) => ({
  line: d.line,
  depName: d.depName,
  packageName: d.packageName,
  currentValue: d.currentValue,
  currentDigest: d.currentDigest,
  datasource: d.datasource,
  registryUrls: d.registryUrls,
  versioning: d.versioning,
  skipReason: d.skipReason,
});

/** `content` with `from` (which must occur exactly once) replaced by `to`. */
function replaceOnce(content: string, from: string, to: string): string {
  expect(content.split(from).length - 1, `occurrences of ${JSON.stringify(from)}`).toBe(1);
  return content.replace(from, to);
}

describe('flux manager: homelab repository', () => {
  const tree = extractTree(HOMELAB);
  const deps = (path: string) => tree.get(path)!.result.deps.map(brief);

  it('reads every Flux resource kind and nothing else, without warnings', () => {
    expect([...tree.values()].flatMap((f) => f.result.warnings)).toEqual([]);
    expect([...tree.values()].every((f) => f.result.deps.every((d) => d.manager === 'flux' && d.file === f.path))).toBe(true);
    // A kustomize.config.k8s.io Kustomization and the HelmRepositories themselves give no deps.
    expect(deps('infrastructure/sources/kustomization.yaml')).toEqual([]);
    expect(deps('infrastructure/sources/helm-repositories.yaml')).toEqual([]);
    expect(tree.get('infrastructure/sources/helm-repositories.yaml')!.result.link!.helmRepositories).toEqual([
      {
        name: 'bitnami',
        namespace: 'flux-system',
        url: 'oci://registry-1.docker.io/bitnamicharts',
        oci: true,
        file: 'infrastructure/sources/helm-repositories.yaml',
        line: 11,
      },
      {
        name: 'grafana',
        namespace: 'flux-system',
        url: 'https://grafana.github.io/helm-charts',
        oci: false,
        file: 'infrastructure/sources/helm-repositories.yaml',
        line: 20,
      },
      { name: 'bjw-s', namespace: 'flux-system', url: 'oci://ghcr.io/bjw-s/helm', oci: true, file: 'infrastructure/sources/helm-repositories.yaml', line: 29 },
    ]);
  });

  it('links an HTTP chart to its HelmRepository in another file and reads values images', () => {
    expect(deps('apps/base/monitoring/grafana/helmrelease.yaml')).toEqual([
      { line: 12, depName: 'grafana', currentValue: '8.3.2', datasource: 'helm', registryUrls: ['https://grafana.github.io/helm-charts'] },
      {
        line: 24,
        depName: 'docker.io/grafana/grafana',
        packageName: 'docker.io/grafana/grafana',
        currentValue: '11.1.0',
        datasource: 'docker',
        versioning: 'docker',
      },
      {
        line: 28,
        depName: 'quay.io/kiwigrid/k8s-sidecar',
        packageName: 'quay.io/kiwigrid/k8s-sidecar',
        currentValue: '1.27.4',
        currentDigest: SIDECAR_DIGEST,
        datasource: 'docker',
        versioning: 'docker',
      },
    ]);
  });

  it('turns a chart of an OCI HelmRepository into a docker dep, in a multi-document file', () => {
    const jellyfin = tree.get('apps/base/media/jellyfin/release.yaml')!.result.deps;
    expect(jellyfin.map(brief)).toEqual([
      { line: 23, depName: 'app-template', packageName: 'ghcr.io/bjw-s/helm/app-template', currentValue: '3.2.1', datasource: 'docker' },
      {
        line: 35,
        depName: 'ghcr.io/jellyfin/jellyfin',
        packageName: 'ghcr.io/jellyfin/jellyfin',
        currentValue: '10.9.7',
        datasource: 'docker',
        versioning: 'docker',
      },
    ]);
    expect(jellyfin[0]!.pinDigests).toBe(false);
    // HelmChart resources link the same way (`type: oci`).
    expect(deps('infrastructure/controllers/redis-chart.yaml')).toEqual([
      { line: 9, depName: 'redis', packageName: 'registry-1.docker.io/bitnamicharts/redis', currentValue: '19.6.0', datasource: 'docker' },
    ]);
  });

  it('links by namespace when two HelmRepositories share a name, and refuses to guess when ambiguous', () => {
    expect(deps('apps/team-b/api.yaml')).toEqual([
      { line: 11, depName: 'api-service', currentValue: '2.4.0', datasource: 'helm', registryUrls: ['https://charts.team-b.example.com'] },
    ]);
    expect(deps('apps/team-a/web.yaml')).toEqual([
      { line: 11, depName: 'web-frontend', currentValue: '1.9.3', datasource: 'helm', skipReason: 'unknown-registry' },
      { line: 26, depName: 'worker', currentValue: '0.7.1', datasource: 'helm', registryUrls: ['https://charts.team-a.example.com'] },
    ]);
    expect(tree.get('apps/team-a/web.yaml')!.result.deps[0]!.skipDetail).toBe('HelmRepository "charts" not found; namespaces with that name: team-a, team-b');
  });

  it('infers a namespace a Kustomization sets when the HelmRepository name is unique', () => {
    // The HelmRepository has no metadata.namespace (jetstack.yaml).
    expect(deps('apps/base/cert-manager/helmrelease.yaml')).toEqual([
      { line: 11, depName: 'cert-manager', currentValue: 'v1.15.1', datasource: 'helm', registryUrls: ['https://charts.jetstack.io'] },
    ]);
    // The HelmRelease has no metadata.namespace.
    expect(deps('apps/base/home/home-assistant/helmrelease.yaml')).toEqual([
      { line: 11, depName: 'app-template', packageName: 'ghcr.io/bjw-s/helm/app-template', currentValue: '3.2.1', datasource: 'docker' },
      {
        line: 22,
        depName: 'ghcr.io/home-operations/home-assistant',
        packageName: 'ghcr.io/home-operations/home-assistant',
        currentValue: '2024.6.3',
        datasource: 'docker',
        versioning: 'docker',
      },
    ]);
  });

  it('lists a chartRef release only through its OCIRepository, and a local chart as skipped', () => {
    expect(deps('apps/base/podinfo/podinfo.yaml')).toEqual([
      {
        line: 10,
        depName: 'ghcr.io/stefanprodan/charts/podinfo',
        packageName: 'ghcr.io/stefanprodan/charts/podinfo',
        currentValue: '6.6.2',
        datasource: 'docker',
      },
      {
        line: 25,
        depName: 'ghcr.io/stefanprodan/podinfo',
        packageName: 'ghcr.io/stefanprodan/podinfo',
        currentValue: '6.6.2',
        datasource: 'docker',
        versioning: 'docker',
      },
    ]);
    expect(deps('apps/base/kube-system/cluster-config.yaml')).toEqual([{ line: 10, depName: './charts/cluster-config', skipReason: 'local-chart' }]);
  });

  it('reads OCIRepository tag+digest, tag with a trailing comment, and a semver range', () => {
    expect(deps('infrastructure/sources/oci-repositories.yaml')).toEqual([
      {
        line: 10,
        depName: 'ghcr.io/stefanprodan/manifests/podinfo',
        packageName: 'ghcr.io/stefanprodan/manifests/podinfo',
        currentValue: '6.6.3',
        currentDigest: PODINFO_DIGEST,
        datasource: 'docker',
      },
      {
        line: 22,
        depName: 'ghcr.io/kyverno/manifests/kyverno',
        packageName: 'ghcr.io/kyverno/manifests/kyverno',
        currentValue: 'v1.12.4',
        datasource: 'docker',
      },
      {
        line: 35,
        depName: 'registry.example.com/platform/cilium-policies',
        packageName: 'registry.example.com/platform/cilium-policies',
        currentValue: '>=1.15.0 <1.16.0',
        datasource: 'docker',
        versioning: 'helm',
      },
    ]);
  });

  it('reads GitRepository tags (GitHub https and ssh, GitLab semver), a commit, and a branch', () => {
    expect(deps('infrastructure/sources/git-repositories.yaml')).toEqual([
      { line: 10, depName: 'kube-prometheus', packageName: 'prometheus-operator/kube-prometheus', currentValue: 'v0.13.0', datasource: 'github-tags' },
      { line: 24, depName: 'tools', packageName: 'example-group/infra/tools', currentValue: '>=2.0.0 <3.0.0', datasource: 'gitlab-tags', versioning: 'helm' },
      {
        line: 36,
        depName: 'platform-charts',
        packageName: 'ssh://git@git.example.com/platform/charts.git',
        currentValue: 'main',
        currentDigest: '4015b57a143aec5156fd1444a017a32137a3fd0f',
        datasource: 'git-refs',
      },
      { line: 49, depName: 'dashboards', packageName: 'example/grafana-dashboards', currentValue: '1.4.0', datasource: 'github-tags' },
    ]);
    expect(deps('clusters/production/flux-system/gotk-sync.yaml')).toEqual([{ line: 14, depName: 'flux-system', skipReason: 'unversioned-reference' }]);
  });

  it('reads Flux Kustomization spec.images with the kustomize rules', () => {
    expect(deps('clusters/production/apps.yaml')).toEqual([
      {
        line: 18,
        depName: 'ghcr.io/home-operations/home-assistant',
        packageName: 'ghcr.io/home-operations/home-assistant',
        currentValue: '2024.6.4',
        datasource: 'docker',
        versioning: 'docker',
      },
      {
        line: 21,
        depName: 'docker.io/library/redis',
        packageName: 'docker.io/library/redis',
        currentValue: '7.2.5-alpine',
        currentDigest: REDIS_DIGEST,
        datasource: 'docker',
        versioning: 'docker',
      },
    ]);
  });

  it('applies registryAliases to OCI chart packageNames, never to depName', () => {
    const aliased = extractTree(HOMELAB, { registryAliases: { 'ghcr.io': 'mirror.example.com/ghcr' } });
    const [chart] = aliased.get('apps/base/media/jellyfin/release.yaml')!.result.deps;
    expect(brief(chart!)).toEqual({
      line: 23,
      depName: 'app-template',
      packageName: 'mirror.example.com/ghcr/bjw-s/helm/app-template',
      currentValue: '3.2.1',
      datasource: 'docker',
    });
  });

  it('runs in the extract stage: the repository walk links charts across files', async () => {
    const { deps: all, warnings } = await extractRepository(HOMELAB, { enabledManagers: ['flux'] });
    expect(warnings).toEqual([]);
    expect(all.length).toBe(25);
    const certManager = all.find((d) => d.depName === 'cert-manager')!;
    expect(certManager.registryUrls).toEqual(['https://charts.jetstack.io']);
    expect(all.filter((d) => d.skipReason).map((d) => `${d.file}:${d.depName}:${d.skipReason}`)).toEqual([
      'apps/base/kube-system/cluster-config.yaml:./charts/cluster-config:local-chart',
      'apps/team-a/web.yaml:web-frontend:unknown-registry',
      'clusters/production/flux-system/gotk-sync.yaml:flux-system:unversioned-reference',
    ]);
  });
});

describe('flux manager: linking', () => {
  const release = homelab('apps/base/cert-manager/helmrelease.yaml');

  it('extractFile alone leaves a chart whose source is in another file unresolved, with link data', () => {
    const result = fluxManager.extractFile(createPackageFile('hr.yaml', release), {});
    expect(result.deps.map(brief)).toEqual([{ line: 11, depName: 'cert-manager', currentValue: 'v1.15.1', datasource: 'helm' }]);
    expect(result.link).toEqual({ helmRepositories: [], charts: [{ dep: 0, name: 'jetstack', namespace: 'cert-manager', chart: 'cert-manager' }] });
    // linkFiles over only this file: no source anywhere.
    fluxManager.linkFiles!([result], {});
    expect(result.deps[0]!.skipReason).toBe('unknown-registry');
    expect(result.deps[0]!.skipDetail).toBe('no HelmRepository "jetstack" in namespace "cert-manager" in the repository and no registryAliases entry for it');
  });

  it('extractFile alone links to a HelmRepository in the same file', () => {
    const { deps } = fluxManager.extractFile(createPackageFile('v.yaml', edge('variables.yaml')), {});
    expect(deps[0]!.registryUrls).toEqual(['https://kubernetes.github.io/ingress-nginx']);
  });

  it('linkFiles resolves again from scratch: a source found later replaces an earlier outcome', () => {
    const hr = fluxManager.extractFile(createPackageFile('hr.yaml', release), {});
    fluxManager.linkFiles!([hr], {});
    const repo = fluxManager.extractFile(createPackageFile('repo.yaml', homelab('infrastructure/sources/jetstack.yaml')), {});
    fluxManager.linkFiles!([hr, repo], {});
    expect(brief(hr.deps[0]!)).toEqual({
      line: 11,
      depName: 'cert-manager',
      currentValue: 'v1.15.1',
      datasource: 'helm',
      registryUrls: ['https://charts.jetstack.io'],
    });
    expect(hr.deps[0]!.skipDetail).toBeUndefined();
  });

  it('uses registryAliases[sourceRef.name] only when no HelmRepository matches', () => {
    const http = extractOne('hr.yaml', release, { registryAliases: { jetstack: 'https://charts.jetstack.io' } });
    expect(brief(http.deps[0]!)).toEqual({
      line: 11,
      depName: 'cert-manager',
      currentValue: 'v1.15.1',
      datasource: 'helm',
      registryUrls: ['https://charts.jetstack.io'],
    });
    const oci = extractOne('hr.yaml', release, { registryAliases: { jetstack: 'oci://quay.io/jetstack/charts/', 'quay.io': 'mirror.example.com/quay' } });
    expect(brief(oci.deps[0]!)).toEqual({
      line: 11,
      depName: 'cert-manager',
      packageName: 'mirror.example.com/quay/jetstack/charts/cert-manager',
      currentValue: 'v1.15.1',
      datasource: 'docker',
    });
    const found = extractOne('v.yaml', edge('variables.yaml'), { registryAliases: { 'ingress-nginx': 'https://mirror.example.com' } });
    expect(found.deps[0]!.registryUrls).toEqual(['https://kubernetes.github.io/ingress-nginx']);
  });

  it('matches a HelmRepository written twice identically as one source', () => {
    const repo = homelab('infrastructure/sources/jetstack.yaml');
    const files = [release, repo, repo].map((content, i) => fluxManager.extractFile(createPackageFile(`f${i}.yaml`, content), {}));
    fluxManager.linkFiles!(files, {});
    expect(files[0]!.deps[0]!.registryUrls).toEqual(['https://charts.jetstack.io']);
  });
});

describe('flux manager: bad and unusual input', () => {
  it('lists what it can of wrong-typed resources, with one warning each naming file and line', () => {
    const { deps, warnings } = extractOne('wrong-types.yaml', edge('wrong-types.yaml'));
    expect(deps.map(brief)).toEqual([
      { line: 9, depName: 'podinfo', datasource: 'helm', registryUrls: ['https://stefanprodan.github.io/podinfo'], skipReason: 'invalid-value' },
      { line: 44, depName: 'redis', currentValue: '19.0.0', datasource: 'helm', skipReason: 'unknown-registry' },
      { line: 72, depName: 'charts/podinfo', skipReason: 'unsupported-datasource' },
      { line: 84, depName: 'charts/podinfo', currentValue: '*', skipReason: 'local-chart' },
      { line: 97, depName: 'charts/podinfo', skipReason: 'local-chart' },
      { line: 110, depName: 'podinfo', datasource: 'helm', registryUrls: ['https://stefanprodan.github.io/podinfo'], skipReason: 'unversioned-reference' },
    ]);
    expect(warnings).toEqual([
      { file: 'wrong-types.yaml', line: 11, message: 'HelmRelease "version-map": spec.chart.spec.version is not a version string' },
      { file: 'wrong-types.yaml', line: 24, message: 'HelmRelease "chart-list": spec.chart.spec.chart is not a chart name' },
      { file: 'wrong-types.yaml', line: 33, message: 'HelmRelease "no-chart": neither spec.chart.spec nor spec.chartRef is set' },
      { file: 'wrong-types.yaml', line: 46, message: 'HelmRelease "no-source-name": spec.chart.spec.sourceRef.name is missing' },
      { file: 'wrong-types.yaml', line: 54, message: 'OCIRepository "no-url": spec.url is missing' },
      { file: 'wrong-types.yaml', line: 63, message: 'GitRepository "no-url": spec.url is missing' },
    ]);
    expect(deps.every((d) => d.skipDetail && !d.skipDetail.includes('\n'))).toBe(true);
  });

  it('keeps the valid documents of a file with invalid YAML', () => {
    const { deps, warnings } = extractOne('broken.yaml', edge('broken.yaml'));
    expect(deps.map((d) => `${d.depName}@${d.currentValue}`)).toEqual(['loki@6.6.4']);
    expect(warnings).toEqual([
      {
        file: 'broken.yaml',
        line: 25,
        message: '1 of 2 YAML documents are not valid and were skipped: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
  });

  it('never throws on input that is not a Flux manifest', () => {
    for (const content of [
      '',
      '---\n',
      'kind: HelmRelease\n',
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n',
      '- a\n- b\n',
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec: 5\n',
    ]) {
      expect(() => extractOne('x.yaml', content)).not.toThrow();
    }
    expect(extractOne('x.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec: 5\n').warnings).toEqual([
      { file: 'x.yaml', line: 3, message: 'HelmRelease: neither spec.chart.spec nor spec.chartRef is set' },
    ]);
  });

  it('skips Flux post-build variables in versions, chart names, source URLs and refs', () => {
    const { deps } = extractOne('variables.yaml', edge('variables.yaml'));
    expect(deps.map(brief)).toEqual([
      { line: 11, depName: 'ingress-nginx', datasource: 'helm', registryUrls: ['https://kubernetes.github.io/ingress-nginx'], skipReason: 'contains-variable' },
      { line: 34, depName: '${CHART_NAME}', currentValue: '1.0.0', skipReason: 'contains-variable' },
      { line: 57, depName: 'internal-app', currentValue: '0.3.0', datasource: 'helm', skipReason: 'contains-variable' },
      { line: 70, depName: 'ghcr.io/example/manifests', packageName: 'ghcr.io/example/manifests', datasource: 'docker', skipReason: 'contains-variable' },
      { line: 80, depName: 'config', skipReason: 'contains-variable' },
    ]);
    expect(deps[2]!.skipDetail).toBe('the URL of HelmRepository "internal" (variables.yaml:46) contains a variable');
  });

  it('skips templated values in a Helm template that renders a HelmRelease', () => {
    const { deps, warnings } = extractOne('templated.yaml', edge('templated.yaml'));
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 11, depName: 'grafana', datasource: 'helm', skipReason: 'templated' },
      { line: 18, depName: 'grafana/grafana', packageName: 'grafana/grafana', datasource: 'docker', versioning: 'docker', skipReason: 'templated' },
    ]);
    // The templated namespace counts as unwritten, so the link is not looked up in "{{ .Release.Namespace }}".
    expect(fluxManager.extractFile(createPackageFile('t.yaml', edge('templated.yaml')), {}).link!.charts).toEqual([
      {
        dep: 0,
        name: 'grafana',
        chart: 'grafana',
        skip: { reason: 'templated', detail: 'spec.chart.spec.version is templated: "{{ .Values.grafana.version }}"' },
      },
    ]);
  });

  it('reads unquoted versions as written (1.0 and 1.10 stay strings), flow-style sourceRef included', () => {
    expect(extractOne('u.yaml', edge('unquoted-versions.yaml')).deps.map((d) => [d.depName, d.currentValue, d.registryUrls])).toEqual([
      ['legacy-app', '1.0', ['https://charts.internal.example.com/stable/']],
      ['tools', '1.10', ['https://charts.internal.example.com/stable/']],
    ]);
  });

  it('lists an anchored values image once and ignores an anchor reused outside image keys', () => {
    expect(extractOne('a.yaml', edge('anchors.yaml')).deps.map((d) => [d.line, d.depName, d.currentValue])).toEqual([
      [11, 'immich', '0.7.0'],
      [20, 'ghcr.io/immich-app/immich-server', 'v1.106.4'],
    ]);
  });

  it('reads OCIRepository refs in flow maps, with inline digests, empty digests, non-OCI URLs and tag+semver', () => {
    expect(extractOne('o.yaml', edge('ocirepository-forms.yaml')).deps.map(brief)).toEqual([
      { line: 8, depName: 'ghcr.io/example/flow', packageName: 'ghcr.io/example/flow', currentValue: '1.2.0', datasource: 'docker' },
      {
        line: 18,
        depName: 'ghcr.io/example/inline',
        packageName: 'ghcr.io/example/inline',
        currentValue: '2.0.0',
        currentDigest: INLINE_DIGEST,
        datasource: 'docker',
      },
      { line: 28, depName: 'ghcr.io/example/empty', packageName: 'ghcr.io/example/empty', currentValue: '3.0.0', datasource: 'docker' },
      {
        line: 39,
        depName: 'https://ghcr.io/example/not-oci',
        packageName: 'https://ghcr.io/example/not-oci',
        currentValue: '1.0.0',
        datasource: 'docker',
        skipReason: 'invalid-url',
      },
      // Flux prefers semver over tag.
      { line: 50, depName: 'ghcr.io/example/semver', packageName: 'ghcr.io/example/semver', currentValue: '1.x', datasource: 'docker', versioning: 'helm' },
    ]);
  });

  it('reads GitRepository forms: scp-style GitHub URL, ref.name tags, a branch name, commit over tag', () => {
    const git = (url: string, ref: string) =>
      extractOne(
        'g.yaml',
        `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: repo\nspec:\n  url: ${url}\n  ref:\n${ref}`,
      ).deps.map(brief)[0];
    expect(git('git@github.com:fluxcd/flux2.git', '    tag: v2.3.0\n')).toEqual({
      line: 8,
      depName: 'repo',
      packageName: 'fluxcd/flux2',
      currentValue: 'v2.3.0',
      datasource: 'github-tags',
    });
    expect(git('https://git.example.com/infra/charts', '    name: refs/tags/v1.2.3\n')).toEqual({
      line: 8,
      depName: 'repo',
      packageName: 'https://git.example.com/infra/charts',
      currentValue: 'v1.2.3',
      datasource: 'git-tags',
    });
    expect(git('https://git.example.com/infra/charts', '    name: refs/heads/main\n')).toEqual({
      line: 8,
      depName: 'repo',
      skipReason: 'unversioned-reference',
    });
    expect(git('https://github.com/fluxcd/flux2', '    tag: v2.3.0\n    commit: 4015b57a143aec5156fd1444a017a32137a3fd0f\n')).toEqual({
      line: 9,
      depName: 'repo',
      packageName: 'https://github.com/fluxcd/flux2',
      currentDigest: '4015b57a143aec5156fd1444a017a32137a3fd0f',
      datasource: 'git-refs',
    });
    expect(tagSource('ssh://git@gitlab.com:22/group/sub/project.git')).toEqual({
      datasource: 'gitlab-tags',
      packageName: 'group/sub/project',
      sourceUrl: 'https://gitlab.com/group/sub/project',
    });
    expect(tagSource('https://github.com/org/repo/')).toEqual({ datasource: 'github-tags', packageName: 'org/repo', sourceUrl: 'https://github.com/org/repo' });
    expect(tagSource('https://gitea.example.com/org/repo.git')).toEqual({
      datasource: 'git-tags',
      packageName: 'https://gitea.example.com/org/repo.git',
      sourceUrl: 'https://gitea.example.com/org/repo',
    });
  });

  it('handles CRLF line ends and a byte-order mark', () => {
    const content = homelab('apps/base/monitoring/grafana/helmrelease.yaml');
    const crlf = extractOne('c.yaml', content.replace(/\n/g, '\r\n')).deps;
    expect(crlf.map((d) => [d.line, d.depName, d.currentValue, d.currentDigest])).toEqual([
      [12, 'grafana', '8.3.2', undefined],
      [24, 'docker.io/grafana/grafana', '11.1.0', undefined],
      [28, 'quay.io/kiwigrid/k8s-sidecar', '1.27.4', SIDECAR_DIGEST],
    ]);
    const bom = extractOne('b.yaml', `\uFEFF${homelab('apps/base/podinfo/podinfo.yaml')}`).deps;
    expect(bom.map((d) => [d.line, d.depName, d.currentValue])).toEqual([
      [10, 'ghcr.io/stefanprodan/charts/podinfo', '6.6.2'],
      [25, 'ghcr.io/stefanprodan/podinfo', '6.6.2'],
    ]);
  });

  it('reads only files that mention a Flux API group', () => {
    expect(fluxManager.readsManifests).toBe(true);
    expect(fluxManager.mightContain!(homelab('apps/team-b/api.yaml'))).toBe(true);
    expect(fluxManager.mightContain!('apiVersion: apps/v1\nkind: Deployment\n')).toBe(false);
  });
});

describe('flux manager: applyUpdate round-trips', () => {
  /** The dep of `path` in the linked homelab extraction whose depName matches. */
  const tree = extractTree(HOMELAB);
  const homelabDep = (path: string, depName: string) => tree.get(path)!.result.deps.find((d) => d.depName === depName)!;

  it('updates a quoted chart version whose HelmRepository is in another file', () => {
    const path = 'apps/base/monitoring/grafana/helmrelease.yaml';
    const content = homelab(path);
    expect(applyUpdate(content, homelabDep(path, 'grafana'), { newValue: '8.4.0' })).toBe(replaceOnce(content, 'version: "8.3.2"', 'version: "8.4.0"'));
    const inferred = 'apps/base/cert-manager/helmrelease.yaml';
    expect(applyUpdate(homelab(inferred), homelabDep(inferred, 'cert-manager'), { newValue: 'v1.15.2' })).toBe(
      replaceOnce(homelab(inferred), 'version: v1.15.1', 'version: v1.15.2'),
    );
  });

  it('updates an unquoted OCI chart version in a multi-document file, leaving comments and other documents alone', () => {
    const path = 'apps/base/media/jellyfin/release.yaml';
    const content = homelab(path);
    const edited = applyUpdate(content, homelabDep(path, 'app-template'), { newValue: '3.3.0' });
    expect(edited).toBe(replaceOnce(content, '      version: 3.2.1\n', '      version: 3.3.0\n'));
  });

  it('updates the tag of an OCIRepository, keeping its trailing comment', () => {
    const path = 'infrastructure/sources/oci-repositories.yaml';
    const content = homelab(path);
    expect(applyUpdate(content, homelabDep(path, 'ghcr.io/kyverno/manifests/kyverno'), { newValue: 'v1.12.5' })).toBe(
      replaceOnce(content, 'tag: v1.12.4 # pinned', 'tag: v1.12.5 # pinned'),
    );
  });

  it('pins an OCIRepository tag by adding a digest line under ref, after the comment', () => {
    const path = 'infrastructure/sources/oci-repositories.yaml';
    const content = homelab(path);
    const line = '    tag: v1.12.4 # pinned until the policies are migrated\n';
    expect(applyUpdate(content, homelabDep(path, 'ghcr.io/kyverno/manifests/kyverno'), { newValue: 'v1.12.5', newDigest: NEW_DIGEST })).toBe(
      replaceOnce(content, line, `    tag: v1.12.5 # pinned until the policies are migrated\n    digest: ${NEW_DIGEST}\n`),
    );
  });

  it('updates tag and digest of an OCIRepository together, and either alone', () => {
    const path = 'infrastructure/sources/oci-repositories.yaml';
    const content = homelab(path);
    const dep = homelabDep(path, 'ghcr.io/stefanprodan/manifests/podinfo');
    const both = `    tag: "6.6.4"\n    digest: ${NEW_DIGEST}\n`;
    const before = `    tag: "6.6.3"\n    digest: ${PODINFO_DIGEST}\n`;
    expect(applyUpdate(content, dep, { newValue: '6.6.4', newDigest: NEW_DIGEST })).toBe(replaceOnce(content, before, both));
    expect(applyUpdate(content, dep, { newDigest: NEW_DIGEST })).toBe(replaceOnce(content, before, `    tag: "6.6.3"\n    digest: ${NEW_DIGEST}\n`));
    expect(applyUpdate(content, dep, { newValue: '6.6.4' })).toBe(replaceOnce(content, before, `    tag: "6.6.4"\n    digest: ${PODINFO_DIGEST}\n`));
  });

  it('updates a digest-only OCIRepository', () => {
    const content = [
      'apiVersion: source.toolkit.fluxcd.io/v1beta2',
      'kind: OCIRepository',
      'metadata:',
      '  name: pinned',
      'spec:',
      '  ref:',
      `    digest: "${PODINFO_DIGEST}"`,
      '  url: oci://ghcr.io/example/pinned',
      '',
    ].join('\n');
    const [dep] = extractOne('p.yaml', content).deps;
    expect(brief(dep!)).toEqual({
      line: 7,
      depName: 'ghcr.io/example/pinned',
      packageName: 'ghcr.io/example/pinned',
      currentDigest: PODINFO_DIGEST,
      datasource: 'docker',
    });
    expect(applyUpdate(content, dep!, { newDigest: NEW_DIGEST })).toBe(content.replace(PODINFO_DIGEST, NEW_DIGEST));
  });

  it('adds the digest line with CRLF line ends and the tag key indent', () => {
    const lines = [
      'apiVersion: source.toolkit.fluxcd.io/v1beta2',
      'kind: OCIRepository',
      'metadata:',
      '  name: kyverno',
      'spec:',
      '    url: oci://ghcr.io/kyverno/manifests/kyverno',
      '    ref:',
      "        tag: 'v1.12.4'",
      '    interval: 1h',
      '',
    ];
    const content = lines.join('\r\n');
    const [dep] = extractOne('crlf.yaml', content).deps;
    const expected = [...lines.slice(0, 7), "        tag: 'v1.12.5'", `        digest: ${NEW_DIGEST}`, ...lines.slice(8)].join('\r\n');
    expect(applyUpdate(content, dep!, { newValue: 'v1.12.5', newDigest: NEW_DIGEST })).toBe(expected);
    // At the end of a file without a final line end.
    const last = lines.slice(0, 8).join('\r\n');
    const [lastDep] = extractOne('crlf.yaml', last).deps;
    expect(applyUpdate(last, lastDep!, { newDigest: NEW_DIGEST })).toBe(`${last}\r\n        digest: ${NEW_DIGEST}`);
  });

  it('pins a tag in a flow map, and fills an empty digest key', () => {
    const content = edge('ocirepository-forms.yaml');
    const deps = extractOne('o.yaml', content).deps;
    expect(applyUpdate(content, deps[0]!, { newDigest: NEW_DIGEST })).toBe(
      replaceOnce(content, 'ref: {tag: 1.2.0}', `ref: {tag: 1.2.0, digest: ${NEW_DIGEST}}`),
    );
    expect(applyUpdate(content, deps[2]!, { newDigest: NEW_DIGEST })).toBe(replaceOnce(content, 'digest: ""', `digest: "${NEW_DIGEST}"`));
    expect(applyUpdate(content, deps[1]!, { newValue: '2.0.1', newDigest: NEW_DIGEST })).toBe(
      replaceOnce(content, `tag: 2.0.0@${INLINE_DIGEST}`, `tag: 2.0.1@${NEW_DIGEST}`),
    );
  });

  it('updates tag and digest of a values image', () => {
    const path = 'apps/base/monitoring/grafana/helmrelease.yaml';
    const content = homelab(path);
    expect(applyUpdate(content, homelabDep(path, 'quay.io/kiwigrid/k8s-sidecar'), { newValue: '1.28.0', newDigest: NEW_DIGEST })).toBe(
      replaceOnce(content, `tag: 1.27.4@${SIDECAR_DIGEST}`, `tag: 1.28.0@${NEW_DIGEST}`),
    );
  });

  it('updates GitRepository tags keeping quotes, semver ranges, and Kustomization newTag', () => {
    const git = 'infrastructure/sources/git-repositories.yaml';
    expect(applyUpdate(homelab(git), homelabDep(git, 'dashboards'), { newValue: '1.5.0' })).toBe(replaceOnce(homelab(git), "tag: '1.4.0'", "tag: '1.5.0'"));
    const oci = 'infrastructure/sources/oci-repositories.yaml';
    expect(applyUpdate(homelab(oci), homelabDep(oci, 'registry.example.com/platform/cilium-policies'), { newValue: '>=1.16.0 <1.17.0' })).toBe(
      replaceOnce(homelab(oci), 'semver: ">=1.15.0 <1.16.0"', 'semver: ">=1.16.0 <1.17.0"'),
    );
    const ks = 'clusters/production/apps.yaml';
    expect(applyUpdate(homelab(ks), homelabDep(ks, 'ghcr.io/home-operations/home-assistant'), { newValue: '2024.7.0' })).toBe(
      replaceOnce(homelab(ks), 'newTag: 2024.6.4', 'newTag: 2024.7.0'),
    );
  });

  it('updates a CRLF chart version and returns the identical string for a no-op', () => {
    const content = homelab('apps/base/cert-manager/helmrelease.yaml').replace(/\n/g, '\r\n');
    const [dep] = fluxManager.extractFile(createPackageFile('c.yaml', content), {}).deps;
    expect(applyUpdate(content, dep!, { newValue: 'v1.16.0' })).toBe(replaceOnce(content, 'version: v1.15.1\r\n', 'version: v1.16.0\r\n'));
    expect(applyUpdate(content, dep!, { newValue: 'v1.15.1' })).toBe(content);
    expect(applyUpdate(content, dep!, {})).toBe(content);
  });

  it('refuses to edit skipped deps', () => {
    const { deps } = extractOne('v.yaml', edge('variables.yaml'));
    expect(() => applyUpdate(edge('variables.yaml'), deps[0]!, { newValue: '4.11.0' })).toThrow(/contains-variable/);
  });
});
