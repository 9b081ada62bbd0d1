import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { argocdManager } from '../../src/managers/argocd.js';
import { createPackageFile } from '../../src/managers/package-file.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/argocd');
const REDIS = 'sha256:2a4a8a3d3c4f1bd1bc1d1d5e0f2d1c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d';
const NEW = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';

const read = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');

function extract(path: string, content = read(path), registryAliases?: Record<string, string>) {
  return argocdManager.extractFile(createPackageFile(path, content), { registryAliases });
}

const brief = (d: Dep) => {
  const out: Record<string, unknown> = { line: d.line, datasource: d.datasource, depName: d.depName };
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

describe('argocd manager: extraction', () => {
  it('reads manifests by content: any YAML that mentions argoproj.io', () => {
    expect(argocdManager.readsManifests).toBe(true);
    expect(argocdManager.filePatterns).toEqual([]);
    expect(argocdManager.mightContain!(read('apps/cert-manager.yaml'))).toBe(true);
    expect(argocdManager.mightContain!('apiVersion: apps/v1\nkind: Deployment\n')).toBe(false);
  });

  it('lists the app-of-apps root, which follows HEAD, as unversioned; an AppProject has no deps', () => {
    const { deps, warnings } = extract('bootstrap/root-app.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 13, datasource: 'git-tags', depName: 'https://github.com/example-org/gitops.git', currentValue: 'HEAD', skipReason: 'unversioned-reference' },
    ]);
  });

  it('reads a Helm chart from a Helm repository', () => {
    const content = read('apps/cert-manager.yaml');
    const deps = extract('apps/cert-manager.yaml').deps;
    expect(deps.map(brief)).toEqual([
      { line: 11, datasource: 'helm', depName: 'cert-manager', currentValue: 'v1.15.3', registryUrls: ['https://charts.jetstack.io'] },
    ]);
    expect(deps[0]!).toMatchObject({ manager: 'argocd', file: 'apps/cert-manager.yaml' });
    const { value } = deps[0]!.location;
    expect(content.slice(value!.start, value!.end)).toBe('v1.15.3');
  });

  it('reads multi-source Applications: an OCI chart without scheme, a git values source, an OCI source', () => {
    const deps = extract('apps/podinfo.yaml').deps;
    expect(deps.map(brief)).toEqual([
      { line: 11, datasource: 'docker', depName: 'ghcr.io/stefanprodan/charts/podinfo', currentValue: '6.7.1' },
      { line: 16, datasource: 'git-tags', depName: 'https://github.com/example-org/gitops.git', currentValue: 'v1.4.0' },
      { line: 19, datasource: 'docker', depName: 'ghcr.io/example-org/manifests/podinfo-extras', currentValue: '1.10' },
    ]);
    expect(deps.map((d) => d.pinDigests)).toEqual([false, undefined, false]);
  });

  it('reads kustomize.images overrides: alias=image and plain image forms; a bare name changes nothing', () => {
    const deps = extract('apps/guestbook.yaml').deps;
    expect(deps.map(brief)).toEqual([
      { line: 10, datasource: 'git-tags', depName: 'https://github.com/argoproj/argocd-example-apps.git', currentValue: 'v2.1.0' },
      { line: 15, datasource: 'docker', depName: 'gcr.io/heptio-images/ks-guestbook-demo', currentValue: '0.2' },
      { line: 16, datasource: 'docker', depName: 'docker.io/library/redis', currentValue: '7.2.5', currentDigest: REDIS },
      { line: 17, datasource: 'docker', depName: 'ghcr.io/example-org/frontend' },
      { line: 19, datasource: 'docker', depName: 'registry.example.com/Team/backend', currentValue: '1.0.0', skipReason: 'invalid-ref' },
    ]);
    expect(deps[4]!.skipDetail).toBe('repository name must be lowercase: "Team/backend"');
  });

  it('reads ApplicationSet templates: placeholders elsewhere are fine, templated sources never give values', () => {
    const { deps, warnings } = extract('apps/appsets.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 23, datasource: 'helm', depName: 'ingress-nginx', currentValue: '4.11.1', registryUrls: ['https://kubernetes.github.io/ingress-nginx'] },
      { line: 51, datasource: 'helm', depName: 'api', registryUrls: ['https://charts.example.com'], skipReason: 'templated' },
      // The source with repoURL '{{repo}}' cannot be named: no dep.
      { line: 55, datasource: 'git-tags', depName: 'https://github.com/example-org/api-config.git', currentValue: 'v3.2.0' },
    ]);
    expect(deps[1]!.skipDetail).toBe(`ApplicationSet "per-env" spec.template.spec.sources[0].targetRevision is templated: {{version}}`);
  });

  it('reads Helm-templated Applications (Renovate fixture style) without inventing values', () => {
    const content = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'spec:',
      '  source:',
      '    chart: {{ .Values.chart }}',
      '    repoURL: {{ .Values.repoUrl}}',
      '    targetRevision: {{ .Values.targetRevision }}',
      '---',
      '{{- if .Values.enabled }}',
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'spec:',
      '  source:',
      '    chart: somechart',
      '    repoURL: https://charts.example.com',
      '    targetRevision: {{ .Values.version | default "3.2.1" }}',
      '{{- end }}',
      '',
    ].join('\n');
    expect(extract('templates/apps.yaml', content).deps.map(brief)).toEqual([
      { line: 16, datasource: 'helm', depName: 'somechart', registryUrls: ['https://charts.example.com'], skipReason: 'templated' },
    ]);
  });

  it('warns about sources it cannot read and keeps the rest; other kinds are ignored', () => {
    const { deps, warnings } = extract('apps/odd.yaml');
    expect(deps.map(brief)).toEqual([
      { line: 27, datasource: 'docker', depName: 'Registry.Example.com/charts/Grafana', currentValue: '8.0.0', skipReason: 'invalid-ref' },
    ]);
    expect(warnings).toEqual([
      { file: 'apps/odd.yaml', line: 7, message: 'Application "no-version" spec.source: chart "loki" has no targetRevision' },
      { file: 'apps/odd.yaml', line: 16, message: 'Application "wrong-types" spec.sources must be a list' },
      { file: 'apps/odd.yaml', line: 24, message: 'Application "wrong-item" spec.sources[0] must be a map with repoURL and targetRevision' },
    ]);
  });

  it('skips an invalid YAML document with one warning and reads the others', () => {
    const { deps, warnings } = extract('apps/broken.yaml');
    expect(deps.map(brief)).toEqual([
      { line: 9, datasource: 'helm', depName: 'grafana', currentValue: '8.4.4', registryUrls: ['https://grafana.github.io/helm-charts'] },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'apps/broken.yaml', line: 19 });
    expect(warnings[0]!.message).toMatch(/^1 of 2 YAML documents are not valid and were skipped: /);
  });

  it('follows the OCI rules: trailing slashes trimmed, ports kept, registryAliases in packageName', () => {
    const content = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'spec:',
      '  sources:',
      '    - chart: charts/app',
      '      repoURL: registry.example.com:5000/',
      '      targetRevision: 1.0.0',
      '    - chart: app',
      '      repoURL: oci://mirror/charts',
      '      targetRevision: 2.0.0',
      '    - chart: traefik',
      '      repoURL: gs://helm-charts-internal',
      '      targetRevision: 0.0.2',
      '',
    ].join('\n');
    const deps = extract('app.yaml', content, { mirror: 'registry.example.com/proxy' }).deps;
    expect(deps.map(brief)).toEqual([
      { line: 7, datasource: 'docker', depName: 'registry.example.com:5000/charts/app', currentValue: '1.0.0' },
      { line: 10, datasource: 'docker', depName: 'mirror/charts/app', packageName: 'registry.example.com/proxy/charts/app', currentValue: '2.0.0' },
      { line: 13, datasource: 'helm', depName: 'traefik', currentValue: '0.0.2', registryUrls: ['gs://helm-charts-internal'] },
    ]);
  });

  it('handles CRLF line ends', () => {
    const content = read('apps/crlf.yaml');
    expect(content).toContain('\r\n');
    expect(extract('apps/crlf.yaml').deps.map(brief)).toEqual([
      { line: 9, datasource: 'helm', depName: 'metrics-server', currentValue: '3.12.1', registryUrls: ['https://kubernetes-sigs.github.io/metrics-server/'] },
    ]);
  });
});

describe('argocd manager: applyUpdate round-trips', () => {
  it('updates a Helm chart targetRevision, keeping its comment', () => {
    const content = read('apps/cert-manager.yaml');
    const out = applyUpdate(content, depAt('apps/cert-manager.yaml', content, 11), { newValue: 'v1.16.0' });
    expect(out).toBe(replaceOnce(content, 'targetRevision: v1.15.3 # cert-manager chart', 'targetRevision: v1.16.0 # cert-manager chart'));
  });

  it('keeps quotes on a quoted targetRevision and reads an unquoted 1.10 as written', () => {
    const content = read('apps/podinfo.yaml');
    const quoted = applyUpdate(content, depAt('apps/podinfo.yaml', content, 11), { newValue: '6.8.0' });
    expect(quoted).toBe(replaceOnce(content, 'targetRevision: "6.7.1"', 'targetRevision: "6.8.0"'));
    const plain = applyUpdate(content, depAt('apps/podinfo.yaml', content, 19), { newValue: '1.11' });
    expect(plain).toBe(replaceOnce(content, 'targetRevision: 1.10\n', 'targetRevision: 1.11\n'));
    const git = applyUpdate(content, depAt('apps/podinfo.yaml', content, 16), { newValue: 'v1.5.0' });
    expect(git).toBe(replaceOnce(content, 'targetRevision: v1.4.0', 'targetRevision: v1.5.0'));
  });

  it('updates, pins and re-pins kustomize.images overrides', () => {
    const path = 'apps/guestbook.yaml';
    const content = read(path);
    const tag = applyUpdate(content, depAt(path, content, 15), { newValue: '0.3' });
    expect(tag).toBe(replaceOnce(content, 'ks-guestbook-demo:0.2\n', 'ks-guestbook-demo:0.3\n'));
    const pin = applyUpdate(content, depAt(path, content, 15), { newDigest: NEW });
    expect(pin).toBe(replaceOnce(content, 'ks-guestbook-demo:0.2\n', `ks-guestbook-demo:0.2@${NEW}\n`));
    const digest = applyUpdate(content, depAt(path, content, 16), { newDigest: NEW });
    expect(digest).toBe(replaceOnce(content, `redis:7.2.5@${REDIS}`, `redis:7.2.5@${NEW}`));
    const both = applyUpdate(content, depAt(path, content, 16), { newValue: '7.4.0', newDigest: NEW });
    expect(both).toBe(replaceOnce(content, `redis=docker.io/library/redis:7.2.5@${REDIS}`, `redis=docker.io/library/redis:7.4.0@${NEW}`));
    const quoted = applyUpdate(content, depAt(path, content, 17), { newValue: '1.0.0' });
    expect(quoted).toBe(replaceOnce(content, "'frontend=ghcr.io/example-org/frontend'", "'frontend=ghcr.io/example-org/frontend:1.0.0'"));
  });

  it('edits one document of a multi-document file and leaves the others untouched', () => {
    const path = 'apps/appsets.yaml';
    const content = read(path);
    const out = applyUpdate(content, depAt(path, content, 23), { newValue: '4.11.2' });
    expect(out).toBe(replaceOnce(content, 'targetRevision: 4.11.1', 'targetRevision: 4.11.2'));
    const git = applyUpdate(content, depAt(path, content, 55), { newValue: 'v3.3.0' });
    expect(git).toBe(replaceOnce(content, 'targetRevision: v3.2.0', 'targetRevision: v3.3.0'));
  });

  it('keeps CRLF line ends', () => {
    const content = read('apps/crlf.yaml');
    const out = applyUpdate(content, depAt('apps/crlf.yaml', content, 9), { newValue: '3.12.2' });
    expect(out).toBe(replaceOnce(content, '    targetRevision: 3.12.1 # pinned\r\n', '    targetRevision: 3.12.2 # pinned\r\n'));
  });

  it('returns the identical string for a no-op update and refuses skipped deps', () => {
    const content = read('apps/cert-manager.yaml');
    const dep = depAt('apps/cert-manager.yaml', content, 11);
    expect(applyUpdate(content, dep, { newValue: 'v1.15.3' })).toBe(content);
    const root = read('bootstrap/root-app.yaml');
    expect(() => applyUpdate(root, depAt('bootstrap/root-app.yaml', root, 13), { newValue: 'v1.0.0' })).toThrow(/cannot be updated \(unversioned-reference\)/);
  });
});
