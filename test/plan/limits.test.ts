/**
 * Which branches are due now: Renovate's order, schedule, dashboard approval, the concurrent and hourly
 * limits and how they interplay; exact due/pending results for fixed inputs.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/config/defaults.js';
import type { EffectiveOptions } from '../../src/config/schema.js';
import type { UpdateType } from '../../src/lookup/choose-updates.js';
import { applyLimits, branchLimit, isAutomergeScheduled, sortBranches, type LimitState } from '../../src/plan/limits.js';
import { scheduleCompiler } from '../../src/schedule/schedule.js';
import type { PlannedBranch, Upgrade } from '../../src/plan/types.js';

// Tuesday 2024-03-05 12:00 UTC.
const NOW = new Date('2024-03-05T12:00:00Z');

function upgrade(depName: string, updateType: UpdateType, config: Partial<EffectiveOptions> = {}): Upgrade {
  return {
    dep: { manager: 'kubernetes', file: 'apps/app.yaml', line: 1, datasource: 'docker', depName, currentValue: '1.0.0', location: {} },
    update: { updateType, newValue: '1.1.0', newVersion: '1.1.0', newMajor: 1, newMinor: 1, newPatch: 0, isBreaking: false },
    config: { ...DEFAULT_OPTIONS, ...config },
    baseBranch: 'main',
  };
}

function branch(branchName: string, title: string, upgrades: Upgrade[], extra: Partial<PlannedBranch> = {}): PlannedBranch {
  return {
    branchName,
    baseBranch: 'main',
    title,
    commitMessage: title,
    prBody: '',
    labels: [],
    assignees: [],
    reviewers: [],
    automerge: false,
    automergeType: upgrades[0]?.config.automergeType ?? 'pr',
    automergeStrategy: 'auto',
    upgrades,
    due: true,
    ...extra,
  };
}

const simple = (name: string, type: UpdateType, config: Partial<EffectiveOptions> = {}, title = `Update ${name}`) =>
  branch(`upkeep/${name}`, title, [upgrade(name, type, config)]);

const state = (over: Partial<LimitState> = {}): LimitState => ({ now: NOW, openBranches: [], openPrs: [], prsCreatedThisHour: 0, ...over });

/** `name: due` or `name: reason`, in the order returned. */
const outcome = (branches: PlannedBranch[]) => branches.map((b) => `${b.branchName}: ${b.due ? 'due' : b.pendingReason}`);

describe('order', () => {
  it("is Renovate's: pin, digest, patch, minor, major, then title with numbers compared as numbers", () => {
    const input = [
      simple('zeta', 'major'),
      simple('app', 'minor', {}, 'Update app to v10'),
      simple('app2', 'minor', {}, 'Update app to v9'),
      simple('nginx', 'digest'),
      simple('pins', 'pin'),
      simple('pin-digests', 'pinDigest', {}, 'Update zz'),
      simple('alpha', 'patch'),
      simple('beta', 'major'),
    ];
    expect(sortBranches(input).map((b) => b.branchName)).toEqual([
      'upkeep/pin-digests',
      'upkeep/pins',
      'upkeep/nginx',
      'upkeep/alpha',
      'upkeep/app2',
      'upkeep/app',
      'upkeep/beta',
      'upkeep/zeta',
    ]);
    // applyLimits returns the same order, and does not change its input.
    expect(applyLimits(input, state()).map((b) => b.branchName)).toEqual(sortBranches(input).map((b) => b.branchName));
    expect(input[0]!.branchName).toBe('upkeep/zeta');
  });

  it('a group ranks by its riskiest upgrade; equal titles fall back to base branch, then name', () => {
    const group = branch('upkeep/all', 'Update all', [upgrade('a', 'patch'), upgrade('b', 'major')]);
    const minor = simple('m', 'minor');
    expect(sortBranches([group, minor]).map((b) => b.branchName)).toEqual(['upkeep/m', 'upkeep/all']);
    const onFlux = branch('upkeep/x', 'Update x', [upgrade('x', 'patch')], { baseBranch: 'flux' });
    const onMain = branch('upkeep/x', 'Update x', [upgrade('x', 'patch')], { baseBranch: 'main' });
    expect(sortBranches([onMain, onFlux]).map((b) => b.baseBranch)).toEqual(['flux', 'main']);
  });
});

describe('limits', () => {
  it('prHourlyLimit (default 2) lets two new PRs through per hour, counting those already created', () => {
    const input = ['a', 'b', 'c'].map((n) => simple(n, 'patch'));
    expect(outcome(applyLimits(input, state()))).toEqual(['upkeep/a: due', 'upkeep/b: due', 'upkeep/c: pr-hourly-limit']);
    expect(outcome(applyLimits(input, state({ prsCreatedThisHour: 1 })))).toEqual(['upkeep/a: due', 'upkeep/b: pr-hourly-limit', 'upkeep/c: pr-hourly-limit']);
  });

  it("prConcurrentLimit (default 10) counts open PRs among this run's branches only", () => {
    const names = Array.from({ length: 12 }, (_, i) => `d${String(i).padStart(2, '0')}`);
    const input = names.map((n) => simple(n, 'patch', { prHourlyLimit: 0 }));
    // 9 open PRs of this run + 5 of branches no longer planned (they will be closed): one slot left.
    const openPrs = [...names.slice(0, 9).map((n) => `upkeep/${n}`), 'upkeep/old1', 'upkeep/old2', 'upkeep/old3', 'upkeep/old4', 'upkeep/old5'];
    const result = applyLimits(input, state({ openBranches: openPrs, openPrs }));
    expect(outcome(result).slice(8)).toEqual(['upkeep/d08: due', 'upkeep/d09: due', 'upkeep/d10: pr-concurrent-limit', 'upkeep/d11: pr-concurrent-limit']);
    expect(result.filter((b) => b.due)).toHaveLength(10);
  });

  it('existing branches with a PR keep being updated whatever the limits', () => {
    const input = ['a', 'b', 'c'].map((n) => simple(n, 'patch', { prConcurrentLimit: 1, prHourlyLimit: 1 }));
    const result = applyLimits(input, state({ openBranches: ['upkeep/b', 'upkeep/c'], openPrs: ['upkeep/b', 'upkeep/c'], prsCreatedThisHour: 5 }));
    expect(outcome(result)).toEqual(['upkeep/a: pr-hourly-limit', 'upkeep/b: due', 'upkeep/c: due']);
    expect(result[1]).not.toHaveProperty('pendingReason');
  });

  it('an existing branch without a PR waits for a PR slot (Upkeep does not push what cannot get a PR)', () => {
    const input = [simple('a', 'patch', { prConcurrentLimit: 1 }), simple('b', 'patch', { prConcurrentLimit: 1 })];
    const result = applyLimits(input, state({ openBranches: ['upkeep/a', 'upkeep/b'], openPrs: ['upkeep/a'] }));
    expect(outcome(result)).toEqual(['upkeep/a: due', 'upkeep/b: pr-concurrent-limit']);
  });

  it('branchConcurrentLimit defaults to prConcurrentLimit and counts existing branches', () => {
    // Branch automerge needs no PR, so only the branch limit holds it back.
    const cfg = { automergeType: 'branch' as const, automerge: true, prConcurrentLimit: 2, prHourlyLimit: 0 };
    const input = ['a', 'b', 'c', 'd'].map((n) => simple(n, 'digest', cfg));
    expect(outcome(applyLimits(input, state({ openBranches: ['upkeep/c'] })))).toEqual([
      'upkeep/a: due',
      'upkeep/b: branch-concurrent-limit',
      'upkeep/c: due',
      'upkeep/d: branch-concurrent-limit',
    ]);
    // Its own value wins over prConcurrentLimit; 0 lifts it.
    const wide = ['a', 'b', 'c', 'd'].map((n) => simple(n, 'digest', { ...cfg, branchConcurrentLimit: 3 }));
    expect(outcome(applyLimits(wide, state()))).toEqual(['upkeep/a: due', 'upkeep/b: due', 'upkeep/c: due', 'upkeep/d: branch-concurrent-limit']);
    const unlimited = ['a', 'b', 'c', 'd'].map((n) => simple(n, 'digest', { ...cfg, branchConcurrentLimit: 0 }));
    expect(applyLimits(unlimited, state()).every((b) => b.due)).toBe(true);
  });

  it('branch automerge still counts against the hourly limit for new branches (Renovate), not for existing ones', () => {
    const cfg = { automergeType: 'branch' as const, automerge: true, prHourlyLimit: 1 };
    const input = [simple('a', 'digest', cfg), simple('b', 'digest', cfg)];
    expect(outcome(applyLimits(input, state({ prsCreatedThisHour: 1, openBranches: ['upkeep/b'] })))).toEqual(['upkeep/a: pr-hourly-limit', 'upkeep/b: due']);
  });

  it('0 and null mean no limit', () => {
    const input = Array.from({ length: 15 }, (_, i) => simple(`d${String(i).padStart(2, '0')}`, 'patch', { prConcurrentLimit: 0, prHourlyLimit: null }));
    expect(applyLimits(input, state({ prsCreatedThisHour: 50 })).every((b) => b.due)).toBe(true);
    const nulls = Array.from({ length: 15 }, (_, i) => simple(`d${i}`, 'patch', { prConcurrentLimit: null, prHourlyLimit: 0 }));
    expect(applyLimits(nulls, state()).every((b) => b.due)).toBe(true);
  });

  it('a branch takes the lowest limit among its upgrades; one unlimited upgrade makes it unlimited (Renovate)', () => {
    const group = [upgrade('a', 'patch', { prConcurrentLimit: 5, prHourlyLimit: 4 }), upgrade('b', 'patch', { prConcurrentLimit: 3, prHourlyLimit: 0 })];
    expect(branchLimit(group, 'prConcurrentLimit')).toBe(3);
    expect(branchLimit(group, 'prHourlyLimit')).toBe(0);
    expect(branchLimit(group, 'branchConcurrentLimit')).toBe(3);
    expect(branchLimit([upgrade('a', 'patch', { branchConcurrentLimit: 7, prConcurrentLimit: 3 })], 'branchConcurrentLimit')).toBe(7);
    // Each branch's own limit against the run's count: a strict branch waits while a lenient one after it goes ahead.
    const input = [
      simple('a-lenient', 'patch', { prConcurrentLimit: 5, prHourlyLimit: 0 }),
      simple('b-strict', 'patch', { prConcurrentLimit: 1, prHourlyLimit: 0 }),
      simple('c-lenient', 'patch', { prConcurrentLimit: 5, prHourlyLimit: 0 }),
    ];
    // Branches and PRs outside this run's plan do not count.
    const s = state({ openBranches: ['upkeep/old'], openPrs: ['upkeep/old'] });
    expect(outcome(applyLimits(input, s))).toEqual(['upkeep/a-lenient: due', 'upkeep/b-strict: pr-concurrent-limit', 'upkeep/c-lenient: due']);
  });

  it('slots go to the least risky updates first', () => {
    const input = [simple('major', 'major'), simple('minor', 'minor'), simple('digest', 'digest')];
    expect(outcome(applyLimits(input, state()))).toEqual(['upkeep/digest: due', 'upkeep/minor: due', 'upkeep/major: pr-hourly-limit']);
  });
});

describe('schedule and approval', () => {
  const weekend = { schedule: ['every weekend'] };

  it('outside the schedule no branch is created and no PR opened; branches with a PR keep being updated', () => {
    const input = [simple('new', 'patch', weekend), simple('with-pr', 'patch', weekend), simple('no-pr', 'patch', weekend)];
    const s = state({ openBranches: ['upkeep/with-pr', 'upkeep/no-pr'], openPrs: ['upkeep/with-pr'] });
    expect(outcome(applyLimits(input, s))).toEqual(['upkeep/new: schedule', 'upkeep/no-pr: schedule', 'upkeep/with-pr: due']);
    // On Saturday all are due.
    expect(applyLimits(input, { ...s, now: new Date('2024-03-09T12:00:00Z') }).every((b) => b.due)).toBe(true);
  });

  it("uses each upgrade's time zone, and a group is in schedule only when every upgrade is", () => {
    // Monday 2024-03-04 04:30 UTC = 05:30 in Berlin, 23:30 on Sunday in New York.
    const now = new Date('2024-03-04T04:30:00Z');
    const berlin = upgrade('a', 'patch', { schedule: ['before 6am on monday'], timezone: 'Europe/Berlin' });
    const newYork = upgrade('b', 'patch', { schedule: ['before 6am on monday'], timezone: 'America/New_York' });
    const anyTime = upgrade('c', 'patch');
    const input = [
      branch('upkeep/berlin', 'A', [berlin]),
      branch('upkeep/new-york', 'B', [newYork]),
      branch('upkeep/group', 'C', [berlin, anyTime]),
      branch('upkeep/mixed', 'D', [berlin, newYork]),
    ];
    expect(outcome(applyLimits(input, state({ now })))).toEqual([
      'upkeep/berlin: due',
      'upkeep/new-york: schedule',
      'upkeep/group: due',
      'upkeep/mixed: schedule',
    ]);
  });

  it('pending branches take no slot', () => {
    const input = [simple('a', 'patch', weekend), simple('b', 'patch'), simple('c', 'patch')];
    expect(outcome(applyLimits(input, state()))).toEqual(['upkeep/a: schedule', 'upkeep/b: due', 'upkeep/c: due']);
  });

  it('dependencyDashboardApproval holds new branches until the box is ticked; a ticked box bypasses schedule and limits', () => {
    const approval = { dependencyDashboardApproval: true };
    const input = [simple('a', 'patch', approval), simple('b', 'patch', { ...approval, ...weekend }), simple('c', 'patch'), simple('d', 'patch')];
    expect(outcome(applyLimits(input, state({ openBranches: ['upkeep/b'], openPrs: ['upkeep/b'] })))).toEqual([
      'upkeep/a: dashboard-approval',
      'upkeep/b: due',
      'upkeep/c: due',
      'upkeep/d: due',
    ]);
    const ticked = applyLimits(
      [simple('a', 'patch', { ...approval, ...weekend }), simple('c', 'patch'), simple('d', 'patch')],
      state({ dashboardChecks: ['upkeep/a'], prsCreatedThisHour: 2 }),
    );
    expect(outcome(ticked)).toEqual(['upkeep/a: due', 'upkeep/c: pr-hourly-limit', 'upkeep/d: pr-hourly-limit']);
  });

  it('minimumGroupSize: a branch with fewer updates waits, takes no slot; an existing branch and a ticked box go ahead', () => {
    const min2 = { groupName: 'web', minimumGroupSize: 2 };
    const lone = branch('upkeep/web', 'Update web', [upgrade('nginx', 'patch', min2)]);
    const pair = branch('upkeep/web', 'Update web', [upgrade('nginx', 'patch', min2), upgrade('redis', 'patch', min2)]);
    expect(outcome(applyLimits([lone, simple('b', 'patch'), simple('c', 'patch')], state()))).toEqual([
      'upkeep/b: due',
      'upkeep/c: due',
      'upkeep/web: minimum-group-size',
    ]);
    expect(outcome(applyLimits([pair], state()))).toEqual(['upkeep/web: due']);
    // The largest minimum among the updates counts (Renovate), whatever rule set it.
    const mixed = branch('upkeep/web', 'Update web', [upgrade('nginx', 'patch'), upgrade('redis', 'patch', { minimumGroupSize: 3 })]);
    expect(outcome(applyLimits([mixed], state()))).toEqual(['upkeep/web: minimum-group-size']);
    // Only creating the branch waits: one that exists is kept current, and a ticked box creates it.
    expect(outcome(applyLimits([lone], state({ openBranches: ['upkeep/web'] })))).toEqual(['upkeep/web: due']);
    expect(outcome(applyLimits([lone], state({ dashboardChecks: ['upkeep/web'] })))).toEqual(['upkeep/web: due']);
  });

  it('a ticked "do all of the above" box releases every branch pending for that reason, and only those, like ticking each', () => {
    const approval = { dependencyDashboardApproval: true };
    const input = [simple('a', 'patch', approval), simple('b', 'patch', approval), simple('c', 'patch', weekend), simple('d', 'patch'), simple('e', 'patch')];
    const base = state({ prsCreatedThisHour: 1 });
    expect(outcome(applyLimits(input, base))).toEqual([
      'upkeep/a: dashboard-approval',
      'upkeep/b: dashboard-approval',
      'upkeep/c: schedule',
      'upkeep/d: due',
      'upkeep/e: pr-hourly-limit',
    ]);
    // Approved branches bypass the limits as a ticked box does; the others then find the hour's slots taken.
    expect(outcome(applyLimits(input, { ...base, dashboardBulk: ['approve'] }))).toEqual([
      'upkeep/a: due',
      'upkeep/b: due',
      'upkeep/c: schedule',
      'upkeep/d: pr-hourly-limit',
      'upkeep/e: pr-hourly-limit',
    ]);
    expect(outcome(applyLimits(input, { ...base, dashboardBulk: ['approve', 'unlimit', 'unschedule'] }))).toEqual([
      'upkeep/a: due',
      'upkeep/b: due',
      'upkeep/c: due',
      'upkeep/d: due',
      'upkeep/e: due',
    ]);
  });

  it('an invalid schedule stops planning with a config error naming file and entry', () => {
    const input = [simple('a', 'patch', { schedule: ['before 6 am'] })];
    expect(() => applyLimits(input, state({ configFile: 'renovate.json' }))).toThrow(
      /^renovate\.json: schedule\[0\]: "before 6 am" cannot be read as a schedule/,
    );
    expect(() => applyLimits([simple('a', 'patch', { timezone: 'Europe/Berln' })], state({ configFile: 'upkeep.json' }))).toThrow(
      'upkeep.json: timezone: "Europe/Berln" is not an IANA time zone',
    );
  });

  it('isAutomergeScheduled reads automergeSchedule, not schedule', () => {
    const b = branch('upkeep/a', 'A', [upgrade('a', 'patch', { schedule: ['every weekend'], automergeSchedule: ['before 6am every weekday'] })]);
    expect(isAutomergeScheduled(b, new Date('2024-03-05T05:00:00Z'))).toBe(true);
    expect(isAutomergeScheduled(b, new Date('2024-03-09T05:00:00Z'))).toBe(false);
    // With a compiler shared across the run's calls.
    const schedules = scheduleCompiler();
    expect(applyLimits([b], state({ now: new Date('2024-03-09T05:00:00Z'), schedules }))[0]!.due).toBe(true);
    expect(isAutomergeScheduled(b, new Date('2024-03-09T05:00:00Z'), { schedules })).toBe(false);
    expect(() =>
      isAutomergeScheduled(branch('upkeep/x', 'X', [upgrade('x', 'patch', { automergeSchedule: 'every 5 minutes' })]), NOW, { configFile: 'renovate.json' }),
    ).toThrow('renovate.json: automergeSchedule: "every 5 minutes" should not specify minutes or seconds: a schedule is a window of hours or days');
  });
});
