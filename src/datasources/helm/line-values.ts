/**
 * Keys and values written on one line of block YAML, read from bytes: a plain key up to its `:`, and a
 * plain, single-quoted or double-quoted scalar with an optional trailing comment. Anything else (block
 * scalars, flow collections, anchors, tags, a quote that goes on to the next line, a YAML-only escape)
 * throws `NotOneLineScalar`, and the caller hands the text to the yaml library.
 */
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
/** First characters that make a value something other than a plain or quoted scalar on one line. */
const NOT_PLAIN = new Set([...'|>&*!{[%@`?'].map((c) => c.charCodeAt(0)));

export class NotOneLineScalar extends Error {}

/** Offset of the `:` that ends a plain key starting at `c` (followed by a space or the line's end), or -1. */
export function keyEnd(buf: Buffer, c: number, end: number): number {
  const b = buf[c]!;
  if (b === DQUOTE || b === SQUOTE || NOT_PLAIN.has(b) || b === COLON || b === DASH) return -1;
  for (let j = c + 1; j < end; j++) {
    if (buf[j] === COLON && (j + 1 === end || buf[j + 1] === SPACE)) return j;
    if (buf[j] === HASH && buf[j - 1] === SPACE) return -1;
  }
  return -1;
}

/**
 * The scalar starting at or after `v` on the line ending at `end`; undefined when the line has none (the
 * value, if any, is on the next lines). `[]` and `{}` come back as those two characters.
 */
export function readLineScalar(buf: Buffer, v: number, end: number): string | undefined {
  while (v < end && (buf[v] === SPACE || buf[v] === TAB)) v++;
  if (v >= end || buf[v] === HASH) return undefined;
  const b = buf[v]!;
  if (b === DQUOTE || b === SQUOTE) return readQuoted(buf, v, end);
  if ((b === 0x5b && buf[v + 1] === 0x5d) || (b === 0x7b && buf[v + 1] === 0x7d)) {
    if (restIsBlank(buf, v + 2, end)) return b === 0x5b ? '[]' : '{}';
    throw new NotOneLineScalar();
  }
  if (NOT_PLAIN.has(b)) throw new NotOneLineScalar();
  let e = v;
  while (e < end && !(buf[e] === HASH && (buf[e - 1] === SPACE || buf[e - 1] === TAB))) e++;
  while (e > v && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
  return buf.toString('utf8', v, e);
}

function readQuoted(buf: Buffer, v: number, end: number): string {
  const quote = buf[v];
  let escaped = false;
  let k = v + 1;
  for (; k < end; k++) {
    if (quote === DQUOTE && buf[k] === BACKSLASH) {
      escaped = true;
      k++;
    } else if (buf[k] === quote) {
      if (quote === SQUOTE && buf[k + 1] === SQUOTE) {
        escaped = true;
        k++;
      } else break;
    }
  }
  if (k >= end || !restIsBlank(buf, k + 1, end)) throw new NotOneLineScalar(); // multi-line or trailing text
  const inner = buf.toString('utf8', v + 1, k);
  if (!escaped) return inner;
  if (quote === SQUOTE) return inner.replaceAll("''", "'");
  try {
    return JSON.parse(`"${inner}"`) as string; // YAML-only escapes (\x, \e, \N…) go to the yaml library
  } catch {
    throw new NotOneLineScalar();
  }
}

function restIsBlank(buf: Buffer, k: number, end: number): boolean {
  while (k < end && (buf[k] === SPACE || buf[k] === TAB)) k++;
  return k === end || (buf[k] === HASH && (buf[k - 1] === SPACE || buf[k - 1] === TAB));
}
