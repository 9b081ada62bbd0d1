/**
 * A homelab Flux repository's updates, planned end to end: an nginx digest, patches grouped into one
 * branch (`all-patch`, automerged as a branch), a cert-manager chart minor, and postgres minor + major kept
 * apart. Then groups, pins, labels, automerge and determinism.
 */
import { describe, expect, it } from 'vitest';
import type { EffectiveOptions } from '../../src/config/schema.js';
import { planBranches } from '../../src/plan/plan-branches.js';
import type { Upgrade } from '../../src/plan/types.js';
import { DIGEST_A, DIGEST_B, DIGEST_C, RENOVATE, upgrade, type UpgradeSpec } from './upgrades.js';

/** What resolve-dep gives these deps under the repository's rules. */
const labels = { labels: ['dependencies'] };
const patchGroup: Partial<EffectiveOptions> = {
  ...labels,
  groupName: 'all patch dependencies',
  groupSlug: 'all-patch',
  automerge: true,
  automergeType: 'branch',
};
const digestRule: Partial<EffectiveOptions> = { ...labels, automerge: true, automergeType: 'branch' };

function homelab(): Upgrade[] {
  return [
    upgrade({
      depName: 'nginx',
      file: 'apps/default/echo/helmrelease.yaml',
      line: 31,
      depType: 'HelmRelease',
      currentValue: '1.25',
      currentDigest: DIGEST_A,
      updateType: 'digest',
      newValue: '1.25',
      newDigest: DIGEST_B,
      config: digestRule,
    }),
    upgrade({
      depName: 'nginx',
      file: 'apps/default/web/deployment.yaml',
      line: 19,
      depType: 'Deployment',
      currentValue: '1.25.3',
      updateType: 'patch',
      newValue: '1.25.4',
      sourceUrl: 'https://github.com/nginxinc/docker-nginx',
      config: patchGroup,
    }),
    upgrade({
      depName: 'gitea/gitea',
      file: 'apps/dev/gitea/helmrelease.yaml',
      line: 44,
      depType: 'HelmRelease',
      currentValue: '1.21.3',
      updateType: 'patch',
      newValue: '1.21.4',
      sourceUrl: 'https://github.com/go-gitea/gitea.git',
      config: patchGroup,
    }),
    upgrade({
      depName: 'ghcr.io/home-assistant/home-assistant',
      file: 'apps/home/home-assistant/helmrelease.yaml',
      line: 27,
      depType: 'HelmRelease',
      currentValue: '2024.1.5',
      updateType: 'patch',
      newValue: '2024.1.6',
      sourceUrl: 'https://github.com/home-assistant/core',
      config: patchGroup,
    }),
    upgrade({
      depName: 'cert-manager',
      datasource: 'helm',
      manager: 'flux',
      file: 'infrastructure/controllers/cert-manager.yaml',
      line: 22,
      depType: 'HelmRelease',
      currentValue: 'v1.13.3',
      updateType: 'minor',
      newValue: 'v1.14.0',
      sourceUrl: 'https://github.com/cert-manager/cert-manager/tree/master/deploy/charts/cert-manager',
      config: { ...labels, addLabels: ['helm'] },
    }),
    upgrade({
      depName: 'postgres',
      file: 'apps/default/db/statefulset.yaml',
      line: 23,
      depType: 'StatefulSet',
      currentValue: '15.5',
      updateType: 'minor',
      newValue: '15.6',
      config: labels,
    }),
    upgrade({
      depName: 'postgres',
      file: 'apps/default/db/statefulset.yaml',
      line: 23,
      depType: 'StatefulSet',
      currentValue: '15.5',
      updateType: 'major',
      newValue: '16.1',
      config: labels,
    }),
  ];
}

describe('the homelab repository', () => {
  const branches = planBranches(homelab());

  it('plans one branch per dep and update kind, patches grouped, the major apart', () => {
    expect(
      branches.map((b) => ({ name: b.branchName, title: b.title, automerge: b.automerge, type: b.automergeType, group: b.groupName, labels: b.labels })),
    ).toEqual([
      {
        name: 'upkeep/all-patch',
        title: 'Update all patch dependencies',
        automerge: true,
        type: 'branch',
        group: 'all patch dependencies',
        labels: ['dependencies'],
      },
      {
        name: 'upkeep/cert-manager-1.x',
        title: 'Update Helm release cert-manager to v1.14.0',
        automerge: false,
        type: 'pr',
        group: undefined,
        labels: ['dependencies', 'helm'],
      },
      {
        name: 'upkeep/nginx-1.25',
        title: 'Update nginx:1.25 Docker digest to 5c1d2a3',
        automerge: true,
        type: 'branch',
        group: undefined,
        labels: ['dependencies'],
      },
      { name: 'upkeep/postgres-15.x', title: 'Update postgres Docker tag to v15.6', automerge: false, type: 'pr', group: undefined, labels: ['dependencies'] },
      { name: 'upkeep/postgres-16.x', title: 'Update postgres Docker tag to v16', automerge: false, type: 'pr', group: undefined, labels: ['dependencies'] },
    ]);
    expect(branches.every((b) => b.due && b.pendingReason === undefined && b.commitMessage === b.title && b.baseBranch === 'main')).toBe(true);
    expect(branches[0]!.upgrades.map((u) => u.dep.depName)).toEqual(['ghcr.io/home-assistant/home-assistant', 'gitea/gitea', 'nginx']);
  });

  it('writes the group PR body', () => {
    expect(branches[0]!.prBody).toBe(
      [
        'This PR contains the following updates:',
        '',
        '| Package | Type | Update | Change | File |',
        '|---|---|---|---|---|',
        '| [ghcr.io/home-assistant/home-assistant](https://github.com/home-assistant/core) ([release notes](https://github.com/home-assistant/core/releases?q=2024.1.6&expanded=true)) | HelmRelease | patch | `2024.1.5` → `2024.1.6` | `apps/home/home-assistant/helmrelease.yaml` |',
        '| [gitea/gitea](https://github.com/go-gitea/gitea.git) ([release notes](https://github.com/go-gitea/gitea/releases?q=1.21.4&expanded=true)) | HelmRelease | patch | `1.21.3` → `1.21.4` | `apps/dev/gitea/helmrelease.yaml` |',
        '| [nginx](https://github.com/nginxinc/docker-nginx) ([release notes](https://github.com/nginxinc/docker-nginx/releases?q=1.25.4&expanded=true)) | Deployment | patch | `1.25.3` → `1.25.4` | `apps/default/web/deployment.yaml` |',
        '',
        '**Automerge**: on. Upkeep merges the branch into `main` once its checks pass, without needing this PR.',
        '',
        '**Files touched**:',
        '- `apps/default/web/deployment.yaml`',
        '- `apps/dev/gitea/helmrelease.yaml`',
        '- `apps/home/home-assistant/helmrelease.yaml`',
        '',
      ].join('\n'),
    );
  });

  it('writes the chart and digest PR bodies', () => {
    expect(branches[1]!.prBody).toBe(
      [
        'This PR contains the following updates:',
        '',
        '| Package | Type | Update | Change | File |',
        '|---|---|---|---|---|',
        '| [cert-manager](https://github.com/cert-manager/cert-manager/tree/master/deploy/charts/cert-manager) ([release notes](https://github.com/cert-manager/cert-manager/releases?q=1.14.0&expanded=true)) | HelmRelease | minor | `v1.13.3` → `v1.14.0` | `infrastructure/controllers/cert-manager.yaml` |',
        '',
        '**Automerge**: off. Merge this PR yourself when you are happy with it.',
        '',
        '**Files touched**:',
        '- `infrastructure/controllers/cert-manager.yaml`',
        '',
      ].join('\n'),
    );
    expect(branches[2]!.prBody.split('\n').slice(2, 5)).toEqual([
      '| Package | Type | Update | Change | File |',
      '|---|---|---|---|---|',
      '| nginx | HelmRelease | digest | `1.25@sha256:0a1b2c3…` → `1.25@sha256:5c1d2a3…` | `apps/default/echo/helmrelease.yaml` |',
    ]);
  });

  it('gives byte-identical output for the same upgrades in any order', () => {
    const expected = JSON.stringify(branches);
    const list = homelab();
    for (const order of [[...list].reverse(), [3, 0, 6, 1, 5, 2, 4].map((i) => list[i]!), [...list.slice(4), ...list.slice(0, 4)]]) {
      expect(JSON.stringify(planBranches(order))).toBe(expected);
    }
  });

  it("with Renovate's prefix, names equal Renovate's", () => {
    const renovate = planBranches(homelab().map((u) => ({ ...u, config: { ...u.config, ...RENOVATE } })));
    expect(renovate.map((b) => b.branchName)).toEqual([
      'renovate/all-patch',
      'renovate/cert-manager-1.x',
      'renovate/nginx-1.25',
      'renovate/postgres-15.x',
      'renovate/postgres-16.x',
    ]);
  });
});

describe('groups', () => {
  const flux = (spec: Partial<UpgradeSpec> & Pick<UpgradeSpec, 'depName' | 'newValue' | 'updateType'>, config: Partial<EffectiveOptions> = {}): Upgrade =>
    upgrade({ currentValue: 'v1.2.0', ...spec, config: { ...RENOVATE, groupName: 'Flux apps', ...config } });
  const names = (branches: ReturnType<typeof planBranches>) => branches.map((b) => [b.branchName, b.title, b.commitMessage]);

  it('majors stay apart ("major-" slug, " (major)" title); a group of one dep reads like a single update', () => {
    const branches = planBranches([
      flux({ depName: 'ghcr.io/fluxcd/source-controller', updateType: 'minor', newValue: 'v1.3.0' }),
      flux({ depName: 'ghcr.io/fluxcd/kustomize-controller', updateType: 'patch', newValue: 'v1.2.1' }),
      flux({ depName: 'ghcr.io/fluxcd/helm-controller', updateType: 'major', newValue: 'v2.0.0' }),
      flux({ depName: 'ghcr.io/fluxcd/notification-controller', updateType: 'major', newValue: 'v3.0.0' }),
    ]);
    expect(names(branches)).toEqual([
      ['renovate/flux-apps', 'Update Flux apps', 'Update Flux apps'],
      ['renovate/major-flux-apps', 'Update Flux apps (major)', 'Update Flux apps'],
    ]);
    const single = planBranches([flux({ depName: 'ghcr.io/fluxcd/helm-controller', updateType: 'major', newValue: 'v2.0.0' })]);
    expect(names(single)).toEqual([
      ['renovate/major-flux-apps', 'Update ghcr.io/fluxcd/helm-controller Docker tag to v2', 'Update ghcr.io/fluxcd/helm-controller Docker tag to v2'],
    ]);
  });

  it('keeps the version when every upgrade goes to the same one', () => {
    const branches = planBranches([
      flux(
        { depName: 'ghcr.io/controlplaneio-fluxcd/flux-operator', currentValue: 'v0.9.0', updateType: 'minor', newValue: 'v0.10.0' },
        { groupName: 'flux-operator' },
      ),
      upgrade({
        depName: 'flux-operator',
        datasource: 'helm',
        currentValue: '0.9.0',
        updateType: 'minor',
        newValue: '0.10.0',
        config: { ...RENOVATE, groupName: 'flux-operator' },
      }),
    ]);
    expect(names(branches)).toEqual([['renovate/flux-operator', 'Update flux-operator to v0.10.0', 'Update flux-operator to v0.10.0']]);
  });

  it('separateMultipleMajor: a branch per new major; the shared major stays in the title', () => {
    const branches = planBranches([
      flux({ depName: 'a', updateType: 'major', newValue: 'v2.0.0' }, { separateMultipleMajor: true }),
      flux({ depName: 'b', updateType: 'major', newValue: 'v3.0.0' }, { separateMultipleMajor: true }),
      flux({ depName: 'c', updateType: 'major', newValue: 'v3.1.0' }, { separateMultipleMajor: true }),
    ]);
    expect(names(branches)).toEqual([
      ['renovate/major-2-flux-apps', 'Update a Docker tag to v2', 'Update a Docker tag to v2'],
      // Both messages would say "to v3", so the version is kept (Renovate drops it only when they differ).
      ['renovate/major-3-flux-apps', 'Update Flux apps to v3 (major)', 'Update Flux apps to v3'],
    ]);
  });

  it('separateMinorPatch: patches in their own branch, titles say which', () => {
    const cfg = { separateMinorPatch: true };
    const branches = planBranches([
      flux({ depName: 'a', updateType: 'minor', newValue: 'v1.3.0' }, cfg),
      flux({ depName: 'b', updateType: 'minor', newValue: 'v1.4.0' }, cfg),
      flux({ depName: 'c', updateType: 'patch', newValue: 'v1.2.1' }, cfg),
      flux({ depName: 'd', updateType: 'patch', newValue: 'v1.2.2' }, cfg),
    ]);
    expect(names(branches)).toEqual([
      ['renovate/flux-apps', 'Update Flux apps (minor)', 'Update Flux apps'],
      ['renovate/patch-flux-apps', 'Update Flux apps (patch)', 'Update Flux apps'],
    ]);
  });

  it('separateMajorMinor false: majors join the group', () => {
    const branches = planBranches([
      flux({ depName: 'a', updateType: 'minor', newValue: 'v1.3.0' }, { separateMajorMinor: false }),
      flux({ depName: 'b', updateType: 'major', newValue: 'v2.0.0' }, { separateMajorMinor: false }),
    ]);
    expect(names(branches)).toEqual([['renovate/flux-apps', 'Update Flux apps', 'Update Flux apps']]);
  });

  it('groupName and groupSlug are templates; groupSlug names the branch', () => {
    const branches = planBranches([
      flux(
        { depName: 'a', file: 'apps/media/a.yaml', updateType: 'minor', newValue: 'v1.3.0' },
        { groupName: '{{parentDir}} images', groupSlug: '{{parentDir}}' },
      ),
      flux(
        { depName: 'b', file: 'apps/media/b.yaml', updateType: 'minor', newValue: 'v1.4.0' },
        { groupName: '{{parentDir}} images', groupSlug: '{{parentDir}}' },
      ),
    ]);
    expect(names(branches)).toEqual([['renovate/media', 'Update media images', 'Update media images']]);
    expect(branches[0]!.groupName).toBe('media images');
  });

  it('pins of several deps share "Pin dependencies"; image digests of a group drop the digest', () => {
    const pin = (depName: string, file: string): Upgrade =>
      upgrade({ depName, file, currentValue: '1.25', updateType: 'pinDigest', newValue: '1.25', newDigest: DIGEST_B, config: RENOVATE });
    expect(names(planBranches([pin('nginx', 'a.yaml'), pin('redis', 'b.yaml')]))).toEqual([
      ['renovate/pin-dependencies', 'Pin dependencies', 'Pin dependencies'],
    ]);
    const digest = (depName: string, newDigest: string): Upgrade =>
      upgrade({
        depName,
        currentValue: '1.25',
        currentDigest: DIGEST_A,
        updateType: 'digest',
        newValue: '1.25',
        newDigest,
        config: { ...RENOVATE, groupName: 'image digests' },
      });
    expect(names(planBranches([digest('nginx', DIGEST_B), digest('redis', DIGEST_C)]))).toEqual([
      ['renovate/image-digests', 'Update image digests', 'Update image digests'],
    ]);
  });

  it("the config's group settings name and word a group's branch; a group of one dep keeps the single-update message", () => {
    // The corpus' most common settings: `group: { commitMessageTopic: "{{{groupName}}} group" }` in a rule.
    const cfg = { group: { commitMessageTopic: '{{{groupName}}} group' } };
    const two = [flux({ depName: 'a', updateType: 'minor', newValue: 'v1.3.0' }, cfg), flux({ depName: 'b', updateType: 'minor', newValue: 'v1.4.0' }, cfg)];
    expect(names(planBranches(two))).toEqual([['renovate/flux-apps', 'Update Flux apps group', 'Update Flux apps group']]);
    const semantic = { ...cfg, semanticCommits: 'enabled' as const, semanticCommitType: 'feat', semanticCommitScope: 'container' };
    expect(names(planBranches(two.map((u) => ({ ...u, config: { ...u.config, ...semantic } }))))).toEqual([
      ['renovate/flux-apps', 'feat(container): update flux apps group', 'feat(container): update flux apps group'],
    ]);
    // Every option of `group`: the branch topic and the message parts (templates), prTitle for the title only.
    const all = {
      group: {
        branchTopic: 'gitops-{{{groupSlug}}}',
        commitMessageAction: 'Bump',
        commitMessageTopic: '{{{groupName}}} stack',
        commitMessageExtra: '({{{newValue}}})',
        commitMessageSuffix: '[group]',
        prTitle: 'Group: {{{groupName}}}',
      },
    };
    const same = [flux({ depName: 'a', updateType: 'minor', newValue: 'v1.3.0' }, all), flux({ depName: 'b', updateType: 'minor', newValue: 'v1.3.0' }, all)];
    expect(names(planBranches(same))).toEqual([['renovate/gitops-flux-apps', 'Group: Flux apps', 'Bump Flux apps stack (v1.3.0) [group]']]);
    // One dep, one version: group settings do not apply (Renovate), only the group's branch.
    expect(names(planBranches([flux({ depName: 'a', updateType: 'minor', newValue: 'v1.3.0' }, cfg)]))).toEqual([
      ['renovate/flux-apps', 'Update a Docker tag to v1.3.0', 'Update a Docker tag to v1.3.0'],
    ]);
  });

  it("the config's group settings win over Renovate's built-in ones for pins and digests", () => {
    const pin = (depName: string, file: string): Upgrade =>
      upgrade({
        depName,
        file,
        currentValue: '1.25',
        updateType: 'pinDigest',
        newValue: '1.25',
        newDigest: DIGEST_B,
        config: { ...RENOVATE, group: { commitMessageTopic: 'image digests' } },
      });
    expect(names(planBranches([pin('nginx', 'a.yaml'), pin('redis', 'b.yaml')]))).toEqual([
      ['renovate/pin-dependencies', 'Pin image digests', 'Pin image digests'],
    ]);
  });

  it('commitBodyTable: a table of the updates below the commit message; the title stays the first line', () => {
    const table = { commitBodyTable: true };
    const branches = planBranches([
      flux({ depName: 'ghcr.io/fluxcd/source-controller', currentValue: '1.2.0', updateType: 'minor', newValue: '1.3.0' }, table),
      flux({ depName: 'ghcr.io/fluxcd/kustomize-controller', currentValue: '1.2.0', updateType: 'minor', newValue: '1.3.1' }, table),
      // Renovate writes a row only for the updates whose config asks for one.
      flux({ depName: 'ghcr.io/fluxcd/helm-controller', currentValue: '1.2.0', updateType: 'minor', newValue: '1.4.0' }),
    ]);
    expect(branches[0]!.title).toBe('Update Flux apps');
    expect(branches[0]!.commitMessage).toBe(
      [
        'Update Flux apps',
        '',
        '| datasource | package                             | from  | to    |',
        '| ---------- | ----------------------------------- | ----- | ----- |',
        '| docker     | ghcr.io/fluxcd/kustomize-controller | 1.2.0 | 1.3.1 |',
        '| docker     | ghcr.io/fluxcd/source-controller    | 1.2.0 | 1.3.0 |',
        '',
      ].join('\n'),
    );
    const single = planBranches([upgrade({ depName: 'nginx', currentValue: '1.25.3', updateType: 'patch', newValue: '1.25.4', config: table })]);
    expect(single[0]!.commitMessage).toBe(
      'Update nginx Docker tag to v1.25.4\n\n| datasource | package | from   | to     |\n| ---------- | ------- | ------ | ------ |\n| docker     | nginx   | 1.25.3 | 1.25.4 |\n',
    );
  });

  it('semantic commits lowercase the group message; the (major) suffix is added after', () => {
    const cfg = { semanticCommits: 'enabled' as const };
    const branches = planBranches([
      flux({ depName: 'a', updateType: 'major', newValue: 'v2.0.0' }, cfg),
      flux({ depName: 'b', updateType: 'major', newValue: 'v3.0.0' }, cfg),
    ]);
    expect(names(branches)).toEqual([['renovate/major-flux-apps', 'chore(deps): update flux apps (major)', 'chore(deps): update flux apps']]);
  });
});

describe('branch settings from the upgrades', () => {
  const dep = (depName: string, config: Partial<EffectiveOptions>): Upgrade =>
    upgrade({ depName, manager: 'flux', currentValue: '1.0.0', updateType: 'minor', newValue: '1.1.0', config: { groupName: 'g', ...config } });

  it('labels and addLabels: union, templated, trimmed, sorted, without duplicates; assignees and reviewers the same', () => {
    const [b] = planBranches([
      dep('b', { labels: ['deps', ' {{manager}} '], addLabels: ['auto'], assignees: ['zoe', 'al'], reviewers: ['team:ops'] }),
      dep('a', { labels: ['deps', ''], addLabels: ['{{updateType}}'], assignees: ['al'], reviewers: ['bo'] }),
    ]);
    expect([b!.labels, b!.assignees, b!.reviewers]).toEqual([
      ['auto', 'deps', 'flux', 'minor'],
      ['al', 'zoe'],
      ['bo', 'team:ops'],
    ]);
  });

  it('automerges only when every upgrade does; type and strategy come from the first upgrade', () => {
    const on = { automerge: true, automergeType: 'pr' as const, automergeStrategy: 'squash' as const };
    const [mixed] = planBranches([dep('a', on), dep('b', { automerge: false })]);
    expect([mixed!.automerge, mixed!.automergeType, mixed!.automergeStrategy]).toEqual([false, 'pr', 'squash']);
    expect(mixed!.prBody).toContain('\n**Automerge**: off. Merge this PR yourself when you are happy with it.\n');
    const [all] = planBranches([dep('a', on), dep('b', on)]);
    expect(all!.automerge).toBe(true);
    expect(all!.prBody).toContain("\n**Automerge**: on. The forge's auto-merge is enabled: this PR is merged (squash) as soon as its required checks pass.\n");
  });

  it('says when automerge happens, and how without platform automerge', () => {
    const [b] = planBranches([
      dep('a', { automerge: true, platformAutomerge: false, automergeSchedule: ['before 4am on monday', 'every weekend'], timezone: 'Europe/Berlin' }),
    ]);
    expect(b!.prBody).toContain(
      '\n**Automerge**: on. Upkeep merges this PR once its checks pass. Merging happens only `before 4am on monday` or `every weekend` (Europe/Berlin).\n',
    );
  });

  it('prHeader and prFooter are templates around the body', () => {
    const [b] = planBranches([dep('a', { prHeader: 'Updates for **{{parentDir}}**', prFooter: 'Made by Upkeep for {{baseBranch}}.' })]);
    expect(b!.prBody.startsWith('Updates for **web**\n\nThis PR contains the following updates:\n')).toBe(true);
    expect(b!.prBody.endsWith('\n\n---\n\nMade by Upkeep for main.\n')).toBe(true);
  });

  it('a broken template is a config error naming the option', () => {
    expect(() => planBranches([dep('a', { commitMessageTopic: '{{#if isMajor}}major' })])).toThrow(
      'commitMessageTopic: bad template "{{#if isMajor}}major": {{#if}} is never closed',
    );
    expect(() => planBranches([dep('a', { groupName: '{{nope x}}' })])).toThrow('groupName: bad template "{{nope x}}": unknown helper "nope"');
  });

  it('nothing to plan gives no branches', () => {
    expect(planBranches([])).toEqual([]);
  });
});
