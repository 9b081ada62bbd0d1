/**
 * Reads an npm-style range (`^1.2.0`, `~1.2`, `>=1 <2`, `1.x`, `2.x.x`, `1.0.0 - 2.0.0`, `a || b`)
 * into its comparators, keeping where each stands in the text and how it was written (operator
 * spacing, `v`, wildcard letters, precision), so a new range can be written in the same style.
 * Whether a range is *valid* is node-semver's call; this only has to understand valid ones.
 */

export type Operator = '' | '^' | '~' | '~>' | '=' | '>=' | '<=' | '>' | '<';

export interface Comparator {
  /** Offsets of the comparator in the whole range text. */
  start: number;
  end: number;
  op: Operator;
  /** The operator as written, with the spaces after it (`>= `). */
  opText: string;
  v: '' | 'v';
  /** One to three parts: digits, or a wildcard `x`, `X`, `*`. */
  parts: string[];
  prerelease: string | undefined;
  /** Bounds of a hyphen range: `from` acts as `>=`, `to` as `<=`. */
  hyphen?: 'from' | 'to';
}

/** Alternatives (`||`), each a list of comparators that must all hold. */
export type ParsedRange = Comparator[][];

/** One comparator: operator, spaces, `v`, up to three parts, pre-release, build (sticky: made per call). */
const COMPARATOR_SOURCE = String.raw`(~>|>=|<=|[<>=~^])?(\s*)(v?)(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?`;

export const isWildcard = (part: string): boolean => part === 'x' || part === 'X' || part === '*';

/** Ranges that accept anything (`*`, `x`, empty). */
export const isAnyRange = (range: string): boolean => ['', '*', 'x', 'X'].includes(range.trim());

/** The comparators of `range`, or null when it has a shape this reader does not know. */
export function parseRange(range: string): ParsedRange | null {
  const COMPARATOR = new RegExp(COMPARATOR_SOURCE, 'y');
  const SPACE = /\s+/y;
  const alternatives: ParsedRange = [[]];
  let pos = 0;
  let expectUpper = false;
  while (pos < range.length) {
    SPACE.lastIndex = pos;
    if (SPACE.exec(range)) {
      pos = SPACE.lastIndex;
      continue;
    }
    const current = alternatives[alternatives.length - 1]!;
    if (range.startsWith('||', pos)) {
      if (current.length === 0 || expectUpper) return null;
      alternatives.push([]);
      pos += 2;
      continue;
    }
    if (range[pos] === '-' && /\s/.test(range[pos - 1] ?? '') && /\s/.test(range[pos + 1] ?? '')) {
      const lower = current[current.length - 1];
      if (!lower || lower.op !== '' || lower.hyphen || expectUpper) return null;
      lower.hyphen = 'from';
      expectUpper = true;
      pos += 1;
      continue;
    }
    COMPARATOR.lastIndex = pos;
    const m = COMPARATOR.exec(range);
    if (!m) return null;
    const end = COMPARATOR.lastIndex;
    if (end < range.length && !/[\s|]/.test(range[end]!)) return null;
    const comparator: Comparator = {
      start: pos,
      end,
      op: (m[1] ?? '') as Operator,
      opText: (m[1] ?? '') + m[2]!,
      v: m[3] === 'v' ? 'v' : '',
      parts: [m[4]!, m[5], m[6]].filter((p): p is string => p !== undefined),
      prerelease: m[7],
    };
    if (expectUpper) {
      if (comparator.op !== '') return null;
      comparator.hyphen = 'to';
      expectUpper = false;
    }
    current.push(comparator);
    pos = end;
  }
  if (expectUpper || alternatives.some((a) => a.length === 0)) return null;
  return alternatives;
}

/** The comparator on its own, as node-semver would read it (hyphen bounds as `>=` / `<=`). */
export function standalone(range: string, c: Comparator): string {
  const text = range.slice(c.start, c.end);
  if (c.hyphen === 'from') return `>=${text}`;
  if (c.hyphen === 'to') return `<=${text}`;
  return text;
}

/** The operator a comparator acts as. */
export function effectiveOp(c: Comparator): Operator {
  if (c.hyphen === 'from') return '>=';
  if (c.hyphen === 'to') return '<=';
  return c.op;
}
