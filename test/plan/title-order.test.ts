/**
 * compareTitles (src/plan/title-order.ts) orders titles exactly as `Intl.Collator('en', { numeric: true })`:
 * every pair of printable ASCII characters, digit runs with and without leading zeros, case at every
 * position, and many random titles built from the characters PR titles are made of.
 */
import { describe, expect, it } from 'vitest';
import { compareTitles } from '../../src/plan/title-order.js';

const intl = new Intl.Collator('en', { numeric: true });
const sign = (n: number) => Math.sign(n);
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

/** A small deterministic generator (no clock, no Math.random): the same titles in every run. */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

describe('compareTitles agrees with Intl.Collator (en, numeric)', () => {
  it('on every pair of printable ASCII characters, alone and inside a title', () => {
    const wrong: string[] = [];
    for (const x of PRINTABLE)
      for (const y of PRINTABLE)
        for (const [a, b] of [
          [x, y],
          [`Update ${x}1`, `Update ${y}1`],
          [`a${x}b`, `A${y}b`],
        ])
          if (sign(compareTitles(a!, b!)) !== sign(intl.compare(a!, b!))) wrong.push(`${JSON.stringify(a)} ${JSON.stringify(b)}`);
    expect(wrong).toEqual([]);
  });

  it('on numbers: value, not text; leading zeros count for nothing', () => {
    const cases: Array<[string, string]> = [
      ['v1.9', 'v1.10'],
      ['nginx 1.25.10', 'nginx 1.25.9'],
      ['a1', 'a01'],
      ['a007b', 'a7c'],
      ['x 2', 'x10'],
      ['Update 12345678901234567890', 'Update 12345678901234567891'],
      ['0', '00'],
      ['1a', 'a1'],
    ];
    for (const [a, b] of cases) expect([a, b, sign(compareTitles(a, b))]).toEqual([a, b, sign(intl.compare(a, b))]);
  });

  it('on 100,000 random titles of letters, digits, dots, dashes, slashes, spaces and brackets', () => {
    const random = generator(12);
    const alphabet = 'aAbBzZ0123456789 .-/_()[]:@vV';
    const title = () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const wrong: string[] = [];
    for (let n = 0; n < 100_000; n++) {
      const [a, b] = [title(), title()];
      if (sign(compareTitles(a, b)) !== sign(intl.compare(a, b))) wrong.push(`${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('titles beyond printable ASCII go to the collator itself', () => {
    for (const [a, b] of [
      ['Update café', 'Update cafe'],
      ['Update ÿ', 'Update z'],
      ['tab\there', 'tab here'],
    ] as const)
      expect(sign(compareTitles(a, b))).toBe(sign(intl.compare(a, b)));
  });
});
