/** `minimumReleaseAge` values as Renovate users write them: `3 days`, `12 hours`, `1 week`, `30m`. */
import { InputError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

const UNITS: Array<[RegExp, string]> = [
  [/^(ms|milliseconds?)$/, 'ms'],
  [/^(s|secs?|seconds?)$/, 's'],
  [/^(m|mins?|minutes?)$/, 'm'],
  [/^(h|hrs?|hours?)$/, 'h'],
  [/^(d|days?)$/, 'd'],
  [/^(w|weeks?)$/, 'w'],
  [/^(months?)$/, 'mo'],
  [/^(y|years?)$/, 'y'],
];

/** Milliseconds in an age such as `3 days`; an unreadable value is an error naming it. */
export function parseAge(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
  const unit = m && UNITS.find(([re]) => re.test(m[2]!.toLowerCase()))?.[1];
  if (!m || !unit) throw new InputError(`minimumReleaseAge: "${text}" is not an age (e.g. "3 days", "12 hours")`);
  return Number(m[1]) * UNIT_MS[unit]!;
}
