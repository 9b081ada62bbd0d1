import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/config/defaults.js';
import { createDepResolver, resolveDepOptions, toLookupOptions, type ResolvedDep } from '../../src/config/resolve-dep.js';
import type { RepoConfig } from '../../src/config/schema.js';
import type { Dep } from '../../src/deps/dep.js';
import { InputError } from '../../src/util/errors.js';

function dep(fields: Partial<Dep> & Pick<Dep, 'manager' | 'depName'>): Dep {
  return { file: 'apps/app.yaml', line: 1, location: {}, ...fields };
}
const nginx = dep({
  manager: 'kubernetes',
  file: 'apps/web/deployment.yaml',
  datasource: 'docker',
  depName: 'nginx',
  packageName: 'nginx',
  currentValue: '1.25.3',
});
const main = { baseBranch: 'main' };

describe('the order of layers', () => {
  it('no config: the defaults, all from "default", no rules', () => {
    const resolved = resolveDepOptions({}, nginx, main);
    expect(resolved.options).toEqual(DEFAULT_OPTIONS);
    expect(resolved.options).not.toBe(DEFAULT_OPTIONS);
    expect(Object.values(resolved.sources).every((s) => s === 'default')).toBe(true);
    expect(Object.keys(resolved.sources).sort()).toEqual([...Object.keys(DEFAULT_OPTIONS), 'allowedVersions', 'extractVersion', 'versioning'].sort());
    expect(resolved.applied).toEqual([]);
    expect(resolved.skip).toBeUndefined();
  });

  it('defaults ← top level ← config[manager] ← config[updateType] ← package rules', () => {
    const config: RepoConfig = {
      automergeType: 'pr',
      commitMessagePrefix: 'top',
      prHourlyLimit: 5,
      labels: ['top'],
      kubernetes: { fileMatch: ['\\.yaml$'], commitMessagePrefix: 'manager', labels: ['manager'], automergeType: 'branch' },
      flux: { commitMessagePrefix: 'flux' },
      patch: { commitMessagePrefix: 'patch', labels: ['patch'] },
      packageRules: [{ matchUpdateTypes: ['patch'], labels: ['rule'] }],
    };
    const before = resolveDepOptions(config, nginx, main);
    expect(pick(before, ['commitMessagePrefix', 'labels', 'automergeType', 'prHourlyLimit', 'prConcurrentLimit'])).toEqual({
      commitMessagePrefix: ['manager', 'manager'],
      labels: [['manager'], 'manager'],
      automergeType: ['branch', 'manager'],
      prHourlyLimit: [5, 'config'],
      prConcurrentLimit: [10, 'default'],
    });
    const patch = resolveDepOptions(config, nginx, { baseBranch: 'main', updateType: 'patch' });
    expect(pick(patch, ['commitMessagePrefix', 'labels'])).toEqual({ commitMessagePrefix: ['patch', 'updateType'], labels: [['rule'], 'packageRules[0]'] });
    expect(patch.applied).toEqual([{ index: 0 }]);
    // The manager's file patterns are not options.
    expect('fileMatch' in patch.options).toBe(false);
  });

  it('every matching rule applies in order, the later one wins; mergeable options combine', () => {
    const config: RepoConfig = {
      addLabels: ['top'],
      registryAliases: { 'docker.io': 'mirror.example.com' },
      packageRules: [
        { matchDatasources: ['docker'], automerge: true, labels: ['a'], addLabels: ['one'], registryAliases: { 'ghcr.io': 'ghcr.mirror' } },
        { matchPackageNames: ['nginx'], automerge: false, labels: ['b'], addLabels: ['two'] },
        { matchPackageNames: ['redis'], automerge: true },
      ],
    };
    const resolved = resolveDepOptions(config, nginx, main);
    expect(resolved.applied).toEqual([{ index: 0 }, { index: 1 }]);
    expect(pick(resolved, ['automerge', 'labels', 'addLabels', 'registryAliases'])).toEqual({
      automerge: [false, 'packageRules[1]'],
      labels: [['b'], 'packageRules[1]'],
      addLabels: [['top', 'one', 'two'], 'packageRules[1]'],
      registryAliases: [{ 'docker.io': 'mirror.example.com', 'ghcr.io': 'ghcr.mirror' }, 'packageRules[0]'],
    });
  });

  it("Renovate's mergeable group settings and suppressNotifications combine across layers and rules", () => {
    const config: RepoConfig = {
      group: { branchTopic: '{{{groupSlug}}}-all' },
      suppressNotifications: ['prIgnoreNotification'],
      packageRules: [
        { matchDatasources: ['docker'], group: { commitMessageTopic: '{{{groupName}}} group' }, suppressNotifications: ['prEditedNotification'] },
        { matchPackageNames: ['nginx'], group: { branchTopic: 'web' } },
      ],
    };
    const resolved = resolveDepOptions(config, nginx, main);
    expect(pick(resolved, ['group', 'suppressNotifications'])).toEqual({
      group: [{ branchTopic: 'web', commitMessageTopic: '{{{groupName}}} group' }, 'packageRules[1]'],
      suppressNotifications: [['prIgnoreNotification', 'prEditedNotification'], 'packageRules[0]'],
    });
  });

  it('config[updateType] and rules on update types wait for the update type', () => {
    const config: RepoConfig = { major: { automerge: false, labels: ['major'] }, packageRules: [{ matchUpdateTypes: ['minor', 'patch'], automerge: true }] };
    expect(resolveDepOptions(config, nginx, main).options.labels).toEqual([]);
    expect(resolveDepOptions(config, nginx, { ...main, updateType: 'major' }).options).toMatchObject({ labels: ['major'], automerge: false });
    expect(resolveDepOptions(config, nginx, { ...main, updateType: 'minor' }).options).toMatchObject({ labels: [], automerge: true });
  });

  it('a rule that names a new group without a slug does not keep the earlier slug', () => {
    const config: RepoConfig = {
      packageRules: [
        { matchDatasources: ['docker'], groupName: 'Images', groupSlug: 'images' },
        { matchPackageNames: ['nginx'], groupName: 'Web stack' },
      ],
    };
    const web = resolveDepOptions(config, nginx, main);
    expect(web.options).toMatchObject({ groupName: 'Web stack', groupSlug: null });
    expect([web.sources.groupName, web.sources.groupSlug]).toEqual(['packageRules[1]', 'packageRules[1]']);
    const redis = { ...nginx, depName: 'redis', packageName: 'redis' };
    expect(resolveDepOptions(config, redis, main).options).toMatchObject({ groupName: 'Images', groupSlug: 'images' });
  });

  it('matchCurrentVersion reads the dep with the versioning an earlier rule set', () => {
    const alpine = { ...nginx, currentValue: '1.25.3-alpine' };
    const rule = { matchCurrentVersion: '<2.0.0', addLabels: ['v1'] };
    // docker versioning: the tag's numbers satisfy <2.0.0; helm (npm) versioning: a prerelease never does.
    expect(resolveDepOptions({ packageRules: [rule] }, alpine, main).options.addLabels).toEqual(['v1']);
    expect(resolveDepOptions({ packageRules: [{ versioning: 'helm' }, rule] }, alpine, main).options.addLabels).toEqual([]);
    expect(resolveDepOptions({ versioning: 'helm', packageRules: [rule] }, alpine, main).options.addLabels).toEqual([]);
  });
});

describe('skips', () => {
  it('ignoreDeps: the exact depName, as Renovate', () => {
    const config: RepoConfig = { ignoreDeps: ['nginx', 'redis'] };
    expect(resolveDepOptions(config, nginx, main).skip).toEqual({ reason: 'ignored', detail: 'nginx is listed in ignoreDeps' });
    expect(resolveDepOptions(config, { ...nginx, depName: 'docker.io/library/nginx' }, main).skip).toBeUndefined();
    expect(resolveDepOptions(config, { ...nginx, depName: 'NGINX' }, main).skip).toBeUndefined();
  });

  it('enabled: false says what disabled it; a later rule may enable again', () => {
    const config: RepoConfig = {
      packageRules: [
        { description: 'No Bitnami', matchPackageNames: ['bitnami/**'], enabled: false },
        { matchPackageNames: ['bitnami/redis'], enabled: true },
        { matchUpdateTypes: ['major'], enabled: false },
      ],
    };
    const bitnami = (name: string) => ({ ...nginx, depName: name, packageName: name });
    expect(resolveDepOptions(config, bitnami('bitnami/postgresql'), main).skip).toEqual({
      reason: 'disabled',
      detail: 'enabled: false set by packageRules[0] (No Bitnami)',
    });
    expect(resolveDepOptions(config, bitnami('bitnami/redis'), main).skip).toBeUndefined();
    expect(resolveDepOptions(config, bitnami('bitnami/redis'), { ...main, updateType: 'major' }).skip).toEqual({
      reason: 'disabled',
      detail: 'enabled: false set by packageRules[2]',
    });
    expect(resolveDepOptions(config, nginx, { ...main, updateType: 'minor' }).skip).toBeUndefined();
  });

  it('enabled: false at the top level, for a manager, for an update type', () => {
    expect(resolveDepOptions({ enabled: false }, nginx, main).skip?.detail).toBe('enabled: false set by the repository config');
    expect(resolveDepOptions({ kubernetes: { enabled: false } }, nginx, main).skip?.detail).toBe('enabled: false set by the "kubernetes" config');
    expect(resolveDepOptions({ flux: { enabled: false } }, nginx, main).skip).toBeUndefined();
    expect(resolveDepOptions({ digest: { enabled: false } }, nginx, { ...main, updateType: 'digest' }).skip?.detail).toBe(
      'enabled: false set by the "digest" config',
    );
    expect(resolveDepOptions({ enabled: false, packageRules: [{ matchPackageNames: ['nginx'], enabled: true }] }, nginx, main).skip).toBeUndefined();
  });

  it('ignored wins over disabled (Renovate checks ignoreDeps first)', () => {
    expect(resolveDepOptions({ ignoreDeps: ['nginx'], enabled: false }, nginx, main).skip?.reason).toBe('ignored');
  });
});

describe('a homelab Flux repository config', () => {
  // Modelled on the Renovate configs of public homelab Flux repositories (after presets are resolved).
  const config: RepoConfig = {
    flux: { fileMatch: ['(^|/)kubernetes/.+\\.ya?ml$'] },
    'helm-values': { fileMatch: ['(^|/)kubernetes/.+\\.ya?ml$'] },
    kubernetes: { fileMatch: ['(^|/)kubernetes/.+\\.ya?ml$'] },
    ignoreDeps: ['ghcr.io/fluxcd/flux-manifests'],
    labels: ['dependencies'],
    packageRules: [
      { description: 'Pin container digests', matchDatasources: ['docker'], pinDigests: true },
      {
        description: 'Auto-merge container digests and patches',
        matchDatasources: ['docker'],
        matchUpdateTypes: ['digest', 'pinDigest', 'patch'],
        automerge: true,
        automergeType: 'branch',
      },
      {
        description: 'Group chart patches',
        matchDatasources: ['helm'],
        matchUpdateTypes: ['patch'],
        groupName: 'Helm charts (patch)',
        groupSlug: 'helm-charts-patch',
      },
      {
        description: 'linuxserver tags',
        matchPackageNames: ['/linuxserver\\//'],
        versioning: 'regex:^(?<major>\\d+)\\.(?<minor>\\d+)\\.(?<patch>\\d+)-ls(?<build>\\d+)$',
      },
      { description: 'Stay on PostgreSQL 16', matchPackageNames: ['ghcr.io/cloudnative-pg/postgresql'], allowedVersions: '<17' },
      { description: 'Not this chart', matchManagers: ['flux'], matchDepNames: ['redis'], enabled: false },
      { matchUpdateTypes: ['major'], labels: ['type/major'] },
      { matchUpdateTypes: ['minor'], labels: ['type/minor'] },
      { matchUpdateTypes: ['patch'], labels: ['type/patch'] },
      { matchDatasources: ['docker'], addLabels: ['renovate/container'] },
      { matchDatasources: ['helm'], addLabels: ['renovate/helm'] },
    ],
  };
  const deps = {
    nginx: dep({
      manager: 'kubernetes',
      file: 'kubernetes/apps/web/deployment.yaml',
      datasource: 'docker',
      depName: 'nginx',
      packageName: 'nginx',
      currentValue: '1.25.3',
    }),
    postgres: dep({
      manager: 'kubernetes',
      file: 'kubernetes/apps/db/cluster.yaml',
      datasource: 'docker',
      depName: 'ghcr.io/cloudnative-pg/postgresql',
      packageName: 'ghcr.io/cloudnative-pg/postgresql',
      currentValue: '16.3',
    }),
    sonarr: dep({
      manager: 'helm-values',
      file: 'kubernetes/apps/sonarr/helmrelease.yaml',
      datasource: 'docker',
      depName: 'lscr.io/linuxserver/sonarr',
      packageName: 'lscr.io/linuxserver/sonarr',
      currentValue: '4.0.5-ls240',
    }),
    certManager: dep({
      manager: 'flux',
      file: 'kubernetes/infra/cert-manager/helmrelease.yaml',
      datasource: 'helm',
      depName: 'cert-manager',
      currentValue: 'v1.14.4',
      registryUrls: ['https://charts.jetstack.io'],
    }),
    redis: dep({ manager: 'flux', file: 'kubernetes/apps/redis/helmrelease.yaml', datasource: 'helm', depName: 'redis', currentValue: '19.0.1' }),
    flux: dep({
      manager: 'flux',
      file: 'kubernetes/flux/repositories/flux.yaml',
      datasource: 'docker',
      depName: 'ghcr.io/fluxcd/flux-manifests',
      packageName: 'ghcr.io/fluxcd/flux-manifests',
      currentValue: 'v2.3.0',
    }),
  };
  const summary = (r: ResolvedDep) => ({
    skip: r.skip?.reason,
    rules: r.applied.map((a) => a.index),
    pin: r.options.pinDigests,
    versioning: r.options.versioning,
    allowed: r.options.allowedVersions,
    automerge: r.options.automerge ? r.options.automergeType : false,
    group: r.options.groupName,
    labels: [...r.options.labels, ...r.options.addLabels],
  });

  it('before the lookup: what each dep is looked up with', () => {
    const resolver = createDepResolver(config);
    const out = Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, summary(resolver.resolve(d, main))]));
    expect(out).toEqual({
      nginx: {
        skip: undefined,
        rules: [0, 9],
        pin: true,
        versioning: undefined,
        allowed: undefined,
        automerge: false,
        group: null,
        labels: ['dependencies', 'renovate/container'],
      },
      postgres: {
        skip: undefined,
        rules: [0, 4, 9],
        pin: true,
        versioning: undefined,
        allowed: '<17',
        automerge: false,
        group: null,
        labels: ['dependencies', 'renovate/container'],
      },
      sonarr: {
        skip: undefined,
        rules: [0, 3, 9],
        pin: true,
        versioning: 'regex:^(?<major>\\d+)\\.(?<minor>\\d+)\\.(?<patch>\\d+)-ls(?<build>\\d+)$',
        allowed: undefined,
        automerge: false,
        group: null,
        labels: ['dependencies', 'renovate/container'],
      },
      certManager: {
        skip: undefined,
        rules: [10],
        pin: false,
        versioning: undefined,
        allowed: undefined,
        automerge: false,
        group: null,
        labels: ['dependencies', 'renovate/helm'],
      },
      redis: {
        skip: 'disabled',
        rules: [5, 10],
        pin: false,
        versioning: undefined,
        allowed: undefined,
        automerge: false,
        group: null,
        labels: ['dependencies', 'renovate/helm'],
      },
      flux: {
        skip: 'ignored',
        rules: [0, 9],
        pin: true,
        versioning: undefined,
        allowed: undefined,
        automerge: false,
        group: null,
        labels: ['dependencies', 'renovate/container'],
      },
    });
    expect(toLookupOptions(resolver.resolve(deps.postgres, main).options)).toEqual({
      ignoreUnstable: true,
      separateMajorMinor: true,
      separateMultipleMajor: false,
      separateMinorPatch: false,
      pinDigests: true,
      rangeStrategy: 'auto',
      minimumReleaseAgeBehaviour: 'timestamp-required',
      allowedVersions: '<17',
    });
  });

  it('per update: automerge for image patches and digests on the branch, chart patches grouped, majors labelled and not automerged', () => {
    const resolver = createDepResolver(config);
    const at = (d: Dep, updateType: 'major' | 'minor' | 'patch' | 'digest') => summary(resolver.resolve(d, { ...main, updateType }));
    expect(at(deps.nginx, 'patch')).toMatchObject({ rules: [0, 1, 8, 9], automerge: 'branch', group: null, labels: ['type/patch', 'renovate/container'] });
    expect(at(deps.nginx, 'digest')).toMatchObject({ rules: [0, 1, 9], automerge: 'branch', labels: ['dependencies', 'renovate/container'] });
    expect(at(deps.nginx, 'major')).toMatchObject({ rules: [0, 6, 9], automerge: false, labels: ['type/major', 'renovate/container'] });
    expect(at(deps.certManager, 'patch')).toMatchObject({
      rules: [2, 8, 10],
      automerge: false,
      group: 'Helm charts (patch)',
      labels: ['type/patch', 'renovate/helm'],
    });
    expect(at(deps.certManager, 'minor')).toMatchObject({ rules: [7, 10], automerge: false, group: null, labels: ['type/minor', 'renovate/helm'] });
  });

  it('the applied rules carry their descriptions (for explain)', () => {
    expect(resolveDepOptions(config, deps.postgres, main).applied).toEqual([
      { index: 0, description: 'Pin container digests' },
      { index: 4, description: 'Stay on PostgreSQL 16' },
      { index: 9 },
    ]);
  });
});

describe('compiling once', () => {
  it('resolveDepOptions remembers the compiled config; deps that match the same rules share one frozen options object', () => {
    const config: RepoConfig = { packageRules: [{ matchPackageNames: ['nginx'], addLabels: ['x'] }] };
    const a = resolveDepOptions(config, nginx, main);
    const b = resolveDepOptions(config, { ...nginx, file: 'other/nginx.yaml' }, main);
    expect(b).toEqual(a);
    expect(b.options).toBe(a.options);
    expect(b.sources).toBe(a.sources);
    // Shared, so nobody may change it for everyone.
    expect(Object.isFrozen(a.options) && Object.isFrozen(a.sources) && Object.isFrozen(a.applied)).toBe(true);
    const other = resolveDepOptions(config, { ...nginx, depName: 'redis', packageName: 'redis' }, main);
    expect(other.options).not.toBe(a.options);
    expect(other.options.addLabels).toEqual([]);
  });

  it('a resolver remembers rule conditions per dep, not per object: a changed dep is matched again', () => {
    const resolver = createDepResolver({
      packageRules: [
        { matchPackageNames: ['nginx'], addLabels: ['x'] },
        { matchUpdateTypes: ['patch'], matchFileNames: ['apps/**'], automerge: true },
      ],
    });
    expect(resolver.resolve(nginx, main).applied).toEqual([{ index: 0 }]);
    expect(resolver.resolve({ ...nginx, packageName: 'redis' }, main).applied).toEqual([]);
    expect(resolver.resolve({ ...nginx }, { ...main, updateType: 'patch' }).applied).toEqual([{ index: 0 }, { index: 1 }]);
    expect(resolver.resolve({ ...nginx, file: 'infra/x.yaml' }, { ...main, updateType: 'patch' }).applied).toEqual([{ index: 0 }]);
  });

  it('a bad pattern is a config error naming the key', () => {
    expect(() => resolveDepOptions({ packageRules: [{}, { matchDepNames: ['/(/'] }] }, nginx, main)).toThrow(InputError);
    expect(() => createDepResolver({ packageRules: [{}, { matchDepNames: ['/(/'] }] })).toThrow(/^packageRules\[1\]\.matchDepNames\[0\]: invalid pattern/);
  });

  it('toLookupOptions leaves out unset options', () => {
    expect(toLookupOptions({ ...DEFAULT_OPTIONS, minimumReleaseAge: '3 days', versioning: 'loose', separateMajorMinor: false })).toEqual({
      ignoreUnstable: true,
      separateMajorMinor: false,
      separateMultipleMajor: false,
      separateMinorPatch: false,
      pinDigests: false,
      rangeStrategy: 'auto',
      minimumReleaseAgeBehaviour: 'timestamp-required',
      versioning: 'loose',
      minimumReleaseAge: '3 days',
    });
  });
});

function pick(resolved: ResolvedDep, keys: Array<keyof ResolvedDep['options']>): Record<string, [unknown, string]> {
  return Object.fromEntries(keys.map((k) => [k, [resolved.options[k], resolved.sources[k]]]));
}

describe('5,000 deps × 50 rules (issue 4 figure: printed, not asserted)', () => {
  const registries = ['docker.io/library', 'ghcr.io/home-operations', 'ghcr.io/onedr0p', 'quay.io/prometheus', 'lscr.io/linuxserver', 'registry.k8s.io'];
  const rules: NonNullable<RepoConfig['packageRules']> = [];
  for (let i = 0; i < 50; i++) {
    const r = registries[i % registries.length]!;
    const kinds: Array<RepoConfig['packageRules']> = [
      [{ matchDatasources: ['docker'], matchPackageNames: [`${r}/**`], addLabels: [`reg-${i}`] }],
      [{ matchPackageNames: [`/^${r.replace(/\./g, '\\.')}\\/app-${i}/`], groupName: `group ${i}` }],
      [{ matchUpdateTypes: ['patch', 'digest'], matchPackageNames: [`app-${i}`, `${r}/app-${i + 1}`], automerge: true }],
      [{ matchFileNames: [`kubernetes/apps/ns-${i % 20}/**`], matchCurrentVersion: '<2.0.0', labels: [`ns-${i}`] }],
      [{ matchManagers: ['flux'], matchDepNames: [`chart-${i}`, '!chart-0'], matchCurrentValue: '/^1\\./', schedule: ['before 6am on monday'] }],
    ];
    rules.push(...kinds[i % kinds.length]!);
  }
  const config: RepoConfig = { packageRules: rules, ignoreDeps: ['app-7'] };
  const deps: Dep[] = [];
  for (let i = 0; i < 5000; i++) {
    const chart = i % 5 === 0;
    const name = chart ? `chart-${i % 60}` : `${registries[i % registries.length]}/app-${i % 70}`;
    deps.push(
      dep({
        manager: chart ? 'flux' : 'kubernetes',
        file: `kubernetes/apps/ns-${i % 25}/app-${i}.yaml`,
        datasource: chart ? 'helm' : 'docker',
        depName: name,
        ...(chart ? {} : { packageName: name }),
        currentValue: `${i % 3}.${i % 11}.${i % 7}`,
      }),
    );
  }

  it('resolves every dep before the lookup and for two update types', () => {
    const started = performance.now();
    const resolver = createDepResolver(config);
    const compiled = performance.now();
    let applied = 0;
    for (const d of deps) applied += resolver.resolve(d, main).applied.length;
    const before = performance.now();
    for (const d of deps) {
      applied += resolver.resolve(d, { ...main, updateType: 'patch' }).applied.length;
      applied += resolver.resolve(d, { ...main, updateType: 'major' }).applied.length;
    }
    const after = performance.now();
    for (const d of deps) resolver.resolve(d, { ...main, updateType: 'minor' });
    const warm = performance.now();
    const perDep = (ms: number, n: number) => `${((ms * 1000) / n).toFixed(1)} µs`;
    console.log(
      `resolve: compile 50 rules ${(compiled - started).toFixed(1)} ms; 5,000 deps before lookup ${(before - compiled).toFixed(0)} ms (${perDep(before - compiled, 5000)}/dep); ` +
        `10,000 typed resolutions ${(after - before).toFixed(0)} ms (${perDep(after - before, 10000)} each); warm: 5,000 more ${(warm - after).toFixed(0)} ms; ${applied} rule applications`,
    );
    // Deterministic: the same rules match the same deps on every run.
    expect(applied).toBe(countApplied());
  });

  function countApplied(): number {
    const resolver = createDepResolver(config);
    let n = 0;
    for (const d of deps)
      for (const updateType of [undefined, 'patch', 'major'] as const) n += resolver.resolve(d, updateType ? { ...main, updateType } : main).applied.length;
    return n;
  }
});
