/**
 * A fast parser for the block-style YAML that manifests, values files and workflows are written in.
 *
 * The `yaml` library is exact but reads 2–3 MB/s; a repository of 10,000 manifests needs more. This
 * parser reads one line at a time and builds the same node classes (`YAMLMap`, `YAMLSeq`, `Scalar`,
 * `Alias`, with the same source ranges), so every manager works on either result. It handles block maps
 * and sequences, single-line scalars (plain, quoted) and flow collections, block scalars, anchors, aliases
 * and comments. Anything else — multi-line plain or quoted scalars, tags, directives, complex keys,
 * multi-line flow collections, tabs in indentation, malformed input — makes it give up (return null), and
 * the caller parses the file with the `yaml` library instead, which also reports errors precisely.
 */
import { Scalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { newAlias, newMap, newPair, newScalar, newSeq } from './fast-nodes.js';

class Unsupported extends Error {}

const giveUp = (): never => {
  throw new Unsupported();
};

interface Line {
  start: number;
  /** End of the line's text, before `\r\n` / `\n`. */
  end: number;
  /** Offset just past the line break. */
  next: number;
  indent: number;
  /** Offset of the first non-space character (== end for an empty line). */
  first: number;
  /** Empty, spaces only, or a comment only. */
  blank: boolean;
}

const SPACE = 32;
const HASH = 35;

function splitLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < text.length || (start === text.length && lines.length === 0)) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let first = start;
    while (first < end && text.charCodeAt(first) === SPACE) first++;
    if (first < end && text.charCodeAt(first) === 9) {
      // A tab after the indentation is fine in a comment or blank line only.
      let p = first;
      while (p < end && (text.charCodeAt(p) === 9 || text.charCodeAt(p) === SPACE)) p++;
      if (p < end && text.charCodeAt(p) !== HASH) giveUp();
      first = p;
    }
    lines.push({ start, end, next: nl + 1, indent: first - start, first, blank: first === end || text.charCodeAt(first) === HASH });
    start = nl + 1;
  }
  return lines;
}

const NULL_RE = /^(?:~|null|Null|NULL)?$/;
const BOOL_RE = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/** The core-schema value of a plain scalar, as the `yaml` library gives it. */
function plainValue(raw: string): unknown {
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

const scalar = newScalar;

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

class LineParser {
  private readonly lines: Line[];
  private readonly anchors = new Set<string>();

  constructor(
    private readonly text: string,
    from: number,
  ) {
    this.lines = splitLines(text, from);
  }

  /** Roots of the documents in the stream. */
  documents(): Array<Node | null> {
    const docs: Array<Node | null> = [];
    let i = 0;
    let open = false; // a `---` was seen and its document has no content yet
    for (;;) {
      const j = this.nextContent(i);
      const marker = j < 0 ? undefined : this.marker(j);
      if (j < 0 || marker !== undefined) {
        // Like the yaml library, an explicit empty document holds an empty scalar.
        if (open) docs.push(scalar(null, Scalar.PLAIN, this.lines[i - 1]!.end, this.lines[i - 1]!.end));
        if (j < 0) break;
        open = marker === '---';
        i = j + 1;
        continue;
      }
      this.anchors.clear();
      const { node, last } = this.blockNode(j, -1);
      const after = this.nextContent(last + 1);
      if (after >= 0 && this.marker(after) === undefined) giveUp();
      docs.push(node);
      open = false;
      i = last + 1;
    }
    return docs;
  }

  private marker(i: number): '---' | '...' | undefined {
    const line = this.lines[i]!;
    const { text } = this;
    if (line.indent !== 0 || line.end - line.start < 3) {
      if (line.indent === 0 && text.charCodeAt(line.start) === 37) giveUp(); // %YAML directive
      return undefined;
    }
    const head = text.slice(line.start, line.start + 3);
    if (head !== '---' && head !== '...') {
      if (text.charCodeAt(line.start) === 37) giveUp();
      return undefined;
    }
    const rest = text.slice(line.start + 3, line.end);
    if (rest !== '' && !/^[ \t]/.test(rest)) return undefined;
    if (rest.trim() !== '' && !rest.trim().startsWith('#')) giveUp();
    return head;
  }

  /** Index of the next line with content at or after `i`, or -1. */
  private nextContent(i: number): number {
    for (let j = i; j < this.lines.length; j++) if (!this.lines[j]!.blank) return j;
    return -1;
  }

  private isSeqEntry(pos: number, end: number): boolean {
    return this.text.charCodeAt(pos) === 45 && (pos + 1 === end || this.text.charCodeAt(pos + 1) === SPACE);
  }

  /** Offset of the `:` that ends a mapping key starting at `pos`, or -1 when the text is not a key. */
  private keyColon(pos: number, end: number): number {
    const { text } = this;
    const c = text[pos];
    if (c === '"' || c === "'") {
      const close = this.quoteEnd(pos, end);
      let p = close;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      return text.charCodeAt(p) === 58 && (p + 1 === end || text.charCodeAt(p + 1) === SPACE) ? p : -1;
    }
    if (c === '{' || c === '[' || c === '&' || c === '*' || c === '!' || c === '|' || c === '>' || c === '%' || c === '@' || c === '`') {
      return -1;
    }
    if (c === '?' && (pos + 1 === end || text.charCodeAt(pos + 1) === SPACE)) giveUp();
    for (let p = pos; p < end; p++) {
      const code = text.charCodeAt(p);
      if (code === 58 && (p + 1 === end || text.charCodeAt(p + 1) === SPACE)) return p;
      if (code === HASH && text.charCodeAt(p - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** Offset just past the closing quote of the quoted scalar at `pos` (same line only). */
  private quoteEnd(pos: number, end: number): number {
    const { text } = this;
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

  private quoted(pos: number, end: number): Scalar {
    const close = this.quoteEnd(pos, end);
    const raw = this.text.slice(pos + 1, close - 1);
    if (this.text[pos] === "'") return scalar(raw.replace(/''/g, "'"), Scalar.QUOTE_SINGLE, pos, close);
    const value = raw.includes('\\')
      ? raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
          if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
          return ESCAPES[e] ?? giveUp();
        })
      : raw;
    return scalar(value, Scalar.QUOTE_DOUBLE, pos, close);
  }

  /** Only spaces or a comment from `pos` to `end`? Returns the comment text (without `#`) when there is one. */
  private rest(pos: number, end: number): string | undefined {
    let p = pos;
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p === end) return undefined;
    if (this.text.charCodeAt(p) === HASH && (p === pos ? p === 0 || /\s/.test(this.text[p - 1]!) : true)) {
      return this.text.slice(p + 1, end);
    }
    return giveUp();
  }

  /**
   * The node that starts on line `i` (a block collection or a lone value) and is more indented than
   * `parent`. Returns it with the index of the last line it used.
   */
  private blockNode(i: number, parent: number): { node: Node | null; last: number } {
    const line = this.lines[i]!;
    if (this.isSeqEntry(line.first, line.end)) return this.sequence(i, line.indent);
    if (this.keyColon(line.first, line.end) >= 0) return this.mapping(i, line.indent, line.first);
    return this.value(i, line.first, parent);
  }

  private mapping(i: number, indent: number, firstPos: number): { node: YAMLMap; last: number } {
    const map = newMap();
    let pos = firstPos;
    let last = i;
    for (;;) {
      const line = this.lines[i]!;
      const colon = this.keyColon(pos, line.end);
      if (colon < 0) giveUp();
      const key = this.text[pos] === '"' || this.text[pos] === "'" ? this.quoted(pos, colon) : this.plainKey(pos, colon);
      const { node, last: used } = this.value(i, colon + 1, indent, true);
      map.items.push(newPair(key, node));
      last = used;
      const next = this.nextContent(used + 1);
      if (next < 0 || this.marker(next) !== undefined) break;
      const nextLine = this.lines[next]!;
      if (nextLine.indent < indent) break;
      if (nextLine.indent > indent || this.isSeqEntry(nextLine.first, nextLine.end)) giveUp();
      i = next;
      pos = nextLine.first;
    }
    map.range = [firstPos, this.lines[last]!.end, this.lines[last]!.next];
    return { node: map, last };
  }

  private plainKey(pos: number, colon: number): Scalar {
    let end = colon;
    while (end > pos && this.text.charCodeAt(end - 1) === SPACE) end--;
    const raw = this.text.slice(pos, end);
    return scalar(plainValue(raw), Scalar.PLAIN, pos, end);
  }

  private sequence(i: number, indent: number): { node: YAMLSeq; last: number } {
    const seq = newSeq();
    const start = this.lines[i]!.first;
    let last = i;
    for (;;) {
      const line = this.lines[i]!;
      let p = line.first + 1;
      while (p < line.end && this.text.charCodeAt(p) === SPACE) p++;
      let item: { node: Node | null; last: number };
      if (p < line.end && this.isSeqEntry(p, line.end)) giveUp();
      if (p < line.end && this.text.charCodeAt(p) !== HASH && this.keyColon(p, line.end) >= 0) {
        item = this.mapping(i, p - line.start, p);
      } else {
        item = this.value(i, line.first + 1, indent);
      }
      seq.items.push(item.node);
      last = item.last;
      const next = this.nextContent(last + 1);
      if (next < 0 || this.marker(next) !== undefined) break;
      const nextLine = this.lines[next]!;
      if (nextLine.indent < indent) break;
      if (nextLine.indent > indent) giveUp();
      if (!this.isSeqEntry(nextLine.first, nextLine.end)) break;
      i = next;
    }
    seq.range = [start, this.lines[last]!.end, this.lines[last]!.next];
    return { node: seq, last };
  }

  /**
   * The value that starts at `pos` on line `i` (after `key:` or `- `), belonging to a collection at
   * indentation `owner`. A map value may be a sequence at the map's own indentation.
   */
  private value(i: number, pos: number, owner: number, inMap = false): { node: Node | null; last: number } {
    const { text } = this;
    const line = this.lines[i]!;
    let p = pos;
    while (p < line.end && text.charCodeAt(p) === SPACE) p++;
    let anchor: string | undefined;
    if (text[p] === '&') {
      const m = /^&([^\s,[\]{}]+)/.exec(text.slice(p, line.end));
      if (!m) giveUp();
      anchor = m![1]!;
      p += m![0].length;
      while (p < line.end && text.charCodeAt(p) === SPACE) p++;
    }
    const c = text[p];
    let result: { node: Node | null; last: number };
    if (p === line.end || (c === '#' && text.charCodeAt(p - 1) === SPACE)) {
      result = this.nested(i, p, owner, inMap);
    } else if (c === '*') {
      if (anchor) giveUp();
      const m = /^\*([^\s,[\]{}]+)/.exec(text.slice(p, line.end));
      if (!m || !this.anchors.has(m[1]!)) giveUp();
      const alias = newAlias(m![1]!, p, p + m![0].length);
      this.rest(p + m![0].length, line.end);
      result = { node: alias, last: i };
    } else if (c === '!' || c === '%' || c === '@' || c === '`' || (c === '?' && text.charCodeAt(p + 1) === SPACE)) {
      return giveUp();
    } else if (c === '|' || c === '>') {
      result = this.blockScalar(i, p, owner);
    } else if (c === '"' || c === "'") {
      const node = this.quoted(p, line.end);
      const comment = this.rest(node.range![1], line.end);
      if (comment !== undefined) node.comment = comment;
      result = { node, last: this.checkNoContinuation(i, owner) };
    } else if (c === '{' || c === '[') {
      const { node, end } = this.flow(p, line.end);
      const comment = this.rest(end, line.end);
      if (comment !== undefined) node.comment = comment;
      result = { node, last: this.checkNoContinuation(i, owner) };
    } else {
      if (this.keyColon(p, line.end) >= 0) giveUp(); // `key: a: b` or an anchored compact map
      result = { node: this.plain(p, line.end), last: this.checkNoContinuation(i, owner) };
    }
    if (anchor !== undefined) {
      if (!result.node) result.node = scalar(null, Scalar.PLAIN, p, p);
      result.node.anchor = anchor;
      this.anchors.add(anchor);
    }
    return result;
  }

  /** A value on the lines after `key:` / `-`; an empty scalar when there is none. */
  private nested(i: number, pos: number, owner: number, inMap: boolean): { node: Node | null; last: number } {
    const next = this.nextContent(i + 1);
    if (next >= 0 && this.marker(next) === undefined) {
      const line = this.lines[next]!;
      if (line.indent > owner) return this.blockNode(next, owner);
      if (inMap && line.indent === owner && this.isSeqEntry(line.first, line.end)) return this.sequence(next, owner);
    }
    return { node: scalar(null, Scalar.PLAIN, pos, pos), last: i };
  }

  /** A single-line scalar must not continue on a more indented line (that is a multi-line scalar). */
  private checkNoContinuation(i: number, owner: number): number {
    const next = this.nextContent(i + 1);
    if (next >= 0 && this.lines[next]!.indent > owner && this.marker(next) === undefined) giveUp();
    return i;
  }

  private plain(pos: number, end: number): Scalar {
    const { text } = this;
    let stop = end;
    for (let p = pos + 1; p < end; p++) {
      if (text.charCodeAt(p) === HASH && text.charCodeAt(p - 1) === SPACE) {
        stop = p;
        break;
      }
    }
    let valueEnd = stop;
    while (valueEnd > pos && text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
    const raw = text.slice(pos, valueEnd);
    const node = scalar(plainValue(raw), Scalar.PLAIN, pos, valueEnd, end);
    if (stop < end) node.comment = text.slice(stop + 1, end);
    return node;
  }

  private blockScalar(i: number, pos: number, owner: number): { node: Scalar; last: number } {
    const { text } = this;
    const line = this.lines[i]!;
    const header = /^([|>])([1-9]?)([+-]?)([1-9]?)/.exec(text.slice(pos, line.end))!;
    this.rest(pos + header[0].length, line.end);
    const explicit = Number(header[2] || header[4] || 0);
    let contentIndent = explicit ? owner + explicit : -1;
    let last = i;
    const body: string[] = [];
    for (let j = i + 1; j < this.lines.length; j++) {
      const l = this.lines[j]!;
      const empty = l.first === l.end;
      if (!empty && l.indent <= owner) break;
      if (!empty && contentIndent < 0) contentIndent = l.indent;
      if (!empty && l.indent < contentIndent) break;
      if (this.marker(j) !== undefined) break;
      body.push(empty ? '' : text.slice(l.start + contentIndent, l.end));
      last = j;
    }
    while (last > i && this.lines[last]!.first === this.lines[last]!.end) {
      last--;
      body.pop();
    }
    const chomp = header[3];
    const joined = header[1] === '|' ? body.join('\n') : body.join(' ');
    const value = chomp === '-' ? joined : `${joined}\n`;
    const node = scalar(value, header[1] === '|' ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED, pos, this.lines[last]!.end);
    return { node, last };
  }

  /** A flow collection that closes on the same line. */
  private flow(pos: number, end: number): { node: YAMLMap | YAMLSeq; end: number } {
    const { text } = this;
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
      const item = this.flowItem(p, end);
      p = item.end;
      skip();
      if (isMap) {
        let value: Node | null = null;
        if (text[p] === ':') {
          p++;
          skip();
          if (text[p] === ',' || text[p] === close) value = scalar(null, Scalar.PLAIN, p, p);
          else {
            const v = this.flowItem(p, end);
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

  private flowItem(pos: number, end: number): { node: Node; end: number } {
    const { text } = this;
    const c = text[pos];
    if (c === '{' || c === '[') return this.flow(pos, end);
    if (c === '"' || c === "'") {
      const node = this.quoted(pos, end);
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
    return { node: scalar(plainValue(text.slice(pos, valueEnd)), Scalar.PLAIN, pos, valueEnd), end: p };
  }
}

/**
 * Document roots of `text`, or null when the text uses YAML this parser does not read (the caller then
 * uses the `yaml` library).
 */
export function fastParseDocuments(text: string): Array<Node | null> | null {
  try {
    const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    return new LineParser(text, from).documents();
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}
