/**
 * Reading YAML nodes as written. Scalars are read from the source text, never through YAML's type
 * resolution: an unquoted `tag: 1.10` is the string `1.10`, not the number 1.1.
 */
import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from '../../deps/dep.js';
import { aliasTarget } from './alias-targets.js';
import type { YamlFile } from './parse.js';

export interface ScalarText {
  /** The value as written: raw source for plain scalars, the decoded string for quoted ones. */
  value: string;
  /** Range of the value's characters in the file (inside the quotes). */
  span: Span;
  /** `"`, `'` or `` for plain scalars; block scalars are `|`/`>`. */
  quote: '"' | "'" | '' | '|' | '>';
  /** False when the text in the file differs from the value (escapes, folding, block scalars). */
  editable: boolean;
  /** True when a template action (`{{ }}`) stands in or right next to the scalar. */
  templated: boolean;
  /** The text as written including adjacent template actions (for messages and skipped deps). */
  written: string;
}

/**
 * How many aliases the walks over one document may follow, all managers together. A legitimate file
 * follows a few (`<<: *defaults` per service); an alias bomb (anchors of lists of aliases of anchors…)
 * makes a walk follow 10^n of them. Past the budget the file is given up with one warning.
 */
export const ALIAS_BUDGET = 10_000;
const followed = Symbol('aliases followed');

/** A document whose aliases expand past `ALIAS_BUDGET`: the file is not read (`extract-file.ts` says so). */
export class AliasBudgetError extends Error {
  constructor() {
    super(`its aliases expand to more than ${ALIAS_BUDGET} nodes (a YAML alias bomb?): not read`);
  }
}

/** Follow an alias to the node it names, within the document's alias budget. */
export function resolve(node: unknown, doc: Document): Node | null {
  if (isAlias(node)) {
    const counted = doc as Document & { [followed]?: number };
    counted[followed] = (counted[followed] ?? 0) + 1;
    if (counted[followed] > ALIAS_BUDGET) throw new AliasBudgetError();
    return aliasTarget(node, doc);
  }
  return (node as Node | null | undefined) ?? null;
}

/**
 * A key's text. An alias used as a key (`*app :`, the app-template style `controllers: { *app : … }`
 * with `name: &app paperless` above) is the text of the scalar it names, so walks go through it. Only
 * a scalar is read there, never walked into, so this does not count against the alias budget.
 */
function keyText(key: unknown, doc: Document): string | undefined {
  const node: unknown = isAlias(key) ? aliasTarget(key, doc) : key;
  if (isScalar(node)) return node.value === null ? undefined : String(node.value);
  return undefined;
}

/**
 * The value node of `key` in a map (aliases followed), or null. Keys merged in with `<<: *anchor`
 * (Compose files use them a lot) are found too; the node returned is the anchor's own node, so its
 * range is where the value is written.
 */
export function mapGet(node: unknown, key: string, doc: Document, depth = 0): Node | null {
  const map = resolve(node, doc);
  if (!isMap(map)) return null;
  let merged: unknown[] = [];
  for (const pair of map.items) {
    const k = keyText(pair.key, doc);
    if (k === key) return resolve(pair.value, doc);
    if (k === '<<') merged = isSeq(pair.value) ? pair.value.items : [pair.value];
  }
  if (depth < 8) {
    for (const source of merged) {
      const found = mapGet(source, key, doc, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Follow a path of keys through nested maps. */
export function mapPath(node: unknown, path: readonly string[], doc: Document): Node | null {
  let current: Node | null = resolve(node, doc);
  for (const key of path) {
    current = mapGet(current, key, doc);
    if (current === null) return null;
  }
  return current;
}

/**
 * Entries of a map as [key text, value node, key node], aliases followed, in keys too (merge keys `<<` are
 * listed as written).
 */
export function mapEntries(node: unknown, doc: Document): Array<[string, Node | null, unknown]> {
  const map = resolve(node, doc);
  if (!isMap(map)) return [];
  const out: Array<[string, Node | null, unknown]> = [];
  for (const pair of map.items) {
    const key = keyText(pair.key, doc);
    if (key === undefined) continue;
    out.push([key, resolve(pair.value, doc), pair.key]);
  }
  return out;
}

export function seqItems(node: unknown, doc: Document): Node[] {
  const seq = resolve(node, doc);
  if (!isSeq(seq)) return [];
  return (seq as YAMLSeq).items.map((item) => resolve(item, doc)).filter((n): n is Node => n !== null);
}

export function asMap(node: unknown, doc: Document): YAMLMap | null {
  const n = resolve(node, doc);
  return isMap(n) ? n : null;
}

function touchesTemplate(file: YamlFile, start: number, end: number): [number, number] {
  let from = start;
  let to = end;
  for (const [ts, te] of file.templates) {
    if (te >= from && ts <= to) {
      from = Math.min(from, ts);
      to = Math.max(to, te);
    }
  }
  return [from, to];
}

/** A scalar node's text as written, with its exact range in the file; null for non-scalars and nulls. */
export function scalarText(node: unknown, file: YamlFile): ScalarText | null {
  if (!isScalar(node) || !node.range) return null;
  const scalar = node as Scalar;
  const [start, valueEnd] = scalar.range!;
  const content = file.content;
  // Widen over template actions from the text inside any quotes, so `written` never starts with a quote.
  const quoted = scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE;
  const [inStart, inEnd] = quoted ? [start + 1, valueEnd - 1] : [start, valueEnd];
  const [wStart, wEnd] = file.templates.length > 0 ? touchesTemplate(file, inStart, inEnd) : [inStart, inEnd];
  const templated = wStart !== inStart || wEnd !== inEnd || /\{\{|\{%/.test(content.slice(inStart, inEnd));
  const written = content.slice(wStart, wEnd);
  switch (scalar.type) {
    case Scalar.PLAIN: {
      if (scalar.value === null && start === valueEnd)
        return templated ? { value: '', span: { start, end: start }, quote: '', editable: false, templated, written } : null;
      const raw = content.slice(start, valueEnd);
      const multiline = raw.includes('\n');
      return {
        value: multiline ? String(scalar.value) : raw,
        span: { start, end: valueEnd },
        quote: '',
        editable: !multiline,
        templated,
        written,
      };
    }
    case Scalar.QUOTE_DOUBLE:
    case Scalar.QUOTE_SINGLE: {
      const inner = { start: start + 1, end: valueEnd - 1 };
      const raw = content.slice(inner.start, inner.end);
      const value = String(scalar.value);
      return {
        value,
        span: inner,
        quote: scalar.type === Scalar.QUOTE_DOUBLE ? '"' : "'",
        editable: raw === value,
        templated,
        written,
      };
    }
    default: {
      const value = String(scalar.value ?? '');
      return {
        value,
        span: { start, end: valueEnd },
        quote: scalar.type === Scalar.BLOCK_LITERAL ? '|' : '>',
        editable: false,
        templated,
        written,
      };
    }
  }
}

/** A scalar's value as written, or undefined. Convenience for reading `kind`, `apiVersion`, names. */
export function scalarValue(node: unknown, file: YamlFile): string | undefined {
  return scalarText(node, file)?.value;
}

/** `key` in `map` read as written, or undefined. */
export function getString(map: unknown, key: string, doc: Document, file: YamlFile): string | undefined {
  return scalarValue(mapGet(map, key, doc), file);
}
