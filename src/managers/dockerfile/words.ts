/**
 * Words of an instruction's arguments: split at whitespace outside quotes, the escape character
 * keeping the next character in the word. Quotes and escapes stay in the words (expansion removes them).
 */
import type { Chars } from './expand.js';

export function slice(chars: Chars, start: number, end = chars.text.length): Chars {
  return { text: chars.text.slice(start, end), offsets: chars.offsets.slice(start, end) };
}

export function splitWords(args: Chars, escape: string): Chars[] {
  const words: Chars[] = [];
  const s = args.text;
  let start = -1;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (start < 0) {
      if (c === ' ' || c === '\t') continue;
      start = i;
    }
    if (quote) {
      if (c === escape && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === escape) {
      i++;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ' ' || c === '\t') {
      words.push(slice(args, start, i));
      start = -1;
    }
  }
  if (start >= 0) words.push(slice(args, start));
  return words;
}

/** Leading `--name=value` / `--name` flags and the index of the first other word. */
export function leadingFlags(words: Chars[]): { flags: Chars[]; rest: number } {
  let rest = 0;
  while (rest < words.length && words[rest]!.text.startsWith('--')) rest++;
  return { flags: words.slice(0, rest), rest };
}
