import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { compileBuiltinPattern as compilePattern } from '../../src/config/file-patterns.js';
import { kustomizeManager, parseRemoteRef } from '../../src/managers/kustomize.js';
import { createPackageFile } from '../../src/managers/package-file.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/kustomize');
const PRODUCTION = 'apps/podinfo/overlays/production/kustomization.yaml';
const STAGING = 'apps/podinfo/overlays/staging/kustomization.yaml';
const CLUSTER = 'clusters/production/kustomization.yaml';
const BUSYBOX = 'sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7';
const NGINX = 'sha256:97b83c73d3165f2deb95e02459a6e905f092260cd991f4c4eae2f192ddb99cbe';
const UI = 'sha256:0a9c1c7b3b0a1a4d7e3c7c8f2b6d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const NEW = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';

const read = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');

function extract(path: string, content = read(path), registryAliases?: Record<string, string>) {
  return kustomizeManager.extractFile(createPackageFile(path, content), { registryAliases });
}

const brief = (d: Dep) => {
  const out: Record<string, unknown> = { line: d.line, datasource: d.datasource, depName: d.depName, depType: d.depType };
  if (d.packageName !== d.depName) out.packageName = d.packageName;
  if (d.currentValue !== undefined) out.currentValue = d.currentValue;
  if (d.currentDigest !== undefined) out.currentDigest = d.currentDigest;
  if (d.registryUrls) out.registryUrls = d.registryUrls;
  if (d.skipReason) out.skipReason = d.skipReason;
  return out;
};

/** `content` with `from` (which must occur exactly once) replaced by `to`. */
function replaceOnce(content: string, from: string, to: string): string {
  expect(content.split(from)).toHaveLength(2);
  return content.replace(from, () => to);
}

function depAt(path: string, content: string, line: number): Dep {
  const dep = extract(path, content).deps.find((d) => d.line === line);
  expect(dep, `a dep on line ${line}`).toBeDefined();
  return dep!;
}

describe('kustomize manager: extraction', () => {
  it('reads an overlay: remote resources, images and helmCharts, in that order', () => {
    const { deps, warnings } = extract(PRODUCTION);
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 7, datasource: 'github-tags', depName: 'stefanprodan/podinfo', depType: 'Kustomization', currentValue: '6.7.1' },
      {
        line: 8,
        datasource: 'git-tags',
        depName: 'gitlab.com/example-org/platform/shared-manifests',
        packageName: 'https://gitlab.com/example-org/platform/shared-manifests.git',
        depType: 'Kustomization',
        currentValue: 'v2.4.0',
      },
      {
        line: 9,
        datasource: 'git-tags',
        depName: 'bitbucket.example.com:7999/ops/network-policies',
        packageName: 'ssh://git@bitbucket.example.com:7999/ops/network-policies',
        depType: 'Kustomization',
        currentValue: 'v1.2.3',
      },
      { line: 14, datasource: 'docker', depName: 'ghcr.io/stefanprodan/podinfo', depType: 'Kustomization', currentValue: '6.7.1' },
      { line: 17, datasource: 'docker', depName: 'docker.io/library/redis', depType: 'Kustomization', currentValue: '7.2.5' },
      { line: 19, datasource: 'docker', depName: 'busybox', depType: 'Kustomization', currentDigest: BUSYBOX },
      { line: 21, datasource: 'docker', depName: 'nginx', depType: 'Kustomization', currentValue: '1.27.0', currentDigest: NGINX },
      { line: 23, datasource: 'docker', depName: 'ghcr.io/stefanprodan/podinfo-ui', depType: 'Kustomization', currentValue: '2.5', currentDigest: UI },
      { line: 26, datasource: 'docker', depName: 'memcached', depType: 'Kustomization', currentValue: '1.10' },
      { line: 30, datasource: 'helm', depName: 'cert-manager', depType: 'HelmChart', currentValue: 'v1.15.3', registryUrls: ['https://charts.jetstack.io'] },
      {
        line: 38,
        datasource: 'docker',
        depName: 'redis',
        packageName: 'registry-1.docker.io/bitnamicharts/redis',
        depType: 'HelmChart',
        currentValue: '19.6.4',
      },
    ]);
    expect(deps.every((d) => d.manager === 'kustomize' && d.file === PRODUCTION)).toBe(true);
    expect(deps.find((d) => d.depType === 'HelmChart' && d.datasource === 'docker')!.pinDigests).toBe(false);
  });

  it('records exact spans: newTag, digest, a digest inside newTag, remote ref, chart version', () => {
    const content = read(PRODUCTION);
    const text = (s?: { start: number; end: number }) => (s ? content.slice(s.start, s.end) : undefined);
    const deps = extract(PRODUCTION).deps;
    expect(deps.map((d) => [text(d.location.value), text(d.location.digest)])).toEqual([
      ['6.7.1', undefined],
      ['v2.4.0', undefined],
      ['v1.2.3', undefined],
      ['6.7.1', undefined],
      ['7.2.5', undefined],
      [undefined, BUSYBOX],
      ['1.27.0', NGINX],
      ['2.5', UI],
      ['1.10', undefined],
      ['v1.15.3', undefined],
      ['19.6.4', undefined],
    ]);
    // A newTag-only image gets a digest line under newTag when pinned.
    expect(deps[3]!.location.digestInsert).toEqual({ at: content.indexOf('  - name: redis'), before: '    digest: ', after: '\n' });
  });

  it('reads a Component, with depType Component', () => {
    expect(extract('components/monitoring/kustomization.yaml').deps.map(brief)).toEqual([
      { line: 6, datasource: 'github-tags', depName: 'prometheus-operator/kube-prometheus', depType: 'Component', currentValue: 'v0.14.0' },
      { line: 9, datasource: 'docker', depName: 'quay.io/prometheus/node-exporter', depType: 'Component', currentValue: 'v1.8.2' },
    ]);
  });

  it('lists what it cannot update with a reason, and warns about entries kustomize cannot use', () => {
    const { deps, warnings } = extract(STAGING);
    expect(deps.map(brief)).toEqual([
      { line: 9, datasource: 'docker', depName: 'postgres', depType: 'Kustomization', skipReason: 'invalid-value' },
      { line: 12, datasource: 'docker', depName: 'postgres', depType: 'Kustomization', skipReason: 'invalid-value' },
      { line: 15, datasource: 'docker', depName: 'ghcr.io/example/api', depType: 'Kustomization', skipReason: 'contains-variable' },
      { line: 18, datasource: 'docker', depName: 'registry.example.com/Team/App', depType: 'Kustomization', currentValue: '1.0.0', skipReason: 'invalid-ref' },
      { line: 20, datasource: 'docker', depName: 'worker', depType: 'Kustomization', skipReason: 'invalid-dependency-specification' },
      { line: 22, datasource: 'docker', depName: 'sidecar', depType: 'Kustomization', skipReason: 'invalid-value' },
      { line: 29, datasource: 'helm', depName: 'local-chart', depType: 'HelmChart', currentValue: '0.1.0', skipReason: 'local-chart' },
      {
        line: 30,
        datasource: 'helm',
        depName: 'ingress-nginx',
        depType: 'HelmChart',
        registryUrls: ['https://kubernetes.github.io/ingress-nginx'],
        skipReason: 'unversioned-reference',
      },
      { line: 34, datasource: 'docker', depName: 'podinfo', packageName: 'ghcr.io/stefanprodan/charts/podinfo', depType: 'HelmChart', currentValue: '6.7.1' },
    ]);
    expect(deps.map((d) => d.skipDetail)).toEqual([
      'images[0]: digest "b0cfe264cb1143c7c660ddfd5c482464997d62d6bc9f97f8fdf3deefce881a8c" must start with "sha256:"',
      'images[1]: newTag "sha256:b0cfe264cb1143c7c660ddfd5c482464997d62d6bc9f97f8fdf3deefce881a8c" is a digest; write it as digest:',
      'image reference contains a variable: "ghcr.io/example/api:${API_VERSION}"',
      'repository name must be lowercase: "Team/App"',
      'images[4]: newTag carries a digest and digest is set too',
      'images[5].newTag must be a string',
      'helmCharts[0]: no repo: kustomize renders the chart from the local chart home',
      'helmCharts[1]: no version: kustomize renders the latest chart',
      undefined,
    ]);
    expect(warnings).toEqual([
      { file: STAGING, line: 24, message: 'images[6] has no name, so kustomize changes no image with it' },
      { file: STAGING, line: 26, message: 'images[8] must be a map with name and newName/newTag/digest' },
    ]);
  });

  it('reads newName forms: a full reference, and digest-only entries whose tag is in name or newName', () => {
    const content = [
      'images:',
      '  - name: postgres',
      '    newName: ghcr.io/example/postgres:16.3@' + UI,
      '  - name: postgres',
      '    newName: ghcr.io/example/postgres',
      '  - name: postgres:16',
      '    digest: ' + UI,
      '  - name: postgres',
      '    newName: ghcr.io/example/postgres:16.3',
      '    digest: ' + UI,
      '  - name: postgres',
      '',
    ].join('\n');
    const deps = extract('kustomization.yaml', content).deps;
    expect(deps.map(brief)).toEqual([
      { line: 3, datasource: 'docker', depName: 'ghcr.io/example/postgres', depType: 'Kustomization', currentValue: '16.3', currentDigest: UI },
      { line: 5, datasource: 'docker', depName: 'ghcr.io/example/postgres', depType: 'Kustomization' },
      { line: 7, datasource: 'docker', depName: 'postgres', depType: 'Kustomization', currentValue: '16', currentDigest: UI },
      { line: 10, datasource: 'docker', depName: 'ghcr.io/example/postgres', depType: 'Kustomization', currentValue: '16.3', currentDigest: UI },
    ]);
    // newName alone never gets a tag or digest inserted (kustomize appends the original image's tag).
    expect(deps[1]!.location).toEqual({});
    expect(deps[1]!.pinDigests).toBe(false);
    // The tag in `name` only selects images: it is the lookup value, but not edited.
    expect(deps[2]!.location.value).toBeUndefined();
    expect(content.slice(deps[3]!.location.value!.start, deps[3]!.location.value!.end)).toBe('16.3');
  });

  it('applies registryAliases to packageName only', () => {
    const content = [
      'images:',
      '  - name: app',
      '    newName: mirror/team/app',
      '    newTag: 1.0.0',
      'helmCharts:',
      '  - name: redis',
      '    repo: oci://mirror/charts',
      '    version: 1.0.0',
      '',
    ].join('\n');
    const deps = extract('kustomization.yaml', content, { mirror: 'registry.example.com/proxy' }).deps;
    expect(deps.map((d) => [d.depName, d.packageName])).toEqual([
      ['mirror/team/app', 'registry.example.com/proxy/team/app'],
      ['redis', 'registry.example.com/proxy/charts/redis'],
    ]);
  });

  it('reads templated values as templated skips, never as values', () => {
    const content = [
      'kind: Kustomization',
      'images:',
      '  - name: app',
      '    newTag: "{{ .Values.tag }}"',
      'helmCharts:',
      '  - name: app',
      '    repo: https://charts.example.com',
      '    version: {{ .Values.chartVersion }}',
      '  - name: other',
      '    repo: "{{ .Values.repo }}"',
      '    version: 1.0.0',
      '',
    ].join('\n');
    const withName = content.replace('images:\n', "images:\n  - name: '{{ .Values.name }}'\n    newTag: 1.0.0\n");
    expect(extract('kustomization.yaml', withName).deps.map(brief)).toEqual([
      { line: 6, datasource: 'docker', depName: 'app', depType: 'Kustomization', skipReason: 'templated' },
      { line: 10, datasource: 'helm', depName: 'app', depType: 'HelmChart', registryUrls: ['https://charts.example.com'], skipReason: 'templated' },
      { line: 13, datasource: 'helm', depName: 'other', depType: 'HelmChart', skipReason: 'templated' },
    ]);
  });

  it('handles CRLF line ends', () => {
    const content = read(CLUSTER);
    expect(content).toContain('\r\n');
    const deps = extract(CLUSTER).deps;
    expect(deps.map(brief)).toEqual([
      { line: 4, datasource: 'github-tags', depName: 'fluxcd/flux2', depType: 'Kustomization', currentValue: 'v2.3.0' },
      { line: 7, datasource: 'docker', depName: 'ghcr.io/fluxcd/source-controller', depType: 'Kustomization', currentValue: 'v1.3.0' },
      { line: 9, datasource: 'docker', depName: 'ghcr.io/fluxcd/kustomize-controller', depType: 'Kustomization', currentValue: 'v1.3.0' },
    ]);
    expect(deps[1]!.location.digestInsert).toEqual({ at: content.indexOf('  - name: ghcr.io/fluxcd/kustomize'), before: '    digest: ', after: '\r\n' });
  });

  it('leaves other objects alone: a Flux Kustomization, other kinds, other API groups', () => {
    expect(extract('clusters/production/flux-kustomization.yaml').deps).toEqual([]);
    expect(extract('kustomization.yaml', 'apiVersion: v1\nkind: ConfigMap\nimages:\n  - name: a\n    newTag: "1"\n').deps).toEqual([]);
    expect(extract('kustomization.yaml', 'kind: Secret\nimages:\n  - name: a\n    newTag: "1"\n').deps).toEqual([]);
    // A missing kind means Kustomization.
    expect(extract('kustomization.yaml', 'images:\n  - name: a\n    newTag: "1"\n').deps.map(brief)).toEqual([
      { line: 3, datasource: 'docker', depName: 'a', depType: 'Kustomization', currentValue: '1' },
    ]);
  });

  it('never throws on bad files: invalid YAML, wrong types, several documents, empty files', () => {
    const broken = extract('kustomization.yaml', 'kind: Kustomization\nimages:\n  - name: [nginx\n    newTag: 1.0\n');
    expect(broken.deps).toEqual([]);
    expect(broken.warnings).toHaveLength(1);
    expect(broken.warnings[0]!.message).toMatch(/^not valid YAML, skipped: /);

    const wrong = extract('kustomization.yaml', 'resources: github.com/a/b?ref=v1\nimages:\n  name: nginx\nhelmCharts:\n  - chart\n  - repo: https://x\n');
    expect(wrong.deps).toEqual([]);
    expect(wrong.warnings).toEqual([
      { file: 'kustomization.yaml', line: 1, message: 'resources must be a list' },
      { file: 'kustomization.yaml', line: 3, message: 'images must be a list of {name, newName, newTag, digest}' },
      { file: 'kustomization.yaml', line: 5, message: 'helmCharts[0] must be a map with name, repo and version' },
      { file: 'kustomization.yaml', line: 6, message: 'helmCharts[1] has no name' },
    ]);

    const list = extract('kustomization.yaml', '- name: nginx\n  newTag: "1"\n');
    expect(list).toEqual({ deps: [], warnings: [{ file: 'kustomization.yaml', line: 1, message: 'not a kustomization: the file must hold a map' }] });

    const twoDocs = extract('kustomization.yaml', 'images:\n  - name: a\n    newTag: "1"\n---\nimages:\n  - name: b\n    newTag: "2"\n');
    expect(twoDocs.deps.map((d) => d.depName)).toEqual(['a']);
    expect(twoDocs.warnings).toEqual([{ file: 'kustomization.yaml', line: 5, message: 'a kustomization file holds one document; the others are not read' }]);

    expect(extract('kustomization.yaml', '')).toEqual({ deps: [], warnings: [] });
    expect(extract('kustomization.yaml', '# nothing yet\n')).toEqual({ deps: [], warnings: [] });
  });

  it('lists a remote ref written with escapes as not editable', () => {
    const deps = extract('kustomization.yaml', 'resources:\n  - "github.com/org/repo?ref=v1\\x2e0"\n').deps;
    expect(deps.map(brief)).toEqual([
      { line: 2, datasource: 'github-tags', depName: 'org/repo', depType: 'Kustomization', currentValue: 'v1.0', skipReason: 'not-editable' },
    ]);
  });

  it('matches kustomization.yaml, kustomization.yml and Kustomization by default', () => {
    const matches = (path: string) => kustomizeManager.filePatterns.some((p) => compilePattern(p)(path));
    expect(['kustomization.yaml', 'apps/base/kustomization.yml', 'apps/Kustomization'].map(matches)).toEqual([true, true, true]);
    expect(['apps/kustomization.yaml.bak', 'apps/my-kustomization.yaml', 'flux-kustomization.yaml'].map(matches)).toEqual([false, false, false]);
  });
});

describe('parseRemoteRef', () => {
  const cases: Array<[string, ReturnType<typeof parseRemoteRef> extends infer R ? Partial<NonNullable<R>> | null : never]> = [
    ['github.com/fluxcd/flux/deploy?ref=1.19.0', { datasource: 'github-tags', depName: 'fluxcd/flux', currentValue: '1.19.0' }],
    ['git@github.com:moredhel/remote-kustomize.git?ref=v0.0.1', { datasource: 'github-tags', depName: 'moredhel/remote-kustomize', currentValue: 'v0.0.1' }],
    [
      'https://github.com/kubernetes-sigs/kustomize//examples/multibases?ref=v3.3.1',
      { datasource: 'github-tags', depName: 'kubernetes-sigs/kustomize', currentValue: 'v3.3.1' },
    ],
    ['git::https://github.com/org/repo.git//deploy?ref=v2', { datasource: 'github-tags', depName: 'org/repo', currentValue: 'v2' }],
    [
      'ssh://git@bitbucket.com:7999/user/repo?ref=v1.2.3',
      { datasource: 'git-tags', depName: 'bitbucket.com:7999/user/repo', packageName: 'ssh://git@bitbucket.com:7999/user/repo', currentValue: 'v1.2.3' },
    ],
    [
      'https://dev.azure.com/org/project/_git/repo//overlays/prod?ref=v4.0.0',
      {
        datasource: 'git-tags',
        depName: 'dev.azure.com/org/project/_git/repo',
        packageName: 'https://dev.azure.com/org/project/_git/repo',
        currentValue: 'v4.0.0',
      },
    ],
    [
      'gitlab.com/group/sub/repo.git/deploy?version=v1.0.0',
      { datasource: 'git-tags', depName: 'gitlab.com/group/sub/repo', packageName: 'https://gitlab.com/group/sub/repo.git', currentValue: 'v1.0.0' },
    ],
    [
      'https://github.com/org/repo/deploy?timeout=90s&ref=v1.1.0&submodules=false',
      { datasource: 'github-tags', depName: 'org/repo', currentValue: 'v1.1.0', valueStart: 51 },
    ],
    ['https://github.com/org/repo?version=v1&ref=v2', { depName: 'org/repo', currentValue: 'v2' }],
    ['../base', null],
    ['deployment.yaml', null],
    ['github.com/org/repo/deploy', null],
    ['github.com/org/repo?ref=', null],
    ['base/app?ref=v1', null],
    ['file:///srv/repo//deploy?ref=v1', null],
    ['https://raw.githubusercontent.com/org/repo/v1.0.0/install.yaml', null],
  ];
  for (const [text, want] of cases) {
    it(text, () => {
      const got = parseRemoteRef(text);
      if (want === null) expect(got).toBeNull();
      else {
        expect(got).toMatchObject(want);
        expect(text.slice(got!.valueStart, got!.valueStart + got!.currentValue.length)).toBe(got!.currentValue);
      }
    });
  }
});

describe('kustomize manager: applyUpdate round-trips', () => {
  it('updates a newTag, keeping its comment and everything else', () => {
    const content = read(PRODUCTION);
    const out = applyUpdate(content, depAt(PRODUCTION, content, 14), { newValue: '6.8.0' });
    expect(out).toBe(replaceOnce(content, '    newTag: 6.7.1 # keep in step', '    newTag: 6.8.0 # keep in step'));
  });

  it('keeps double quotes on a quoted newTag, and reads an unquoted 1.10 as written', () => {
    const content = read(PRODUCTION);
    const redis = applyUpdate(content, depAt(PRODUCTION, content, 17), { newValue: '7.4.0' });
    expect(redis).toBe(replaceOnce(content, 'newTag: "7.2.5"', 'newTag: "7.4.0"'));
    const memcached = applyUpdate(content, depAt(PRODUCTION, content, 26), { newValue: '1.11' });
    expect(memcached).toBe(replaceOnce(content, 'newTag: 1.10\n', 'newTag: 1.11\n'));
  });

  it('updates a digest-only entry', () => {
    const content = read(PRODUCTION);
    const out = applyUpdate(content, depAt(PRODUCTION, content, 19), { newDigest: NEW });
    expect(out).toBe(replaceOnce(content, `digest: ${BUSYBOX}`, `digest: ${NEW}`));
  });

  it('updates tag and digest written together in newTag', () => {
    const content = read(PRODUCTION);
    const out = applyUpdate(content, depAt(PRODUCTION, content, 21), { newValue: '1.27.1', newDigest: NEW });
    expect(out).toBe(replaceOnce(content, `newTag: 1.27.0@${NGINX}`, `newTag: 1.27.1@${NEW}`));
  });

  it("updates newTag and digest fields together, keeping the tag's single quotes", () => {
    const content = read(PRODUCTION);
    const out = applyUpdate(content, depAt(PRODUCTION, content, 23), { newValue: '2.6', newDigest: NEW });
    expect(out).toBe(replaceOnce(replaceOnce(content, "newTag: '2.5'", "newTag: '2.6'"), `digest: ${UI}`, `digest: ${NEW}`));
  });

  it('pins a newTag-only image by adding a digest line under newTag', () => {
    const content = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'images:',
      '  - name: ghcr.io/stefanprodan/podinfo',
      '    newTag: 6.7.1 # podinfo',
      '  - newTag: "1.0.0"',
      '    name: worker',
      '  - {name: api, newTag: 2.0.0}',
      '',
    ].join('\n');
    const first = applyUpdate(content, depAt('kustomization.yaml', content, 5), { newDigest: NEW });
    expect(first).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'images:',
        '  - name: ghcr.io/stefanprodan/podinfo',
        '    newTag: 6.7.1 # podinfo',
        `    digest: ${NEW}`,
        '  - newTag: "1.0.0"',
        '    name: worker',
        '  - {name: api, newTag: 2.0.0}',
        '',
      ].join('\n'),
    );
    // newTag as the first key of the item, tag and digest at once.
    const second = applyUpdate(content, depAt('kustomization.yaml', content, 6), { newValue: '1.1.0', newDigest: NEW });
    expect(second).toBe(replaceOnce(content, '  - newTag: "1.0.0"\n', `  - newTag: "1.1.0"\n    digest: ${NEW}\n`));
    // A flow map cannot take a new line: the digest goes after the tag, which kustomize renders the same.
    const third = applyUpdate(content, depAt('kustomization.yaml', content, 8), { newDigest: NEW });
    expect(third).toBe(replaceOnce(content, 'newTag: 2.0.0}', `newTag: 2.0.0@${NEW}}`));
    // The pinned entries read back as pinned.
    expect(extract('kustomization.yaml', second).deps[1]).toMatchObject({ currentValue: '1.1.0', currentDigest: NEW });
  });

  it('pins a newTag on the last line of a file without a final newline', () => {
    const content = 'images:\n- name: nginx\n  newTag: 1.27.0';
    const out = applyUpdate(content, depAt('kustomization.yaml', content, 3), { newDigest: NEW });
    expect(out).toBe(`images:\n- name: nginx\n  newTag: 1.27.0\n  digest: ${NEW}`);
  });

  it('fills in an empty quoted digest instead of adding a second digest key', () => {
    const content = 'images:\n  - name: nginx\n    newTag: 1.27.0\n    digest: ""\n';
    const out = applyUpdate(content, depAt('kustomization.yaml', content, 3), { newDigest: NEW });
    expect(out).toBe(`images:\n  - name: nginx\n    newTag: 1.27.0\n    digest: "${NEW}"\n`);
  });

  it('pins with CRLF line ends', () => {
    const content = read(CLUSTER);
    const out = applyUpdate(content, depAt(CLUSTER, content, 7), { newValue: 'v1.4.0', newDigest: NEW });
    expect(out).toBe(replaceOnce(content, '    newTag: v1.3.0 # pinned\r\n', `    newTag: v1.4.0 # pinned\r\n    digest: ${NEW}\r\n`));
  });

  it('edits the tag and digest inside newName', () => {
    const content = `images:\n  - name: postgres\n    newName: ghcr.io/example/postgres:16.3@${UI} # mirrored\n`;
    const out = applyUpdate(content, depAt('kustomization.yaml', content, 3), { newValue: '16.4', newDigest: NEW });
    expect(out).toBe(`images:\n  - name: postgres\n    newName: ghcr.io/example/postgres:16.4@${NEW} # mirrored\n`);
  });

  it('updates helmCharts versions (helm and OCI) and remote refs', () => {
    const content = read(PRODUCTION);
    const chart = applyUpdate(content, depAt(PRODUCTION, content, 30), { newValue: 'v1.16.0' });
    expect(chart).toBe(replaceOnce(content, 'version: v1.15.3', 'version: v1.16.0'));
    const oci = applyUpdate(content, depAt(PRODUCTION, content, 38), { newValue: '20.0.0' });
    expect(oci).toBe(replaceOnce(content, 'version: 19.6.4', 'version: 20.0.0'));
    const github = applyUpdate(content, depAt(PRODUCTION, content, 7), { newValue: '6.8.0' });
    expect(github).toBe(replaceOnce(content, 'kustomize?ref=6.7.1', 'kustomize?ref=6.8.0'));
    const gitlab = applyUpdate(content, depAt(PRODUCTION, content, 8), { newValue: 'v2.5.0' });
    expect(gitlab).toBe(replaceOnce(content, '?ref=v2.4.0&timeout=120s', '?ref=v2.5.0&timeout=120s'));
    const quoted = applyUpdate(content, depAt(PRODUCTION, content, 9), { newValue: 'v1.3.0' });
    expect(quoted).toBe(replaceOnce(content, 'default-deny?ref=v1.2.3"', 'default-deny?ref=v1.3.0"'));
  });

  it('returns the identical string for a no-op update and refuses skipped deps', () => {
    const content = read(PRODUCTION);
    const dep = depAt(PRODUCTION, content, 21);
    expect(applyUpdate(content, dep, { newValue: '1.27.0', newDigest: NGINX })).toBe(content);
    expect(applyUpdate(content, dep, {})).toBe(content);
    const staging = read(STAGING);
    expect(() => applyUpdate(staging, depAt(STAGING, staging, 18), { newValue: '1.0.1' })).toThrow(/cannot be updated \(invalid-ref\)/);
  });
});

describe('kustomize manager: images in helmCharts[].valuesInline', () => {
  const RUNNERS = 'apps/arc-runners/kustomization.yaml';
  const RUNNER_DIGEST = 'sha256:527aa9f431539da8e151d5434d1d5e611d973f601d8e970790882624554146b0';

  it('finds them as in a values file, after the chart they configure', () => {
    const { deps, warnings } = extract(RUNNERS);
    expect(warnings).toEqual([]);
    const chart = { datasource: 'docker', depName: 'gha-runner-scale-set', depType: 'HelmChart', currentValue: '0.12.1' };
    const packageName = 'ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set';
    expect(deps.map(brief)).toEqual([
      { line: 12, ...chart, packageName },
      { line: 25, datasource: 'docker', depName: 'ghcr.io/actions/actions-runner', depType: undefined, currentValue: '2.325.0' },
      {
        line: 30,
        datasource: 'docker',
        depName: 'ghcr.io/example/actions-runner',
        depType: undefined,
        currentValue: '2.325.0-2',
        currentDigest: RUNNER_DIGEST,
      },
      { line: 33, datasource: 'docker', depName: 'docker.io/library/docker', depType: undefined, currentValue: '28.3-dind' },
      { line: 38, ...chart, packageName },
      { line: 51, datasource: 'docker', depName: 'docker.io/ubuntu/squid', depType: undefined, currentValue: '6.10-24.10_beta' },
    ]);
    expect(deps.every((d) => d.manager === 'kustomize')).toBe(true);
  });

  it('an update of an inline values image rewrites exactly its bytes and reads back', () => {
    const content = read(RUNNERS);
    const runner = depAt(RUNNERS, content, 30);
    const edited = applyUpdate(content, runner, { newValue: '2.326.0-1', newDigest: NEW });
    expect(edited).toBe(replaceOnce(content, `actions-runner:2.325.0-2@${RUNNER_DIGEST}"`, `actions-runner:2.326.0-1@${NEW}"`));
    expect(depAt(RUNNERS, edited, 30).currentValue).toBe('2.326.0-1');
    const squid = applyUpdate(content, depAt(RUNNERS, content, 51), { newValue: '6.13-25.04_beta' });
    expect(squid).toBe(replaceOnce(content, 'tag: "6.10-24.10_beta"', 'tag: "6.13-25.04_beta"'));
    const dind = applyUpdate(content, depAt(RUNNERS, content, 33), { newValue: '28.4-dind' });
    expect(dind).toBe(replaceOnce(content, 'docker:28.3-dind', 'docker:28.4-dind'));
  });

  it('lists inline values shared through an anchor once, where they are written', () => {
    const content = [
      'helmCharts:',
      '  - name: app',
      '    repo: https://charts.example.net',
      '    version: 1.0.0',
      '    valuesInline: &values',
      '      image: { repository: ghcr.io/example/app, tag: 2.0.0 }',
      '  - name: app',
      '    repo: https://charts.example.net',
      '    version: 1.0.0',
      '    releaseName: app-two',
      '    valuesInline: *values',
      '',
    ].join('\n');
    const images = extract('kustomization.yaml', content).deps.filter((d) => d.datasource === 'docker');
    expect(images.map((d) => [d.line, d.depName, d.currentValue])).toEqual([[6, 'ghcr.io/example/app', '2.0.0']]);
  });
});
