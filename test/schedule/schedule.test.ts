/**
 * Schedules at fixed instants: every text form users write, cron, time zones (including DST days, where
 * an hour is missing or happens twice), the next matching instant, and the problems `validate` reports.
 * Calendar: 2024-03-04 is a Monday; Europe changes clocks on 2024-03-31 and 2024-10-27 (Sundays), the US
 * on 2024-03-10 and 2024-11-03.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isScheduled, nextScheduledAt, scheduleCompiler, validateSchedule, validateTimezone } from '../../src/schedule/schedule.js';
import { ConfigError } from '../../src/util/errors.js';

type Case = [schedule: string | string[], timezone: string, instant: string, expected: boolean];

const at = ([schedule, timezone, instant]: Case) => isScheduled(schedule, timezone, new Date(instant));

describe('isScheduled: Renovate text forms (UTC)', () => {
  const cases: Case[] = [
    ['before 6am on monday', 'UTC', '2024-03-04T00:00:00Z', true],
    ['before 6am on monday', 'UTC', '2024-03-04T05:59:59Z', true],
    ['before 6am on monday', 'UTC', '2024-03-04T06:00:00Z', false],
    ['before 6am on monday', 'UTC', '2024-03-05T05:00:00Z', false],
    ['before 6am on monday', 'UTC', '2024-03-03T23:59:59Z', false],
    ['before 4am on Monday', 'UTC', '2024-03-11T03:59:59Z', true],
    ['before 4am on Monday', 'UTC', '2024-03-11T04:00:00Z', false],
    ['before 4am on Monday', 'UTC', '2024-03-12T01:30:00Z', false],
    ['BEFORE 6AM ON MONDAY', 'UTC', '2024-03-04T05:00:00Z', true],
    ['every weekend', 'UTC', '2024-03-09T00:00:00Z', true],
    ['every weekend', 'UTC', '2024-03-10T23:59:59Z', true],
    ['every weekend', 'UTC', '2024-03-11T00:00:00Z', false],
    ['every weekend', 'UTC', '2024-03-08T23:59:59Z', false],
    ['after 10pm every weekday', 'UTC', '2024-03-04T22:00:00Z', true],
    ['after 10pm every weekday', 'UTC', '2024-03-04T21:59:59Z', false],
    ['after 10pm every weekday', 'UTC', '2024-03-08T23:30:00Z', true],
    ['after 10pm every weekday', 'UTC', '2024-03-09T23:00:00Z', false],
    ['after 10pm every weekday', 'UTC', '2024-03-05T03:00:00Z', false],
    ['on the first day of the month', 'UTC', '2024-03-01T00:00:00Z', true],
    ['on the first day of the month', 'UTC', '2024-03-01T23:59:59Z', true],
    ['on the first day of the month', 'UTC', '2024-03-02T00:00:00Z', false],
    ['on the first day of the month', 'UTC', '2024-02-29T12:00:00Z', false],
    // Renovate's alias: before 5am on the first day of the month.
    ['every month', 'UTC', '2024-04-01T04:59:59Z', true],
    ['every month', 'UTC', '2024-04-01T05:00:00Z', false],
    ['every month', 'UTC', '2024-04-02T01:00:00Z', false],
    ['monthly', 'UTC', '2024-04-01T01:00:00Z', true],
    ['monthly', 'UTC', '2024-04-15T01:00:00Z', false],
    ['at any time', 'UTC', '2024-03-06T13:37:00Z', true],
    [[], 'UTC', '2024-03-06T13:37:00Z', true],
    // A window across midnight is read as two (later.js would read "after and before" as both at once: never).
    ['after 10pm and before 5am every weekday', 'UTC', '2024-03-04T23:00:00Z', true],
    ['after 10pm and before 5am every weekday', 'UTC', '2024-03-05T04:59:59Z', true],
    ['after 10pm and before 5am every weekday', 'UTC', '2024-03-05T05:00:00Z', false],
    ['after 10pm and before 5am every weekday', 'UTC', '2024-03-04T12:00:00Z', false],
    ['after 10pm and before 5am every weekday', 'UTC', '2024-03-09T03:00:00Z', false],
    ['after 9am and before 5pm every weekday', 'UTC', '2024-03-04T09:00:00Z', true],
    ['after 9am and before 5pm every weekday', 'UTC', '2024-03-04T16:59:59Z', true],
    ['after 9am and before 5pm every weekday', 'UTC', '2024-03-04T17:00:00Z', false],
    ['after 9am and before 5pm every weekday', 'UTC', '2024-03-04T08:59:59Z', false],
    ['after 9am and before 5pm every weekday', 'UTC', '2024-03-09T12:00:00Z', false],
    ['after 4:30pm on friday', 'UTC', '2024-03-08T16:30:00Z', true],
    ['after 4:30pm on friday', 'UTC', '2024-03-08T16:29:59Z', false],
    // Repairs Renovate's config migration makes.
    ['every monday', 'UTC', '2024-03-04T12:00:00Z', true],
    ['every monday', 'UTC', '2024-03-05T12:00:00Z', false],
    ['on mondays', 'UTC', '2024-03-11T12:00:00Z', true],
    ['on every weekday', 'UTC', '2024-03-08T12:00:00Z', true],
    ['on every weekday', 'UTC', '2024-03-09T12:00:00Z', false],
    ['before 5am every day', 'UTC', '2024-03-09T04:00:00Z', true],
    ['before 5am every day', 'UTC', '2024-03-09T06:00:00Z', false],
    ['on friday and saturday', 'UTC', '2024-03-08T12:00:00Z', true],
    ['on friday and saturday', 'UTC', '2024-03-09T12:00:00Z', true],
    ['on friday and saturday', 'UTC', '2024-03-10T12:00:00Z', false],
    // Renovate's migration turns this into the *first* day; Upkeep keeps the words' meaning.
    ['on the last day of the month', 'UTC', '2024-02-29T12:00:00Z', true],
    ['on the last day of the month', 'UTC', '2024-02-28T12:00:00Z', false],
    ['on the last day of the month', 'UTC', '2024-03-01T12:00:00Z', false],
    ['every 3 months on the first day of the month', 'UTC', '2024-01-01T10:00:00Z', true],
    ['every 3 months on the first day of the month', 'UTC', '2024-02-01T10:00:00Z', false],
    ['every 3 months on the first day of the month', 'UTC', '2024-04-01T10:00:00Z', true],
    ['every 2 weeks on monday', 'UTC', '2024-01-01T10:00:00Z', true],
    ['every 2 weeks on monday', 'UTC', '2024-01-08T10:00:00Z', false],
    ['every 2 weeks on monday', 'UTC', '2024-01-15T10:00:00Z', true],
    [['before 6am on monday', 'every weekend'], 'UTC', '2024-03-10T12:00:00Z', true],
    [['before 6am on monday', 'every weekend'], 'UTC', '2024-03-11T07:00:00Z', false],
  ];
  it.each(cases)('%j in %s at %s → %s', (...c) => expect(at(c)).toBe(c[3]));
});

describe('isScheduled: cron (minutes must be *; day of month AND weekday)', () => {
  const cases: Case[] = [
    ['* 0-3 * * 1', 'UTC', '2024-03-04T00:00:00Z', true],
    ['* 0-3 * * 1', 'UTC', '2024-03-04T03:59:59Z', true],
    ['* 0-3 * * 1', 'UTC', '2024-03-04T04:00:00Z', false],
    ['* 0-3 * * 1', 'UTC', '2024-03-05T01:00:00Z', false],
    ['* 22-23,0-4 * * 1-5', 'UTC', '2024-03-04T22:30:00Z', true],
    ['* 22-23,0-4 * * 1-5', 'UTC', '2024-03-04T04:59:00Z', true],
    ['* 22-23,0-4 * * 1-5', 'UTC', '2024-03-04T05:00:00Z', false],
    ['* 22-23,0-4 * * 1-5', 'UTC', '2024-03-09T23:00:00Z', false],
    ['* * * * 0,6', 'UTC', '2024-03-09T12:00:00Z', true],
    ['* * * * 0,6', 'UTC', '2024-03-10T12:00:00Z', true],
    ['* * * * 0,6', 'UTC', '2024-03-11T12:00:00Z', false],
    ['* * * * SAT,SUN', 'UTC', '2024-03-10T12:00:00Z', true],
    ['* * * * SAT,SUN', 'UTC', '2024-03-08T12:00:00Z', false],
    // The first Monday of the month: both fields must match (standard cron would take either).
    ['* 0-3 1-7 * 1', 'UTC', '2024-03-04T01:00:00Z', true],
    ['* 0-3 1-7 * 1', 'UTC', '2024-03-11T01:00:00Z', false],
    ['* 0-3 1-7 * 1', 'UTC', '2024-03-01T01:00:00Z', false],
    ['* * L * *', 'UTC', '2024-02-29T08:00:00Z', true],
    ['* * L * *', 'UTC', '2024-02-28T08:00:00Z', false],
    ['*/1 5 * * *', 'UTC', '2024-02-28T05:45:00Z', true],
  ];
  it.each(cases)('%j in %s at %s → %s', (...c) => expect(at(c)).toBe(c[3]));
});

describe('isScheduled: time zones and DST days', () => {
  const cases: Case[] = [
    ['before 6am on monday', 'America/New_York', '2024-03-04T05:00:00Z', true], // Mon 00:00 EST
    ['before 6am on monday', 'America/New_York', '2024-03-04T10:59:59Z', true], // Mon 05:59:59
    ['before 6am on monday', 'America/New_York', '2024-03-04T11:00:00Z', false],
    ['before 6am on monday', 'America/New_York', '2024-03-04T04:59:59Z', false], // Sun 23:59:59
    ['before 6am on monday', 'Asia/Tokyo', '2024-03-03T15:00:00Z', true], // Mon 00:00 JST
    ['before 6am on monday', 'Asia/Tokyo', '2024-03-03T20:59:59Z', true],
    ['before 6am on monday', 'Asia/Tokyo', '2024-03-03T21:00:00Z', false],
    ['before 6am on monday', 'Asia/Kathmandu', '2024-03-04T00:14:59Z', true], // 05:59:59 at +05:45
    ['before 6am on monday', 'Asia/Kathmandu', '2024-03-04T00:15:00Z', false],
    ['* 0-3 * * 1', 'Europe/Berlin', '2024-03-03T23:00:00Z', true], // Mon 00:00 CET
    ['* 0-3 * * 1', 'Europe/Berlin', '2024-03-04T02:59:59Z', true],
    ['* 0-3 * * 1', 'Europe/Berlin', '2024-03-04T03:00:00Z', false],
    ['* 0-3 * * 1', 'Europe/Berlin', '2024-03-03T22:59:59Z', false],
    // Europe, spring forward (02:00 CET → 03:00 CEST): the hour 2 does not exist that day.
    ['before 3am', 'Europe/Berlin', '2024-03-31T00:59:59Z', true],
    ['before 3am', 'Europe/Berlin', '2024-03-31T01:00:00Z', false],
    ['every weekend', 'Europe/Berlin', '2024-03-29T22:59:59Z', false], // Fri 23:59:59 CET
    ['every weekend', 'Europe/Berlin', '2024-03-29T23:00:00Z', true], // Sat 00:00 CET
    ['every weekend', 'Europe/Berlin', '2024-03-31T21:59:59Z', true], // Sun 23:59:59 CEST
    ['every weekend', 'Europe/Berlin', '2024-03-31T22:00:00Z', false], // Mon 00:00 CEST
    ['* 2 * * *', 'Europe/Berlin', '2024-03-31T00:30:00Z', false], // 01:30 CET
    ['* 2 * * *', 'Europe/Berlin', '2024-03-31T01:30:00Z', false], // 03:30 CEST
    ['* 2 * * *', 'Europe/Berlin', '2024-04-01T00:30:00Z', true], // 02:30 CEST
    // Europe, fall back (03:00 CEST → 02:00 CET): 02:30 happens twice, both in the window.
    ['before 3am', 'Europe/Berlin', '2024-10-27T00:30:00Z', true],
    ['before 3am', 'Europe/Berlin', '2024-10-27T01:30:00Z', true],
    ['before 3am', 'Europe/Berlin', '2024-10-27T02:00:00Z', false],
    ['* 2 * * *', 'Europe/Berlin', '2024-10-27T00:30:00Z', true],
    ['* 2 * * *', 'Europe/Berlin', '2024-10-27T01:30:00Z', true],
    ['* 2 * * *', 'Europe/Berlin', '2024-10-27T02:00:00Z', false],
    // US: spring forward on 2024-03-10 (02:00 EST → 03:00 EDT), fall back on 2024-11-03 (02:00 EDT → 01:00 EST).
    ['before 3am on sunday', 'America/New_York', '2024-03-10T06:59:59Z', true],
    ['before 3am on sunday', 'America/New_York', '2024-03-10T07:00:00Z', false],
    ['after 1am and before 2am on sunday', 'America/New_York', '2024-11-03T04:59:59Z', false],
    ['after 1am and before 2am on sunday', 'America/New_York', '2024-11-03T05:30:00Z', true],
    ['after 1am and before 2am on sunday', 'America/New_York', '2024-11-03T06:30:00Z', true],
    ['after 1am and before 2am on sunday', 'America/New_York', '2024-11-03T07:00:00Z', false],
  ];
  it.each(cases)('%j in %s at %s → %s', (...c) => expect(at(c)).toBe(c[3]));
});

describe('nextScheduledAt', () => {
  const next = (schedule: string | string[], timezone: string, now: string) => nextScheduledAt(schedule, timezone, new Date(now))?.toISOString() ?? null;

  it('is now when the schedule matches now', () => {
    expect(next('before 6am on monday', 'UTC', '2024-03-04T03:00:00.000Z')).toBe('2024-03-04T03:00:00.000Z');
    expect(next('at any time', 'Europe/Berlin', '2024-03-06T13:37:12.345Z')).toBe('2024-03-06T13:37:12.345Z');
    expect(next('after 10pm every weekday', 'UTC', '2024-03-08T23:30:00.000Z')).toBe('2024-03-08T23:30:00.000Z');
  });

  it('is the start of the next window, in the schedule time zone', () => {
    expect(next('before 6am on monday', 'UTC', '2024-03-05T12:00:00Z')).toBe('2024-03-11T00:00:00.000Z');
    expect(next('before 6am on monday', 'Europe/Berlin', '2024-03-05T12:00:00Z')).toBe('2024-03-10T23:00:00.000Z');
    expect(next('after 10pm every weekday', 'UTC', '2024-03-09T12:00:00Z')).toBe('2024-03-11T22:00:00.000Z');
    expect(next('every month', 'UTC', '2024-03-05T12:00:00Z')).toBe('2024-04-01T00:00:00.000Z');
    expect(next(['every weekend', 'after 10pm every weekday'], 'UTC', '2024-03-05T12:00:00Z')).toBe('2024-03-05T22:00:00.000Z');
  });

  it('crosses DST changes', () => {
    // Monday 00:00 EDT: the clocks moved on the Sunday before.
    expect(next('* 0-3 * * 1', 'America/New_York', '2024-03-05T12:00:00Z')).toBe('2024-03-11T04:00:00.000Z');
    expect(next('before 6am on monday', 'America/New_York', '2024-03-05T12:00:00Z')).toBe('2024-03-11T04:00:00.000Z');
    // 02:30 does not exist on 2024-03-31 in Berlin: the window opens at 03:00 CEST.
    expect(next('after 2:30am on sunday', 'Europe/Berlin', '2024-03-30T12:00:00Z')).toBe('2024-03-31T01:00:00.000Z');
    // 02:30 happens twice on 2024-10-27: the first one.
    expect(next('after 2:30am on sunday', 'Europe/Berlin', '2024-10-26T12:00:00Z')).toBe('2024-10-27T00:30:00.000Z');
    // No hour 2 on 2024-03-31: the next one is on Monday.
    expect(next('* 2 * * *', 'Europe/Berlin', '2024-03-30T12:00:00Z')).toBe('2024-04-01T00:00:00.000Z');
    expect(next('before 3am', 'Europe/Berlin', '2024-10-26T12:00:00Z')).toBe('2024-10-26T22:00:00.000Z');
  });
});

describe('invalid schedules and time zones', () => {
  const HINT = 'use cron ("* 0-3 * * 1") or text such as "before 6am on monday", "every weekend", "after 10pm every weekday"';

  it('validateSchedule lists every problem, one line each, naming the entry', () => {
    const entries = [
      '0 0 * * *',
      '*/5 * * * *',
      'every 5 minutes',
      'at 10pm on monday',
      'every 2 weeks',
      '* 25 * * *',
      '* * 0-3 * * 1',
      'before 6 am on monday',
      '@weekly',
      'before 6am on monday',
      'after 10pm and before 5am every weekday',
      '* 0-3 * * 1',
    ];
    expect(validateSchedule(entries)).toEqual([
      'schedule[0]: "0 0 * * *" has cron syntax but must have * as minutes (e.g. "* 0-3 * * 1")',
      'schedule[1]: "*/5 * * * *" has cron syntax but must have * as minutes (e.g. "* 0-3 * * 1")',
      'schedule[2]: "every 5 minutes" should not specify minutes or seconds: a schedule is a window of hours or days',
      'schedule[3]: "at 10pm on monday" names an instant ("at …"): use "after …" / "before …"',
      'schedule[4]: "every 2 weeks" has no months, days of week or time of day',
      'schedule[5]: "* 25 * * *" is not valid cron: Invalid value for hour: 25',
      'schedule[6]: "* * 0-3 * * 1" has 6 fields: cron schedules have five (minute hour day-of-month month day-of-week)',
      `schedule[7]: "before 6 am on monday" cannot be read as a schedule (stopped at "am on monday"): ${HINT}`,
      'schedule[8]: "@weekly" has 1 field: cron schedules have five (minute hour day-of-month month day-of-week)',
    ]);
    expect(validateSchedule('garbage', 'packageRules[1].automergeSchedule')).toEqual([
      `packageRules[1].automergeSchedule: "garbage" cannot be read as a schedule (stopped at "garbage"): ${HINT}`,
    ]);
    expect(validateSchedule(['at any time'])).toEqual([]);
  });

  it('isScheduled throws a ConfigError naming the file, the key and the entry (Renovate would run at any time)', () => {
    const run = (source?: { file?: string; key?: string }) => () =>
      isScheduled(['before 6am', 'before 6 am on monday'], 'UTC', new Date('2024-03-04T01:00:00Z'), source);
    expect(run()).toThrow(
      new ConfigError('repository config', `"before 6 am on monday" cannot be read as a schedule (stopped at "am on monday"): ${HINT}`, { key: 'schedule[1]' }),
    );
    expect(run({ file: 'renovate.json', key: 'automergeSchedule' })).toThrow(
      `renovate.json: automergeSchedule[1]: "before 6 am on monday" cannot be read as a schedule (stopped at "am on monday"): ${HINT}`,
    );
    let error: unknown;
    try {
      run({ file: 'renovate.json' })();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ kind: 'config', file: 'renovate.json', key: 'schedule[1]' });
  });

  it('an unknown time zone is a config error naming it', () => {
    expect(() => isScheduled('before 6am', 'Mars/Olympus', new Date('2024-03-04T01:00:00Z'), { file: '.github/renovate.json' })).toThrow(
      '.github/renovate.json: timezone: "Mars/Olympus" is not an IANA time zone',
    );
    expect(validateTimezone('Europe/Berln')).toBe('timezone: "Europe/Berln" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")');
    expect(validateTimezone('')).toBe('timezone: "" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")');
    expect(validateTimezone('Europe/Berlin')).toBeUndefined();
    expect(validateTimezone('America/Argentina/Buenos_Aires')).toBeUndefined();
  });
});

describe('presets and reuse', () => {
  it('every schedule in config/presets/schedule.json is valid, and the cron ones mean what their description says', () => {
    const presets = JSON.parse(readFileSync(new URL('../../config/presets/schedule.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
    const entries = Object.entries(presets).flatMap(([name, p]) =>
      ['schedule', 'automergeSchedule'].filter((k) => k in p).map((k) => [`${name}.${k}`, p[k] as string[]] as const),
    );
    expect(entries.length).toBeGreaterThan(10);
    for (const [key, schedule] of entries) expect(validateSchedule(schedule, key)).toEqual([]);
    const quarterly = presets.quarterly!.schedule as string[];
    expect(
      ['2024-01-01T12:00:00Z', '2024-02-01T12:00:00Z', '2024-04-01T12:00:00Z', '2024-04-02T12:00:00Z'].map((d) => isScheduled(quarterly, 'UTC', new Date(d))),
    ).toEqual([true, false, true, false]);
    const nonOffice = presets.nonOfficeHours!.schedule as string[];
    expect(['2024-03-04T22:00:00Z', '2024-03-04T12:00:00Z', '2024-03-09T12:00:00Z'].map((d) => isScheduled(nonOffice, 'UTC', new Date(d)))).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('scheduleCompiler reads each distinct schedule once', () => {
    const compile = scheduleCompiler();
    const a = compile(['before 6am on monday'], 'Europe/Berlin');
    expect(compile(['before 6am on monday'], 'Europe/Berlin')).toBe(a);
    expect(compile(['before 6am on monday'], 'UTC')).not.toBe(a);
    expect(a.matches(new Date('2024-03-03T23:30:00Z'))).toBe(true);
    expect(a.nextAt(new Date('2024-03-05T12:00:00Z'))?.toISOString()).toBe('2024-03-10T23:00:00.000Z');
  });
});

describe('UTC under its other names', () => {
  // UTC's wall clock is the instant itself (no zone data is loaded for it): every name Intl takes for it agrees.
  const names = ['UTC', 'utc', 'Etc/UTC', 'etc/utc', 'GMT', 'Etc/GMT', 'UCT', 'Zulu', 'Universal'];
  it.each(names)('%s reads "after 10pm every weekday" as UTC does', (zone) => {
    expect(isScheduled('after 10pm every weekday', zone, new Date('2024-03-04T22:00:00Z'))).toBe(true);
    expect(isScheduled('after 10pm every weekday', zone, new Date('2024-03-04T21:59:59Z'))).toBe(false);
    expect(nextScheduledAt('before 6am on monday', zone, new Date('2024-03-05T12:00:00Z'))?.toISOString()).toBe('2024-03-11T00:00:00.000Z');
    expect(validateTimezone(zone)).toBeUndefined();
  });
  it('a look-alike is still judged by Intl', () => {
    expect(validateTimezone('UTC+1')).toMatch(/not an IANA time zone/);
    expect(validateTimezone('Etc/UTCX')).toMatch(/not an IANA time zone/);
  });
});
