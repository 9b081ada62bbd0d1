/**
 * How a regex custom manager's `matchStrings` read a file, per `matchStringsStrategy` (Renovate's
 * semantics): `any` — every match of every string is one dep; `combination` — the groups of all matches of
 * all strings make one dep; `recursive` — each string runs inside the matches of the one before, and each
 * innermost match (with the groups met on the way) is one dep. Patterns run on RE2 (util/user-regex.ts)
 * with only the `g` flag, as Renovate compiles them: `^`/`$` are the whole text unless `(?m)` says so.
 *
 * Offsets are kept for every group, so an edit can splice exactly the `currentValue` / `currentDigest` that
 * were read, and `match` is the text a template replaces (Renovate's `replaceString`).
 */
import type { Span } from '../../deps/dep.js';
import { compileUserRegex, type UserMatch } from '../../util/user-regex.js';

/** One would-be dep: named groups (undefined when a group did not take part) and where each stands. */
export interface MatchExtraction {
  groups: Record<string, string | undefined>;
  spans: Record<string, Span | undefined>;
  /** The text a template rewrites; undefined when no match held a `currentValue` (combination). */
  match?: Span;
}

export type MatchStringsStrategy = 'any' | 'recursive' | 'combination';

/** Compiles one match string; throws an `InputError` naming `key` when RE2 cannot run it. */
export function compileMatchString(source: string, key: string) {
  return compileUserRegex(source, 'g', key, '');
}

function fromMatch(m: UserMatch, offset: number): MatchExtraction & { match: Span } {
  const groups: Record<string, string | undefined> = {};
  const spans: Record<string, Span | undefined> = {};
  for (const name of Object.keys(m.groups)) {
    groups[name] = m.groups[name];
    const at = m.groupIndices[name];
    spans[name] = at ? { start: at[0] + offset, end: at[1] + offset } : undefined;
  }
  return { groups, spans, match: { start: m.index + offset, end: m.end + offset } };
}

/**
 * Later groups win, even a group that did not take part (its `undefined` replaces an earlier value), as
 * Renovate's object spread of `match.groups` does; users' patterns were tuned against that.
 */
function merge(base: MatchExtraction, next: MatchExtraction, match: Span | undefined): MatchExtraction {
  return { groups: { ...base.groups, ...next.groups }, spans: { ...base.spans, ...next.spans }, ...(match ? { match } : {}) };
}

export function matchExtractions(content: string, matchStrings: readonly string[], strategy: MatchStringsStrategy, key: string): MatchExtraction[] {
  const regexes = matchStrings.map((source, i) => compileMatchString(source, `${key}.matchStrings[${i}]`));
  if (strategy === 'combination') {
    const all = regexes.flatMap((re) => re.matchAll(content)).map((m) => ({ m, extraction: fromMatch(m, 0) }));
    if (all.length === 0) return [];
    let combined: MatchExtraction = { groups: {}, spans: {} };
    for (const { m, extraction } of all) {
      combined = merge(combined, extraction, m.groups.currentValue ? extraction.match : combined.match);
    }
    return [combined];
  }
  if (strategy === 'recursive') {
    const out: MatchExtraction[] = [];
    const walk = (start: number, end: number, index: number, found: MatchExtraction) => {
      if (index === regexes.length) {
        out.push({ ...found, match: { start, end } });
        return;
      }
      // Each level sees only the text of the match above it, as Renovate runs it on `match[0]`.
      for (const m of regexes[index]?.matchAll(content.slice(start, end)) ?? []) {
        const here = fromMatch(m, start);
        walk(here.match.start, here.match.end, index + 1, merge(found, here, undefined));
      }
    };
    walk(0, content.length, 0, { groups: {}, spans: {} });
    return out;
  }
  return regexes.flatMap((re) => re.matchAll(content).map((m) => fromMatch(m, 0)));
}
