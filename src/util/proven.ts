/**
 * Checks already made, and passed, when the build checked every built-in preset
 * (config/builtin-checked.ts): keys such as `re:<flags>/<source>` (a pattern RE2 compiles) or
 * `versioning:<name>`. A run that extends `config:recommended` validates some forty of the presets'
 * patterns and regex versionings, each a fresh RE2 compile, though none can have changed since the build;
 * with the build's list they are taken as valid and compiled only if something uses them. Whether a
 * value passes is a property of the value and of this code alone, not of where it came from, so a
 * user's pattern that equals a preset's is taken as valid too.
 */
const proven = new Set<string>();
let recorder: Set<string> | undefined;

export function isProven(key: string): boolean {
  return proven.has(key);
}

/** A check passed: remembered when the build is recording (`recordProven`). */
export function noteProven(key: string): void {
  recorder?.add(key);
}

/** Adds the build's list (read with the built-in preset table). */
export function addProven(keys: Iterable<string>): void {
  for (const key of keys) if (typeof key === 'string') proven.add(key);
}

/** Runs `fn` (synchronous), returning what it returned and every check that passed meanwhile. */
export function recordProven<T>(fn: () => T): { result: T; keys: string[] } {
  const outer = recorder;
  const keys = new Set<string>();
  recorder = keys;
  try {
    return { result: fn(), keys: [...keys].sort() };
  } finally {
    recorder = outer;
  }
}
