/**
 * `regex:<pattern>` versioning: the user's pattern names the parts of a version with the groups
 * `major`, `minor`, `patch` (at least one), `prerelease`, `build`, `revision` and `compatibility`.
 * Release = major.minor.patch (a missing part is 0), then build, then revision (only with a build).
 * Stable = no prerelease. Two versions are compatible when their `compatibility` groups are equal
 * and — stricter than Renovate, so a value's precision never changes — the same parts matched
 * (`16` does not move to `16.3.0` under a pattern whose minor and patch are optional).
 *
 * The pattern runs on RE2 (`util/user-regex.ts`, as every user pattern), whose matching time is linear in
 * the input: a pathological pattern such as `(a+)+$` cannot hang a run. Renovate runs these patterns with
 * RE2 too, so the same syntax works (`(?<name>…)` or `(?P<name>…)`; no look-around or back-references).
 */
import { InputError } from '../util/errors.js';
import { compileUserRegex, type UserRegex } from '../util/user-regex.js';
import { compareDigits, compareNatural } from './compare.js';
import { createGenericVersioning, type GenericVersion } from './generic.js';
import type { VersioningApi } from './types.js';

interface RegexVersion extends GenericVersion {
  compatibility: string | null;
  /** Which numeric groups matched, e.g. `major,minor,patch`. */
  shape: string;
}

const NUMERIC = ['major', 'minor', 'patch', 'build', 'revision'] as const;
const MAX_PATTERN = 1000;
const MAX_INPUT = 256;
/** Parsed values kept per pattern: lookups ask about the same tags many times. */
const MEMO_LIMIT = 4096;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function compilePattern(pattern: string): UserRegex {
  const name = `regex:${oneLine(pattern)}`;
  if (pattern.length > MAX_PATTERN) throw new InputError(`versioning "${name.slice(0, 80)}…": the pattern is longer than ${MAX_PATTERN} characters`);
  const re = compileUserRegex(pattern, '', `versioning "${name}"`, '');
  const groups = re.groupNames;
  if (!groups.includes('major') && !groups.includes('minor') && !groups.includes('patch')) {
    throw new InputError(`versioning "${name}": the pattern needs a named group major, minor or patch`);
  }
  return re;
}

function parseWith(re: UserRegex, input: string): RegexVersion | null {
  const m = re.exec(input);
  if (!m) return null;
  const group = (g: string): string | null => m.groups[g] ?? null;
  const numbers: Partial<Record<(typeof NUMERIC)[number], string>> = {};
  for (const g of NUMERIC) {
    const value = group(g);
    if (value === null || value === '') continue;
    if (!/^\d+$/.test(value)) return null;
    numbers[g] = value;
  }
  const release = [numbers.major ?? '0', numbers.minor ?? '0', numbers.patch ?? '0'];
  if (numbers.build !== undefined) {
    release.push(numbers.build);
    if (numbers.revision !== undefined) release.push(numbers.revision);
  }
  return {
    release,
    prerelease: group('prerelease') ?? '',
    compatibility: group('compatibility'),
    shape: NUMERIC.filter((g) => numbers[g] !== undefined).join(','),
  };
}

function compare(a: RegexVersion, b: RegexVersion): number {
  for (let i = 0; i < Math.max(a.release.length, b.release.length); i += 1) {
    const c = compareDigits(a.release[i] ?? '0', b.release[i] ?? '0');
    if (c !== 0) return c;
  }
  if (a.prerelease && b.prerelease) return compareNatural(a.prerelease, b.prerelease);
  if (a.prerelease) return -1;
  if (b.prerelease) return 1;
  return 0;
}

/** Throws an `InputError` naming the pattern when it is invalid or has no version group. */
export function createRegexVersioning(pattern: string): VersioningApi {
  const re = compilePattern(pattern);
  const memo = new Map<string, RegexVersion | null>();
  const parse = (input: string): RegexVersion | null => {
    if (input.length === 0 || input.length > MAX_INPUT) return null;
    const known = memo.get(input);
    if (known !== undefined) return known;
    const parsed = parseWith(re, input);
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
    memo.set(input, parsed);
    return parsed;
  };
  return createGenericVersioning<RegexVersion>({
    id: `regex:${pattern}`,
    parse,
    compare,
    isCompatible: (version, current) => version.compatibility === current.compatibility && version.shape === current.shape,
  });
}
