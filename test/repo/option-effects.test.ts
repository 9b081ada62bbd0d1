/**
 * Every option issue 4 names, each shown to have its effect on a whole run (config → extract → lookup →
 * plan → report): the same small repository and registry answers, one option changed at a time, and
 * the difference it makes. Registries are in-memory datasources here; the real ones are tested with real
 * services elsewhere.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Datasource, Release } from '../../src/datasources/types.js';
import { runLocal } from '../../src/repo/local-run.js';
import type { Report } from '../../src/report/report.js';
import { createClock } from '../../src/util/clock.js';

const D = (tag: string) => `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0').slice(0, 64)}`;
const MONDAY_3AM_UTC = new Date('2026-11-23T03:00:00Z');
const WEDNESDAY_NOON_UTC = new Date('2026-11-25T12:00:00Z');

const TAGS: Record<string, string[]> = {
  nginx: ['1.25.3', '1.25.4', '1.26.0', '2.0.0', '2.1.0', '2.2.0rc1', 'latest'],
  redis: ['7.2.4', '7.2.5', '7.4.0'],
  'ghcr.io/example/api': ['v1.0.0', 'v1.0.1'],
  'docker.io/library/redis': ['7.2.4', '7.2.5', '7.4.0'],
  'mirror.example.com/library/redis': ['7.2.4', '7.2.5'],
};
const CHART: Release[] = [{ version: '6.5.4' }, { version: '6.6.0' }];
const DATES: Record<string, string> = { '1.25.4': '2026-11-01T00:00:00Z', '1.26.0': '2026-11-20T00:00:00Z' };

const docker: Datasource = {
  id: 'docker',
  defaultVersioning: 'docker',
  getReleases: async ({ packageName }) => (TAGS[packageName] ? { releases: TAGS[packageName]!.map((version) => ({ version })) } : null),
  getDigest: async (_pkg, tag) => D(tag),
  getReleaseTimestamp: async (_pkg, version) => DATES[version] ?? null,
};
const helm: Datasource = { id: 'helm', defaultVersioning: 'helm', getReleases: async () => ({ releases: CHART }) };
const datasourceFor = (id: string) => (id === 'docker' ? docker : id === 'helm' ? helm : undefined);

const scratch = mkdtempSync(join(tmpdir(), 'upkeep-options-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FILES: Record<string, string> = {
  'apps/web.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.25.3\n    - name: cache\n      image: redis:7.2.4\n',
  'apps/api.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/example/api:v1.0.0\n',
  'apps/chart.yaml': [
    'apiVersion: source.toolkit.fluxcd.io/v1',
    'kind: HelmRepository',
    'metadata: {name: podinfo, namespace: flux-system}',
    'spec: {url: "https://reader:chart-pass-1234@charts.example.com"}',
    '---',
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata: {name: podinfo, namespace: flux-system}',
    'spec:',
    '  chart:',
    '    spec: {chart: podinfo, version: 6.5.4, sourceRef: {kind: HelmRepository, name: podinfo}}',
    '',
  ].join('\n'),
  'legacy/old.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: old}\nspec:\n  containers:\n    - name: old\n      image: docker.io/library/redis:7.2.4\n',
  'stacks/media.yml': 'services:\n  web:\n    image: nginx:1.25.3\n',
};

let repoCount = 0;
async function run(
  config: Record<string, unknown>,
  options: { now?: Date; limits?: { openBranches?: string[]; openPrs?: string[]; prsCreatedThisHour?: number } } = {},
): Promise<Report> {
  const dir = join(scratch, `repo-${repoCount++}`);
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  writeFileSync(join(dir, 'upkeep.json'), JSON.stringify(config));
  const { report } = await runLocal(
    dir,
    { hostRules: [], registryAliases: {} },
    {
      baseBranch: 'main',
      clock: createClock(options.now ?? WEDNESDAY_NOON_UTC),
      datasourceFor,
      limits: { openBranches: [], openPrs: [], prsCreatedThisHour: 0, ...options.limits },
    },
  );
  expect(report.configErrors).toBeUndefined();
  return report;
}

const names = (r: Report) => r.branches.map((b) => b.branchName);
const branch = (r: Report, name: string) => r.branches.find((b) => b.branchName === name)!;
const updatesOf = (r: Report, depName: string) =>
  r.branches.flatMap((b) => b.updates.filter((u) => u.depName === depName).map((u) => `${u.updateType} ${u.newValue}`));

describe('each option has its effect on a run', async () => {
  const base = await run({});

  it('the defaults: one branch per dep and update kind, majors separate, no automerge', () => {
    expect(names(base)).toEqual([
      'upkeep/ghcr.io-example-api-1.x',
      'upkeep/docker.io-library-redis-7.x',
      'upkeep/podinfo-6.x',
      'upkeep/nginx-1.x',
      'upkeep/redis-7.x',
      'upkeep/nginx-2.x',
    ]);
    expect(branch(base, 'upkeep/nginx-1.x').title).toBe('Update nginx Docker tag to v1.26.0');
    expect(base.branches.every((b) => !b.automerge)).toBe(true);
    // Renovate's default prHourlyLimit (2): two branches now, the rest next hour.
    expect(base.branches.map((b) => b.pendingReason ?? 'due')).toEqual([
      'due',
      'due',
      'pr-hourly-limit',
      'pr-hourly-limit',
      'pr-hourly-limit',
      'pr-hourly-limit',
    ]);
  });

  it('enabled, enabledManagers, fileMatch/managerFilePatterns, ignorePaths, ignoreDeps', async () => {
    expect((await run({ enabled: false })).branches).toEqual([]);
    expect(names(await run({ enabledManagers: ['flux'] }))).toEqual(['upkeep/podinfo-6.x']);
    const compose = await run({ 'docker-compose': { fileMatch: ['^stacks/.+\\.yml$'] } });
    expect(compose.deps.some((d) => d.file === 'stacks/media.yml')).toBe(true);
    const compose2 = await run({ 'docker-compose': { managerFilePatterns: ['stacks/*.yml'] } });
    expect(compose2.deps.some((d) => d.file === 'stacks/media.yml')).toBe(true);
    expect(base.deps.some((d) => d.file === 'stacks/media.yml')).toBe(false);
    expect((await run({ ignorePaths: ['legacy/'] })).deps.some((d) => d.file.startsWith('legacy/'))).toBe(false);
    const ignored = await run({ ignoreDeps: ['redis'] });
    expect(updatesOf(ignored, 'redis')).toEqual([]);
    expect(ignored.deps.find((d) => d.depName === 'redis')!.status.kind).toBe('ignored');
  });

  it('baseBranches, branchPrefix, additionalBranchPrefix, branchTopic', async () => {
    expect(names(await run({ baseBranches: ['main', 'production'] }))).toContain('upkeep/main-nginx-1.x');
    expect(names(await run({ branchPrefix: 'renovate/' }))).toContain('renovate/nginx-1.x');
    expect(names(await run({ additionalBranchPrefix: 'images/' }))).toContain('upkeep/images/nginx-1.x');
    expect(names(await run({ branchTopic: '{{{depNameSanitized}}}-next' }))).toContain('upkeep/nginx-next');
  });

  it('groupName, groupSlug, separateMajorMinor, separateMinorPatch, separateMultipleMajor', async () => {
    const grouped = await run({ packageRules: [{ matchDatasources: ['docker'], groupName: 'Images' }] });
    expect(names(grouped)).toEqual(expect.arrayContaining(['upkeep/images', 'upkeep/major-images']));
    expect(names(await run({ packageRules: [{ matchDatasources: ['docker'], groupName: 'Images', groupSlug: 'containers' }] }))).toContain('upkeep/containers');
    expect(updatesOf(await run({ separateMajorMinor: false }), 'nginx')).toEqual(['major 2.1.0']);
    expect(updatesOf(await run({ separateMinorPatch: true }), 'nginx')).toEqual(['patch 1.25.4', 'minor 1.26.0', 'major 2.1.0']);
    expect(updatesOf(await run({ separateMultipleMajor: true, ignoreUnstable: true }), 'nginx')).toEqual(['minor 1.26.0', 'major 2.1.0']);
  });

  it('pinDigests, versioning, allowedVersions, ignoreUnstable, minimumReleaseAge, rangeStrategy, registryAliases', async () => {
    const pinned = await run({ pinDigests: true });
    expect(updatesOf(pinned, 'nginx')).toContain('pinDigest 1.25.3');
    expect(branch(pinned, 'upkeep/nginx-1.x').updates[0]!.newDigest).toBe(D('1.26.0'));
    expect(updatesOf(await run({ packageRules: [{ matchDepNames: ['ghcr.io/example/api'], versioning: 'semver' }] }), 'ghcr.io/example/api')).toEqual([
      'patch v1.0.1',
    ]);
    expect(updatesOf(await run({ allowedVersions: '<2' }), 'nginx')).toEqual(['minor 1.26.0']);
    expect(updatesOf(await run({ ignoreUnstable: false }), 'nginx')).toEqual(['minor 1.26.0', 'major 2.2.0rc1']);
    const aged = await run({ packageRules: [{ matchDepNames: ['nginx'], minimumReleaseAge: '7 days' }] });
    expect(updatesOf(aged, 'nginx')).toEqual(['patch 1.25.4']);
    const chartPinned = await run({ packageRules: [{ matchDatasources: ['helm'], rangeStrategy: 'pin' }] });
    expect(updatesOf(chartPinned, 'podinfo')).toEqual(['minor 6.6.0']);
    // The mirror has fewer tags than Docker Hub: what the alias changes is where the lookup goes.
    expect(updatesOf(base, 'docker.io/library/redis')).toEqual(['minor 7.4.0']);
    const aliased = await run({ registryAliases: { 'docker.io': 'mirror.example.com' } });
    expect(aliased.deps.find((d) => d.depName === 'docker.io/library/redis')?.packageName).toBe('mirror.example.com/library/redis');
    expect(updatesOf(aliased, 'docker.io/library/redis')).toEqual(['patch 7.2.5']);
  });

  it('labels, addLabels, assignees, reviewers', async () => {
    const r = await run({ labels: ['deps'], packageRules: [{ matchUpdateTypes: ['major'], addLabels: ['major'] }], assignees: ['alice'], reviewers: ['bob'] });
    expect(branch(r, 'upkeep/nginx-2.x').labels).toEqual(['deps', 'major']);
    expect(branch(r, 'upkeep/nginx-1.x').labels).toEqual(['deps']);
    expect(branch(r, 'upkeep/nginx-1.x')).toMatchObject({ assignees: ['alice'], reviewers: ['bob'] });
    expect(branch(base, 'upkeep/nginx-1.x')).toMatchObject({ assignees: [], reviewers: [] });
  });

  it('commit message parts, semanticCommits, prTitle, prHeader, prFooter', async () => {
    const r = await run({
      commitMessagePrefix: '[deps]',
      commitMessageAction: 'Bump',
      commitMessageTopic: '{{depName}} image',
      commitMessageExtra: '→ {{newValue}}',
    });
    expect(branch(r, 'upkeep/nginx-1.x').title).toBe('[deps] Bump nginx image → 1.26.0');
    expect(branch(await run({ semanticCommits: 'enabled' }), 'upkeep/nginx-1.x').title).toBe('chore(deps): update nginx docker tag to v1.26.0');
    expect(branch(await run({ packageRules: [{ matchDepNames: ['nginx'], prTitle: 'nginx → {{newValue}}' }] }), 'upkeep/nginx-1.x').title).toBe(
      'nginx → 1.26.0',
    );
    const body = branch(await run({ prHeader: 'Reviewed weekly.', prFooter: 'Questions: #platform' }), 'upkeep/nginx-1.x').prBody;
    expect(body.startsWith('Reviewed weekly.\n')).toBe(true);
    expect(body.trimEnd().endsWith('Questions: #platform')).toBe(true);
  });

  it('automerge, automergeType, automergeStrategy, platformAutomerge, rebaseWhen, recreateWhen', async () => {
    const r = await run({
      packageRules: [{ matchUpdateTypes: ['minor', 'patch'], automerge: true, automergeType: 'branch', automergeStrategy: 'squash', platformAutomerge: false }],
      rebaseWhen: 'auto',
      recreateWhen: 'always',
    });
    const minor = branch(r, 'upkeep/nginx-1.x');
    expect([minor.automerge, minor.automergeType, minor.automergeStrategy, minor.platformAutomerge, minor.rebaseWhen, minor.recreateClosed]).toEqual([
      true,
      'branch',
      'squash',
      false,
      'behind-base-branch',
      true,
    ]);
    expect(branch(base, 'upkeep/nginx-1.x')).toMatchObject({ automergeStrategy: 'auto', platformAutomerge: true });
    const major = branch(r, 'upkeep/nginx-2.x');
    expect([major.automerge, major.rebaseWhen]).toEqual([false, 'conflicted']);
    expect(branch(await run({ rebaseWhen: 'never', recreateWhen: 'never' }), 'upkeep/nginx-1.x')).toMatchObject({ rebaseWhen: 'never', recreateClosed: false });
  });

  it('schedule with timezone, and the PR limits', async () => {
    const scheduled = await run({ schedule: ['before 6am on monday'], timezone: 'Europe/Amsterdam' });
    expect(scheduled.branches.every((b) => !b.due && b.pendingReason === 'schedule')).toBe(true);
    // On Monday at 04:00 in Amsterdam every branch is in schedule (the hourly PR limit is lifted here).
    const monday = await run({ schedule: ['before 6am on monday'], timezone: 'Europe/Amsterdam', prHourlyLimit: 0 }, { now: MONDAY_3AM_UTC });
    expect(monday.branches.every((b) => b.due)).toBe(true);
    const tokyo = await run({ schedule: ['before 6am on monday'], timezone: 'Asia/Tokyo', prHourlyLimit: 0 }, { now: MONDAY_3AM_UTC });
    expect(tokyo.branches.every((b) => !b.due)).toBe(true);
    const hourly = await run({ prHourlyLimit: 1 });
    expect(hourly.branches.filter((b) => b.due)).toHaveLength(1);
    expect(hourly.branches.filter((b) => !b.due).every((b) => b.pendingReason === 'pr-hourly-limit')).toBe(true);
    const concurrent = await run({ prHourlyLimit: 0, prConcurrentLimit: 2 }, { limits: { openPrs: ['upkeep/old-branch'] } });
    expect(concurrent.branches.filter((b) => b.due)).toHaveLength(2);
    const branches = await run({ prHourlyLimit: 0, prConcurrentLimit: 0, branchConcurrentLimit: 3 });
    expect(branches.branches.filter((b) => b.due)).toHaveLength(3);
    expect(branches.branches.find((b) => !b.due)?.pendingReason).toBe('branch-concurrent-limit');
  });

  it('dependencyDashboard and dependencyDashboardApproval', async () => {
    expect(base.dashboard).toBeUndefined();
    expect((await run({ dependencyDashboard: true })).dashboard?.title).toBe('Dependency Dashboard');
    const approval = await run({ packageRules: [{ matchUpdateTypes: ['major'], dependencyDashboardApproval: true }] });
    expect(branch(approval, 'upkeep/nginx-2.x')).toMatchObject({ due: false, pendingReason: 'dashboard-approval' });
    expect(approval.dashboard?.body).toContain('<!-- approve-branch=upkeep/nginx-2.x -->');
  });

  it('keeps credentials written into a repository URL out of the report', async () => {
    const report = JSON.stringify(base);
    expect(report).not.toContain('chart-pass-1234');
    expect(base.deps.find((d) => d.depName === 'podinfo')?.registryUrls).toEqual(['https://***@charts.example.com']);
  });

  it('packageRules: later rules win, and several match conditions combine', async () => {
    const r = await run({
      packageRules: [
        { matchPackageNames: ['*'], labels: ['first'] },
        { matchManagers: ['kubernetes'], matchUpdateTypes: ['minor'], matchCurrentVersion: '<2', labels: ['second'] },
        { matchFileNames: ['apps/api.yaml'], labels: ['api'] },
        { matchDepNames: ['!nginx'], matchDatasources: ['helm'], labels: ['chart'] },
        { matchCurrentValue: '/^7\\./', matchBaseBranches: ['main'], matchDepNames: ['redis'], labels: ['redis-7'] },
      ],
    });
    expect(branch(r, 'upkeep/nginx-1.x').labels).toEqual(['second']);
    expect(branch(r, 'upkeep/nginx-2.x').labels).toEqual(['first']);
    // matchCurrentVersion '<2' keeps rule 2 off redis 7.2.4.
    expect(branch(r, 'upkeep/docker.io-library-redis-7.x').labels).toEqual(['first']);
    expect(branch(r, 'upkeep/ghcr.io-example-api-1.x').labels).toEqual(['api']);
    expect(branch(r, 'upkeep/podinfo-6.x').labels).toEqual(['chart']);
    expect(branch(r, 'upkeep/redis-7.x').labels).toEqual(['redis-7']);
  });
});
