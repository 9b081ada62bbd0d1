/**
 * The regex custom manager on the forms users write: the `# renovate:` annotation above a value in YAML,
 * shell, `.env`, Taskfiles and Dockerfiles; templates with the groups as fields; what makes a dep, what is
 * skipped and what is dropped. Fixtures are synthetic, written for these tests.
 */
import { describe, expect, it } from 'vitest';
import type { Dep, RegexManagerDefinition } from '../../../src/deps/dep.js';
import { extractWithDefinition, regexManager, type RegexExtractOptions } from '../../../src/managers/custom/regex.js';
import { createPackageFile } from '../../../src/managers/package-file.js';

/** The generic annotation manager most home-lab configs carry (a value after `:` or `=` on the next line). */
const ANNOTATIONS: RegexManagerDefinition = {
  key: 'customManagers[0]',
  managerFilePatterns: ['/\\.ya?ml$/', '/\\.env$/', '/\\.sh$/'],
  matchStrings: [
    '# renovate: datasource=(?<datasource>\\S+) depName=(?<depName>\\S+)( versioning=(?<versioning>\\S+))?( extractVersion=(?<extractVersion>\\S+))?( registryUrl=(?<registryUrl>\\S+))?\\n.+(:\\s|=)(&\\S+\\s)?["\']?(?<currentValue>[^"\'\\s]+)["\']?',
  ],
  templates: { datasource: '{{#if datasource}}{{{datasource}}}{{else}}github-releases{{/if}}' },
};

const extract = (definition: RegexManagerDefinition, path: string, content: string, customDatasources: string[] = []) =>
  extractWithDefinition(definition, createPackageFile(path, content), customDatasources);

const brief = (deps: Dep[]) => deps.map((d) => [d.line, d.datasource, d.depName, d.currentValue, d.skipReason ?? '']);

/** The file text at the dep's value range: what an edit would overwrite. */
const written = (content: string, dep: Dep) => content.slice(dep.location.value!.start, dep.location.value!.end);

describe('the # renovate: annotation above a value', () => {
  it('YAML: plain, quoted, anchored and nested values', () => {
    const content = [
      'talos:',
      '  # renovate: datasource=docker depName=ghcr.io/siderolabs/installer',
      '  talosVersion: v1.7.5',
      '  # renovate: datasource=docker depName=ghcr.io/siderolabs/kubelet versioning=semver',
      '  kubernetesVersion: "v1.30.2"',
      '# renovate: datasource=helm depName=cilium registryUrl=https://helm.cilium.io',
      "cilium: &cilium '1.15.6'",
      'unrelated: 1.0.0',
      '',
    ].join('\n');
    const { deps, warnings } = extract(ANNOTATIONS, 'talos/talconfig.yaml', content);
    expect(warnings).toEqual([]);
    expect(brief(deps)).toEqual([
      [3, 'docker', 'ghcr.io/siderolabs/installer', 'v1.7.5', ''],
      [5, 'docker', 'ghcr.io/siderolabs/kubelet', 'v1.30.2', ''],
      [7, 'helm', 'cilium', '1.15.6', ''],
    ]);
    expect(deps.map((d) => written(content, d))).toEqual(['v1.7.5', 'v1.30.2', '1.15.6']);
    expect(deps[1]!.versioning).toBe('semver');
    expect(deps[2]!.registryUrls).toEqual(['https://helm.cilium.io/']);
    expect(deps.every((d) => d.manager === 'regex' && d.file === 'talos/talconfig.yaml')).toBe(true);
  });

  it('shell, .env and Taskfile variables', () => {
    const shell = '#!/usr/bin/env bash\n# renovate: datasource=github-tags depName=helm/helm\nHELM_VERSION="v3.15.2"\nexport PATH\n';
    expect(brief(extract(ANNOTATIONS, 'scripts/tools.sh', shell).deps)).toEqual([[3, 'github-tags', 'helm/helm', 'v3.15.2', '']]);
    const env = '# renovate: datasource=docker depName=postgres\nPOSTGRES_TAG=16.3\n# renovate: datasource=docker depName=redis\nREDIS_TAG=7.2.5\n';
    expect(brief(extract(ANNOTATIONS, 'apps/db.env', env).deps)).toEqual([
      [2, 'docker', 'postgres', '16.3', ''],
      [4, 'docker', 'redis', '7.2.5', ''],
    ]);
    const taskfile = [
      'version: "3"',
      'vars:',
      '  # renovate: datasource=github-tags depName=kubernetes-sigs/kustomize extractVersion=^kustomize/(?<version>.+)$',
      '  KUSTOMIZE_VERSION: v5.4.2',
      'tasks: {}',
      '',
    ].join('\n');
    const [dep] = extract(ANNOTATIONS, 'Taskfile.yaml', taskfile).deps;
    expect([dep!.depName, dep!.currentValue, dep!.extractVersion]).toEqual(['kubernetes-sigs/kustomize', 'v5.4.2', '^kustomize/(?<version>.+)$']);
  });

  it('Dockerfiles: ARG and ENV (the dockerfileVersions form)', () => {
    const definition: RegexManagerDefinition = {
      key: 'customManagers[1]',
      managerFilePatterns: ['**/Dockerfile'],
      matchStrings: [
        '# renovate: datasource=(?<datasource>[a-zA-Z0-9-._]+?) depName=(?<depName>[^\\s]+?)(?: versioning=(?<versioning>[^\\s]+?))?\\s(?:ENV|ARG)\\s+[A-Za-z0-9_]+?_VERSION[ =]["\']?(?<currentValue>.+?)["\']?\\s',
      ],
    };
    const content = [
      'FROM alpine:3.20',
      '# renovate: datasource=pypi depName=ansible-core',
      'ARG ANSIBLE_VERSION=2.17.1',
      '# renovate: datasource=docker depName=hashicorp/terraform versioning=docker',
      'ENV TERRAFORM_VERSION 1.9.0',
      '',
    ].join('\n');
    const { deps } = extract(definition, 'images/tools/Dockerfile', content);
    expect(brief(deps)).toEqual([
      [3, 'pypi', 'ansible-core', '2.17.1', 'unsupported-datasource'],
      [5, 'docker', 'hashicorp/terraform', '1.9.0', ''],
    ]);
    expect(deps.map((d) => written(content, d))).toEqual(['2.17.1', '1.9.0']);
  });

  it('keeps CRLF files readable when the pattern allows it, and records the line of the value', () => {
    const definition: RegexManagerDefinition = {
      ...ANNOTATIONS,
      matchStrings: ['# renovate: datasource=(?<datasource>\\S+) depName=(?<depName>\\S+)\\r?\\n[^:]+: (?<currentValue>\\S+)'],
    };
    const content = 'a: 1\r\n# renovate: datasource=docker depName=nginx\r\nimage_tag: 1.27.0\r\n';
    const [dep] = extract(definition, 'x.yaml', content).deps;
    expect([dep!.line, dep!.currentValue, written(content, dep!)]).toEqual([3, '1.27.0', '1.27.0']);
  });
});

describe('templates', () => {
  it('see the named groups as fields (not other templates), and a field from a template is not where the file can be edited', () => {
    const definition: RegexManagerDefinition = {
      key: 'customManagers[0]',
      managerFilePatterns: ['**/*.json'],
      matchStrings: ['"(?<depName>@tsconfig/node(?<major>\\d+))/tsconfig\\.json"'],
      templates: { currentValue: '{{{major}}}', datasource: 'npm', packageName: '{{{depName}}}' },
    };
    const [dep] = extract(definition, 'tsconfig.json', '{ "extends": "@tsconfig/node20/tsconfig.json" }').deps;
    expect([dep!.depName, dep!.packageName, dep!.currentValue, dep!.datasource]).toEqual(['@tsconfig/node20', '@tsconfig/node20', '20', 'npm']);
    expect(dep!.location.value).toBeUndefined();
    expect(dep!.skipReason).toBe('unsupported-datasource');
  });

  it('every field: depName, packageName, datasource, versioning, registryUrl, extractVersion, depType', () => {
    const definition: RegexManagerDefinition = {
      key: 'customManagers[2]',
      managerFilePatterns: ['**/*.yaml'],
      matchStrings: ['chart: (?<chart>\\S+) repo: (?<repo>\\S+) version: (?<currentValue>\\S+)'],
      templates: {
        depName: '{{{ lowercase chart }}}',
        packageName: '{{{ replace "-chart$" "" chart }}}',
        datasource: 'helm',
        versioning: '{{#if (containsString currentValue "v")}}loose{{else}}helm{{/if}}',
        registryUrl: 'https://{{{repo}}}/charts',
        extractVersion: '^{{{ chart }}}-(?<version>.+)$',
        depType: 'crd',
      },
    };
    const [dep] = extract(definition, 'x.yaml', 'chart: Grafana-chart repo: grafana.github.io version: 8.3.2\n').deps;
    expect(dep).toMatchObject({
      depName: 'grafana-chart',
      packageName: 'Grafana',
      datasource: 'helm',
      versioning: 'helm',
      registryUrls: ['https://grafana.github.io/charts'],
      extractVersion: '^Grafana-chart-(?<version>.+)$',
      depType: 'crd',
      currentValue: '8.3.2',
    });
  });

  it('{{x}} escapes HTML as Handlebars does, {{{x}}} does not; an empty template result leaves the field unset', () => {
    const definition: RegexManagerDefinition = {
      key: 'customManagers[0]',
      managerFilePatterns: ['**'],
      matchStrings: ['dep (?<depName>\\S+) (?<currentValue>\\S+)( (?<versioning>\\S+))?'],
      templates: { packageName: '{{depName}}', datasource: 'docker', versioning: '{{#if versioning}}{{{versioning}}}{{/if}}' },
    };
    const [dep] = extract(definition, 'f', 'dep a=b 1.0\n').deps;
    expect(dep!.packageName).toBe('a&#x3D;b');
    expect(dep!.versioning).toBeUndefined();
  });

  it('a template is data, never code: no field outside the groups is reachable', () => {
    const definition: RegexManagerDefinition = {
      key: 'customManagers[0]',
      managerFilePatterns: ['**'],
      matchStrings: ['dep (?<depName>\\S+) (?<currentValue>\\S+)'],
      templates: { datasource: 'docker', depType: '[{{constructor}}][{{depName.constructor}}][{{__proto__}}][{{process.env.HOME}}]' },
    };
    expect(extract(definition, 'f', 'dep a 1\n').deps[0]!.depType).toBe('[][][][]');
  });

  it('a broken template is a warning naming the key; the custom manager reads nothing in that file', () => {
    const definition: RegexManagerDefinition = { ...ANNOTATIONS, templates: { datasource: '{{#if datasource}}docker' } };
    const { deps, warnings } = extract(definition, 'x.yaml', '# renovate: datasource=docker depName=a\nv: 1\n');
    expect(deps).toEqual([]);
    expect(warnings).toEqual([
      {
        file: 'x.yaml',
        message: expect.stringMatching(/^customManagers\[0\]\.datasourceTemplate: bad template .*never closed \(the custom manager read nothing here\)$/),
      },
    ]);
  });
});

describe('what makes a dep', () => {
  const definition: RegexManagerDefinition = {
    key: 'customManagers[0]',
    managerFilePatterns: ['**'],
    matchStrings: [
      'pkg(?: name=(?<depName>\\S*))?(?: pkg=(?<packageName>\\S+))? ds=(?<datasource>\\S+)(?: v=(?<currentValue>\\S*))?(?: d=(?<currentDigest>\\S+))?(?: url=(?<registryUrl>\\S+))?',
    ],
  };
  const deps = (line: string) => extract(definition, 'f', `${line}\n`).deps;

  it('needs a name (depName or packageName) and a value (currentValue or currentDigest), else it is not a dep', () => {
    expect(deps('pkg ds=docker v=1.0')).toEqual([]);
    expect(deps('pkg name= ds=docker v=1.0')).toEqual([]);
    expect(deps('pkg name=a ds=docker')).toEqual([]);
    expect(deps('pkg name=a ds=docker v=')).toEqual([]);
    expect(brief(deps('pkg pkg=org/a ds=docker v=1.0'))).toEqual([[1, 'docker', 'org/a', '1.0', '']]);
    expect(deps('pkg pkg=org/a ds=docker v=1.0')[0]!.packageName).toBe('org/a');
    const [digestOnly] = deps(`pkg name=a ds=docker d=sha256:${'a'.repeat(64)}`);
    expect([digestOnly!.currentValue, digestOnly!.currentDigest, digestOnly!.location.digest !== undefined]).toEqual([
      undefined,
      `sha256:${'a'.repeat(64)}`,
      true,
    ]);
  });

  it('a datasource Upkeep lacks is kept with a skip reason (custom.<name> only when the config defines it); Renovate renames are applied', () => {
    expect(deps('pkg name=a ds=custom.grafana v=1')[0]).toMatchObject({
      datasource: 'custom.grafana',
      skipReason: 'unsupported-datasource',
      skipDetail: 'Upkeep has no "custom.grafana" datasource',
    });
    expect(extract(definition, 'f', 'pkg name=a ds=custom.grafana v=1\n', ['grafana']).deps[0]!.skipReason).toBeUndefined();
    expect(deps('pkg name=node ds=node v=20.15.1')[0]!.datasource).toBe('node-version');
  });

  it('a registryUrl that is not a URL skips the dep, saying so', () => {
    expect(deps('pkg name=a ds=helm v=1 url=not-a-url')[0]).toMatchObject({ skipReason: 'invalid-url', skipDetail: 'registryUrl "not-a-url" is not a URL' });
  });

  it('without a digest in the file and no template writing one, digests are not pinned', () => {
    expect(deps('pkg name=a ds=docker v=1')[0]!.pinDigests).toBe(false);
    expect(deps(`pkg name=a ds=docker v=1 d=sha256:${'b'.repeat(64)}`)[0]!.pinDigests).toBeUndefined();
  });
});

describe('the manager plug-in', () => {
  it('is the registry entry "regex": it reads a file with the definition it is given, and nothing without one', () => {
    const file = createPackageFile('a.env', '# renovate: datasource=docker depName=nginx\nNGINX=1.27.0\n');
    expect(regexManager.extractFile(file, {}).deps).toEqual([]);
    const options: RegexExtractOptions = { custom: ANNOTATIONS };
    expect(regexManager.extractFile(file, options).deps.map((d) => d.depName)).toEqual(['nginx']);
  });

  it('carries its definition and the match on each dep, so an edit reads the file back the same way', () => {
    const content = '# renovate: datasource=docker depName=nginx\nNGINX=1.27.0\n';
    const [dep] = extract(ANNOTATIONS, 'a.env', content).deps;
    expect(dep!.location.custom!.definition).toBe(ANNOTATIONS);
    expect(content.slice(dep!.location.custom!.match.start, dep!.location.custom!.match.end)).toBe(content.trimEnd());
    expect(dep!.location.custom!.groups).toMatchObject({ depName: 'nginx', datasource: 'docker', currentValue: '1.27.0' });
  });
});
