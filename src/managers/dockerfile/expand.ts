/**
 * Expand one Dockerfile word the way BuildKit's shell lexer does — quotes removed, escapes applied,
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}` substituted from
 * ARG values — while remembering, for every character of the result, where in the file it is written.
 * That is what lets an image built from `ARG BASE=nginx:1.27` + `FROM ${BASE}` be edited in the ARG line.
 *
 * A variable with no known value stays in the result as written, so the reference still shows `$`
 * (and is skipped as contains-variable).
 */

/** Text with the file offset of each of its characters. */
export interface Chars {
  text: string;
  offsets: number[];
}

/** The result of expanding a word: the text the build sees, each character with where it is written. */
export type Expansion = Chars;

/** ARG name → its value; `undefined` for an ARG declared without one (`ARG TAG`). */
export type Scope = ReadonlyMap<string, Expansion | undefined>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/**
 * ARG values are stored expanded, so `ARG B=$A$A`, `ARG C=$B$B`, … doubles at each step; results are
 * cut off here (far beyond any real image reference) so a hostile file cannot exhaust memory.
 */
const MAX_LENGTH = 4096;
/** `${A:-${B:-${C:-…}}}` nests; deeper than this is left as written. */
const MAX_DEPTH = 16;

class Builder {
  text = '';
  offsets: number[] = [];

  push(c: string, offset: number): void {
    if (this.text.length >= MAX_LENGTH) return;
    this.text += c;
    this.offsets.push(offset);
  }

  append(part: Expansion): void {
    const room = MAX_LENGTH - this.text.length;
    if (room <= 0) return;
    this.text += part.text.slice(0, room);
    for (const offset of part.offsets.slice(0, room)) this.offsets.push(offset);
  }

  /** Copy `word[from, to)` as written (a variable that cannot be expanded). */
  raw(word: Chars, from: number, to: number): void {
    for (let k = from; k < to; k++) this.push(word.text[k]!, word.offsets[k]!);
  }

  done(): Expansion {
    return { text: this.text, offsets: this.offsets };
  }
}

/** Index of the `}` closing a `${` whose body starts at `from`, or -1. */
function closingBrace(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

interface Lexer {
  word: Chars;
  scope: Scope;
  escape: string;
  /** How many `${…:-word}` the lexer is inside. */
  depth: number;
}

/** Lex `word` from `i` until its end, or until an unquoted `}` when `inBraces`; returns the stop index. */
function lex(lx: Lexer, out: Builder, i: number, inBraces: boolean): number {
  const s = lx.word.text;
  const at = (k: number) => lx.word.offsets[k]!;
  while (i < s.length) {
    const c = s[i]!;
    if (inBraces && c === '}') return i;
    if (c === lx.escape && i + 1 < s.length) {
      out.push(s[i + 1]!, at(i + 1));
      i += 2;
    } else if (c === "'") {
      for (i++; i < s.length && s[i] !== "'"; i++) out.push(s[i]!, at(i));
      i++;
    } else if (c === '"') {
      for (i++; i < s.length && s[i] !== '"';) {
        const d = s[i]!;
        if (d === lx.escape && i + 1 < s.length && ['"', '$', lx.escape].includes(s[i + 1]!)) {
          out.push(s[i + 1]!, at(i + 1));
          i += 2;
        } else if (d === '$') {
          i = variable(lx, out, i);
        } else {
          out.push(d, at(i));
          i++;
        }
      }
      i++;
    } else if (c === '$') {
      i = variable(lx, out, i);
    } else {
      out.push(c, at(i));
      i++;
    }
  }
  return i;
}

/** Expand the variable starting at `word[i] === '$'`; returns the index after it. */
function variable(lx: Lexer, out: Builder, i: number): number {
  const s = lx.word.text;
  const braced = s[i + 1] === '{';
  const nameAt = braced ? i + 2 : i + 1;
  const name = NAME.exec(s.slice(nameAt))?.[0];
  if (!name) {
    if (!braced) {
      out.push('$', lx.word.offsets[i]!);
      return i + 1;
    }
    const end = closingBrace(s, i + 2);
    const stop = end < 0 ? s.length : end + 1;
    out.raw(lx.word, i, stop);
    return stop;
  }
  const value = lx.scope.get(name);
  const afterName = nameAt + name.length;
  if (!braced || s[afterName] === '}') {
    const stop = braced ? afterName + 1 : afterName;
    if (value) out.append(value);
    else out.raw(lx.word, i, stop);
    return stop;
  }
  const op = /^:?[-+]/.exec(s.slice(afterName, afterName + 2))?.[0];
  if (!op) {
    // An operator BuildKit has but Upkeep does not evaluate (`${VAR%suffix}`, `${VAR:?err}`).
    const end = closingBrace(s, afterName);
    const stop = end < 0 ? s.length : end + 1;
    out.raw(lx.word, i, stop);
    return stop;
  }
  if (lx.depth >= MAX_DEPTH) {
    out.raw(lx.word, i, s.length);
    return s.length;
  }
  const alt = new Builder();
  const end = lex({ ...lx, depth: lx.depth + 1 }, alt, afterName + op.length, true);
  if (end >= s.length) {
    out.raw(lx.word, i, s.length);
    return s.length;
  }
  const word = alt.done();
  if (op === ':-') out.append(value && value.text !== '' ? value : word);
  else if (op === '-') out.append(value ?? word);
  // `:+` / `+`: the alternative when the variable is set (and non-empty for `:+`), else nothing.
  else if (value && (op === '+' || value.text !== '')) out.append(word);
  else if (!value) out.raw(lx.word, i, end + 1);
  return end + 1;
}

/** Expand `word` with the ARG values in `scope`. */
export function expandWord(word: Chars, scope: Scope, escape: string): Expansion {
  const out = new Builder();
  lex({ word, scope, escape, depth: 0 }, out, 0, false);
  return out.done();
}
