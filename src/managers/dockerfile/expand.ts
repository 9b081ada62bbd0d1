/**
 * Expand one Dockerfile word the way BuildKit's shell lexer does — quotes removed, escapes applied,
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}` substituted from
 * ARG values — while remembering, for every character of the result, where in the file it is written.
 * That is what lets an image built from `ARG BASE=nginx:1.27` + `FROM ${BASE}` be edited in the ARG line.
 *
 * A variable with no known value stays in the result as written and marks it `unresolved`.
 */

/** Text with the file offset of each of its characters. */
export interface Chars {
  text: string;
  offsets: number[];
}

export interface Expansion extends Chars {
  /** True when a variable had no known value (it is left in `text` as written). */
  unresolved: boolean;
}

/** ARG name → its value; `undefined` for an ARG declared without one (`ARG TAG`). */
export type Scope = ReadonlyMap<string, Expansion | undefined>;

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

class Builder {
  text = '';
  offsets: number[] = [];
  unresolved = false;

  push(c: string, offset: number): void {
    this.text += c;
    this.offsets.push(offset);
  }

  append(part: Expansion): void {
    this.text += part.text;
    this.offsets.push(...part.offsets);
    if (part.unresolved) this.unresolved = true;
  }

  /** Copy `word[from, to)` as written and mark the result unresolved. */
  raw(word: Chars, from: number, to: number): void {
    for (let k = from; k < to; k++) this.push(word.text[k]!, word.offsets[k]!);
    this.unresolved = true;
  }

  done(): Expansion {
    return { text: this.text, offsets: this.offsets, unresolved: this.unresolved };
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
      for (i++; i < s.length && s[i] !== '"'; ) {
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
  NAME.lastIndex = braced ? i + 2 : i + 1;
  const name = NAME.exec(s)?.[0];
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
  const afterName = NAME.lastIndex;
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
  const alt = new Builder();
  const end = lex(lx, alt, afterName + op.length, true);
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
  lex({ word, scope, escape }, out, 0, false);
  return out.done();
}

/** Text taken literally (no quotes, escapes or variables), e.g. a `# syntax=` directive's value. */
export function literal(chars: Chars): Expansion {
  return { ...chars, unresolved: false };
}
