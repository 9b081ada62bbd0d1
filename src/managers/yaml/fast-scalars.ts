/**
 * Scalars and single-line flow collections for the fast YAML parser (fast-parse.ts). Every function
 * either returns exactly what the `yaml` library would build, or throws `Unsupported`.
 */
import { Scalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { newMap, newPair, newScalar, newSeq } from './fast-nodes.js';

/** Thrown when the input uses YAML the fast parser does not read; the caller falls back. */
export class Unsupported extends Error {}

export const giveUp = (): never => {
  throw new Unsupported();
};

const SPACE = 32;
const NULL_RE = /^(?:~|null|Null|NULL)?$/;
const BOOL_RE = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/** The core-schema value of a plain scalar, as the `yaml` library gives it. */
export function plainValue(raw: string): unknown {
  if (raw === '') return null;
  // Most plain scalars are words: only these first characters can start a null, bool or number.
  if (!/[-+.~0-9nNtTfF]/.test(raw[0]!)) return raw;
  if (NULL_RE.test(raw)) return null;
  if (BOOL_RE.test(raw)) return raw[0] === 't' || raw[0] === 'T';
  if (INT_RE.test(raw)) return Number(raw);
  if (FLOAT_RE.test(raw)) return Number(raw);
  if (SPECIAL_RE.test(raw)) giveUp();
  return raw;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Offset just past the closing quote of the quoted scalar at `pos` (same line only). */
export function quoteEnd(text: string, pos: number, end: number): number {
  const q = text.charCodeAt(pos);
  for (let p = pos + 1; p < end; p++) {
    const code = text.charCodeAt(p);
    if (q === 34 && code === 92) p++;
    else if (code === q) {
      if (q === 39 && text.charCodeAt(p + 1) === 39) p++;
      else return p + 1;
    }
  }
  return giveUp();
}

export function quotedScalar(text: string, pos: number, end: number): Scalar {
  const close = quoteEnd(text, pos, end);
  const raw = text.slice(pos + 1, close - 1);
  if (text[pos] === "'") return newScalar(raw.replace(/''/g, "'"), Scalar.QUOTE_SINGLE, pos, close);
  const value = raw.includes('\\')
    ? raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
        if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
        return ESCAPES[e] ?? giveUp();
      })
    : raw;
  return newScalar(value, Scalar.QUOTE_DOUBLE, pos, close);
}

/** A flow collection (`{…}` or `[…]`) that closes on the same line. */
export function flowCollection(text: string, pos: number, end: number): { node: YAMLMap | YAMLSeq; end: number } {
  const isMap = text[pos] === '{';
  const close = isMap ? '}' : ']';
  const node = isMap ? newMap(true) : newSeq(true);
  let p = pos + 1;
  const skip = () => {
    while (p < end && text.charCodeAt(p) === SPACE) p++;
    if (p >= end) giveUp();
  };
  for (;;) {
    skip();
    if (text[p] === close) break;
    const item = flowItem(text, p, end);
    p = item.end;
    skip();
    if (isMap) {
      let value: Node | null = null;
      if (text[p] === ':') {
        p++;
        skip();
        if (text[p] === ',' || text[p] === close) value = newScalar(null, Scalar.PLAIN, p, p);
        else {
          const v = flowItem(text, p, end);
          value = v.node;
          p = v.end;
          skip();
        }
      }
      (node as YAMLMap).items.push(newPair(item.node, value));
    } else {
      if (text[p] === ':') giveUp();
      (node as YAMLSeq).items.push(item.node);
    }
    if (text[p] === ',') p++;
    else if (text[p] !== close) giveUp();
  }
  node.range = [pos, p + 1, p + 1];
  return { node, end: p + 1 };
}

function flowItem(text: string, pos: number, end: number): { node: Node; end: number } {
  const c = text[pos];
  if (c === '{' || c === '[') return flowCollection(text, pos, end);
  if (c === '"' || c === "'") {
    const node = quotedScalar(text, pos, end);
    return { node, end: node.range![1] };
  }
  if (c === '&' || c === '*' || c === '!' || c === '?' || c === '#' || c === ',' || c === ']' || c === '}') giveUp();
  let p = pos;
  for (; p < end; p++) {
    const ch = text[p];
    if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}') break;
    if (ch === ':' && (p + 1 === end || text[p + 1] === ' ' || text[p + 1] === ',' || text[p + 1] === ']' || text[p + 1] === '}')) break;
    if (ch === '#' && text[p - 1] === ' ') giveUp();
  }
  let valueEnd = p;
  while (valueEnd > pos && text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
  return { node: newScalar(plainValue(text.slice(pos, valueEnd)), Scalar.PLAIN, pos, valueEnd), end: p };
}
