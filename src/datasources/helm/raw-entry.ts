/**
 * What the index readers (the line scanner and the yaml-library fallback) take from one chart version of a
 * Helm `index.yaml`: only the fields a lookup needs, as the strings Helm wrote (Helm reads these fields as
 * strings, so `version: 1.10` is "1.10", never the number 1.1).
 */
export interface RawEntry {
  version?: string;
  created?: string;
  digest?: string;
  appVersion?: string;
  deprecated?: string;
  /** home, sources and urls are read for a chart's first entry only (they name the chart, not the version). */
  home?: string;
  sources?: string[];
  urls?: string[];
}

/** Chart name → its entries in index order (Helm writes the newest first). */
export type RawIndex = Map<string, RawEntry[]>;

/** The fields the readers keep. */
export const SCALAR_FIELDS = ['version', 'created', 'digest', 'appVersion', 'deprecated', 'home'] as const;

/** The index is not a Helm repository index: names the reason (and line, when known). */
export class MalformedIndexError extends Error {}

/** An entry from a parsed (yaml or JSON) value, keeping the fields the scanner keeps. */
export function rawEntryFromValue(value: unknown, first: boolean): RawEntry | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const entry: RawEntry = {};
  for (const field of SCALAR_FIELDS) {
    if (field === 'home' && !first) continue;
    const v = record[field];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      const s = String(v);
      if (!isNullText(s)) entry[field] = s;
    }
  }
  if (first) {
    for (const field of ['sources', 'urls'] as const) {
      const list = record[field];
      if (Array.isArray(list)) entry[field] = list.filter((s): s is string => typeof s === 'string');
    }
  }
  return entry;
}

/** `~`, `null` and the empty scalar are YAML's null: the field is absent. */
export function isNullText(s: string): boolean {
  return s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL';
}
