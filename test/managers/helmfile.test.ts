/**
 * helmfile: releases' charts and versions, resolved through `repositories:` (Helm repositories and OCI
 * registries), `oci://` charts, registryAliases; local and templated charts skipped with a reason; Go
 * templates of `.gotmpl` files; version updates spliced and read back.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileBuiltinPattern } from '../../src/config/file-patterns.js';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { extractRepository } from '../../src/extract/extract-repository.js';
import { helmfileManager } from '../../src/managers/helmfile.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import type { ExtractOptions } from '../../src/managers/types.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/helmfile');
const fixture = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');

function extract(path: string, content = fixture(path), options: ExtractOptions = {}) {
  return helmfileManager.extractFile(createPackageFile(path, content), options);
}

const brief = (d: Dep) => {
  const out: Record<string, unknown> = { line: d.line, depName: d.depName, datasource: d.datasource };
  if (d.currentValue !== undefined) out.currentValue = d.currentValue;
  if (d.packageName !== undefined && d.packageName !== d.depName) out.packageName = d.packageName;
  if (d.registryUrls) out.registryUrls = d.registryUrls;
  if (d.skipReason) out.skipReason = d.skipReason;
  return out;
};

const helmfile = (releases: string, head = '') => `${head}releases:\n${releases}`;

describe('helmfile file patterns', () => {
  const matches = (path: string) => helmfileManager.filePatterns.some((p) => compileBuiltinPattern(p)(path));
  it("matches Renovate's defaults: helmfile.yaml(.gotmpl) and helmfile.d/*.yaml(.gotmpl)", () => {
    for (const path of [
      'helmfile.yaml',
      'helmfile.yml',
      'bootstrap/helmfile.yaml.gotmpl',
      'bootstrap/helmfile.d/00-crds.yaml',
      'helmfile.d/01-apps.yaml.gotmpl',
    ]) {
      expect(matches(path), path).toBe(true);
    }
    for (const path of ['helmfile.lock', 'helmfile-minimal.yaml', 'bootstrap/helmfile.yaml.j2', 'values.yaml', 'my-helmfile.yaml', 'helmfile.d/README.md']) {
      expect(matches(path), path).toBe(false);
    }
  });
});

describe('helmfile extraction', () => {
  it('resolves charts through repositories, oci:// and the stable alias, and skips what it cannot look up', () => {
    const { deps, warnings } = extract('bootstrap/helmfile.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 22, depName: 'cilium', datasource: 'helm', currentValue: '1.16.5', registryUrls: ['https://helm.cilium.io'] },
      { line: 28, depName: 'ghcr.io/coredns/charts/coredns', datasource: 'docker', currentValue: '1.37.0' },
      { line: 34, depName: 'cert-manager', datasource: 'helm', currentValue: 'v1.16.2', registryUrls: ['https://charts.jetstack.io/'] },
      { line: 42, depName: 'home-dns', datasource: 'docker', currentValue: '0.4.1', packageName: 'ghcr.io/example/home-ops/charts/home-dns' },
      { line: 47, depName: 'ghcr.io/controlplaneio-fluxcd/charts/flux-operator', datasource: 'docker', currentValue: '0.14.0' },
      { line: 51, depName: 'cluster-secrets', datasource: 'helm', skipReason: 'local-chart' },
      { line: 56, depName: 'kube-state-metrics', datasource: 'helm', currentValue: '2.9.4', registryUrls: ['https://charts.helm.sh/stable'] },
      { line: 61, depName: 'redis', datasource: 'helm', currentValue: '20.6.1', skipReason: 'unknown-registry' },
      { line: 65, depName: 'ghcr.io/prometheus-community/charts/prometheus-operator-crds', datasource: 'docker', skipReason: 'unversioned-reference' },
    ]);
    expect(deps.every((d) => d.manager === 'helmfile' && d.file === 'bootstrap/helmfile.yaml')).toBe(true);
    // An OCI chart's version is its tag; a helmfile has no place for a digest.
    expect(deps.filter((d) => d.datasource === 'docker').every((d) => d.pinDigests === false)).toBe(true);
    expect(deps.filter((d) => d.skipReason).map((d) => d.skipDetail)).toEqual([
      'the chart is the local path "./charts/cluster-secrets"',
      `repository "bitnami" is neither in the file's repositories nor in registryAliases`,
      'releases[8].version is not set (helmfile installs the newest chart)',
    ]);
  });

  it('reads a .gotmpl helmfile with its Go templates blanked, and skips templated charts and versions', () => {
    const { deps, warnings } = extract('bootstrap/helmfile.d/01-apps.yaml.gotmpl');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 18, depName: 'ghcr.io/spegel-org/helm-charts/spegel', datasource: 'docker', skipReason: 'templated' },
      { line: 24, depName: 'external-secrets', datasource: 'helm', currentValue: '0.12.1', registryUrls: ['https://charts.external-secrets.io'] },
      { line: 37, depName: '{{ .Values.configChart }}', datasource: 'helm', currentValue: '1.0.0', skipReason: 'templated' },
    ]);
    expect(deps[0]!.skipDetail).toBe('releases[0].version is templated: "{{ $spegel.spec.ref.tag }}"');
    expect(deps[2]!.skipDetail).toBe('releases[2].chart is templated: "{{ .Values.configChart }}"');
  });

  it('leaves the values templates next to a helmfile alone', () => {
    const values = fixture('bootstrap/helmfile.d/templates/values.yaml.gotmpl');
    expect(helmfileManager.mightContain!(values)).toBe(false);
    expect(extract('bootstrap/helmfile.d/templates/values.yaml.gotmpl', values)).toEqual({ deps: [], warnings: [] });
  });

  it("reads release templates merged into releases once, and each document's own repositories", () => {
    const { deps, warnings } = extract('platform/helmfile.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 11, depName: 'grafana', datasource: 'helm', currentValue: '8.8.2', registryUrls: ['https://grafana.github.io/helm-charts'] },
      { line: 31, depName: 'loki', datasource: 'helm', currentValue: '6.24.0', registryUrls: ['https://grafana.example.com/mirror'] },
      { line: 33, depName: 'tempo', datasource: 'helm', registryUrls: ['https://grafana.example.com/mirror'], skipReason: 'unversioned-reference' },
    ]);
  });

  it('uses registryAliases for repositories the file does not declare', () => {
    const content = helmfile('  - name: redis\n    chart: bitnami/redis\n    version: 20.6.1\n  - name: app\n    chart: charts/app\n    version: 1.2.0\n');
    const options = { registryAliases: { bitnami: 'https://charts.bitnami.com/bitnami', charts: 'oci://registry.example.com/charts' } };
    expect(extract('helmfile.yaml', content, options).deps.map(brief)).toEqual([
      { line: 4, depName: 'redis', datasource: 'helm', currentValue: '20.6.1', registryUrls: ['https://charts.bitnami.com/bitnami'] },
      { line: 7, depName: 'app', datasource: 'docker', currentValue: '1.2.0', packageName: 'registry.example.com/charts/app' },
    ]);
  });

  it('skips repositories it cannot use and charts that are no repository/chart, each with a reason', () => {
    const head = [
      'repositories:',
      '  - name: private',
      '    url: "{{ requiredEnv "CHARTS_URL" }}"',
      '  - name: git',
      '    url: git+https://github.com/example/charts@charts?ref=main',
      '  - name: prefixed',
      '    url: oci://ghcr.io/example/charts',
      '    oci: true',
      '',
    ].join('\n');
    const releases = [
      '  - name: a',
      '    chart: private/a',
      '    version: 1.0.0',
      '  - name: b',
      '    chart: git/b',
      '    version: 1.0.0',
      '  - name: c',
      '    chart: prefixed/c',
      '    version: 1.0.0',
      '  - name: d',
      '    chart: prefixed/nested/d',
      '    version: 1.0.0',
      '  - name: e',
      '    chart: https://example.com/charts/e-1.0.0.tgz',
      '  - name: f',
      '    chart: /srv/charts/f',
      '    version: [1]',
      '',
    ].join('\n');
    const { deps } = extract('helmfile.yaml', helmfile(releases, head));
    expect(deps.map((d) => [d.depName, d.packageName ?? null, d.currentValue ?? null, d.skipReason ?? null])).toEqual([
      ['a', 'a', '1.0.0', 'templated'],
      ['b', 'b', '1.0.0', 'unknown-registry'],
      ['c', 'ghcr.io/example/charts/c', '1.0.0', null],
      ['nested/d', 'ghcr.io/example/charts/nested/d', '1.0.0', null],
      ['https://example.com/charts/e-1.0.0.tgz', 'https://example.com/charts/e-1.0.0.tgz', null, 'unknown-registry'],
      ['f', null, null, 'local-chart'],
    ]);
    const plain = extract(
      'helmfile.yaml',
      helmfile('  - name: d\n    chart: git/nested/d\n    version: 1.0.0\n', 'repositories:\n  - name: git\n    url: https://charts.example.com\n'),
    );
    expect(plain.deps.map((d) => [d.depName, d.skipReason])).toEqual([['nested/d', 'invalid-dependency-specification']]);
  });

  it('warns about releases of the wrong shape and goes on', () => {
    const content = helmfile('  - just-a-name\n  - name: nochart\n    namespace: x\n  - name: ok\n    chart: stable/ok\n    version: 1.0.0\n');
    const { deps, warnings } = extract('helmfile.yaml', content);
    expect(deps.map((d) => d.depName)).toEqual(['ok']);
    expect(warnings).toEqual([
      { file: 'helmfile.yaml', line: 2, message: 'releases[0] is not a map; skipped' },
      { file: 'helmfile.yaml', line: 3, message: 'releases[1] has no chart; skipped' },
    ]);
    expect(extract('helmfile.yaml', 'releases: cilium\n').warnings).toEqual([
      { file: 'helmfile.yaml', line: 1, message: '"releases" is not a list; releases not read' },
    ]);
    expect(extract('helmfile.yaml', 'releases:\n  - name: x\n   chart: [\n').warnings).toHaveLength(1);
    expect(extract('helmfile.yaml', '')).toEqual({ deps: [], warnings: [] });
  });
});

describe('applyUpdate on helmfiles', () => {
  it('writes a new chart version in place and reads it back', () => {
    const content = fixture('bootstrap/helmfile.yaml');
    const deps = extract('bootstrap/helmfile.yaml', content).deps;
    const cilium = applyUpdate(content, deps[0]!, { newValue: '1.16.6' });
    expect(cilium).toBe(content.replace('    version: 1.16.5\n', '    version: 1.16.6\n'));
    expect(extract('bootstrap/helmfile.yaml', cilium).deps[0]).toMatchObject({ depName: 'cilium', currentValue: '1.16.6' });
    // Quotes and comments stay.
    expect(applyUpdate(content, deps[1]!, { newValue: '1.38.0' })).toBe(content.replace('version: "1.37.0"', 'version: "1.38.0"'));
    expect(applyUpdate(content, deps[4]!, { newValue: '0.15.0' })).toBe(content.replace('0.14.0 # keep', '0.15.0 # keep'));
  });

  it('edits a .gotmpl helmfile without touching its templates', () => {
    const content = fixture('bootstrap/helmfile.d/01-apps.yaml.gotmpl');
    const externalSecrets = extract('bootstrap/helmfile.d/01-apps.yaml.gotmpl', content).deps[1]!;
    const out = applyUpdate(content, externalSecrets, { newValue: '0.13.0' });
    expect(out).toBe(content.replace('    version: 0.12.1\n', '    version: 0.13.0\n'));
    expect(() => applyUpdate(content, extract('x.yaml.gotmpl', content).deps[0]!, { newValue: '0.8.0' })).toThrow(/cannot be updated \(templated\)/);
  });

  it('edits the template a release merges, once', () => {
    const content = fixture('platform/helmfile.yaml');
    const grafana = extract('platform/helmfile.yaml', content).deps[0]!;
    expect(applyUpdate(content, grafana, { newValue: '8.9.0' })).toBe(content.replace('version: 8.8.2', 'version: 8.9.0'));
  });
});

describe('helmfile in a repository', () => {
  it('is read from helmfile.yaml and helmfile.d/*.yaml.gotmpl by the extract stage', async () => {
    const { deps } = await extractRepository(FIXTURES);
    const byFile = (file: string) => deps.filter((d) => d.file === file && d.manager === 'helmfile').length;
    expect(byFile('bootstrap/helmfile.yaml')).toBe(9);
    expect(byFile('bootstrap/helmfile.d/01-apps.yaml.gotmpl')).toBe(3);
    expect(byFile('platform/helmfile.yaml')).toBe(3);
    expect(deps.filter((d) => d.file.endsWith('values.yaml.gotmpl'))).toEqual([]);
  });
});
