/**
 * Deterministic string comparisons shared by the schemes. Nothing here depends on the process locale
 * (`localeCompare` would), so an ordering is the same on every machine.
 */

/** Compares two digit strings as numbers of any length (`20240111123456789` stays exact). */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain code-point order. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RUN = /\d+|\D+/g;

/**
 * Natural order: runs of digits compare as numbers, other runs by code point, so `b10` > `b9` and
 * `rc1` > `b2` (alpha < beta < rc happens to be alphabetical).
 */
export function compareNatural(a: string, b: string): number {
  const xs = a.match(RUN) ?? [];
  const ys = b.match(RUN) ?? [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i += 1) {
    const x = xs[i]!;
    const y = ys[i]!;
    const bothDigits = /^\d/.test(x) && /^\d/.test(y);
    const c = bothDigits ? compareDigits(x, y) : compareText(x, y);
    if (c !== 0) return c;
  }
  return xs.length - ys.length;
}

/** Hex strings of 7–40 characters that are not all digits look like commit hashes, not versions. */
export function looksLikeCommitHash(input: string): boolean {
  return /^[a-f0-9]{7,40}$/.test(input) && !/^\d+$/.test(input);
}

/**
 * A date or build stamp (`20240606`, `1234567`) is not the next version of `3`: a numeric part of
 * six or more digits only stands beside one of the same length.
 */
export function sameMagnitude(a: string, b: string): boolean {
  return (a.length < 6 && b.length < 6) || a.length === b.length;
}
