/**
 * File patterns as Renovate users write them: `/regex/flags` strings, or globs (minimatch-style with
 * dotfiles matched). Legacy `fileMatch` entries are bare regular expressions.
 *
 * Patterns from a repository's config run on the config's linear-time engine (RE2, `string-match.ts`):
 * a backtracking engine can be made to hang by a regex (`(a+)+$`) or even a glob (`*a*a*a*a*a*b`).
 * Upkeep's own default patterns are trusted and run on JavaScript's engine, which is faster.
 */
import picomatch from 'picomatch';
import { compilePattern as compileUserPattern } from './string-match.js';

export type PathTest = (path: string) => boolean;

const REGEX_LITERAL = /^\/(.+)\/([dgimsuvy]*)$/s;

/** One of Upkeep's own default patterns (`/regex/` or a glob): trusted, JavaScript's engine. */
export function compileBuiltinPattern(pattern: string): PathTest {
  const literal = REGEX_LITERAL.exec(pattern);
  if (literal) {
    const re = new RegExp(literal[1]!, (literal[2] ?? '').replace(/[gy]/g, ''));
    return (path) => re.test(path);
  }
  const glob = picomatch(pattern, { dot: true });
  return (path) => glob(path);
}

/** One `managerFilePatterns` / `matchFileNames` entry from a config: `/regex/` or a glob. */
export function compilePattern(pattern: string, what = 'pattern'): PathTest {
  return compileUserPattern(pattern, what);
}

/** One legacy `fileMatch` entry: a regular expression without slashes. */
export function compileFileMatch(pattern: string, what = 'fileMatch'): PathTest {
  return compileUserPattern(`/${pattern}/`, what);
}

export function anyOf(tests: readonly PathTest[]): PathTest {
  return (path) => tests.some((test) => test(path));
}

/**
 * Renovate's `ignorePaths`: an entry ignores a path when the path contains it, or when it matches it
 * as a glob. A directory is ignored when `dir/` would be.
 */
export function compileIgnorePaths(patterns: readonly string[]): PathTest {
  const globs = patterns.map((p, i) => ({ text: p, glob: compileUserPattern(p, `ignorePaths[${i}]`) }));
  return (path) => globs.some(({ text, glob }) => path.includes(text) || glob(path));
}

/**
 * True when `ignorePaths` ignores every file below directory `dir`, so the walk need not enter it.
 * Probes a direct child and a deeply nested one: `**\/node_modules/**` ignores both, `fixtures/*` only
 * the first.
 */
export function compileIgnoredDirectory(patterns: readonly string[]): PathTest {
  const globs = patterns.map((p, i) => ({ text: p, glob: compileUserPattern(p, `ignorePaths[${i}]`) }));
  return (dir) => globs.some(({ text, glob }) => `${dir}/`.includes(text) || (glob(`${dir}/x`) && glob(`${dir}/x/y/z`)));
}
