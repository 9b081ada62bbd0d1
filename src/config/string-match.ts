/**
 * String lists as Renovate users write them in `matchPackageNames`, `matchDepNames`, `matchFileNames`, …:
 * each entry is `*` (everything), `/regex/` or `/regex/i`, a glob (minimatch-style: `dot: true`,
 * case-insensitive; `**` spans path segments), or an exact name (a glob without wildcards); `!` in front
 * negates an entry. A list matches when it has no positive entries or one of them matches, and every
 * negative entry is satisfied: `["ghcr.io/**", "!ghcr.io/foo/**"]`. An empty list matches nothing.
 *
 * Every user pattern — regexes *and* globs — runs on RE2 (re2js), whose matching time is linear in the
 * input: a pathological pattern (`(a+)+$`, or the glob `*a*a*a*a*a*a*b`, which hangs minimatch and
 * picomatch) cannot hang a run. Renovate runs config regexes with RE2 too, so the same syntax works
 * (`(?<name>…)`, `(?i)`; no look-around, no back-references: those are config errors naming the key).
 * Globs are translated to RE2 syntax here; negated extglobs `!(…)` have no RE2 form and are refused.
 *
 * Compile once, match many times: a list becomes a set of exact names plus at most two combined RE2
 * programs (one for the positive entries, one for the negative ones).
 */
import { RE2JS } from 're2js';
import { InputError } from '../util/errors.js';

export type StringPredicate = (input: string) => boolean;

/** One entry, parsed. `source` is RE2 syntax; globs are anchored and case-insensitive. */
export interface PatternEntry {
  negated: boolean;
  kind: 'any' | 'exact' | 'glob' | 'regex';
  /** For `exact`: the name, lower-cased (globs are case-insensitive). */
  exact?: string;
  source?: string;
}

const MAX_PATTERN_LENGTH = 1000;
/** `/…/` or `/…/i`, optionally negated: Renovate's test for "this entry is a regex". */
const REGEX_ENTRY = /^(!?)\/([\s\S]*)\/(i?)$/;
const GLOB_MAGIC = /[*?[\]{}()!+@\\]/;
const RE2_META = /[\\.^$|()[\]{}*+?]/g;

/** True when `pattern` is a `/regex/` entry (possibly `!`-negated or with the `i` flag). */
export function isRegexPattern(pattern: string): boolean {
  return REGEX_ENTRY.test(pattern);
}

function compileRe2(source: string, key: string, shown: string, flags = 0): RE2JS {
  try {
    return RE2JS.compile(source, flags);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
    throw new InputError(`${key}: invalid pattern ${shown}: ${reason}${hint(source)}`);
  }
}

/** What users coming from JavaScript regexes trip over, said plainly. */
function hint(source: string): string {
  if (/\(\?<?[=!]/.test(source)) return ' (look-around is not supported: patterns run on RE2)';
  if (/\\[1-9]/.test(source)) return ' (back-references are not supported: patterns run on RE2)';
  return '';
}

/** Parse one entry; throws an `InputError` naming `key` when the pattern cannot be compiled. */
export function parsePattern(pattern: string, key = 'pattern'): PatternEntry {
  if (typeof pattern !== 'string') throw new InputError(`${key}: expected a string`);
  if (pattern.length > MAX_PATTERN_LENGTH) throw new InputError(`${key}: pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  if (pattern === '*') return { negated: false, kind: 'any' };
  const regex = REGEX_ENTRY.exec(pattern);
  if (regex) {
    // Compiled alone first: a valid regex has balanced groups, so wrapping it cannot change its meaning.
    compileRe2(regex[2]!, key, JSON.stringify(pattern), regex[3] === 'i' ? RE2JS.CASE_INSENSITIVE : 0);
    const source = regex[3] === 'i' ? `(?i:${regex[2]})` : `(?:${regex[2]})`;
    return { negated: regex[1] === '!', kind: 'regex', source };
  }
  const negated = pattern.startsWith('!');
  const glob = negated ? pattern.slice(1) : pattern;
  if (!GLOB_MAGIC.test(glob)) return { negated, kind: 'exact', exact: glob.toLowerCase() };
  // An input's trailing slash is ignored, as minimatch does (`a/*` matches `a/b/`).
  const source = `(?i:^${globToRe2(glob, key)}/?$)`;
  compileRe2(source, key, JSON.stringify(pattern));
  return { negated, kind: 'glob', source };
}

/** One entry as a predicate (`!` entries are true when the inner pattern does not match). */
export function compilePattern(pattern: string, key = 'pattern'): StringPredicate {
  return compileEntries([parsePattern(pattern, key)], false);
}

/**
 * A whole list with Renovate's semantics. `key` names the option for errors; entries are named
 * `key[i]`. An empty list matches nothing.
 */
export function compilePatternList(patterns: readonly string[], key = 'patterns'): StringPredicate {
  if (patterns.length === 0) return () => false;
  const entries = patterns.map((p, i) => parsePattern(p, `${key}[${i}]`));
  return compileEntries(entries, true);
}

/** Convenience for one-off checks (compiles on every call; use `compilePatternList` in loops). */
export function matchPatternList(input: string, patterns: readonly string[]): boolean {
  return compilePatternList(patterns)(input);
}

/** Problems with each entry of a list, one line each, for config validation. */
export function patternListProblems(patterns: readonly string[], key: string): string[] {
  const problems: string[] = [];
  patterns.forEach((p, i) => {
    try {
      parsePattern(p, `${key}[${i}]`);
    } catch (err) {
      problems.push((err as Error).message);
    }
  });
  return problems;
}

/** `any` positive entries, exact names and RE2 programs: the fewest tests per input. */
function compileEntries(entries: readonly PatternEntry[], isList: boolean): StringPredicate {
  const positives = entries.filter((e) => !e.negated);
  const negatives = entries.filter((e) => e.negated);
  const anyPositive = positives.length > 0 ? oneOf(positives) : undefined;
  // A negated entry is satisfied when its inner pattern does not match; all must be satisfied.
  const anyNegated = negatives.length > 0 ? oneOf(negatives) : undefined;
  if (!isList && entries.length === 1 && entries[0]!.negated) return (input) => !anyNegated!(input);
  return (input) => {
    if (typeof input !== 'string') return false;
    if (anyPositive && !anyPositive(input)) return false;
    return !(anyNegated && anyNegated(input));
  };
}

/** True when any of the entries' inner patterns matches (negation is the caller's business). */
function oneOf(entries: readonly PatternEntry[]): StringPredicate {
  if (entries.some((e) => e.kind === 'any')) return () => true;
  const exact = new Set(entries.filter((e) => e.kind === 'exact').map((e) => e.exact!));
  const sources = entries.filter((e) => e.source !== undefined).map((e) => e.source!);
  let programs: RE2JS[];
  try {
    programs = sources.length > 0 ? [RE2JS.compile(sources.join('|'))] : [];
  } catch {
    // Entries that compile alone may clash together (a capture group name used twice).
    programs = sources.map((s) => RE2JS.compile(s));
  }
  if (exact.size === 0 && programs.length === 1) return (input) => programs[0]!.test(input);
  return (input) => (exact.size > 0 && exact.has(input.toLowerCase())) || programs.some((re) => re.test(input));
}

/**
 * A glob in RE2 syntax (unanchored; the caller anchors). `*` and `?` stay inside a path segment, a
 * whole-segment `**` spans any number of segments (also none: `a/**` matches `a`), `[…]`/`[!…]`
 * classes, `{a,b}` and `{1..3}` braces, extglobs `@(…)`, `?(…)`, `+(…)`, `*(…)`, `\` escapes.
 */
export function globToRe2(glob: string, key = 'glob'): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const atSegmentStart = i === 0 || glob[i - 1] === '/';
    if (c === '\\') {
      if (i + 1 < glob.length) out += escapeRe2(glob[++i]!);
      else out += '\\\\';
    } else if (c === '*' && glob[i + 1] === '*' && atSegmentStart && (i + 2 === glob.length || glob[i + 2] === '/')) {
      out += i + 2 === glob.length ? '(?s:.*)' : '(?s:.*/)?';
      i += 2; // the second `*` and the `/` after it
    } else if (c === '/' && glob.slice(i + 1) === '**') {
      out += '(?s:/.*)?';
      break;
    } else if ('@?+*!'.includes(c) && glob[i + 1] === '(' && closingOf(glob, i + 1, '(', ')') > 0) {
      const end = closingOf(glob, i + 1, '(', ')');
      if (c === '!') throw new InputError(`${key}: negated extglob "${glob.slice(i, end + 1)}" is not supported; use a separate "!" entry`);
      const alternatives = splitTopLevel(glob.slice(i + 2, end), '|').map((alt) => globToRe2(alt, key));
      out += `(?:${alternatives.join('|')})${c === '@' ? '' : c}`;
      i = end;
    } else if (c === '*') {
      while (glob[i + 1] === '*') i++;
      // A segment that is only a star is never empty (minimatch: `a/*` does not match `a/`).
      out += atSegmentStart && (i + 1 === glob.length || glob[i + 1] === '/') ? '[^/]+' : '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[' && classEnd(glob, i) > 0) {
      const end = classEnd(glob, i);
      out += translateClass(glob.slice(i + 1, end));
      i = end;
    } else if (c === '{' && closingOf(glob, i, '{', '}') > 0) {
      const end = closingOf(glob, i, '{', '}');
      const alternatives = braceAlternatives(glob.slice(i + 1, end));
      out += alternatives ? `(?:${alternatives.map((alt) => globToRe2(alt, key)).join('|')})` : escapeRe2(glob.slice(i, end + 1));
      i = end;
    } else {
      out += escapeRe2(c);
    }
  }
  return out;
}

function escapeRe2(text: string): string {
  return text.replace(RE2_META, '\\$&');
}

/** Index of the bracket closing the one at `open`, honouring nesting and `\` escapes; -1 if none. */
function closingOf(text: string, open: number, opener: string, closer: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === opener) depth++;
    else if (c === closer && --depth === 0) return i;
  }
  return -1;
}

/** Split on `separator` outside brackets and braces. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `a,b` → [a, b]; `1..3` → [1, 2, 3]; `a..c` → [a, b, c]; a single item is not a brace set (undefined). */
function braceAlternatives(body: string): string[] | undefined {
  const parts = splitTopLevel(body, ',');
  if (parts.length > 1) return parts;
  const range = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])$/.exec(body);
  if (!range) return undefined;
  const numeric = /\d/.test(range[1]!);
  const from = numeric ? Number(range[1]) : range[1]!.charCodeAt(0);
  const to = numeric ? Number(range[2]) : range[2]!.charCodeAt(0);
  if (Math.abs(to - from) > 1000) return undefined;
  const step = from <= to ? 1 : -1;
  const items: string[] = [];
  for (let n = from; step > 0 ? n <= to : n >= to; n += step) items.push(numeric ? String(n) : String.fromCharCode(n));
  return items;
}

/** Index of the `]` closing a class opened at `open` (a `]` right after `[` or `[!` is literal); -1 if none. */
function classEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '[' && glob[i + 1] === ':') {
      const close = glob.indexOf(':]', i + 2);
      if (close > 0) i = close + 1;
    } else if (glob[i] === ']') return i;
  }
  return -1;
}

/** A glob class body in RE2 syntax; a negated class does not match `/` (it stays inside a segment). */
function translateClass(body: string): string {
  const negated = body.startsWith('!') || body.startsWith('^');
  let rest = negated ? body.slice(1) : body;
  let out = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '[' && rest[i + 1] === ':') {
      const close = rest.indexOf(':]', i + 2);
      out += rest.slice(i, close + 2);
      i = close + 1;
    } else if (c === '\\' && i + 1 < rest.length) {
      const next = rest[++i]!;
      out += /[a-zA-Z0-9]/.test(next) ? next : `\\${next}`; // `\x` in a glob is the character itself
    } else if (c === '\\' || c === ']' || c === '[' || (c === '^' && i === 0)) out += `\\${c}`;
    else out += c;
  }
  rest = out;
  return negated ? `[^/${rest}]` : `[${rest}]`;
}
