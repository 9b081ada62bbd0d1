/**
 * Regular expressions from users (config, versioning schemes) must not hang the process. JavaScript's
 * engine backtracks, so a quantified group that itself contains a quantifier or an alternation
 * (`(a+)+`, `(a|a)*`) can take exponential time on a short input: such patterns are refused, and inputs
 * are short (tags are at most 128 characters).
 */
import { InputError } from './errors.js';

const MAX_PATTERN_LENGTH = 1000;

/** Why `source` could backtrack catastrophically, or undefined when it is safe. */
export function unsafeRegexReason(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  if (/\\[1-9]/.test(source)) return 'back-references are not allowed';
  // Walk the pattern, tracking for each open group whether it holds a quantifier or an alternation.
  const stack: Array<{ risky: boolean }> = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push({ risky: false });
    else if (c === '|' && stack.length > 0) stack[stack.length - 1]!.risky = true;
    else if ((c === '*' || c === '+' || c === '{') && stack.length > 0) stack[stack.length - 1]!.risky = true;
    else if (c === ')') {
      const group = stack.pop();
      const next = source[i + 1];
      const quantified = next === '*' || next === '+' || (next === '{' && /^\{\d*,\d*\}/.test(source.slice(i + 1)) && !/^\{\d+\}/.test(source.slice(i + 1)));
      if (group?.risky && quantified) return 'a repeated group contains a repetition or an alternation (catastrophic backtracking)';
      if (group?.risky && stack.length > 0) stack[stack.length - 1]!.risky = true;
    }
  }
  return undefined;
}

/** Compile a user pattern, refusing ones that could hang. `what` names the option for the error. */
export function compileUserRegex(source: string, flags: string, what: string): RegExp {
  const unsafe = unsafeRegexReason(source);
  if (unsafe) throw new InputError(`${what}: refusing regular expression /${source}/: ${unsafe}`);
  try {
    return new RegExp(source, flags.replace(/[gy]/g, ''));
  } catch (err) {
    // V8 repeats the pattern ("Invalid regular expression: /x/: Unterminated …"): keep only the reason.
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new InputError(`${what}: invalid regular expression /${source}/: ${reason}`);
  }
}
