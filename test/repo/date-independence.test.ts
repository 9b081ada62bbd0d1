/**
 * A run's decisions read the run's clock and nothing else. The date-sensitive cases — minimumReleaseAge,
 * schedules with a time zone, the hourly PR limit, the dashboard — run at three far-apart dates, with every
 * date in the scenario built relative to the injected clock. The wall clock is moved somewhere else
 * entirely (vitest fakes only `Date`), so any code that reads it instead of the run's clock gives a
 * different answer and fails here, on any calendar day.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Datasource } from '../../src/datasources/types.js';
import { runLocal } from '../../src/repo/local-run.js';
import type { Report } from '../../src/report/report.js';
import { createClock } from '../../src/util/clock.js';

const DAY = 86_400_000;
const scratch = mkdtempSync(join(tmpdir(), 'upkeep-dates-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

/** The Monday 03:00 UTC on or before `date` (04:00 in Amsterdam in winter, 05:00 in summer: before 6am there). */
function mondayThreeAm(date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 3));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
}

/** Releases dated relative to `now`: 1.1.0 ten days old, 1.2.0 two days old. */
function datasourceAt(now: Date): (id: string) => Datasource | undefined {
  const dates: Record<string, string> = {
    '1.1.0': new Date(now.getTime() - 10 * DAY).toISOString(),
    '1.2.0': new Date(now.getTime() - 2 * DAY).toISOString(),
  };
  const docker: Datasource = {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async ({ packageName }) => ({
      releases: ['1.0.0', '1.1.0', '1.2.0'].map((version) => ({ version, ...(packageName === 'team/dated' ? { releaseTimestamp: dates[version] } : {}) })),
    }),
    getDigest: async () => null,
    getReleaseTimestamp: async (_pkg, version) => dates[version] ?? null,
  };
  return (id) => (id === 'docker' ? docker : undefined);
}

let repos = 0;
async function runAt(now: Date, wallClock: Date, config: Record<string, unknown>): Promise<Report> {
  const dir = join(scratch, `repo-${repos++}`);
  mkdirSync(join(dir, 'apps'), { recursive: true });
  const pod = (name: string, image: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n    - name: ${name}\n      image: ${image}\n`;
  writeFileSync(join(dir, 'apps/aged.yaml'), pod('aged', 'registry.example.com/team/aged:1.0.0'));
  writeFileSync(join(dir, 'apps/dated.yaml'), pod('dated', 'registry.example.com/team/dated:1.0.0'));
  writeFileSync(join(dir, 'apps/other.yaml'), pod('other', 'registry.example.com/team/other:1.0.0'));
  writeFileSync(join(dir, 'upkeep.json'), JSON.stringify(config));
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(wallClock);
  try {
    const { report } = await runLocal(
      dir,
      { hostRules: [], registryAliases: {} },
      { baseBranch: 'main', clock: createClock(now), datasourceFor: datasourceAt(now) },
    );
    expect(report.configErrors).toBeUndefined();
    return report;
  } finally {
    vi.useRealTimers();
  }
}

const updates = (r: Report) => r.branches.flatMap((b) => b.updates.map((u) => `${u.depName.split('/').pop()} ${u.newValue}`)).sort();

/** Run dates far apart, each paired with a wall clock decades away from it. */
const DATES: Array<[string, Date, Date]> = [
  ['2001', new Date('2001-03-14T15:09:26Z'), new Date('2087-07-01T00:00:00Z')],
  ['2026', new Date('2026-12-02T18:00:00Z'), new Date('1999-12-31T23:59:59Z')],
  ['2093', new Date('2093-08-30T09:30:00Z'), new Date('2004-02-29T12:00:00Z')],
];

describe.each(DATES)('a run at %s decides by its own clock', (_label, at, wallClock) => {
  it('minimumReleaseAge: a release two days old waits, one ten days old is proposed (dates from the registry listing and asked one by one)', async () => {
    const report = await runAt(at, wallClock, { minimumReleaseAge: '7 days', prHourlyLimit: 0 });
    expect(updates(report)).toEqual(['aged 1.1.0', 'dated 1.1.0', 'other 1.1.0']);
    const fresh = await runAt(at, wallClock, { minimumReleaseAge: '1 day', prHourlyLimit: 0 });
    expect(updates(fresh)).toEqual(['aged 1.2.0', 'dated 1.2.0', 'other 1.2.0']);
  });

  it('schedule in a time zone: due on Monday before 6am in Amsterdam, pending two days later', async () => {
    const monday = mondayThreeAm(at);
    const config = { schedule: ['before 6am on monday'], timezone: 'Europe/Amsterdam', prHourlyLimit: 0 };
    expect((await runAt(monday, wallClock, config)).branches.map((b) => b.due)).toEqual([true, true, true]);
    const wednesday = new Date(monday.getTime() + 2 * DAY);
    const later = await runAt(wednesday, wallClock, config);
    expect(later.branches.map((b) => b.pendingReason)).toEqual(['schedule', 'schedule', 'schedule']);
  });

  it('the hourly PR limit and the dashboard', async () => {
    const report = await runAt(at, wallClock, { prHourlyLimit: 1, dependencyDashboard: true });
    expect(report.branches.map((b) => b.pendingReason ?? 'due')).toEqual(['due', 'pr-hourly-limit', 'pr-hourly-limit']);
    expect(report.dashboard?.body).toContain('Rate-Limited');
  });
});
