/**
 * The one place a regular expression from a user (config, versioning `regex:`, template helpers, custom
 * managers) is compiled. Every such pattern runs on RE2 (re2js), whose matching time is linear in the
 * input, so no pattern — `(a+)+$`, nine `\w*` in a row — can hang a run. Renovate runs config patterns
 * on RE2 too, so the same syntax works: `(?<name>…)` or `(?P<name>…)`, `(?i)`, `\uXXXX`; look-around
 * and back-references do not exist in RE2 and are errors that say so.
 *
 * Compiled programs are kept per (pattern, flags): `allowedVersions` is tested on every tag of every
 * dep, and the same few patterns recur across deps and repositories. The cache is process-wide on
 * purpose — a compiled pattern is a pure function of its text — and bounded.
 */
import { RE2JS } from 're2js';
import { InputError } from './errors.js';
import { isProven, noteProven } from './proven.js';

/** Renovate's `/pattern/flags` config syntax, optionally negated with `!` in front. */
export interface RegexLiteral {
  negated: boolean;
  source: string;
  flags: string;
}

/** One match. Offsets are UTF-16 indices into the input, as JavaScript's `RegExp` gives them. */
export interface UserMatch {
  /** The whole match. */
  text: string;
  index: number;
  end: number;
  /** `captures[0]` is the whole match, `captures[i]` group i; undefined when the group did not take part. */
  captures: ReadonlyArray<string | undefined>;
  /** Named groups (`(?<name>…)`); undefined when the group did not take part. */
  groups: Readonly<Record<string, string | undefined>>;
  /** `[start, end)` of each capture, like `captures` (JavaScript's `d` flag). */
  indices: ReadonlyArray<readonly [number, number] | undefined>;
  groupIndices: Readonly<Record<string, readonly [number, number] | undefined>>;
}

export interface UserRegex {
  /** The pattern as the user wrote it, and its flags. */
  readonly source: string;
  readonly flags: string;
  /** The pattern in RE2's own syntax (what was compiled, without the flags), to build larger programs from. */
  readonly re2Source: string;
  /** Names of the named groups, in no particular order. */
  readonly groupNames: readonly string[];
  /** True when the pattern matches anywhere in `input` (cheapest: no captures). */
  test(input: string): boolean;
  /** The first match at or after `from`, with groups and their offsets. */
  exec(input: string, from?: number): UserMatch | null;
  /** Every match, left to right (an empty match moves on by one character, as `String.matchAll`). */
  matchAll(input: string): UserMatch[];
  /** `String.replace` semantics for the replacement (`$1`, `$<name>`, `$&`, `$$`): every match. */
  replaceAll(input: string, replacement: string): string;
  /** The same for the first match only. */
  replaceFirst(input: string, replacement: string): string;
  /** `replaceAll` with the `g` flag, `replaceFirst` without — what `String.replace` does. */
  replace(input: string, replacement: string): string;
}

const MAX_PATTERN_LENGTH = 1000;
const CACHE_LIMIT = 1000;
/**
 * `test` answers remembered per pattern, for short inputs: the same tags and names are tested for many
 * deps (a Map lookup costs a fifth of an RE2 test). Cleared when full; tags are at most 128 characters.
 */
const ANSWER_LIMIT = 2048;
const MEMO_INPUT_LENGTH = 128;
/** JavaScript flags RE2 can honour: `g` only matters to `replace`; `d` (indices) and `u` are always on. */
const KNOWN_FLAGS = /^[dgimsu]*$/;
const REGEX_LITERAL = /^(!?)\/([\s\S]*)\/([a-z]*)$/;

const cache = new Map<string, UserRegex | { reason: string }>();

/** `/pattern/flags` or `!/pattern/flags` as written in a config; undefined when `text` is not one. */
export function parseRegexLiteral(text: string): RegexLiteral | undefined {
  const m = typeof text === 'string' ? REGEX_LITERAL.exec(text) : null;
  if (!m || m[2] === '') return undefined;
  return { negated: m[1] === '!', source: m[2]!, flags: m[3]! };
}

/**
 * Compiles a user's pattern. Throws an `InputError` of one line,
 * `<key>: invalid pattern <shown>: <reason>`, when RE2 cannot run it; `shown` is how the user wrote it
 * (default `/source/flags`; empty when `key` already shows it).
 */
export function compileUserRegex(source: string, flags: string, key: string, shown?: string): UserRegex {
  const id = `${flags}/${source}`;
  let entry = cache.get(id);
  if (entry === undefined) {
    // Proven by the build (util/proven.ts): compiled when first used, which a validation never does.
    entry = typeof source === 'string' && isProven(`re:${id}`) ? deferred(source, flags) : compile(source, flags);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(id, entry);
  }
  if ('reason' in entry) {
    const as = shown ?? JSON.stringify(`/${source}/${flags}`);
    throw new InputError(`${key}: invalid pattern${as ? ` ${as}` : ''}: ${entry.reason}`);
  }
  noteProven(`re:${id}`);
  return entry;
}

/** A pattern known to compile, compiled on the first call that needs the program (its source needs none). */
function deferred(source: string, flags: string): UserRegex {
  let real: UserRegex | undefined;
  const program = (): UserRegex => {
    if (real) return real;
    const compiled = compile(source, flags);
    // Only a proof from another version of this code could fail here: said as a pattern error would be.
    if ('reason' in compiled) throw new InputError(`invalid pattern ${JSON.stringify(`/${source}/${flags}`)}: ${compiled.reason}`);
    return (real = compiled);
  };
  return Object.freeze({
    source,
    flags,
    re2Source: toRe2Syntax(source),
    get groupNames() {
      return program().groupNames;
    },
    test: (input: string) => program().test(input),
    exec: (input: string, from?: number) => program().exec(input, from),
    matchAll: (input: string) => program().matchAll(input),
    replaceAll: (input: string, replacement: string) => program().replaceAll(input, replacement),
    replaceFirst: (input: string, replacement: string) => program().replaceFirst(input, replacement),
    replace: (input: string, replacement: string) => program().replace(input, replacement),
  });
}

/** Compiles a `/pattern/flags` config value (its `!` is the caller's business). */
export function compileRegexLiteral(literal: RegexLiteral, key: string, shown?: string): UserRegex {
  return compileUserRegex(literal.source, literal.flags, key, shown ?? JSON.stringify(`${literal.negated ? '!' : ''}/${literal.source}/${literal.flags}`));
}

/** What is wrong with the pattern (for validation), or undefined when RE2 can run it. */
export function userRegexProblem(source: string, flags: string, key: string, shown?: string): string | undefined {
  try {
    compileUserRegex(source, flags, key, shown);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function compile(source: string, flags: string): UserRegex | { reason: string } {
  if (typeof source !== 'string') return { reason: 'expected a string' };
  if (source.length > MAX_PATTERN_LENGTH) return { reason: `longer than ${MAX_PATTERN_LENGTH} characters` };
  if (!KNOWN_FLAGS.test(flags)) return { reason: `unsupported flag in "${flags}" (user patterns take i, m, s, u, g, d)` };
  const re2Source = toRe2Syntax(source);
  const re2Flags = (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('m') ? RE2JS.MULTILINE : 0) | (flags.includes('s') ? RE2JS.DOTALL : 0);
  try {
    return wrap(RE2JS.compile(re2Source, re2Flags), source, re2Source, flags);
  } catch (err) {
    // re2js writes flags into the pattern as `(?i)`: the message of the bare pattern shows what the user wrote.
    return { reason: `${syntaxError(re2Source) ?? oneLine(err)}${hint(source)}` };
  }
}

function syntaxError(source: string): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (err) {
    return oneLine(err);
  }
}

const oneLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');

/**
 * JavaScript spellings RE2 lacks, rewritten with the same meaning: `\uXXXX` and `\u{X…}` become
 * `\x{…}`. Escaped backslashes are consumed in pairs, so `\\u0041` stays a backslash and `u0041`.
 */
function toRe2Syntax(source: string): string {
  if (!source.includes('\\u')) return source;
  return source.replace(/\\(?:u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|[\s\S])/g, (all, four?: string, braced?: string) => {
    const hex = four ?? braced;
    return hex === undefined ? all : `\\x{${hex}}`;
  });
}

/** What users coming from JavaScript's engine trip over, said plainly. */
function hint(source: string): string {
  if (/\(\?<?[=!]/.test(source)) return ' (look-around is not supported: patterns run on RE2)';
  if (/\\[1-9]|\\k</.test(source)) return ' (back-references are not supported: patterns run on RE2)';
  return '';
}

function wrap(re: RE2JS, source: string, re2Source: string, flags: string): UserRegex {
  const named = Object.entries(re.namedGroups());
  const groupNames = named.map(([name]) => name);
  const groupCount = re.groupCount();
  const global = flags.includes('g');
  const answers = new Map<string, boolean>();
  const exec = (input: string, from = 0): UserMatch | null => {
    const m = re.matcher(input);
    if (from > input.length || !m.find(from)) return null;
    return matchOf(m, named, groupCount);
  };
  const api: UserRegex = {
    source,
    flags,
    re2Source,
    groupNames,
    test: (input) => {
      if (input.length > MEMO_INPUT_LENGTH) return re.test(input);
      let answer = answers.get(input);
      if (answer === undefined) {
        answer = re.test(input);
        if (answers.size >= ANSWER_LIMIT) answers.clear();
        answers.set(input, answer);
      }
      return answer;
    },
    exec,
    matchAll: (input) => {
      const out: UserMatch[] = [];
      const m = re.matcher(input);
      // Matcher.find() continues after the previous match, stepping over an empty one.
      while (m.find()) out.push(matchOf(m, named, groupCount));
      return out;
    },
    replaceAll: (input, replacement) => re.matcher(input).replaceAll(replacement),
    replaceFirst: (input, replacement) => re.matcher(input).replaceFirst(replacement),
    replace: (input, replacement) => (global ? api.replaceAll(input, replacement) : api.replaceFirst(input, replacement)),
  };
  return Object.freeze(api);
}

function matchOf(m: ReturnType<RE2JS['matcher']>, named: ReadonlyArray<[string, number]>, groupCount: number): UserMatch {
  const captures: Array<string | undefined> = [];
  const indices: Array<readonly [number, number] | undefined> = [];
  for (let g = 0; g <= groupCount; g++) {
    const start = m.start(g);
    captures.push(start < 0 ? undefined : (m.group(g) ?? undefined));
    indices.push(start < 0 ? undefined : [start, m.end(g)]);
  }
  // No prototype: a group may be called `__proto__`.
  const groups: Record<string, string | undefined> = Object.create(null);
  const groupIndices: Record<string, readonly [number, number] | undefined> = Object.create(null);
  for (const [name, g] of named) {
    groups[name] = captures[g];
    groupIndices[name] = indices[g];
  }
  const [index, end] = indices[0]!;
  return { text: captures[0]!, index, end, captures, groups, indices, groupIndices };
}
