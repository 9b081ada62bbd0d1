/**
 * A line scanner for the fixed shape of a Helm repository `index.yaml`:
 *
 *   entries:
 *     <chart>:
 *     - <field>: <value>      (or `  - ` one level deeper)
 *       <field>: <value>
 *
 * It works on the bytes of the answer (no 20 MB string, no document tree), reads only the fields a lookup
 * needs, and skips everything nested deeper (annotations, dependencies, wrapped descriptions) by its
 * indentation alone. Charts outside `wanted` are skipped whole. Anything outside that shape is not guessed
 * at: a chart section it cannot read is handed back in `unusual` for the yaml library to parse alone, and
 * a document-level surprise throws `UnusualDocumentError` so the caller parses the whole document.
 */
import { keyEnd, NotOneLineScalar, readLineScalar } from './line-values.js';
import { isNullText, type RawEntry, type RawIndex } from './raw-entry.js';

const SPACE = 0x20;
const TAB = 0x09;
const NL = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** The kept keys by first byte and length (a key that shares both is compared in full). */
const KEPT_KEYS = new Map(
  ['version', 'created', 'digest', 'appVersion', 'deprecated', 'home', 'sources', 'urls'].map((k) => [k.charCodeAt(0) * 16 + k.length, k]),
);

export class UnusualDocumentError extends Error {}
/** Internal: the current chart section is not in the fixed shape. */
class SectionSignal extends Error {}

export interface UnusualSection {
  name: string;
  /** Byte offsets of the section (its key line to the next chart's key line). */
  start: number;
  end: number;
}

export interface ScanResult {
  index: RawIndex;
  /** Chart sections (wanted ones only) that need the yaml library. */
  unusual: UnusualSection[];
}

export function scanIndex(buf: Buffer, wanted?: ReadonlySet<string>): ScanResult {
  return new IndexScanner(buf, wanted).run();
}

type FieldState = 'scalar' | 'list' | 'other' | undefined;

class IndexScanner {
  private readonly index: RawIndex = new Map();
  private readonly unusual: UnusualSection[] = [];
  private lineNo = 0;
  private seenEntries = false;
  private inEntries = false;
  private done = false;
  /** Indentation of chart keys, of the `- ` of a chart's entries, of an entry's fields (-1: not seen yet). */
  private chartIndent = -1;
  private dashIndent = -1;
  private fieldIndent = -1;
  private chart: { name: string; start: number; entries: RawEntry[] } | undefined;
  private mode: 'read' | 'skip' | 'unusual' = 'skip';
  private entry: RawEntry | undefined;
  private entryCount = 0;
  private field: FieldState;
  private list: string[] | undefined;
  private listIndent = -1;

  constructor(
    private readonly buf: Buffer,
    private readonly wanted: ReadonlySet<string> | undefined,
  ) {}

  run(): ScanResult {
    const buf = this.buf;
    const n = buf.length;
    let pos = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    while (pos < n && !this.done) {
      let end = buf.indexOf(NL, pos);
      if (end < 0) end = n;
      const stop = end > pos && buf[end - 1] === CR ? end - 1 : end;
      this.lineNo++;
      let c = pos;
      while (c < stop && buf[c] === SPACE) c++;
      if (c < stop && buf[c] === TAB) {
        let k = c;
        while (k < stop && (buf[k] === SPACE || buf[k] === TAB)) k++;
        if (k === stop) c = stop;
      }
      if (c < stop && buf[c] !== HASH) this.line(pos, c - pos, c, stop);
      pos = end + 1;
    }
    this.endChart(Math.min(pos, n));
    if (!this.seenEntries) throw new UnusualDocumentError('no top-level `entries:` map');
    return { index: this.index, unusual: this.unusual };
  }

  private unusualDocument(what: string): UnusualDocumentError {
    return new UnusualDocumentError(`line ${this.lineNo}: ${what}`);
  }

  private line(lineStart: number, indent: number, c: number, end: number): void {
    if (indent === 0) return this.topLevel(lineStart, c, end);
    if (!this.inEntries) return;
    if (this.chartIndent < 0) this.chartIndent = indent;
    if (indent < this.chartIndent) throw this.unusualDocument('indentation below the chart names');
    const isDash = this.buf[c] === DASH && (c + 1 === end || this.buf[c + 1] === SPACE);
    if (indent === this.chartIndent && !isDash) return this.chartKey(lineStart, c, end);
    if (!this.chart) throw this.unusualDocument('an entry before any chart name');
    if (this.mode !== 'read') return;
    try {
      this.entryLine(indent, c, end, isDash);
    } catch (err) {
      if (!(err instanceof SectionSignal)) throw err;
      this.mode = 'unusual';
    }
  }

  private topLevel(lineStart: number, c: number, end: number): void {
    const buf = this.buf;
    if (buf[c] === DASH && buf[c + 1] === DASH && buf[c + 2] === DASH && (c + 3 === end || buf[c + 3] === SPACE)) {
      if (this.seenEntries) throw this.unusualDocument('a second YAML document');
      return;
    }
    if (buf[c] === 0x2e && buf[c + 1] === 0x2e && buf[c + 2] === 0x2e && c + 3 === end) {
      this.done = true;
      return;
    }
    this.endChart(lineStart);
    this.inEntries = false;
    const colon = this.keyEnd(c, end);
    if (colon < 0) throw this.unusualDocument('a top-level line that is not a `key:`');
    if (buf.toString('latin1', c, colon) !== 'entries') return;
    const value = this.readScalar(colon + 1, end);
    if (value === undefined) this.inEntries = true;
    else if (value !== '{}') throw this.unusualDocument('`entries:` is not a block map');
    if (this.seenEntries) throw this.unusualDocument('`entries:` twice');
    this.seenEntries = true;
  }

  private chartKey(lineStart: number, c: number, end: number): void {
    this.endChart(lineStart);
    const buf = this.buf;
    let name: string;
    let colon: number;
    if (buf[c] === DQUOTE || buf[c] === SQUOTE) {
      const close = buf.indexOf(buf[c]!, c + 1);
      if (close < 0 || close >= end || buf[close + 1] !== COLON) throw this.unusualDocument('a chart name that is not a simple key');
      name = buf.toString('utf8', c + 1, close);
      colon = close + 1;
    } else {
      colon = this.keyEnd(c, end);
      if (colon < 0) throw this.unusualDocument('a chart name that is not a `key:`');
      name = buf.toString('utf8', c, colon);
    }
    this.chart = { name, start: lineStart, entries: [] };
    this.dashIndent = -1;
    this.fieldIndent = -1;
    this.entry = undefined;
    this.entryCount = 0;
    this.field = undefined;
    if (this.wanted && !this.wanted.has(name)) {
      this.mode = 'skip';
      return;
    }
    let value: string | undefined;
    try {
      value = this.readScalar(colon + 1, end);
    } catch {
      value = '?';
    }
    this.mode = value === undefined || value === '[]' ? 'read' : 'unusual';
  }

  private endChart(offset: number): void {
    const chart = this.chart;
    if (!chart) return;
    if (this.mode === 'read' && !this.index.has(chart.name)) this.index.set(chart.name, chart.entries);
    else if (this.mode === 'unusual') this.unusual.push({ name: chart.name, start: chart.start, end: offset });
    this.chart = undefined;
  }

  private entryLine(indent: number, c: number, end: number, isDash: boolean): void {
    if (this.dashIndent < 0) {
      if (!isDash) throw new SectionSignal();
      this.dashIndent = indent;
    }
    if (indent < this.dashIndent) throw new SectionSignal();
    if (indent === this.dashIndent) {
      if (!isDash) throw new SectionSignal();
      this.entry = {};
      this.chart!.entries.push(this.entry);
      this.entryCount++;
      this.field = undefined;
      let k = c + 1;
      while (k < end && this.buf[k] === SPACE) k++;
      this.fieldIndent = k === end ? -1 : indent + (k - c);
      if (k < end) this.fieldLine(k, end);
      return;
    }
    if (!this.entry) throw new SectionSignal();
    if (this.fieldIndent < 0) this.fieldIndent = indent;
    if (indent < this.fieldIndent) throw new SectionSignal();
    if (indent === this.fieldIndent) {
      if (isDash) this.listItem(indent, c, end);
      else this.fieldLine(c, end);
      return;
    }
    // Deeper than the fields: nested content of the last field.
    if (this.field === 'list') this.listItem(indent, c, end, isDash);
    else if (this.field !== 'other') throw new SectionSignal(); // a kept scalar continued on the next line
  }

  /** An item of a block sequence (`- value`), at the field's own indentation (go-yaml) or deeper. */
  private listItem(indent: number, c: number, end: number, isDash = true): void {
    if (this.field === 'other') return;
    if (this.field !== 'list' || !isDash) throw new SectionSignal();
    if (this.listIndent < 0) this.listIndent = indent;
    if (indent !== this.listIndent) throw new SectionSignal();
    const value = this.readScalar(c + 1, end);
    if (value === undefined) throw new SectionSignal();
    this.list!.push(value);
  }

  private fieldLine(c: number, end: number): void {
    const colon = this.keyEnd(c, end);
    if (colon < 0) throw new SectionSignal();
    const key = this.keptKey(c, colon);
    if (key === undefined) {
      this.field = 'other';
      return;
    }
    const entry = this.entry!;
    const first = this.entryCount === 1;
    if (key === 'home' && !first) {
      this.field = 'other';
      return;
    }
    switch (key) {
      case 'home':
      case 'version':
      case 'created':
      case 'digest':
      case 'appVersion':
      case 'deprecated': {
        const value = this.readScalar(colon + 1, end);
        if (value === undefined) throw new SectionSignal();
        if (!isNullText(value)) entry[key] = value;
        this.field = 'scalar';
        return;
      }
      case 'sources':
      case 'urls': {
        if (!first) break;
        const value = this.readScalar(colon + 1, end);
        if (value !== undefined && value !== '[]') throw new SectionSignal();
        this.list = entry[key] = [];
        this.field = value === undefined ? 'list' : 'scalar';
        this.listIndent = -1;
        return;
      }
    }
    this.field = 'other';
  }

  /**
   * The key when it is one the scanner keeps, else undefined. Most field lines are other keys
   * (annotations, description, maintainers, …): first byte and length rule them out without making a string.
   */
  private keptKey(c: number, colon: number): string | undefined {
    const length = colon - c;
    const expected = KEPT_KEYS.get(this.buf[c]! * 16 + Math.min(length, 15));
    return expected !== undefined && this.buf.toString('latin1', c, colon) === expected ? expected : undefined;
  }

  /** A one-line scalar value at or after `v` (see `line-values.ts`), failing the section or document. */
  private readScalar(v: number, end: number): string | undefined {
    try {
      return readLineScalar(this.buf, v, end);
    } catch (err) {
      if (err instanceof NotOneLineScalar) return this.fail();
      throw err;
    }
  }

  private keyEnd(c: number, end: number): number {
    return keyEnd(this.buf, c, end);
  }

  private fail(): never {
    throw this.inEntries ? new SectionSignal() : this.unusualDocument('a value the scanner does not read');
  }
}
