/**
 * From a repository config to what extraction is told: customManagers and regexManagers become plain
 * definitions, and a repository using them — its own, Renovate's built-in `customManagers:*` presets, the
 * old names — has its annotated versions extracted. Synthetic fixtures, written for these tests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RepoConfig } from '../../src/config/schema.js';
import type { Dep } from '../../src/deps/dep.js';
import { extractRepository } from '../../src/extract/extract-repository.js';
import { customManagersOf, extractConfigOf } from '../../src/repo/extract-config.js';
import { loadRepositoryConfig } from '../../src/repo/load-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-custom-managers-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function extracted(files: Record<string, string>) {
  const dir = repository(files);
  const loaded = await loadRepositoryConfig(dir);
  expect(loaded.errors).toEqual([]);
  const result = await extractRepository(dir, extractConfigOf(loaded.config));
  return { ...result, warnings: [...loaded.warnings, ...result.warnings.map((w) => `${w.file}: ${w.message}`)] };
}

const brief = (deps: Dep[]) =>
  deps.map((d) => `${d.manager} ${d.file}:${d.line} ${d.datasource} ${d.depName} ${d.currentValue}${d.skipReason ? ` (${d.skipReason})` : ''}`);

describe('customManagersOf', () => {
  it('customManagers of type regex (or none) in order, then regexManagers; jsonata ones left out; templates by field', () => {
    const config: RepoConfig = {
      customManagers: [
        { customType: 'regex', managerFilePatterns: ['**/*.yaml'], matchStrings: ['a'], datasourceTemplate: 'docker', autoReplaceStringTemplate: 'x' },
        { customType: 'jsonata', managerFilePatterns: ['**/*.json'], matchStrings: ['$'] },
        { fileMatch: ['\\.env$'], matchStrings: ['b'], matchStringsStrategy: 'combination', depNameTemplate: 'n', description: 'untyped' },
      ],
      regexManagers: [{ fileMatch: ['Dockerfile$'], matchStrings: ['c'], versioningTemplate: 'semver' }],
    };
    expect(customManagersOf(config)).toEqual([
      {
        key: 'customManagers[0]',
        managerFilePatterns: ['**/*.yaml'],
        matchStrings: ['a'],
        templates: { datasource: 'docker' },
        autoReplaceStringTemplate: 'x',
      },
      { key: 'customManagers[2]', fileMatch: ['\\.env$'], matchStrings: ['b'], matchStringsStrategy: 'combination', templates: { depName: 'n' } },
      { key: 'regexManagers[0]', fileMatch: ['Dockerfile$'], matchStrings: ['c'], templates: { versioning: 'semver' } },
    ]);
    expect(extractConfigOf(config).customManagers).toHaveLength(3);
    expect(extractConfigOf({}).customManagers).toBeUndefined();
  });
});

describe('a repository with custom managers', () => {
  const annotated = {
    customType: 'regex',
    description: 'annotated versions',
    managerFilePatterns: ['/\\.ya?ml$/', '/(^|/)\\.env$/'],
    matchStrings: ['# renovate: datasource=(?<datasource>\\S+) depName=(?<depName>\\S+)\\n.+(:\\s|=)["\']?(?<currentValue>[^"\'\\s]+)["\']?'],
    datasourceTemplate: '{{#if datasource}}{{{datasource}}}{{else}}github-releases{{/if}}',
  };

  it('its own customManagers: deps found beside the built-in managers, a reference both read listed once', async () => {
    const { deps, warnings } = await extracted({
      'renovate.json': JSON.stringify({
        customManagers: [
          annotated,
          {
            customType: 'regex',
            managerFilePatterns: ['**/pod.yaml'],
            matchStrings: ['image: (?<depName>[^:]+):(?<currentValue>\\S+)'],
            datasourceTemplate: 'docker',
          },
        ],
      }),
      'talos/talconfig.yaml': '# renovate: datasource=docker depName=ghcr.io/siderolabs/installer\ntalosVersion: v1.7.5\n',
      'apps/.env': '# renovate: datasource=pypi depName=ansible-core\nANSIBLE_VERSION=2.17.1\n',
      'apps/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: nginx:1.27.0\n',
    });
    expect(warnings).toEqual([]);
    expect(brief(deps)).toEqual([
      'regex apps/.env:2 pypi ansible-core 2.17.1 (unsupported-datasource)',
      'kubernetes apps/pod.yaml:7 docker nginx 1.27.0',
      'regex talos/talconfig.yaml:2 docker ghcr.io/siderolabs/installer v1.7.5',
    ]);
  });

  const presetFiles = {
    'images/tools/Dockerfile': 'FROM alpine:3.20\n# renovate: datasource=pypi depName=ansible-core\nARG ANSIBLE_VERSION=2.17.1\n',
    '.github/workflows/ci.yaml': 'on: push\nenv:\n  # renovate: datasource=docker depName=hashicorp/terraform\n  TERRAFORM_VERSION: 1.9.0\njobs: {}\n',
    'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n# renovate: image=ghcr.io/org/app\nappVersion: "2.3.4"\n',
  };

  it.each([
    ['customManagers:dockerfileVersions', 'regex images/tools/Dockerfile:3 pypi ansible-core 2.17.1 (unsupported-datasource)'],
    ['customManagers:githubActionsVersions', 'regex .github/workflows/ci.yaml:4 docker hashicorp/terraform 1.9.0'],
    ['customManagers:helmChartYamlAppVersions', 'regex charts/app/Chart.yaml:5 docker ghcr.io/org/app 2.3.4'],
  ])("Renovate's built-in preset %s", async (preset, found) => {
    const { deps, warnings } = await extracted({ 'renovate.json': JSON.stringify({ extends: [preset] }), ...presetFiles });
    expect(warnings).toEqual([]);
    expect(brief(deps.filter((d) => d.manager === 'regex'))).toEqual([found]);
  });

  it('several presets with custom managers: all of them are read (Renovate concatenates customManagers)', async () => {
    const { deps } = await extracted({
      'renovate.json': JSON.stringify({
        extends: ['customManagers:dockerfileVersions', 'customManagers:githubActionsVersions', 'customManagers:helmChartYamlAppVersions'],
      }),
      ...presetFiles,
    });
    expect(deps.filter((d) => d.manager === 'regex')).toHaveLength(3);
  });

  it('the old regexManagers: preset names and the option both read as customManagers', async () => {
    const { customType: _type, ...old } = annotated;
    const { deps, warnings } = await extracted({
      'renovate.json': JSON.stringify({ extends: ['regexManagers:dockerfileVersions'], regexManagers: [old] }),
      Dockerfile: 'FROM alpine:3.20\n# renovate: datasource=docker depName=hashicorp/terraform\nENV TERRAFORM_VERSION=1.9.0\n',
      'cluster.yaml': '# renovate: datasource=docker depName=ghcr.io/siderolabs/installer\ntalosVersion: v1.7.5\n',
    });
    expect(warnings).toEqual([
      'renovate.json:1: regexManagers: Renovate\'s old name: read as "customManagers", each entry with customType "regex" (write that instead)',
      'renovate.json: preset "regexManagers:dockerfileVersions": Renovate\'s old name, read as "customManagers:dockerfileVersions" (write that instead)',
    ]);
    expect(brief(deps.filter((d) => d.manager === 'regex'))).toEqual([
      'regex Dockerfile:3 docker hashicorp/terraform 1.9.0',
      'regex cluster.yaml:2 docker ghcr.io/siderolabs/installer v1.7.5',
    ]);
  });

  it('enabledManagers without custom.regex turns custom managers off; with it, only they and the named ones run', async () => {
    const files = (enabledManagers: string[]) => ({
      'renovate.json': JSON.stringify({ enabledManagers, customManagers: [annotated] }),
      'cluster.yaml': '# renovate: datasource=docker depName=ghcr.io/siderolabs/installer\ntalosVersion: v1.7.5\n',
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: nginx:1.27.0\n',
    });
    expect((await extracted(files(['kubernetes']))).deps.map((d) => d.manager)).toEqual(['kubernetes']);
    expect((await extracted(files(['custom.regex']))).deps.map((d) => d.manager)).toEqual(['regex']);
    expect((await extracted(files(['regex', 'kubernetes']))).deps.map((d) => d.manager)).toEqual(['regex', 'kubernetes']);
  });

  it("a Helm chart's templates are still read by custom managers (as text), not by the built-in ones", async () => {
    const { deps, warnings } = await extracted({
      'renovate.json': JSON.stringify({ customManagers: [{ ...annotated, managerFilePatterns: ['**/templates/*.yaml'] }] }),
      'charts/app/templates/job.yaml':
        'apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n        # renovate: datasource=docker depName=busybox\n        - image: "busybox:{{ .Values.tag | default "1.36.1" }}"\n',
    });
    expect(warnings).toEqual(['charts/app/templates/job.yaml: Helm template, skipped (its images come from the chart values)']);
    expect(brief(deps)).toEqual(['regex charts/app/templates/job.yaml:8 docker busybox busybox:{{']);
  });
});
