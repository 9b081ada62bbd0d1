/**
 * End to end through `runLocal` with in-memory datasources: a home-lab style repository whose versions are
 * pinned behind `# renovate:` annotations and read by its custom managers — extracted, looked up (with
 * extractVersion), matched by rules, planned into branches — and each planned update written into its
 * file and read back. Synthetic repository, written for this test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Datasource } from '../../src/datasources/types.js';
import { applyCustomUpdate } from '../../src/managers/custom/apply.js';
import { extractWithDefinition } from '../../src/managers/custom/regex.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import { branchFiles } from '../../src/publish/branch-files.js';
import { runLocal, type LocalRunResult } from '../../src/repo/local-run.js';
import { createClock } from '../../src/util/clock.js';

const FILES: Record<string, string> = {
  'talos/talconfig.yaml': [
    '---',
    '# renovate: datasource=docker depName=ghcr.io/siderolabs/installer',
    'talosVersion: v1.7.4',
    '# renovate: datasource=docker depName=ghcr.io/siderolabs/kubelet',
    'kubernetesVersion: v1.30.1',
    'nodes: []',
    '',
  ].join('\n'),
  'bootstrap/helmfile-values.env': '# renovate: datasource=helm depName=cilium registryUrl=https://helm.cilium.io\nCILIUM_VERSION=1.15.5\n',
  'scripts/tools.sh': '#!/bin/sh\n# renovate: datasource=pypi depName=ansible-core\nANSIBLE_VERSION=2.17.1\n',
  'Taskfile.yaml':
    'version: "3"\nvars:\n  # renovate: datasource=docker depName=registry.k8s.io/kustomize/kustomize extractVersion=^v(?<version>.+)$\n  KUSTOMIZE_VERSION: 5.4.1\n',
};

const CONFIG = {
  customManagers: [
    {
      customType: 'regex',
      description: 'annotated versions',
      managerFilePatterns: ['/\\.ya?ml$/', '/\\.env$/', '/\\.sh$/'],
      matchStrings: [
        '# renovate: datasource=(?<datasource>\\S+) depName=(?<depName>\\S+)( registryUrl=(?<registryUrl>\\S+))?( extractVersion=(?<extractVersion>\\S+))?\\n.+(:\\s|=)["\']?(?<currentValue>[^"\'\\s]+)["\']?',
      ],
      datasourceTemplate: '{{#if datasource}}{{{datasource}}}{{else}}github-releases{{/if}}',
    },
  ],
  packageRules: [
    { matchManagers: ['regex'], matchPackageNames: ['/siderolabs/'], groupName: 'talos' },
    { matchManagers: ['regex'], matchUpdateTypes: ['patch'], automerge: true },
  ],
};

const docker: Datasource = {
  id: 'docker',
  defaultVersioning: 'docker',
  getReleases: async ({ packageName }) => {
    const tags: Record<string, string[]> = {
      'ghcr.io/siderolabs/installer': ['v1.7.4', 'v1.7.5', 'v1.8.0-alpha.1'],
      'ghcr.io/siderolabs/kubelet': ['v1.30.1', 'v1.30.2', 'v1.31.0'],
      'registry.k8s.io/kustomize/kustomize': ['v5.4.1', 'v5.4.2', 'latest'],
    };
    const found = tags[packageName];
    return found ? { releases: found.map((version) => ({ version })) } : null;
  },
};
const helm: Datasource = {
  id: 'helm',
  defaultVersioning: 'helm',
  getReleases: async ({ packageName, registryUrl }) =>
    packageName === 'cilium' && registryUrl === 'https://helm.cilium.io/'
      ? { releases: [{ version: '1.15.5' }, { version: '1.15.6' }, { version: '1.16.0' }] }
      : null,
};

let dir: string;
let result: LocalRunResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upkeep-custom-run-'));
  for (const [path, content] of Object.entries({ ...FILES, 'renovate.json': JSON.stringify(CONFIG, null, 2) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  result = await runLocal(
    dir,
    { hostRules: [], registryAliases: {} },
    { baseBranch: 'main', clock: createClock(new Date('2026-06-01T00:00:00Z')), datasourceFor: (id) => ({ docker, helm })[id] },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runLocal on a repository with custom managers', () => {
  it('reads the config without errors and lists every annotated dep (a datasource Upkeep lacks as skipped)', () => {
    expect(result.report.configErrors).toBeUndefined();
    expect(result.report.deps.map((d) => [d.file, d.manager, d.datasource, d.depName, d.currentValue, d.status.kind])).toEqual([
      ['Taskfile.yaml', 'regex', 'docker', 'registry.k8s.io/kustomize/kustomize', '5.4.1', expect.any(String)],
      ['bootstrap/helmfile-values.env', 'regex', 'helm', 'cilium', '1.15.5', expect.any(String)],
      ['scripts/tools.sh', 'regex', 'pypi', 'ansible-core', '2.17.1', 'skipped'],
      ['talos/talconfig.yaml', 'regex', 'docker', 'ghcr.io/siderolabs/installer', 'v1.7.4', expect.any(String)],
      ['talos/talconfig.yaml', 'regex', 'docker', 'ghcr.io/siderolabs/kubelet', 'v1.30.1', expect.any(String)],
    ]);
  });

  it('plans the updates: extractVersion compares v5.4.2 as 5.4.2, rules match the regex manager, groups and automerge apply', () => {
    const updates = result.report.branches.flatMap((b) =>
      b.updates.map((u) => `${b.branchName} ${u.depName} ${u.currentValue} → ${u.newValue} ${u.updateType}${b.automerge ? ' automerge' : ''}`),
    );
    expect(updates.sort()).toEqual(
      [
        'upkeep/cilium-1.x cilium 1.15.5 → 1.16.0 minor',
        'upkeep/talos ghcr.io/siderolabs/installer v1.7.4 → v1.7.5 patch',
        'upkeep/talos ghcr.io/siderolabs/kubelet v1.30.1 → v1.31.0 minor',
        'upkeep/registry.k8s.io-kustomize-kustomize-5.x registry.k8s.io/kustomize/kustomize 5.4.1 → 5.4.2 patch automerge',
      ].sort(),
    );
  });

  it('writes each planned update into its file and reads it back with the same custom manager; nothing else changes', () => {
    for (const analysis of result.analysis!.deps) {
      for (const { dep, update } of analysis.upgrades) {
        const content = readFileSync(join(dir, dep.file), 'utf8');
        const next = applyCustomUpdate(content, dep, { newValue: update.newValue, newVersion: update.newVersion });
        const again = extractWithDefinition(dep.location.custom!.definition, createPackageFile(dep.file, next)).deps;
        expect(again.find((d) => d.depName === dep.depName)?.currentValue).toBe(update.newValue);
        expect(next.replace(update.newValue, dep.currentValue!)).toBe(content);
      }
    }
  });

  it('the write stage (publish/branch-files) writes the talos group branch', async () => {
    const talos = result.analysis!.deps.flatMap((d) => d.upgrades).filter((u) => u.dep.file === 'talos/talconfig.yaml');
    const files = await branchFiles(talos, async (path) => readFileSync(join(dir, path), 'utf8'));
    expect(files.get('talos/talconfig.yaml')).toBe(FILES['talos/talconfig.yaml']!.replace('v1.7.4', 'v1.7.5').replace('v1.30.1', 'v1.31.0'));
  });

  it('a rule with matchManagers: ["custom.regex"] matches custom-manager deps', async () => {
    writeFileSync(join(dir, 'renovate.json'), JSON.stringify({ ...CONFIG, packageRules: [{ matchManagers: ['custom.regex'], enabled: false }] }));
    try {
      const again = await runLocal(dir, { hostRules: [], registryAliases: {} }, { baseBranch: 'main', datasourceFor: (id) => ({ docker, helm })[id] });
      expect(again.report.branches).toEqual([]);
    } finally {
      writeFileSync(join(dir, 'renovate.json'), JSON.stringify(CONFIG, null, 2));
    }
  });
});
