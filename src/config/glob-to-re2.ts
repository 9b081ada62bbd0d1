/**
 * Globs (minimatch-style, as Renovate users write them) translated to RE2 syntax, so they run on the
 * same linear-time engine as user regexes: a glob such as `*a*a*a*a*a*a*b`, which makes a backtracking
 * engine (minimatch, picomatch) hang on a long input, cannot hang a run.
 */
import { InputError } from '../util/errors.js';

const RE2_META = /[\\.^$|()[\]{}*+?]/g;

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

export function escapeRe2(text: string): string {
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
