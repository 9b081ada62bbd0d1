/**
 * Tool versions pinned through setup actions' inputs (depType `uses-with`), as Renovate 44's
 * github-actions manager lists them: found with the tool's datasource and package, only the value
 * rewritten by an update; unpinned, expressions and datasources Upkeep lacks are listed as skipped.
 */
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../src/edit/apply-update.js';
import { giteaActionsManager, githubActionsManager } from '../../../src/managers/github-actions.js';
import { createPackageFile } from '../../../src/managers/package-file.js';
import type { Manager } from '../../../src/managers/types.js';

const CI = `name: ci
on:
  pull_request:
jobs:
  lint:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0
        with:
          python-version: "3.12" # yamllint wants it
          cache: pip
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - uses: actions/setup-go@v5
        with: { go-version: '1.22', check-latest: true }
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_version: 1.8.0
      - uses: azure/setup-helm@v4
        with:
          version: v3.14.0
      - uses: helm/kind-action@v1
        with:
          version: v0.22.0
          cluster_name: ci
      - uses: docker/setup-buildx-action@v3
        with:
          install: true
      - uses: docker/setup-buildx-action@v3
      - uses: actions/setup-node@v4
        with:
          node-version: \${{ matrix.node }}
      - uses: pnpm/action-setup@v4
        with:
          version: 9.0.0
      - uses: renovatebot/github-action@v40
        with:
          renovate-version: 37.0.0
`;

function toolDeps(content: string, path = '.github/workflows/ci.yaml', manager: Manager = githubActionsManager) {
  return manager.extractFile(createPackageFile(path, content), {}).deps.filter((d) => d.depType === 'uses-with');
}

describe('setup actions: tool versions in with:', () => {
  it('lists each pinned tool with its datasource, as Renovate does; unpinned, expressions and missing datasources skipped', () => {
    const deps = toolDeps(CI);
    expect(deps.map((d) => [d.line, d.depName, d.packageName, d.datasource, d.currentValue ?? null, d.skipReason ?? null])).toEqual([
      [11, 'python', 'actions/python-versions', 'github-releases', '3.12', null],
      [15, 'node', 'actions/node-versions', 'github-releases', '20', null],
      [17, 'go', 'actions/go-versions', 'github-releases', '1.22', null],
      [20, 'terraform', 'hashicorp/terraform', 'github-releases', '1.8.0', null],
      [23, 'helm', 'helm/helm', 'github-releases', 'v3.14.0', null],
      [26, 'kubernetes-sigs/kind', 'kubernetes-sigs/kind', 'github-releases', 'v0.22.0', null],
      // with: without the version input: the action picks a version, nothing is pinned.
      [30, 'buildx', 'docker/buildx', 'github-releases', null, 'unspecified-version'],
      [34, 'node', 'actions/node-versions', 'github-releases', '${{ matrix.node }}', 'contains-variable'],
      [37, 'pnpm', 'pnpm', 'npm', '9.0.0', 'unsupported-datasource'],
      [40, 'ghcr.io/renovatebot/renovate', 'ghcr.io/renovatebot/renovate', 'docker', '37.0.0', null],
    ]);
    const python = deps[0]!;
    // actions/python-versions tags releases `3.12.4-9876543210`: the version is read out of the tag.
    expect(python).toMatchObject({ versioning: 'npm', extractVersion: '^(?<version>\\d+\\.\\d+\\.\\d+)(-\\d+)?$' });
  });

  it('an update rewrites only the value, quoted or plain, in block and flow maps; re-extracting finds the new value', () => {
    const deps = toolDeps(CI);
    const cases: Array<[string, string, string]> = [
      ['python', '3.13', 'python-version: "3.13" # yamllint wants it'],
      ['node', '22', 'node-version: 22\n'],
      ['go', '1.23', "with: { go-version: '1.23', check-latest: true }"],
      ['helm', 'v3.15.2', 'version: v3.15.2\n'],
    ];
    for (const [name, newValue, expected] of cases) {
      const dep = deps.find((d) => d.depName === name && !d.skipReason)!;
      const out = applyUpdate(CI, dep, { newValue });
      expect(out).toContain(expected);
      // Nothing else moved: the old value's line is the only difference.
      expect(out.split('\n').filter((l, i) => l !== CI.split('\n')[i])).toHaveLength(1);
      expect(toolDeps(out).find((d) => d.line === dep.line)?.currentValue).toBe(newValue);
    }
  });

  it('reads the same inputs in Gitea and Forgejo workflows and in composite actions', () => {
    const forgejo = `on: push\njobs:\n  build:\n    runs-on: docker\n    steps:\n      - uses: https://code.forgejo.org/actions/setup-go@v5\n        with:\n          go-version: 1.22.5\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.11'\n`;
    expect(toolDeps(forgejo, '.forgejo/workflows/build.yaml', giteaActionsManager).map((d) => [d.depName, d.currentValue])).toEqual([['python', '3.11']]);
    const composite = `name: setup\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n      with:\n        node-version: 22.4.0\n`;
    expect(toolDeps(composite, '.github/actions/setup/action.yml').map((d) => [d.depName, d.currentValue])).toEqual([['node', '22.4.0']]);
  });
});
