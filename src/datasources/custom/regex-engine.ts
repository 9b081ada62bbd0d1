/**
 * The regular expressions inside a JSONata expression (`$match(v, /^v(.+)$/)`, `$replace`, `$split`,
 * `$contains`) run on RE2, like every pattern from a config (util/user-regex.ts): JSONata hands each
 * regex literal to the engine it is given, so a pattern such as `(a+)+$` cannot stall a lookup in one
 * long match that no time check could interrupt.
 *
 * JSONata uses the engine as it uses `RegExp` with the `g` flag: `lastIndex` is where `exec` starts and,
 * after a match, where it ended; `exec` returns the captures with the match's `index`, or null.
 */
import { compileUserRegex, type UserRegex } from '../../util/user-regex.js';

type ExecResult = Array<string | undefined> & { index: number; input: string };

/** A `RegExp`-like class for JSONata's `RegexEngine` option; `key` names the expression in errors. */
export function re2EngineFor(key: string): RegExpConstructor {
  class Re2Engine {
    lastIndex = 0;
    private readonly re: UserRegex;

    constructor(pattern: RegExp) {
      // JSONata adds `g` itself; `i` and `m` are the flags its syntax allows.
      this.re = compileUserRegex(pattern.source, pattern.flags.replace(/g/g, ''), key, `/${pattern.source}/`);
    }

    exec(input: string): ExecResult | null {
      const m = this.re.exec(input, this.lastIndex);
      if (!m) {
        this.lastIndex = 0;
        return null;
      }
      this.lastIndex = m.end;
      return Object.assign([...m.captures], { index: m.index, input });
    }
  }
  return Re2Engine as unknown as RegExpConstructor;
}
