import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/config/defaults.js';
import type { Dep } from '../../src/deps/dep.js';
import type { PlannedBranch, Upgrade } from '../../src/plan/types.js';
import type { DepAnalysis } from '../../src/repo/analyse.js';
import { dashboardBody, readDashboardBulk, readDashboardChecks } from '../../src/report/dashboard.js';
import { resolveRebaseWhen, resolveRecreateClosed } from '../../src/report/report.js';

const dep = (depName: string, file = 'apps/a.yaml', manager: Dep['manager'] = 'kubernetes'): Dep => ({
  manager,
  file,
  line: 3,
  datasource: 'docker',
  depName,
  currentValue: '1.0.0',
  location: {},
});

function branch(name: string, title: string, fields: Partial<PlannedBranch> = {}, config: Partial<Upgrade['config']> = {}): PlannedBranch {
  const upgrade: Upgrade = {
    dep: dep(name),
    update: { updateType: 'minor', newValue: '1.1.0', newVersion: '1.1.0', newMajor: 1, newMinor: 1, newPatch: 0, isBreaking: false },
    config: { ...DEFAULT_OPTIONS, ...config },
    baseBranch: 'main',
  };
  return {
    branchName: `upkeep/${name}-1.x`,
    baseBranch: 'main',
    title,
    commitMessage: title,
    prBody: '',
    labels: [],
    assignees: [],
    reviewers: [],
    automerge: false,
    automergeType: 'pr',
    automergeStrategy: 'auto',
    upgrades: [upgrade],
    due: true,
    ...fields,
  };
}

const analysis = (d: Dep, status: DepAnalysis['status']): DepAnalysis => ({
  dep: d,
  status,
  rules: [],
  rejected: [],
  upgrades: [],
  upgradeRules: [],
  warnings: [],
});

describe('dependency dashboard', () => {
  const branches = [
    branch('nginx', 'Update nginx Docker tag to v1.27.0'),
    branch('redis', 'Update redis Docker tag to v7.4.0', { due: false, pendingReason: 'schedule' }),
    branch('postgres', 'Update postgres Docker tag to v17', { due: false, pendingReason: 'dashboard-approval' }),
    branch('grafana', 'Update grafana Docker tag to v11.1.0', { due: false, pendingReason: 'pr-hourly-limit' }),
  ];
  const deps = [
    analysis(dep('nginx'), { kind: 'updating', branches: [] }),
    analysis(dep('ghcr.io/home-assistant/home-assistant', 'apps/ha/deployment.yaml'), {
      kind: 'held-back',
      reasons: ['2024.6.0: younger than minimumReleaseAge'],
    }),
    analysis(dep('cert-manager', 'infrastructure/cert-manager.yaml', 'flux'), { kind: 'up-to-date' }),
    analysis(dep('${APP}', 'compose.yaml', 'docker-compose'), { kind: 'skipped', reason: 'contains-variable' }),
  ];

  it('lists what waits and why, with boxes to release it, what is held back, and every dep found', () => {
    const body = dashboardBody(branches, deps, ['apps/broken.yaml:4: not valid YAML, skipped']);
    expect(body).toContain(
      '## Repository Problems\n\nThese problems stopped parts of the run; everything else went on.\n\n - apps/broken.yaml:4: not valid YAML, skipped\n',
    );
    expect(body).toContain(' - [ ] <!-- approve-branch=upkeep/postgres-1.x -->Update postgres Docker tag to v17\n');
    expect(body).toContain(
      '## Awaiting Schedule\n\nThese updates wait for the schedule; tick a box to create the branch now:\n\n - [ ] <!-- unschedule-branch=upkeep/redis-1.x -->Update redis Docker tag to v7.4.0\n',
    );
    expect(body).toContain(' - [ ] <!-- unlimit-branch=upkeep/grafana-1.x -->Update grafana Docker tag to v11.1.0\n');
    expect(body).toContain(' - `ghcr.io/home-assistant/home-assistant` 2024.6.0: younger than minimumReleaseAge\n');
    expect(body).toContain(' - Update nginx Docker tag to v1.27.0 (`upkeep/nginx-1.x`)\n');
    expect(body).toContain('<details><summary>flux</summary>');
    expect(body).toContain(' - `${APP} 1.0.0` (skipped: contains-variable)\n');
    // Sections in a fixed order.
    const order = [
      '## Repository Problems',
      '## Pending Approval',
      '## Awaiting Schedule',
      '## Rate-Limited',
      '## Held Back',
      '## Ready',
      '## Detected Dependencies',
    ];
    expect(order.map((h) => body.indexOf(h))).toEqual([...order.map((h) => body.indexOf(h))].sort((a, b) => a - b));
    expect(dashboardBody(branches, deps, ['apps/broken.yaml:4: not valid YAML, skipped'])).toBe(body);
  });

  it('lists groups waiting for their minimumGroupSize, each with an approve box (ticking one releases the branch)', () => {
    const small = branch('cilium', 'Update Cilium group', { due: false, pendingReason: 'minimum-group-size' }, { minimumGroupSize: 3 });
    const body = dashboardBody([...branches, small], deps, []);
    expect(body).toContain(
      '## Group Size Not Met\n\nThese branches have fewer updates than their minimumGroupSize and wait for more; tick a box to create the branch now:\n\n' +
        ' - [ ] <!-- approve-branch=upkeep/cilium-1.x -->Update Cilium group (1 of 3 updates)\n',
    );
    const order = ['## Pending Approval', '## Group Size Not Met', '## Awaiting Schedule'];
    expect(order.map((h) => body.indexOf(h))).toEqual([...order.map((h) => body.indexOf(h))].sort((a, b) => a - b));
    // The approval bulk box does not cover it (the planner releases only the ticked branch).
    expect(body.split('## Group Size Not Met')[1]!.split('## Awaiting Schedule')[0]).not.toContain('all-pending');
    const ticked = body.replace('- [ ] <!-- approve-branch=upkeep/cilium-1.x', '- [x] <!-- approve-branch=upkeep/cilium-1.x');
    expect(readDashboardChecks(ticked)).toEqual(new Map([['upkeep/cilium-1.x', 'approve']]));
    expect(dashboardBody(branches, deps, [])).not.toContain('Group Size Not Met');
  });

  it('says when there is nothing pending, and stays under the issue size limit by cutting the inventory, never the boxes', () => {
    expect(dashboardBody([], [], [])).toContain('This repository currently has no open or pending branches.');
    const many = Array.from({ length: 3000 }, (_, i) =>
      analysis(dep(`registry.example.com/team-${i}/very-long-image-name-${i}`, `apps/app-${i}/deployment.yaml`), { kind: 'up-to-date' }),
    );
    const body = dashboardBody(branches, many, []);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('<!-- approve-branch=upkeep/postgres-1.x -->');
    expect(body).toContain("_The list of detected dependencies was cut to keep this issue under the forge's size limit (3000 deps in all)._");
  });

  it('reads the boxes a user ticked', () => {
    const body = dashboardBody(branches, deps, [])
      .replace('- [ ] <!-- approve-branch=upkeep/postgres-1.x', '- [x] <!-- approve-branch=upkeep/postgres-1.x')
      .replace('- [ ] <!-- unschedule-branch', '- [X] <!-- unschedule-branch');
    expect(readDashboardChecks(body)).toEqual(
      new Map([
        ['upkeep/redis-1.x', 'unschedule'],
        ['upkeep/postgres-1.x', 'approve'],
      ]),
    );
  });

  it('reads the "do all of the above" boxes (each section offers one when it lists more than one branch)', () => {
    const two = [...branches, branch('loki', 'Update loki Docker tag to v3.1.0', { due: false, pendingReason: 'dashboard-approval' })];
    const body = dashboardBody(two, deps, []);
    expect(body).toContain(' - [ ] <!-- approve-all-pending-prs -->**Do all of the above at once**');
    expect(readDashboardBulk(body)).toEqual(new Set());
    expect(readDashboardBulk(body.replace('- [ ] <!-- approve-all-pending-prs', '- [x] <!-- approve-all-pending-prs'))).toEqual(new Set(['approve']));
    // Only a ticked box at the start of a line counts, not the marker quoted in text.
    expect(readDashboardBulk('see `- [x] <!-- approve-all-pending-prs -->`')).toEqual(new Set());
  });

  it('lists open PRs with a rebase box, updates ignored after a closed PR with a recreate box, and branches that failed', () => {
    const [nginx, redis, postgres] = branches;
    const body = dashboardBody(branches, deps, [], {
      open: [{ branch: nginx!, number: 7 }],
      ignored: [{ branch: postgres!, number: 4 }],
      errored: [{ branch: redis!, error: 'push refused: pre-receive hook declined' }],
    });
    expect(body).toContain(
      '## Open\n\nThese updates have open PRs. Tick a box to rebuild the branch from its base (commits others added to it are dropped):\n\n - [ ] <!-- rebase-branch=upkeep/nginx-1.x -->Update nginx Docker tag to v1.27.0 (#7)\n',
    );
    expect(body).toContain(' - [ ] <!-- recreate-branch=upkeep/postgres-1.x -->Update postgres Docker tag to v17 (closed #4)\n');
    expect(body).toContain(' - Update redis Docker tag to v7.4.0 (`upkeep/redis-1.x`): push refused: pre-receive hook declined\n');
    // A branch listed as open or ignored is not listed again as ready or pending.
    expect(body).not.toContain('(`upkeep/nginx-1.x`)');
    expect(body).not.toContain('approve-branch=upkeep/postgres-1.x');
    expect(readDashboardChecks(body.replace('- [ ] <!-- recreate-branch', '- [x] <!-- recreate-branch'))).toEqual(
      new Map([['upkeep/postgres-1.x', 'recreate']]),
    );
  });

  it('escapes markdown and mentions in titles', () => {
    const body = dashboardBody([branch('x', 'Update @team/`x` to v1 <b>')], [], []);
    expect(body).toContain('Update @\u200bteam/\\`x\\` to v1 \\<b\\>');
  });
});

describe('branch policies in the report', () => {
  it('resolves rebaseWhen as Renovate does', () => {
    expect(resolveRebaseWhen(branch('a', 't'))).toBe('conflicted');
    expect(resolveRebaseWhen(branch('a', 't', { automerge: true }))).toBe('behind-base-branch');
    expect(resolveRebaseWhen(branch('a', 't', {}, { rebaseWhen: 'automerging' }))).toBe('never');
    expect(resolveRebaseWhen(branch('a', 't', {}, { rebaseWhen: 'never' }))).toBe('never');
  });

  it('recreates closed PRs whose title names no version (auto), always, or never', () => {
    expect(resolveRecreateClosed(branch('a', 'Update nginx Docker tag to v1.1.0'))).toBe(false);
    expect(resolveRecreateClosed(branch('a', 'Update all non-major dependencies'))).toBe(true);
    expect(resolveRecreateClosed(branch('a', 'Update nginx Docker tag to v1.1.0', {}, { recreateWhen: 'always' }))).toBe(true);
    expect(resolveRecreateClosed(branch('a', 'Update all non-major dependencies', {}, { recreateWhen: 'never' }))).toBe(false);
  });
});
