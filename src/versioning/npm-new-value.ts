/**
 * The new value of an npm-style range for a new version, by range strategy, with the semantics of
 * Renovate's npm versioning (`replace`: a range of the same kind around the new version; `bump`:
 * raise the range's floor to the new version; `widen`: also accept the new version; `pin`: the
 * version itself). Written in the style of the current value: operator spacing, `v`, wildcard
 * letters and — unlike Renovate — its precision (`~1.2` → `~1.3`, `2.x.x` → `3.x.x`, `^1.0` bumped
 * to 1.1.7 → `^1.1`, as Renovate itself did until 2023).
 */
import semver from 'semver';
import { effectiveOp, isAnyRange, isWildcard, parseRange, standalone, type Comparator, type ParsedRange } from './npm-range.js';
import { parseVersion, withPrefixOf } from './semver-common.js';
import type { NewValueConfig } from './types.js';

interface Target {
  raw: string;
  /** The new version without a `v`, as written (pre-release and build included). */
  core: string;
  nums: [number, number, number];
  /** First pre-release identifier, with its dash (`-rc`), or ''. */
  pre: string;
}

type Rewrite = (c: Comparator) => string | null;

function target(newVersion: string): Target | null {
  const v = parseVersion(newVersion);
  if (!v) return null;
  const pre = v.prerelease.length > 0 ? `-${v.prerelease[0]}` : '';
  return { raw: newVersion, core: newVersion.replace(/^v/, ''), nums: [v.major, v.minor, v.patch], pre };
}

/** The comparator's operator (none for hyphen bounds) before `body`. */
const render = (c: Comparator, body: string): string => (c.hyphen ? '' : c.opText) + body;

/** `nums` in the comparator's precision, wildcards kept where it has them. */
const shaped = (c: Comparator, nums: number[]): string => c.v + c.parts.map((p, i) => (isWildcard(p) ? p : String(nums[i] ?? 0))).join('.');

const full = (c: Comparator, t: Target): string => c.v + t.core;

const satisfies = (version: string, range: string): boolean => semver.satisfies(version, range);

/**
 * The floor of a caret range that admits `next`, given the version the range stands at now: the
 * same floor while the first non-zero part is unchanged, else that part moved and the rest zeroed
 * (`^0.2.3` at 0.2.3 → 0.5.6 gives 0.5.0); the new version itself when it is lower.
 */
function caretFloor(current: [number, number, number], next: [number, number, number]): number[] {
  const lower = next.findIndex((n, i) => n !== current[i]);
  if (lower === -1) return current;
  if (next[lower]! < current[lower]!) return next;
  const lead = next.findIndex((n, i) => n !== 0 || current[i] !== 0);
  if (next[lead]! > current[lead]!) return next.map((n, i) => (i <= lead ? n : 0));
  return current;
}

function replaceComparator(value: string, c: Comparator, t: Target, currentVersion: string | undefined): string | null {
  const [major, minor, patch] = t.nums;
  switch (effectiveOp(c)) {
    case '~>':
      return render(c, shaped(c, [major, minor, 0]));
    case '^': {
      const current = currentVersion ? parseVersion(currentVersion) : null;
      if (t.pre) return render(c, `${c.v}${major}.${minor}.${patch}${t.pre}`);
      if (!current) return render(c, shaped(c, t.nums));
      return render(c, shaped(c, caretFloor([current.major, current.minor, current.patch], t.nums)));
    }
    case '~':
      return render(c, t.pre ? `${c.v}${major}.${minor}.${patch}${t.pre}` : shaped(c, [major, minor, 0]));
    case '=':
      return render(c, full(c, t));
    case '<=':
      return render(c, t.pre ? full(c, t) : shaped(c, t.nums));
    case '<': {
      const numeric = c.parts.filter((p) => !isWildcard(p)).length;
      if (numeric === 3 && c.parts[1] === '0' && c.parts[2] === '0') return render(c, shaped(c, [major + 1, 0, 0]));
      if (numeric === 3) return render(c, shaped(c, [major, minor, patch + (t.pre ? 0 : 1)]));
      if (numeric === 2) return render(c, shaped(c, [major, minor + 1]));
      return render(c, shaped(c, [major + 1]));
    }
    case '>=':
    case '>':
      // A lower bound already below the new version stays; otherwise the version itself (as Renovate).
      return satisfies(t.raw, standalone(value, c)) ? value.slice(c.start, c.end) : full(c, t);
    case '':
      return render(c, t.pre && c.parts.length === 3 ? full(c, t) : shaped(c, t.nums));
  }
}

function bumpComparator(value: string, c: Comparator, t: Target, currentVersion: string | undefined): string | null {
  switch (effectiveOp(c)) {
    case '':
    case '^':
    case '~':
    case '~>':
      return render(c, t.pre ? full(c, t) : shaped(c, t.nums));
    case '=':
    case '>=':
      return render(c, full(c, t));
    case '<':
    case '<=':
      return satisfies(t.raw, standalone(value, c)) ? value.slice(c.start, c.end) : replaceComparator(value, c, t, currentVersion);
    case '>':
      return null;
  }
}

/** `comparators` (one alternative, in order) with each rewritten in place; null when one cannot be. */
function splice(value: string, comparators: Comparator[], rewrite: Rewrite): string | null {
  let out = '';
  let at = comparators[0]!.start;
  for (const c of comparators) {
    const text = rewrite(c);
    if (text === null) return null;
    out += value.slice(at, c.start) + text;
    at = c.end;
  }
  return out;
}

/** The text a rewritten comparator stands for on its own (hyphen bounds carry no operator). */
const asRange = (c: Comparator, text: string): string => (c.hyphen === 'from' ? `>=${text}` : c.hyphen === 'to' ? `<=${text}` : text);

function replaceRange(value: string, range: ParsedRange, t: Target, currentVersion: string | undefined): string | null {
  const last = range[range.length - 1]!;
  if (last.length === 1) return replaceComparator(value, last[0]!, t, currentVersion);
  // Several comparators (`>=4.0.0 <5.0.0`): keep those the new version meets, move the others.
  // (Renovate keeps only the last comparator, which drops the lower bound.)
  return splice(value, last, (c) => (satisfies(t.raw, standalone(value, c)) ? value.slice(c.start, c.end) : replaceComparator(value, c, t, currentVersion)));
}

function bumpRange(value: string, range: ParsedRange, t: Target, currentVersion: string | undefined): string | null {
  const last = range[range.length - 1]!;
  // Earlier alternatives stay as written; the last one is bumped.
  const head = value.slice(0, last[0]!.start);
  if (last.length === 1) {
    const bumped = bumpComparator(value, last[0]!, t, currentVersion);
    return bumped === null ? null : head + bumped;
  }
  const body = splice(value, last, (c) => {
    const bumped = bumpComparator(value, c, t, currentVersion);
    if (bumped !== null && satisfies(t.raw, asRange(c, bumped))) return bumped;
    return replaceComparator(value, c, t, currentVersion);
  });
  return body === null ? null : head + body;
}

function widenRange(value: string, range: ParsedRange, t: Target, currentVersion: string | undefined): string | null {
  const last = range[range.length - 1]!;
  const c = last[last.length - 1]!;
  const op = effectiveOp(c);
  if (op.startsWith('<')) {
    // Move the upper bound in place: `>=1 <2` → `>=1 <3`, `1.0.0 - 2.0.0` → `1.0.0 - 2.1.0`.
    const moved = replaceComparator(value, c, t, currentVersion);
    return moved === null ? null : value.slice(0, c.start) + moved + value.slice(c.end);
  }
  const comparators = range.reduce((n, a) => n + a.length, 0);
  if (comparators > 1 && op.startsWith('>')) return null;
  const added = replaceRange(value, range, t, currentVersion);
  return added === null ? null : `${value} || ${added}`;
}

export function getNpmNewValue({ currentValue, rangeStrategy, currentVersion, newVersion }: NewValueConfig): string | null {
  const t = target(newVersion);
  if (!t) return null;
  if (parseVersion(currentValue)) return withPrefixOf(currentValue, newVersion);
  const strategy = !rangeStrategy || rangeStrategy === 'auto' ? 'replace' : rangeStrategy;
  if (strategy === 'pin') return newVersion;
  if (typeof currentValue !== 'string' || semver.validRange(currentValue) === null) return null;
  const inRange = satisfies(t.raw, currentValue);
  if (strategy === 'in-range-only') return inRange ? currentValue : null;
  if (isAnyRange(currentValue)) return strategy === 'update-lockfile' ? currentValue : null;
  if (strategy === 'update-lockfile' && inRange) return currentValue;
  if (strategy === 'widen' && inRange) return currentValue;
  const range = parseRange(currentValue);
  if (!range) return null;
  if (strategy === 'widen') return widenRange(currentValue, range, t, currentVersion);
  if (strategy === 'bump') return bumpRange(currentValue, range, t, currentVersion);
  return replaceRange(currentValue, range, t, currentVersion);
}
