/**
 * File patterns as Renovate users write them: `/regex/flags` strings, or globs (minimatch-style with
 * dotfiles matched). Legacy `fileMatch` entries are bare regular expressions.
 */
import picomatch from 'picomatch';
import { compileUserRegex } from '../util/safe-regex.js';

export type PathTest = (path: string) => boolean;

const REGEX_LITERAL = /^\/(.+)\/([dgimsuvy]*)$/s;

/** User patterns may come from a repository: ones that could backtrack for ever are refused. */
function compileRegex(source: string, flags: string, what: string): RegExp {
  return compileUserRegex(source, flags, what);
}

/** One `managerFilePatterns` / `matchFileNames` entry: `/regex/` or a glob. */
export function compilePattern(pattern: string, what = 'pattern'): PathTest {
  const literal = REGEX_LITERAL.exec(pattern);
  if (literal) {
    const re = compileRegex(literal[1]!, literal[2] ?? '', what);
    return (path) => re.test(path);
  }
  const glob = picomatch(pattern, { dot: true });
  return (path) => glob(path);
}

/** One legacy `fileMatch` entry: a regular expression without slashes. */
export function compileFileMatch(pattern: string, what = 'fileMatch'): PathTest {
  const re = compileRegex(pattern, '', what);
  return (path) => re.test(path);
}

export function anyOf(tests: readonly PathTest[]): PathTest {
  return (path) => tests.some((test) => test(path));
}

/**
 * Renovate's `ignorePaths`: an entry ignores a path when the path contains it, or when it matches it
 * as a glob. A directory is ignored when `dir/` would be.
 */
export function compileIgnorePaths(patterns: readonly string[]): PathTest {
  const globs = patterns.map((p) => ({ text: p, glob: picomatch(p, { dot: true }) }));
  return (path) => globs.some(({ text, glob }) => path.includes(text) || glob(path));
}

/**
 * True when `ignorePaths` ignores every file below directory `dir`, so the walk need not enter it.
 * Probes a direct child and a deeply nested one: `**\/node_modules/**` ignores both, `fixtures/*` only
 * the first.
 */
export function compileIgnoredDirectory(patterns: readonly string[]): PathTest {
  const globs = patterns.map((p) => ({ text: p, glob: picomatch(p, { dot: true }) }));
  return (dir) =>
    globs.some(({ text, glob }) => `${dir}/`.includes(text) || (glob(`${dir}/x`) && glob(`${dir}/x/y/z`)));
}
