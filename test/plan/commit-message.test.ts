/**
 * Names, commit messages and titles against what Renovate produces for the same updates (its defaults
 * per datasource and update type), with `branchPrefix: "renovate/"` so Upkeep adopts Renovate's branches.
 */
import { describe, expect, it } from 'vitest';
import { planBranches } from '../../src/plan/plan-branches.js';
import { DIGEST_A, DIGEST_B, DIGEST_C, RENOVATE, upgrade, type UpgradeSpec } from './upgrades.js';

const one = (spec: UpgradeSpec, options?: Parameters<typeof planBranches>[1]) => {
  const branches = planBranches([upgrade({ ...spec, config: { ...RENOVATE, ...spec.config } })], options);
  expect(branches).toHaveLength(1);
  const [b] = branches;
  return { branchName: b!.branchName, title: b!.title, commitMessage: b!.commitMessage };
};

describe('single updates: the names and titles Renovate gives them', () => {
  it.each<[string, UpgradeSpec, string, string]>([
    [
      'docker patch',
      { depName: 'gitea/gitea', currentValue: '1.25.4', updateType: 'patch', newValue: '1.25.5' },
      'renovate/gitea-gitea-1.x',
      'Update gitea/gitea Docker tag to v1.25.5',
    ],
    [
      'docker minor',
      { depName: 'nginx', currentValue: '1.25.3', updateType: 'minor', newValue: '1.26.0' },
      'renovate/nginx-1.x',
      'Update nginx Docker tag to v1.26.0',
    ],
    [
      'docker major',
      { depName: 'nginx', currentValue: '1.25.3', updateType: 'major', newValue: '2.0.0' },
      'renovate/nginx-2.x',
      'Update nginx Docker tag to v2',
    ],
    [
      'suffix not shown',
      { depName: 'node', currentValue: '18.18.2-alpine', updateType: 'minor', newValue: '18.19.0-alpine' },
      'renovate/node-18.x',
      'Update node Docker tag to v18.19.0',
    ],
    [
      'v-prefixed tag',
      { depName: 'ghcr.io/fluxcd/flux-cli', currentValue: 'v2.1.0', updateType: 'minor', newValue: 'v2.2.0' },
      'renovate/ghcr.io-fluxcd-flux-cli-2.x',
      'Update ghcr.io/fluxcd/flux-cli Docker tag to v2.2.0',
    ],
    [
      'registry with port',
      { depName: 'registry.local:5000/team/app', currentValue: '1.0.0', updateType: 'minor', newValue: '1.1.0' },
      'renovate/registry.local-5000-team-app-1.x',
      'Update registry.local:5000/team/app Docker tag to v1.1.0',
    ],
    [
      'docker.io library',
      { depName: 'docker.io/library/postgres', currentValue: '16.1', updateType: 'minor', newValue: '16.2' },
      'renovate/docker.io-library-postgres-16.x',
      'Update docker.io/library/postgres Docker tag to v16.2',
    ],
    [
      'calendar versions',
      { depName: 'ghcr.io/home-assistant/home-assistant', currentValue: '2024.1.5', updateType: 'patch', newValue: '2024.1.6' },
      'renovate/ghcr.io-home-assistant-home-assistant-2024.x',
      'Update ghcr.io/home-assistant/home-assistant Docker tag to v2024.1.6',
    ],
    [
      'digest',
      { depName: 'nginx', currentValue: '1.25', currentDigest: DIGEST_A, updateType: 'digest', newValue: '1.25', newDigest: DIGEST_B },
      'renovate/nginx-1.25',
      'Update nginx:1.25 Docker digest to 5c1d2a3',
    ],
    [
      'digest of latest',
      {
        depName: 'ghcr.io/org/tool',
        currentValue: 'latest',
        currentDigest: DIGEST_A,
        updateType: 'digest',
        newValue: 'latest',
        newVersion: 'latest',
        newDigest: DIGEST_B,
        newMajor: null,
        newMinor: null,
        newPatch: null,
      },
      'renovate/ghcr.io-org-tool-latest',
      'Update ghcr.io/org/tool:latest Docker digest to 5c1d2a3',
    ],
    [
      'OCI chart (a docker dep, as in Renovate)',
      {
        depName: 'podinfo',
        manager: 'flux',
        depType: 'HelmRelease',
        packageName: 'ghcr.io/stefanprodan/charts/podinfo',
        currentValue: '6.5.3',
        updateType: 'patch',
        newValue: '6.5.4',
      },
      'renovate/podinfo-6.x',
      'Update podinfo Docker tag to v6.5.4',
    ],
    [
      'digest without tag',
      {
        depName: 'nginx',
        currentDigest: DIGEST_A,
        updateType: 'digest',
        newValue: '',
        newVersion: '',
        newDigest: DIGEST_B,
        newMajor: null,
        newMinor: null,
        newPatch: null,
      },
      'renovate/nginx',
      'Update nginx Docker digest to 5c1d2a3',
    ],
    [
      'pin digest',
      { depName: 'nginx', currentValue: '1.25', updateType: 'pinDigest', newValue: '1.25', newDigest: DIGEST_B },
      'renovate/pin-dependencies',
      'Pin nginx Docker tag to 5c1d2a3',
    ],
    [
      'helm minor',
      { depName: 'cert-manager', datasource: 'helm', currentValue: 'v1.13.3', updateType: 'minor', newValue: 'v1.14.0' },
      'renovate/cert-manager-1.x',
      'Update Helm release cert-manager to v1.14.0',
    ],
    [
      'helm major',
      { depName: 'kube-prometheus-stack', datasource: 'helm', currentValue: '55.5.0', updateType: 'major', newValue: '56.0.0' },
      'renovate/kube-prometheus-stack-56.x',
      'Update Helm release kube-prometheus-stack to v56',
    ],
    [
      'helm 0.x',
      { depName: 'flux-operator', datasource: 'helm', currentValue: '0.9.0', updateType: 'minor', newValue: '0.10.0' },
      'renovate/flux-operator-0.x',
      'Update Helm release flux-operator to v0.10.0',
    ],
    [
      'action',
      {
        depName: 'actions/checkout',
        manager: 'github-actions',
        datasource: 'github-tags',
        depType: 'action',
        currentValue: 'v3',
        updateType: 'major',
        newValue: 'v4',
        newVersion: '4',
      },
      'renovate/actions-checkout-4.x',
      'Update actions/checkout action to v4',
    ],
    [
      'action digest',
      {
        depName: 'actions/checkout',
        manager: 'github-actions',
        datasource: 'github-tags',
        depType: 'action',
        currentValue: 'v4.1.1',
        currentDigest: 'b4ffde65f46336ab88eb53be808477a3936bae11',
        updateType: 'digest',
        newValue: 'v4.1.1',
        newDigest: '5c1d2a3f46336ab88eb53be808477a3936bae11',
      },
      'renovate/actions-checkout-digest',
      'Update actions/checkout digest to 5c1d2a3',
    ],
    [
      'other datasource',
      { depName: 'go-gitea/gitea', datasource: 'gitea-tags', currentValue: 'v1.21.3', updateType: 'patch', newValue: 'v1.21.4' },
      'renovate/go-gitea-gitea-1.x',
      'Update dependency go-gitea/gitea to v1.21.4',
    ],
    [
      'helm range',
      {
        depName: 'podinfo',
        datasource: 'helm',
        currentValue: '>=6.0.0 <7.0.0',
        updateType: 'major',
        newValue: '>=7.0.0 <8.0.0',
        newVersion: '7.0.1',
        newMajor: 7,
      },
      'renovate/podinfo-7.x',
      'Update Helm release podinfo to v7',
    ],
    [
      'helm range minor',
      { depName: 'podinfo', datasource: 'helm', currentValue: '6.x', updateType: 'minor', newValue: '6.x || 7.x', newVersion: '7.0.1', newMajor: 7 },
      'renovate/podinfo-7.x',
      'Update Helm release podinfo to 6.x || 7.x',
    ],
  ])('%s', (_, spec, branchName, title) => {
    expect(one(spec)).toEqual({ branchName, title, commitMessage: title });
  });

  it("uses Upkeep's own prefix by default", () => {
    const [b] = planBranches([upgrade({ depName: 'nginx', currentValue: '1.25.3', updateType: 'minor', newValue: '1.26.0' })]);
    expect(b!.branchName).toBe('upkeep/nginx-1.x');
  });

  it('separateMinorPatch puts the minor version in a patch branch name', () => {
    const spec: UpgradeSpec = { depName: 'nginx', currentValue: '1.25.3', updateType: 'patch', newValue: '1.25.4', config: { separateMinorPatch: true } };
    expect(one(spec).branchName).toBe('renovate/nginx-1.25.x');
    expect(one({ ...spec, updateType: 'minor', newValue: '1.26.0' }).branchName).toBe('renovate/nginx-1.x');
  });

  it('additionalBranchPrefix and branchTopic are templates', () => {
    const spec: UpgradeSpec = {
      depName: 'nginx',
      file: 'clusters/home/apps/web/deployment.yaml',
      currentValue: '1.25.3',
      updateType: 'minor',
      newValue: '1.26.0',
    };
    expect(one({ ...spec, config: { additionalBranchPrefix: '{{parentDir}}-' } }).branchName).toBe('renovate/web-nginx-1.x');
    expect(one({ ...spec, config: { branchTopic: '{{{depNameSanitized}}}-{{{newValue}}}' } }).branchName).toBe('renovate/nginx-1.26.0');
    expect(one({ ...spec, config: { branchPrefix: 'deps/', additionalBranchPrefix: '{{manager}}/' } }).branchName).toBe('deps/kubernetes/nginx-1.x');
  });
});

describe('message options', () => {
  const nginx: UpgradeSpec = { depName: 'nginx', currentValue: '1.25.3', updateType: 'minor', newValue: '1.26.0' };

  it("the corpus' topic and extra templates (Renovate's usual fields and helpers)", () => {
    const templated = (commitMessageTopic: string, commitMessageExtra: string, spec: Partial<UpgradeSpec> = {}) =>
      one({ ...nginx, ...spec, config: { commitMessageTopic, commitMessageExtra, ...spec.config } }).title;
    expect(templated('image {{depName}}', '( {{currentVersion}} → {{newVersion}} )')).toBe('Update image nginx ( 1.25.3 → 1.26.0 )');
    expect(
      templated('{{depName}}', '({{currentVersion}} ➔ {{newVersion}})', { config: { semanticCommits: 'enabled', semanticCommitScope: 'container' } }),
    ).toBe('chore(container): update nginx (1.25.3 ➔ 1.26.0)');
    expect(templated('chart {{depName}}', "to {{{replace '^v' '' newValue}}}", { datasource: 'helm', depName: 'cilium', newValue: 'v1.16.0' })).toBe(
      'Update chart cilium to 1.16.0',
    );
    expect(
      templated('image {{depName}}', '( {{currentDigestShort}} → {{newDigestShort}} )', {
        currentValue: '1.25',
        currentDigest: DIGEST_A,
        updateType: 'digest',
        newValue: '1.25',
        newDigest: DIGEST_B,
      }),
    ).toBe('Update image nginx ( 0a1b2c3 → 5c1d2a3 )');
    expect(templated('{{#if isMajor}}major {{/if}}{{{depName}}}', 'to {{{newMajor}}}', { updateType: 'major', newValue: '2.0.0' })).toBe(
      'Update major nginx to 2',
    );
  });

  it('overrideDepName: the name in the branch, title and message (templates of the dep as extracted); the file keeps its reference', () => {
    const helmfile: UpgradeSpec = {
      depName: 'cilium',
      packageName: 'ghcr.io/home-operations/charts/cilium',
      currentValue: '1.15.0',
      updateType: 'minor',
      newValue: '1.16.0',
    };
    expect(one({ ...helmfile, config: { overrideDepName: '{{packageName}}' } })).toEqual({
      branchName: 'renovate/ghcr.io-home-operations-charts-cilium-1.x',
      title: 'Update ghcr.io/home-operations/charts/cilium Docker tag to v1.16.0',
      commitMessage: 'Update ghcr.io/home-operations/charts/cilium Docker tag to v1.16.0',
    });
    const [b] = planBranches([upgrade({ ...helmfile, config: { overrideDepName: 'cilium-chart' } })]);
    expect(b!.upgrades[0]!.dep.depName).toBe('cilium');
    expect(b!.prBody).toContain('| cilium-chart | minor |');
  });

  it('overridePackageName: the package name templates and the commit body table show (after overrideDepName)', () => {
    const talos: UpgradeSpec = {
      depName: 'factory.talos.dev/installer/abc',
      currentValue: 'v1.7.0',
      updateType: 'minor',
      newValue: 'v1.8.0',
      newVersion: 'v1.8.0',
    };
    const r = one({
      ...talos,
      config: {
        overrideDepName: 'talos',
        overridePackageName: 'ghcr.io/siderolabs/{{depName}}',
        commitMessageTopic: '{{{packageName}}}',
        commitBodyTable: true,
      },
    });
    expect(r.title).toBe('Update ghcr.io/siderolabs/talos to v1.8.0');
    expect(r.commitMessage.split('\n').slice(2)).toEqual([
      '| datasource | package                  | from   | to     |',
      '| ---------- | ------------------------ | ------ | ------ |',
      '| docker     | ghcr.io/siderolabs/talos | v1.7.0 | v1.8.0 |',
      '',
    ]);
  });

  it('semanticCommits enabled: type(scope): prefix, first line lowercased', () => {
    expect(one({ ...nginx, config: { semanticCommits: 'enabled' } }).title).toBe('chore(deps): update nginx docker tag to v1.26.0');
    expect(one({ ...nginx, config: { semanticCommits: 'enabled', semanticCommitScope: null } }).title).toBe('chore: update nginx docker tag to v1.26.0');
    expect(one({ ...nginx, config: { semanticCommits: 'enabled', semanticCommitType: 'fix', semanticCommitScope: '{{parentDir}}' } }).title).toBe(
      'fix(web): update nginx docker tag to v1.26.0',
    );
    // A type with capitals keeps the message's case, as Renovate does.
    expect(one({ ...nginx, config: { semanticCommits: 'enabled', semanticCommitType: 'Chore' } }).title).toBe(
      'Chore(deps): Update nginx Docker tag to v1.26.0',
    );
  });

  it('semanticCommits auto follows what the caller found in the history; disabled never', () => {
    expect(one(nginx).title).toBe('Update nginx Docker tag to v1.26.0');
    expect(one(nginx, { semanticCommits: true }).title).toBe('chore(deps): update nginx docker tag to v1.26.0');
    expect(one({ ...nginx, config: { semanticCommits: 'disabled' } }, { semanticCommits: true }).title).toBe('Update nginx Docker tag to v1.26.0');
  });

  it('commitMessagePrefix wins over the semantic prefix; action, topic, extra and suffix are templates', () => {
    expect(one({ ...nginx, config: { semanticCommits: 'enabled', commitMessagePrefix: '[deps]' } }).title).toBe('[deps] Update nginx Docker tag to v1.26.0');
    const custom = one({
      ...nginx,
      config: {
        commitMessageAction: 'Bump',
        commitMessageTopic: 'image {{depName}}',
        commitMessageExtra: 'from {{currentValue}} to {{newValue}}',
        commitMessageSuffix: '[skip ci]',
      },
    });
    expect(custom).toEqual({
      branchName: 'renovate/nginx-1.x',
      title: 'Bump image nginx from 1.25.3 to 1.26.0 [skip ci]',
      commitMessage: 'Bump image nginx from 1.25.3 to 1.26.0 [skip ci]',
    });
  });

  it('prTitle sets the title only; collapsed whitespace; lowercased with semantic commits', () => {
    const r = one({ ...nginx, config: { prTitle: 'Bump  {{{depName}}}\n to {{{newValue}}}' } });
    expect(r).toEqual({ branchName: 'renovate/nginx-1.x', title: 'Bump nginx to 1.26.0', commitMessage: 'Update nginx Docker tag to v1.26.0' });
    expect(one({ ...nginx, config: { prTitle: 'Bump {{{depName}}} to {{{newValue}}}', semanticCommits: 'enabled' } }).title).toBe('bump nginx to 1.26.0');
  });

  it('a topic that is itself a template of templates renders (three passes, as Renovate)', () => {
    expect(one({ ...nginx, config: { commitMessageTopic: '{{{commitMessageSuffix}}}', commitMessageSuffix: '{{{depName}}} image' } }).title).toBe(
      'Update nginx image to v1.26.0 nginx image',
    );
  });

  it('"to vv1" is written "to v1"', () => {
    expect(one({ ...nginx, config: { commitMessageExtra: 'to v{{{newValue}}}' }, newValue: 'v1.26.0' }).title).toBe('Update nginx Docker tag to v1.26.0');
  });

  it('several base branches: the base branch in the name and the title', () => {
    const r = one({ ...nginx, baseBranch: 'production' }, { baseBranches: ['main', 'production'] });
    expect(r).toEqual({
      branchName: 'renovate/production-nginx-1.x',
      title: 'Update nginx Docker tag to v1.26.0 (production)',
      commitMessage: 'Update nginx Docker tag to v1.26.0',
    });
    const both = planBranches([upgrade({ ...nginx, config: RENOVATE }), upgrade({ ...nginx, config: RENOVATE, baseBranch: 'flux' })]);
    expect(both.map((b) => [b.baseBranch, b.branchName, b.title])).toEqual([
      ['flux', 'renovate/flux-nginx-1.x', 'Update nginx Docker tag to v1.26.0 (flux)'],
      ['main', 'renovate/main-nginx-1.x', 'Update nginx Docker tag to v1.26.0 (main)'],
    ]);
  });
});

describe('one dep in several places', () => {
  it('the same update in two files is one branch with the single-update title', () => {
    const spec: UpgradeSpec = { depName: 'nginx', currentValue: '1.25.3', updateType: 'minor', newValue: '1.26.0', config: RENOVATE };
    const branches = planBranches([upgrade({ ...spec, file: 'b.yaml' }), upgrade({ ...spec, file: 'a.yaml' })]);
    expect(branches.map((b) => [b.branchName, b.title, b.upgrades.map((u) => u.dep.file)])).toEqual([
      ['renovate/nginx-1.x', 'Update nginx Docker tag to v1.26.0', ['a.yaml', 'b.yaml']],
    ]);
  });

  it('a pinned tag update carries its digest: the same reference’s digest update in that branch is dropped', () => {
    const base: UpgradeSpec = {
      depName: 'nginx',
      currentValue: '1.25.3',
      currentDigest: DIGEST_A,
      updateType: 'patch',
      newValue: '1.25.4',
      newDigest: DIGEST_C,
    };
    const rule = { ...RENOVATE, groupName: 'nginx' };
    const branches = planBranches([
      upgrade({ ...base, updateType: 'digest', newValue: '1.25.3', newDigest: DIGEST_B, config: rule }),
      upgrade({ ...base, config: rule }),
    ]);
    expect(branches.map((b) => [b.branchName, b.title, b.upgrades.map((u) => u.update.updateType)])).toEqual([
      ['renovate/nginx', 'Update nginx Docker tag to v1.25.4', ['patch']],
    ]);
  });
});
