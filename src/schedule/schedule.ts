/**
 * `schedule` and `automergeSchedule`: when Upkeep may act. An entry is either cron with `*` minutes
 * (`* 0-3 * * 1`) or Renovate's text form (`before 6am on monday`, `every weekend`), read by the parsers
 * Renovate uses (croner, @breejs/later) so a Renovate config means the same here. Times are wall-clock
 * times in `timezone` (IANA); any entry matching makes the whole schedule match.
 *
 * Deliberately stricter than Renovate: an unreadable entry or time zone is a config error naming it.
 * Renovate logs a warning and treats the schedule as "at any time", which opens PRs at exactly the hours the
 * user asked to keep quiet, and nobody reads the warning. A config error is reported once, loudly.
 */
import { onDemand } from '../util/on-demand.js';
import { Cron, CronPattern } from 'croner';
import { ConfigError } from '../util/errors.js';

/** The parts of @breejs/later used here (it ships no types). Keys: t_a/t_b after/before (seconds of day), d weekday (1 = Sunday), D day of month (0 = last), M month, m minute… */
type LaterConstraints = Record<string, number[] | undefined>;
interface LaterParsed {
  schedules: LaterConstraints[];
  exceptions: LaterConstraints[];
  /** -1 when parsed; otherwise the position where reading stopped. */
  error: number;
}
interface Later {
  parse: { text(text: string): LaterParsed };
  schedule(parsed: LaterParsed): { isValid(date: Date): boolean; next(count: 1, start: Date): Date | number | undefined };
  date: { UTC(): void };
}
/** later.js (238 KiB) is read only when a config has a text schedule. */
const later = onDemand<Later>('@breejs/later');

type LaterSchedule = ReturnType<Later['schedule']>;
type Matcher = { cron: Cron } | { later: LaterSchedule };

export interface CompiledSchedule {
  /** Whether an entry matches `now` (wall-clock time in the schedule's time zone). */
  matches(now: Date): boolean;
  /** The first instant at or after `now` when the schedule matches (now itself if it does); null if none was found. */
  nextAt(now: Date): Date | null;
}

/** Where a schedule came from, for error messages: `renovate.json: packageRules[1].schedule[0]: …`. */
export interface ScheduleSource {
  file?: string;
  key?: string;
}

const ANY_TIME = 'at any time';
/** Renovate's aliases, read before parsing. */
const ALIASES: Record<string, string> = {
  'every month': 'before 5am on the first day of the month',
  monthly: 'before 5am on the first day of the month',
};
const DAY_NAME = '(mon|tues|wednes|thurs|fri|satur|sun)';
const QUARTER_HOUR_MS = 15 * 60_000;

/** Problems with `schedule` entries, one line each (`schedule[1]: "before 6 am": …`), for `upkeep validate`. */
export function validateSchedule(entries: string[] | string | null | undefined, key = 'schedule'): string[] {
  return asList(entries).flatMap((entry, i) => {
    const result = compileEntry(entry);
    return 'problem' in result ? [`${entryKey(key, entries, i)}: ${result.problem}`] : [];
  });
}

/** A problem with `timezone` (one line), or undefined when it names a time zone this runtime knows. */
export function validateTimezone(timezone: string, key = 'timezone'): string | undefined {
  return wallClock(timezone) ? undefined : `${key}: "${timezone}" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")`;
}

/** Whether `now` is within the schedule. Throws a ConfigError naming the entry or time zone when one is invalid. */
export function isScheduled(schedule: string[] | string | null | undefined, timezone: string, now: Date, source: ScheduleSource = {}): boolean {
  return compileSchedule(schedule, timezone, source).matches(now);
}

/** When the schedule next matches, at or after `now` ("pending until Monday 06:00"); null if never. */
export function nextScheduledAt(schedule: string[] | string | null | undefined, timezone: string, now: Date, source: ScheduleSource = {}): Date | null {
  return compileSchedule(schedule, timezone, source).nextAt(now);
}

/** Reads a schedule once, for evaluating it at many instants. Throws a ConfigError when an entry or the time zone is invalid. */
export function compileSchedule(schedule: string[] | string | null | undefined, timezone: string, source: ScheduleSource = {}): CompiledSchedule {
  const file = source.file ?? 'repository config';
  const key = source.key ?? 'schedule';
  const entries = asList(schedule);
  // Building the zone's formatter is what costs (~0.15 ms); it is done once here, and also checks the zone.
  const clock = wallClock(timezone);
  if (!clock) throw new ConfigError(file, `"${timezone}" is not an IANA time zone`, { key: 'timezone' });
  const matchers: Matcher[] = [];
  let always = entries.length === 0;
  entries.forEach((entry, i) => {
    const result = compileEntry(entry);
    if ('problem' in result) throw new ConfigError(file, result.problem, { key: entryKey(key, schedule, i) });
    if (result.always) always = true;
    // domAndDow: a day-of-month and a weekday must both match (`* 0-3 1-7 * 1` = the first Monday), as in Renovate.
    for (const m of result.matchers) matchers.push('cron' in m ? { cron: new Cron(m.cron, { timezone, domAndDow: true }) } : { later: laterSchedule(m.text) });
  });
  const matches = (now: Date): boolean => always || matchers.some((m) => ('cron' in m ? m.cron.match(floorToMinute(now)) : m.later.isValid(clock(now))));
  return {
    matches,
    nextAt: (now) => (matches(now) ? now : firstMatch(matchers, now, clock, matches)),
  };
}

export type ScheduleCompiler = (schedule: string[] | string | null | undefined, timezone: string, source?: ScheduleSource) => CompiledSchedule;

/** `compileSchedule` reading each distinct schedule once: hold one per repository run to check many branches cheaply. */
export function scheduleCompiler(): ScheduleCompiler {
  const compiled = new Map<string, CompiledSchedule>();
  return (schedule, timezone, source = {}) => {
    const id = JSON.stringify([schedule, timezone, source.file, source.key]);
    let result = compiled.get(id);
    if (!result) {
      result = compileSchedule(schedule, timezone, source);
      compiled.set(id, result);
    }
    return result;
  };
}

type EntryResult = { problem: string } | { always: boolean; matchers: Array<{ cron: string } | { text: LaterParsed }> };

function compileEntry(raw: string): EntryResult {
  if (typeof raw !== 'string') return { problem: `${JSON.stringify(raw)} is not a string` };
  const entry = raw.trim().replace(/\s+/g, ' ');
  if (entry === '' || entry.toLowerCase() === ANY_TIME) return { always: true, matchers: [] };
  const cron = readCron(entry);
  if (cron !== undefined) return typeof cron === 'string' ? { problem: `"${raw}" ${cron}` } : { always: false, matchers: [{ cron: entry }] };
  const matchers: Array<{ text: LaterParsed }> = [];
  for (const text of renovateTextForms(entry.toLowerCase())) {
    const parsed = later().parse.text(text);
    const problem = textProblem(text, parsed);
    if (problem) return { problem: `"${raw}" ${problem}` };
    matchers.push({ text: parsed });
  }
  return { always: false, matchers };
}

/**
 * A cron entry: undefined when the entry is not cron at all (then it is read as text), a problem string
 * when it is cron Upkeep does not accept, or the pattern. Minutes must be `*`: a schedule is a window of
 * hours or days, and a run lands at an arbitrary minute within it (Renovate's rule).
 */
function readCron(entry: string): CronPattern | string | undefined {
  const fields = entry.split(' ');
  const looksLikeCron = /^[\d*?]/.test(entry) && fields.every((f) => /^[\d*?,/#LW\-a-z]+$/i.test(f));
  let pattern: CronPattern;
  try {
    pattern = new CronPattern(entry);
  } catch (err) {
    return looksLikeCron && fields.length === 5 ? `is not valid cron: ${String((err as Error).message).replace(/^CronPattern: /, '')}` : undefined;
  }
  if (fields.length !== 5)
    return `has ${fields.length} field${fields.length === 1 ? '' : 's'}: cron schedules have five (minute hour day-of-month month day-of-week)`;
  if (!entry.startsWith('*') || pattern.minute.some((set) => set !== 1)) return 'has cron syntax but must have * as minutes (e.g. "* 0-3 * * 1")';
  return pattern;
}

/**
 * Renovate's reading of a text entry, before later.js parses it: the aliases, `6am` → `6:00am`, and the
 * repairs its config migration makes (`after 10pm and before 5am` → two entries, since later.js reads the
 * pair as "both at once", which never happens; `every monday` → `on monday`; `mondays` → `monday`; `on every
 * weekday` → `every weekday`; a trailing `every day` dropped). Not copied: Renovate's migration rewrites `on
 * the last day of the month` to the *first* day; Upkeep keeps the words' meaning (later.js reads it right).
 */
function renovateTextForms(entry: string): string[] {
  const text = (ALIASES[entry] ?? entry)
    .replace(/( \d?\d)(am|pm)\b/g, '$1:00$2')
    .replace('on every weekday', 'every weekday')
    .replace(/ every day$/, '')
    .replace(new RegExp(`every ${DAY_NAME}day$`), 'on $1day')
    .replace(new RegExp(`\\b${DAY_NAME}days\\b`, 'g'), '$1day');
  const split = /^(.*?)\b(after|before) (\S+) and (after|before) (\S+)(.*)$/.exec(text);
  if (split) {
    const [, head = '', k1 = '', t1 = '', k2 = '', t2 = '', tail = ''] = split;
    const first = later().parse.text(text).schedules[0];
    const [after, before] = [first?.t_a?.[0], first?.t_b?.[0]];
    if (k1 !== k2 && after !== undefined && before !== undefined && after > before) {
      return [`${head}${k1} ${t1}${tail}`, `${head}${k2} ${t2}${tail}`].map((t) => t.trim());
    }
  }
  return [text.trim()];
}

function textProblem(text: string, parsed: LaterParsed): string | undefined {
  if (parsed.error !== -1) {
    const near = text.slice(parsed.error).trim();
    return `cannot be read as a schedule${near ? ` (stopped at "${near}")` : ''}: use cron ("* 0-3 * * 1") or text such as "before 6am on monday", "every weekend", "after 10pm every weekday"`;
  }
  const all = [...parsed.schedules, ...parsed.exceptions];
  if (all.some((s) => s.m || s.s)) return 'should not specify minutes or seconds: a schedule is a window of hours or days';
  // Stricter than Renovate, which accepts these and then (almost) never matches: "at 10pm" is one second.
  if (parsed.schedules.some((s) => s.t)) return 'names an instant ("at …"): use "after …" / "before …"';
  if (!parsed.schedules.some((s) => s.M || s.d || s.D || s.t_a || s.t_b)) return 'has no months, days of week or time of day';
  return undefined;
}

function laterSchedule(parsed: LaterParsed): LaterSchedule {
  later().date.UTC(); // later.js's default, restated: the dates given carry the zone's wall-clock time in their UTC fields
  return later().schedule(parsed);
}

/** The earliest instant after `now` when some entry starts matching, checked against the whole schedule. */
function firstMatch(matchers: Matcher[], now: Date, clock: (d: Date) => Date, matches: (d: Date) => boolean): Date | null {
  const candidates = matchers.map((m) => {
    if ('cron' in m) return m.cron.nextRun(now);
    const next = m.later.next(1, clock(now));
    return next instanceof Date ? wallToInstant(next, clock) : null;
  });
  let best: Date | null = null;
  for (const candidate of candidates) {
    if (!candidate) continue;
    // A wall-clock time in a DST gap (02:30 on spring-forward day) has no instant: step on to the first one that matches.
    for (let step = 0, t = Math.max(candidate.getTime(), now.getTime()); step <= 8; step++, t += QUARTER_HOUR_MS) {
      if (matches(new Date(t))) {
        if (!best || t < best.getTime()) best = new Date(t);
        break;
      }
    }
  }
  return best;
}

/** The earliest instant whose wall-clock time is `wall`; in a DST gap, an instant just before it. */
function wallToInstant(wall: Date, clock: (d: Date) => Date): Date {
  const day = 86_400_000;
  const offsets = [wall.getTime() - day, wall.getTime(), wall.getTime() + day].map((t) => clock(new Date(t)).getTime() - t);
  const candidates = offsets.map((o) => wall.getTime() - o).sort((a, b) => a - b);
  const exact = candidates.find((t) => clock(new Date(t)).getTime() === wall.getTime());
  return new Date(exact ?? candidates[0]!);
}

/**
 * Wall clocks by time zone: building an Intl.DateTimeFormat costs a few milliseconds (ICU loads the
 * zone), and every dep's schedule asks for the same one or two zones.
 */
const wallClocks = new Map<string, ((d: Date) => Date) | undefined>();

/** A function giving, for an instant, a Date whose UTC fields are the wall-clock time in `timeZone`; undefined for an unknown zone. */
function wallClock(timeZone: string): ((d: Date) => Date) | undefined {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return undefined;
  if (!wallClocks.has(timeZone)) wallClocks.set(timeZone, buildWallClock(timeZone));
  return wallClocks.get(timeZone);
}

/** Names of UTC itself (any case, as Intl takes them): its wall clock is the instant, and loading ICU's zone data (~15 ms on the first formatter of a process) is not needed. */
const UTC_NAMES = /^(?:etc\/)?(?:utc|uct|gmt|zulu|universal)$/i;

function buildWallClock(timeZone: string): ((d: Date) => Date) | undefined {
  if (UTC_NAMES.test(timeZone)) return (d) => new Date(d.getTime());
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  return (d) => {
    const f: Record<string, number> = {};
    for (const part of format.formatToParts(d)) if (part.type !== 'literal') f[part.type] = Number(part.value);
    return new Date(Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!, d.getUTCMilliseconds()));
  };
}

function floorToMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000);
}

function asList(schedule: string[] | string | null | undefined): string[] {
  return schedule === null || schedule === undefined ? [] : Array.isArray(schedule) ? schedule : [schedule];
}

function entryKey(key: string, schedule: string[] | string | null | undefined, i: number): string {
  return Array.isArray(schedule) ? `${key}[${i}]` : key;
}
