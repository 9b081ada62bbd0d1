/**
 * Reads a Helm repository index: the line scanner for the usual shape, the yaml library for a chart section
 * the scanner does not read, and for the whole document only when its outline is unusual (a JSON index,
 * flow style, anchors across charts). All paths give the same `RawIndex`.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { scanIndex, UnusualDocumentError } from './index-scanner.js';
import { MalformedIndexError, rawEntryFromValue, type RawEntry, type RawIndex } from './raw-entry.js';

export interface ReadIndexResult {
  index: RawIndex;
  /** How it was read, for tests and benchmarks: the scanner alone, with some sections by yaml, or all by yaml/JSON. */
  method: 'scanner' | 'scanner+sections' | 'document';
}

/** Reads the charts of `wanted` (all charts when omitted) from the bytes of an index. */
export function readIndex(body: Buffer, wanted?: ReadonlySet<string>): ReadIndexResult {
  let scanned;
  try {
    scanned = scanIndex(body, wanted);
  } catch (err) {
    if (!(err instanceof UnusualDocumentError)) throw err;
    return { index: readIndexDocument(body.toString('utf8'), wanted), method: 'document' };
  }
  if (scanned.unusual.length === 0) return { index: scanned.index, method: 'scanner' };
  for (const section of scanned.unusual) {
    const text = body.toString('utf8', section.start, section.end);
    let value: unknown;
    try {
      value = parseYaml(text, { schema: 'failsafe', maxAliasCount: 100, uniqueKeys: false });
    } catch {
      // e.g. an alias to an anchor in another chart: only the whole document can say.
      return { index: readIndexDocument(body.toString('utf8'), wanted), method: 'document' };
    }
    const entries = (value as Record<string, unknown> | null)?.[section.name];
    scanned.index.set(section.name, entriesFrom(entries));
  }
  return { index: scanned.index, method: 'scanner+sections' };
}

/** The whole document through JSON.parse (an index written as JSON) or the yaml library (also the tests' reference). */
export function readIndexDocument(text: string, wanted: ReadonlySet<string> | undefined): RawIndex {
  let doc: unknown;
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  try {
    doc = trimmed.startsWith('{') ? JSON.parse(trimmed) : undefined;
  } catch {
    doc = undefined;
  }
  if (doc === undefined) {
    try {
      // failsafe: every scalar stays the string Helm reads (`1.10` is not the number 1.1).
      doc = parseYaml(text, { schema: 'failsafe', maxAliasCount: 10_000, uniqueKeys: false });
    } catch (err) {
      if (err instanceof YAMLParseError) {
        // yaml's first line names the line and column: "Missing closing "quote at line 8, column 1:".
        throw new MalformedIndexError(`not valid YAML: ${err.message.split('\n')[0]!.replace(/:$/, '')}`);
      }
      throw err;
    }
  }
  const entries = (doc as Record<string, unknown> | null)?.entries;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !entries || typeof entries !== 'object' || Array.isArray(entries)) {
    throw new MalformedIndexError('not a Helm repository index (no `entries` map)');
  }
  const index: RawIndex = new Map();
  for (const [name, list] of Object.entries(entries as Record<string, unknown>)) {
    if (!wanted || wanted.has(name)) index.set(name, entriesFrom(list));
  }
  return index;
}

function entriesFrom(list: unknown): RawEntry[] {
  if (!Array.isArray(list)) return [];
  const entries: RawEntry[] = [];
  list.forEach((item, i) => {
    const entry = rawEntryFromValue(item, i === 0);
    if (entry) entries.push(entry);
  });
  return entries;
}
