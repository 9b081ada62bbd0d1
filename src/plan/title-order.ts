/**
 * PR titles in the order of a numeric collation (Renovate sorts them so, numbers compared as numbers:
 * "v1.9" before "v1.10"), as `new Intl.Collator('en', { numeric: true }).compare` gives it. Building that
 * collator costs ~8 ms of ICU start-up in every process, for titles that are nearly always printable
 * ASCII, where the collation is short to state (CLDR's root order): space, then punctuation and symbols
 * in the order of `PUNCTUATION`, then digit runs by their value, then letters by their lowercase; at
 * equal letters a lowercase one comes first, reading from the left. Other titles go to the collator.
 * test/plan/title-order.test.ts holds this against Intl on every pair of characters and many titles.
 */
const PUNCTUATION = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$';
/** Primary weight of each printable ASCII character; digits are handled as runs. */
const WEIGHT = new Int16Array(128).fill(-1);
for (const [i, c] of [...PUNCTUATION].entries()) WEIGHT[c.charCodeAt(0)] = i;
for (let c = 97; c <= 122; c++) {
  WEIGHT[c] = 100 + c - 97;
  WEIGHT[c - 32] = 100 + c - 97;
}
const DIGITS_WEIGHT = 99;
const PRINTABLE_ASCII = /^[ -~]*$/;

let collator: Intl.Collator | undefined;

export function compareTitles(a: string, b: string): number {
  if (!PRINTABLE_ASCII.test(a) || !PRINTABLE_ASCII.test(b)) return (collator ??= new Intl.Collator('en', { numeric: true })).compare(a, b);
  let i = 0;
  let j = 0;
  let caseOrder = 0; // the first difference in case among letters of equal weight
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    const xDigit = x >= 48 && x <= 57;
    const yDigit = y >= 48 && y <= 57;
    if (xDigit && yDigit) {
      const [xEnd, yEnd] = [runEnd(a, i), runEnd(b, j)];
      const byValue = compareDigitRuns(a.slice(i, xEnd), b.slice(j, yEnd));
      if (byValue !== 0) return byValue;
      [i, j] = [xEnd, yEnd];
      continue;
    }
    const wx = xDigit ? DIGITS_WEIGHT : WEIGHT[x]!;
    const wy = yDigit ? DIGITS_WEIGHT : WEIGHT[y]!;
    if (wx !== wy) return wx < wy ? -1 : 1;
    if (caseOrder === 0 && x !== y) caseOrder = x > y ? -1 : 1; // same letter: the lowercase (higher code) first
    i++;
    j++;
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return caseOrder;
}

function runEnd(s: string, from: number): number {
  let end = from;
  while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
  return end;
}

/** By value: leading zeros do not count ("01" = "1"). */
function compareDigitRuns(x: string, y: string): number {
  const a = x.replace(/^0+/, '');
  const b = y.replace(/^0+/, '');
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
