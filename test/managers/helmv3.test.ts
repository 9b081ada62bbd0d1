import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { compileBuiltinPattern as compilePattern } from '../../src/config/file-patterns.js';
import { helmv3Manager, resolveChartSource } from '../../src/managers/helmv3.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import type { ExtractOptions } from '../../src/managers/types.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/helmv3');
const BITNAMI = 'https://charts.bitnami.com/bitnami';
const ALIASES = { bitnami: BITNAMI };

const fixture = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');

function extract(path: string, content = fixture(path), options: ExtractOptions = {}) {
  return helmv3Manager.extractFile(createPackageFile(path, content), options);
}

const brief = (d: Dep) => {
  const out: Record<string, unknown> = { line: d.line, depName: d.depName, currentValue: d.currentValue, datasource: d.datasource };
  if (d.packageName !== d.depName) out.packageName = d.packageName;
  if (d.registryUrls) out.registryUrls = d.registryUrls;
  if (d.pinDigests !== undefined) out.pinDigests = d.pinDigests;
  if (d.skipReason) out.skipReason = d.skipReason;
  return out;
};

function chart(dependencies: string, head = 'apiVersion: v2\nname: app\nversion: 1.0.0\n'): string {
  return `${head}dependencies:\n${dependencies}`;
}

function depOf(content: string, depName: string, options: ExtractOptions = {}): Dep {
  const deps = extract('Chart.yaml', content, options).deps.filter((d) => d.depName === depName);
  expect(deps).toHaveLength(1);
  return deps[0]!;
}

function replaceOnce(content: string, from: string, to: string): string {
  expect(content.split(from)).toHaveLength(2);
  return content.replace(from, () => to);
}

describe('helmv3 file patterns', () => {
  const matches = compilePattern(helmv3Manager.filePatterns[0]!);
  it('matches Chart.yaml / Chart.yml anywhere, nothing else', () => {
    for (const path of ['Chart.yaml', 'charts/shop/Chart.yaml', 'charts/shop/Chart.yml']) expect(matches(path), path).toBe(true);
    for (const path of ['chart.yaml', 'Chart.lock', 'MyChart.yaml', 'charts/shop/values.yaml', 'Chart.yaml.orig']) {
      expect(matches(path), path).toBe(false);
    }
  });
});

describe('helmv3 extraction', () => {
  it('reads an umbrella chart: https, oci, @alias, alias:, stable, file://, no repository', () => {
    const { deps, warnings } = extract('umbrella/Chart.yaml', undefined, { registryAliases: ALIASES });
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      {
        line: 10,
        depName: 'postgresql',
        currentValue: '15.5.38',
        datasource: 'docker',
        packageName: 'registry-1.docker.io/bitnamicharts/postgresql',
        pinDigests: false,
      },
      { line: 14, depName: 'redis', currentValue: '19.6.4', datasource: 'helm', registryUrls: [BITNAMI] },
      { line: 18, depName: 'common', currentValue: '2.x.x', datasource: 'helm', registryUrls: [BITNAMI] },
      { line: 24, depName: 'kube-prometheus-stack', currentValue: '~61.3.0', datasource: 'helm', skipReason: 'placeholder-url' },
      { line: 27, depName: 'mysql', currentValue: '1.6.9', datasource: 'helm', registryUrls: ['https://charts.helm.sh/stable'] },
      { line: 30, depName: 'cert-manager', currentValue: 'v1.15.1', datasource: 'helm', registryUrls: ['https://charts.jetstack.io/'] },
      { line: 33, depName: 'podinfo', currentValue: '6.7.1', datasource: 'docker', packageName: 'ghcr.io/stefanprodan/charts/podinfo', pinDigests: false },
      { line: 36, depName: 'shop-common', currentValue: '0.1.0', datasource: 'helm', skipReason: 'local-dependency' },
      { line: 39, depName: 'internal-tools', currentValue: '0.10', datasource: 'helm', skipReason: 'no-repository' },
      { line: 41, depName: 'legacy-addon', currentValue: '0.3.1', datasource: 'helm', skipReason: 'placeholder-url' },
    ]);
    expect(deps.every((d) => d.manager === 'helmv3' && d.file === 'umbrella/Chart.yaml')).toBe(true);
    expect(deps.filter((d) => d.skipReason).map((d) => d.skipDetail)).toEqual([
      'repository "alias:prometheus-community" is an alias that registryAliases does not define',
      'dependency "shop-common" is the local chart file://../shop-common',
      'dependency "internal-tools" has no repository',
      'repository "@internal" is an alias that registryAliases does not define',
    ]);
  });

  it('records the exact span of each version, quoted or not, and nothing else', () => {
    const content = fixture('app/Chart.yaml');
    const { deps, warnings } = extract('app/Chart.yaml', content);
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 9, depName: 'grafana', currentValue: '8.3.4', datasource: 'helm', registryUrls: ['https://grafana.github.io/helm-charts'] },
      { line: 13, depName: 'loki', currentValue: '6.6.4', datasource: 'helm', registryUrls: ['https://grafana.github.io/helm-charts'] },
    ]);
    for (const dep of deps) {
      expect(Object.keys(dep.location)).toEqual(['value']);
      expect(content.slice(dep.location.value!.start, dep.location.value!.end)).toBe(dep.currentValue);
    }
  });

  it('resolves aliases to OCI registries and applies image registryAliases to OCI charts', () => {
    const content = chart(
      '  - name: addon\n    version: 0.3.1\n    repository: "@internal"\n  - name: postgresql\n    version: 15.5.38\n    repository: oci://registry-1.docker.io/bitnamicharts\n',
    );
    const options = { registryAliases: { internal: 'oci://harbor.example.com/charts', 'registry-1.docker.io': 'mirror.example.com/dockerhub' } };
    expect(extract('Chart.yaml', content, options).deps.map(brief)).toEqual([
      { line: 6, depName: 'addon', currentValue: '0.3.1', datasource: 'docker', packageName: 'harbor.example.com/charts/addon', pinDigests: false },
      {
        line: 9,
        depName: 'postgresql',
        currentValue: '15.5.38',
        datasource: 'docker',
        packageName: 'mirror.example.com/dockerhub/bitnamicharts/postgresql',
        pinDigests: false,
      },
    ]);
  });

  it('lets a user redefine the built-in stable alias', () => {
    const content = chart('  - name: mysql\n    version: 1.6.9\n    repository: alias:stable\n');
    expect(extract('Chart.yaml', content).deps[0]!.registryUrls).toEqual(['https://charts.helm.sh/stable']);
    const mirrored = extract('Chart.yaml', content, { registryAliases: { stable: 'https://charts.example.com/stable' } });
    expect(mirrored.deps[0]!.registryUrls).toEqual(['https://charts.example.com/stable']);
  });

  it('classifies repositories it cannot look up', () => {
    const cases: Array<[string | undefined, string | undefined]> = [
      [undefined, 'no-repository'],
      ['', 'no-repository'],
      ['file://../common', 'local-dependency'],
      ['git+https://github.com/example/charts@charts/app?ref=v1.0.0', 'unknown-registry'],
      ['s3://helm-charts-bucket/stable', 'unsupported-datasource'],
      ['charts.bitnami.com/bitnami', 'invalid-url'],
      ['oci://', 'invalid-url'],
      ['@nowhere', 'placeholder-url'],
      ['http://chartmuseum.chartmuseum.svc:8080', undefined],
    ];
    for (const [repository, skipReason] of cases) {
      expect(resolveChartSource('app', repository, {}).skipReason, String(repository)).toBe(skipReason);
    }
  });

  it('reads versions as written, lists a dependency without a usable version, and warns about nameless ones', () => {
    const content = chart(
      [
        '  - name: a',
        '    version: 0.10',
        `    repository: ${BITNAMI}`,
        '  - name: b',
        `    repository: ${BITNAMI}`,
        '  - name: c',
        '    version: true',
        `    repository: ${BITNAMI}`,
        '  - version: 1.0.0',
        `    repository: ${BITNAMI}`,
        '  - just-a-string',
        '  - name: d',
        '    version: "{{ .Chart.Version }}"',
        `    repository: ${BITNAMI}`,
        '  - name: e',
        '    version: 1.2.3',
        '    repository: [not, a, url]',
        '',
      ].join('\n'),
    );
    const { deps, warnings } = extract('charts/app/Chart.yaml', content);
    expect(deps.map(brief)).toEqual([
      { line: 6, depName: 'a', currentValue: '0.10', datasource: 'helm', registryUrls: [BITNAMI] },
      { line: 8, depName: 'b', currentValue: undefined, datasource: 'helm', registryUrls: [BITNAMI], skipReason: 'invalid-value' },
      { line: 10, depName: 'c', currentValue: undefined, datasource: 'helm', registryUrls: [BITNAMI], skipReason: 'invalid-value' },
      { line: 17, depName: 'd', currentValue: undefined, datasource: 'helm', registryUrls: [BITNAMI], skipReason: 'templated' },
      { line: 20, depName: 'e', currentValue: '1.2.3', datasource: 'helm', skipReason: 'invalid-url' },
    ]);
    expect(deps[3]!.skipDetail).toBe('dependencies[5].version is templated: "{{ .Chart.Version }}"');
    expect(warnings).toEqual([
      { file: 'charts/app/Chart.yaml', line: 13, message: 'dependencies[3] has no "name"; skipped' },
      { file: 'charts/app/Chart.yaml', line: 15, message: 'dependencies[4] is not a map; skipped' },
    ]);
  });

  it('warns, naming the file, and yields no deps for charts that are not Helm 3 charts', () => {
    const cases: Array<[string, string, number]> = [
      [
        fixture('legacy-v1/Chart.yaml'),
        'apiVersion is "v1", not v2: dependencies are read only from Helm 3 charts (v1 charts list dependencies in requirements.yaml, which is not read)',
        1,
      ],
      ['name: app\nversion: 1.0.0\ndependencies: []\n', 'has no apiVersion: dependencies are read only from Helm 3 charts', 1],
      ['apiVersion: v2\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n', 'the chart has no "name"; dependencies not read', 1],
      ['apiVersion: v2\nname: app\nversion: ""\n', 'the chart has no "version"; dependencies not read', 3],
      ['- apiVersion: v2\n', 'not a Helm chart (Chart.yaml is not a map); dependencies not read', 1],
      ['', 'empty Chart.yaml; dependencies not read', 1],
      ['apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  name: redis\n', '"dependencies" is not a list; dependencies not read', 5],
    ];
    for (const [content, message, line] of cases) {
      expect(extract('charts/app/Chart.yaml', content), message).toEqual({ deps: [], warnings: [{ file: 'charts/app/Chart.yaml', line, message }] });
    }
  });

  it('reports invalid YAML once, with its line', () => {
    const { deps, warnings } = extract('broken/Chart.yaml');
    expect(deps).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'broken/Chart.yaml', line: 8 });
    expect(warnings[0]!.message).toMatch(/^not valid YAML, skipped: /);
  });

  it('yields nothing and no warning for a chart without dependencies', () => {
    for (const content of [
      'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n',
      'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies: []\n',
    ]) {
      expect(extract('Chart.yaml', content)).toEqual({ deps: [], warnings: [] });
    }
  });
});

describe('helmv3 applyUpdate', () => {
  it('updates an unquoted dependency version, leaving comments and other keys alone', () => {
    const content = fixture('umbrella/Chart.yaml');
    const dep = depOf(content, 'postgresql');
    expect(applyUpdate(content, dep, { newValue: '15.5.40' })).toBe(replaceOnce(content, '    version: 15.5.38\n', '    version: 15.5.40\n'));
  });

  it('keeps double and single quotes and a trailing comment', () => {
    const umbrella = fixture('umbrella/Chart.yaml');
    expect(applyUpdate(umbrella, depOf(umbrella, 'redis', { registryAliases: ALIASES }), { newValue: '20.0.1' })).toBe(
      replaceOnce(umbrella, '    version: "19.6.4"\n', '    version: "20.0.1"\n'),
    );
    const app = fixture('app/Chart.yaml');
    expect(applyUpdate(app, depOf(app, 'grafana'), { newValue: '8.3.6' })).toBe(
      replaceOnce(app, '  version: 8.3.4 # pinned: 8.4 changed the sidecar defaults\n', '  version: 8.3.6 # pinned: 8.4 changed the sidecar defaults\n'),
    );
    expect(applyUpdate(app, depOf(app, 'loki'), { newValue: '6.7.0' })).toBe(replaceOnce(app, "  version: '6.6.4'\n", "  version: '6.7.0'\n"));
  });

  it('updates a range and an @stable alias dependency', () => {
    const content = fixture('umbrella/Chart.yaml');
    expect(applyUpdate(content, depOf(content, 'mysql'), { newValue: '1.6.10' })).toBe(replaceOnce(content, '    version: 1.6.9\n', '    version: 1.6.10\n'));
    const ranged = chart(`  - name: common\n    version: ~2.20.0\n    repository: ${BITNAMI}\n`);
    expect(applyUpdate(ranged, depOf(ranged, 'common'), { newValue: '~2.22.0' })).toBe(
      chart(`  - name: common\n    version: ~2.22.0\n    repository: ${BITNAMI}\n`),
    );
  });

  it('keeps CRLF line ends', () => {
    const lines = [
      'apiVersion: v2',
      'name: app',
      'version: 1.0.0',
      'dependencies:',
      '  # the cache',
      '  - name: redis',
      '    version: 19.6.4',
      `    repository: ${BITNAMI}`,
      '',
    ];
    const content = lines.join('\r\n');
    const edited = applyUpdate(content, depOf(content, 'redis'), { newValue: '19.6.5' });
    expect(edited).toBe(lines.map((l) => (l === '    version: 19.6.4' ? '    version: 19.6.5' : l)).join('\r\n'));
  });

  it('returns the identical string for a no-op update, and refuses digests and skipped deps', () => {
    const content = fixture('umbrella/Chart.yaml');
    const dep = depOf(content, 'podinfo');
    expect(applyUpdate(content, dep, { newValue: '6.7.1' })).toBe(content);
    expect(() => applyUpdate(content, dep, { newDigest: 'sha256:f76d4069cd2306f38d69cbdcbb6006a01f99134d2c1218cec28af28fce72580b' })).toThrow(
      /digest cannot be edited in place/,
    );
    expect(() => applyUpdate(content, depOf(content, 'shop-common'), { newValue: '0.2.0' })).toThrow(/cannot be updated \(local-dependency\)/);
  });
});
