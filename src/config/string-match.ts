/**
 * String lists as Renovate users write them in `matchPackageNames`, `matchDepNames`, `matchFileNames`, …:
 * each entry is `*` (everything), `/regex/` or `/regex/i`, a glob (minimatch-style: `dot: true`,
 * case-insensitive; `**` spans path segments), or an exact name (a glob without wildcards); `!` in front
 * negates an entry. A list matches when it has no positive entries or one of them matches, and every
 * negative entry is satisfied: `["ghcr.io/**", "!ghcr.io/foo/**"]`. An empty list matches nothing.
 *
 * Every user pattern — regexes *and* globs — has RE2 semantics and runs on RE2 (re2js), whose matching
 * time is linear in the input: a pathological pattern (`(a+)+$`, or the glob `*a*a*a*a*a*a*b`, which
 * hangs minimatch and picomatch) cannot hang a run. Renovate runs config regexes with RE2 too, so the
 * same syntax works (`(?<name>…)`, `(?i)`; no look-around, no back-references: those are config errors
 * naming the key).
 *
 * Compile once, match many times. re2js costs microseconds per test, so the common shapes — exact names,
 * `prefix/**`, `**` then `/name`, one `*`, literal regexes such as `/^ghcr\.io\//` — are answered by string
 * operations that give the same answer on ASCII input, the rest by one combined RE2 program per list
 * half (positive, negative), and answers are remembered per input.
 */
import { RE2JS } from 're2js';
import { InputError } from '../util/errors.js';
import { compileUserRegex } from '../util/user-regex.js';
import { escapeRe2, globToRe2 } from './glob-to-re2.js';

export { globToRe2 } from './glob-to-re2.js';

export type StringPredicate = (input: string) => boolean;

/** One entry, parsed. `source` is its RE2 form (globs anchored and case-insensitive). */
export interface PatternEntry {
  negated: boolean;
  kind: 'any' | 'exact' | 'glob' | 'regex';
  source?: string;
  /** For ASCII inputs, the same answer as `source` by string operations (when the shape allows). */
  quick?: (input: string, lower: string) => boolean;
}

const MAX_PATTERN_LENGTH = 1000;
/** Remembered answers per compiled list; cleared when full (a repository has few distinct names). */
const MEMO_LIMIT = 10_000;
/** `/…/` or `/…/i`, optionally negated: Renovate's test for "this entry is a regex". */
const REGEX_ENTRY = /^(!?)\/([\s\S]*)\/(i?)$/;
/** What makes a glob more than a name: wildcards, classes, braces, escapes, extglob openers (`@(`, `+(`, `!(`). */
const GLOB_MAGIC = /[*?[\]{}\\]|[@+!]\(/;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included, is the point
const ASCII = /^[\x00-\x7f]*$/;
/** A regex that is a literal, optionally anchored: `^ghcr\.io\/`, `nginx$`. */
const LITERAL_REGEX = /^(\^?)((?:[^\\.^$|()[\]{}*+?]|\\[^a-zA-Z0-9])*)(\$?)$/;

/** True when `pattern` is a `/regex/` entry (possibly `!`-negated or with the `i` flag). */
export function isRegexPattern(pattern: string): boolean {
  return REGEX_ENTRY.test(pattern);
}

/** Parse one entry; throws an `InputError` naming `key` when the pattern cannot be compiled. */
export function parsePattern(pattern: string, key = 'pattern'): PatternEntry {
  if (typeof pattern !== 'string') throw new InputError(`${key}: expected a string`);
  if (pattern.length > MAX_PATTERN_LENGTH) throw new InputError(`${key}: pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  if (pattern === '*') return { negated: false, kind: 'any' };
  const regex = REGEX_ENTRY.exec(pattern);
  if (regex) {
    const [, bang, body, flag] = regex as unknown as [string, string, string, string];
    const quick = quickRegex(body, flag === 'i');
    // Compiled alone first: a valid regex has balanced groups, so wrapping it cannot change its meaning.
    // A literal (the shapes `quick` takes: characters and escaped punctuation) is valid RE2 as written: no compiling to check it.
    const re2Source = quick ? body : compileUserRegex(body, flag, key, JSON.stringify(pattern)).re2Source;
    return withQuick({ negated: bang === '!', kind: 'regex', source: flag === 'i' ? `(?i:${re2Source})` : `(?:${re2Source})` }, quick);
  }
  const negated = pattern.startsWith('!');
  const glob = negated ? pattern.slice(1) : pattern;
  // An input's trailing slash is ignored, as minimatch does (`a/*` matches `a/b/`).
  if (!GLOB_MAGIC.test(glob)) return withQuick({ negated, kind: 'exact', source: `(?i:^${escapeRe2(glob)}/?$)` }, quickGlob(glob));
  const source = `(?i:^${globToRe2(glob, key)}/?$)`;
  const quick = quickGlob(glob);
  // The shapes `quick` takes (names, `*` and `**` around literal segments) turn into valid RE2; anything else is compiled to check it.
  if (!quick || source.length > MAX_PATTERN_LENGTH) compileUserRegex(source, '', key, JSON.stringify(pattern));
  return withQuick({ negated, kind: 'glob', source }, quick);
}

function withQuick(entry: PatternEntry, quick: PatternEntry['quick']): PatternEntry {
  if (quick) entry.quick = quick;
  return entry;
}

/** One entry as a predicate (`!` entries are true when the inner pattern does not match). */
export function compilePattern(pattern: string, key = 'pattern'): StringPredicate {
  return compileEntries([parsePattern(pattern, key)]);
}

/**
 * A whole list with Renovate's semantics. `key` names the option for errors; entries are named
 * `key[i]`. An empty list matches nothing.
 */
export function compilePatternList(patterns: readonly string[], key = 'patterns'): StringPredicate {
  if (patterns.length === 0) return () => false;
  return compileEntries(patterns.map((p, i) => parsePattern(p, `${key}[${i}]`)));
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

function compileEntries(entries: readonly PatternEntry[]): StringPredicate {
  const positives = entries.filter((e) => !e.negated);
  const negatives = entries.filter((e) => e.negated);
  const anyPositive = positives.length > 0 ? oneOf(positives) : undefined;
  // A negated entry is satisfied when its inner pattern does not match; all must be satisfied.
  const anyNegated = negatives.length > 0 ? oneOf(negatives) : undefined;
  const decide = (input: string): boolean => !(anyPositive && !anyPositive(input)) && !(anyNegated && anyNegated(input));
  if (entries.every((e) => e.kind === 'any' || e.quick)) {
    // Only non-ASCII input reaches RE2 here: nothing worth remembering.
    return (input) => typeof input === 'string' && decide(input);
  }
  const memo = new Map<string, boolean>();
  return (input) => {
    if (typeof input !== 'string') return false;
    let answer = memo.get(input);
    if (answer === undefined) {
      answer = decide(input);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(input, answer);
    }
    return answer;
  };
}

/** True when any of the entries' inner patterns matches (negation is the caller's business). */
function oneOf(entries: readonly PatternEntry[]): StringPredicate {
  if (entries.some((e) => e.kind === 'any')) return () => true;
  const quick = entries.filter((e) => e.quick).map((e) => e.quick!);
  const rest = program(entries.filter((e) => !e.quick).map((e) => e.source!));
  const all = program(entries.map((e) => e.source!));
  return (input) => {
    // The string shortcuts agree with RE2's case folding on ASCII only.
    if (!ASCII.test(input)) return all!(input);
    const lower = input.toLowerCase();
    for (const q of quick) if (q(input, lower)) return true;
    return rest !== undefined && rest(input);
  };
}

/**
 * One RE2 program for several sources (or one each, when they cannot share one), compiled on the first
 * input that needs it: most lists are answered by their string shortcuts, or never asked at all (rules
 * for managers the repository does not use), and compiling costs far more than a test.
 */
function program(sources: readonly string[]): StringPredicate | undefined {
  if (sources.length === 0) return undefined;
  let compiled: StringPredicate | undefined;
  return (input) => (compiled ??= compileProgram(sources))(input);
}

/** Programs by source, process-wide like user-regex's cache: the same list recurs (`fileMatch` of flux and kubernetes). */
const programs = new Map<string, StringPredicate>();
const PROGRAM_LIMIT = 500;

function compileProgram(sources: readonly string[]): StringPredicate {
  const id = sources.join('\0');
  let compiled = programs.get(id);
  if (compiled === undefined) {
    compiled = compileProgramNow(sources);
    if (programs.size >= PROGRAM_LIMIT) programs.delete(programs.keys().next().value!);
    programs.set(id, compiled);
  }
  return compiled;
}

function compileProgramNow(sources: readonly string[]): StringPredicate {
  try {
    const re = RE2JS.compile(sources.join('|'));
    return (input) => re.test(input);
  } catch {
    // Entries that compile alone may clash together (a capture group name used twice).
    const each = sources.map((s) => RE2JS.compile(s));
    return (input) => each.some((re) => re.test(input));
  }
}

/** Without the one trailing slash minimatch ignores. */
const trim = (s: string): string => (s.endsWith('/') ? s.slice(0, -1) : s);
const LITERAL = /^(?:[^*?[\]{}\\@+!]|[@+!](?!\())*$/;

/** String shortcuts for the glob shapes users write most: a name, `dir/**`, `**` then `/name`, `**` around `/dir/`, one `*`. */
function quickGlob(glob: string): PatternEntry['quick'] {
  // A glob ending in `/` keeps its slash while inputs lose theirs (`trim`): RE2 answers those.
  if (!ASCII.test(glob) || glob.endsWith('/')) return undefined;
  const g = glob.toLowerCase();
  if (LITERAL.test(g)) return (_, s) => trim(s) === g;
  if (g.endsWith('/**') && LITERAL.test(g.slice(0, -3)) && g.length > 3) {
    const [dir, below] = [g.slice(0, -3), g.slice(0, -2)];
    return (_, s) => s === dir || s.startsWith(below);
  }
  if (g.startsWith('**/') && LITERAL.test(g.slice(3))) {
    const [name, tail] = [g.slice(3), g.slice(2)];
    return (_, raw) => {
      const s = trim(raw);
      return s === name || s.endsWith(tail);
    };
  }
  if (g.startsWith('**/') && g.endsWith('/**') && g.length > 6 && LITERAL.test(g.slice(3, -3))) {
    const inner = `/${g.slice(3, -3)}/`; // whole segments somewhere in the path
    return (_, s) => `/${trim(s)}/`.includes(inner);
  }
  const star = g.indexOf('*');
  const [before, after] = [g.slice(0, star), g.slice(star + 1)];
  if (star >= 0 && LITERAL.test(before) && LITERAL.test(after)) {
    // A star that is a whole segment matches at least one character.
    const least = (before === '' || before.endsWith('/')) && (after === '' || after.startsWith('/')) ? 1 : 0;
    return (_, raw) => {
      const s = trim(raw);
      if (s.length < before.length + after.length + least || !s.startsWith(before) || !s.endsWith(after)) return false;
      return !s.slice(before.length, s.length - after.length).includes('/');
    };
  }
  return undefined;
}

/** String shortcuts for regexes that are literals, optionally anchored: `/^ghcr\.io\//`, `/-alpine$/`. */
function quickRegex(body: string, ignoreCase: boolean): PatternEntry['quick'] {
  const m = LITERAL_REGEX.exec(body);
  if (!m || !ASCII.test(body)) return undefined;
  const [, start, escaped, end] = m as unknown as [string, string, string, string];
  const raw = escaped.replace(/\\(.)/g, '$1');
  const text = ignoreCase ? raw.toLowerCase() : raw;
  const of = ignoreCase ? (_: string, lower: string) => lower : (input: string) => input;
  if (start && end) return (input, lower) => of(input, lower) === text;
  if (start) return (input, lower) => of(input, lower).startsWith(text);
  if (end) return (input, lower) => of(input, lower).endsWith(text);
  return (input, lower) => of(input, lower).includes(text);
}
