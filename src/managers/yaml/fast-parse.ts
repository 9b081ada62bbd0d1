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
import { flowCollection, giveUp, plainValue, quotedScalar, quoteEnd, Unsupported } from './fast-scalars.js';

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

const scalar = newScalar;

class LineParser {
  private readonly lines: Line[];
  private readonly anchors = new Set<string>();

  constructor(
    private readonly text: string,
    from: number,
  ) {
    this.lines = splitLines(text, from);
  }
  /** Line `i`; the parser only asks for lines that exist, so a miss is a bug, said as one. */
  private line(i: number): Line {
    const line = this.lines[i];
    if (!line) throw new Error(`fast YAML parser: no line ${i}`);
    return line;
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
        if (open) docs.push(scalar(null, Scalar.PLAIN, this.line(i - 1).end, this.line(i - 1).end));
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
    const line = this.line(i);
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
    for (let j = i; j < this.lines.length; j++) if (!this.line(j).blank) return j;
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
      const close = quoteEnd(this.text, pos, end);
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
    const line = this.line(i);
    if (this.isSeqEntry(line.first, line.end)) return this.sequence(i, line.indent);
    if (this.keyColon(line.first, line.end) >= 0) return this.mapping(i, line.indent, line.first);
    return this.value(i, line.first, parent);
  }

  private mapping(i: number, indent: number, firstPos: number): { node: YAMLMap; last: number } {
    const map = newMap();
    let pos = firstPos;
    let last = i;
    for (;;) {
      const line = this.line(i);
      const colon = this.keyColon(pos, line.end);
      if (colon < 0) giveUp();
      const key = this.text[pos] === '"' || this.text[pos] === "'" ? quotedScalar(this.text, pos, colon) : this.plainKey(pos, colon);
      const { node, last: used } = this.value(i, colon + 1, indent, true);
      map.items.push(newPair(key, node));
      last = used;
      const next = this.nextContent(used + 1);
      if (next < 0 || this.marker(next) !== undefined) break;
      const nextLine = this.line(next);
      if (nextLine.indent < indent) break;
      if (nextLine.indent > indent || this.isSeqEntry(nextLine.first, nextLine.end)) giveUp();
      i = next;
      pos = nextLine.first;
    }
    map.range = [firstPos, this.line(last).end, this.line(last).next];
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
    const start = this.line(i).first;
    let last = i;
    for (;;) {
      const line = this.line(i);
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
      const nextLine = this.line(next);
      if (nextLine.indent < indent) break;
      if (nextLine.indent > indent) giveUp();
      if (!this.isSeqEntry(nextLine.first, nextLine.end)) break;
      i = next;
    }
    seq.range = [start, this.line(last).end, this.line(last).next];
    return { node: seq, last };
  }

  /**
   * The value that starts at `pos` on line `i` (after `key:` or `- `), belonging to a collection at
   * indentation `owner`. A map value may be a sequence at the map's own indentation.
   */
  private value(i: number, pos: number, owner: number, inMap = false): { node: Node | null; last: number } {
    const { text } = this;
    const line = this.line(i);
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
      const node = quotedScalar(this.text, p, line.end);
      const comment = this.rest(node.range![1], line.end);
      if (comment !== undefined) node.comment = comment;
      result = { node, last: this.checkNoContinuation(i, owner) };
    } else if (c === '{' || c === '[') {
      const { node, end } = flowCollection(this.text, p, line.end);
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
      const line = this.line(next);
      if (line.indent > owner) return this.blockNode(next, owner);
      if (inMap && line.indent === owner && this.isSeqEntry(line.first, line.end)) return this.sequence(next, owner);
    }
    return { node: scalar(null, Scalar.PLAIN, pos, pos), last: i };
  }

  /** A single-line scalar must not continue on a more indented line (that is a multi-line scalar). */
  private checkNoContinuation(i: number, owner: number): number {
    const next = this.nextContent(i + 1);
    if (next >= 0 && this.line(next).indent > owner && this.marker(next) === undefined) giveUp();
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
    const line = this.line(i);
    const header = /^([|>])([1-9]?)([+-]?)([1-9]?)/.exec(text.slice(pos, line.end))!;
    this.rest(pos + header[0].length, line.end);
    const explicit = Number(header[2] || header[4] || 0);
    let contentIndent = explicit ? owner + explicit : -1;
    let last = i;
    const body: string[] = [];
    for (let j = i + 1; j < this.lines.length; j++) {
      const l = this.line(j);
      const empty = l.first === l.end;
      if (!empty && l.indent <= owner) break;
      if (!empty && contentIndent < 0) contentIndent = l.indent;
      if (!empty && l.indent < contentIndent) break;
      if (this.marker(j) !== undefined) break;
      body.push(empty ? '' : text.slice(l.start + contentIndent, l.end));
      last = j;
    }
    while (last > i && this.line(last).first === this.line(last).end) {
      last--;
      body.pop();
    }
    const chomp = header[3];
    const joined = header[1] === '|' ? body.join('\n') : body.join(' ');
    const value = chomp === '-' ? joined : `${joined}\n`;
    const node = scalar(value, header[1] === '|' ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED, pos, this.line(last).end);
    return { node, last };
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
