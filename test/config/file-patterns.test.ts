import { describe, expect, it } from 'vitest';
import { compileFileMatch, compileIgnoredDirectory, compileIgnorePaths, compilePattern } from '../../src/config/file-patterns.js';
import { InputError } from '../../src/util/errors.js';

describe('file patterns', () => {
  it('runs patterns from a config on a linear-time engine: hostile ones finish', () => {
    expect(compilePattern('/^(a+)+$/')(`${'a'.repeat(5000)}!`)).toBe(false);
    expect(compilePattern('*a*a*a*a*a*a*a*a*b')('a'.repeat(5000))).toBe(false);
    expect(compileFileMatch('(x+x+)+y')('x'.repeat(5000))).toBe(false);
  });

  it('reads /regex/ and glob entries', () => {
    expect(compilePattern('/(^|/)kustomization\\.ya?ml$/')('apps/x/kustomization.yml')).toBe(true);
    expect(compilePattern('/(^|/)kustomization\\.ya?ml$/')('apps/x/kustomization.json')).toBe(false);
    expect(compilePattern('/VALUES\\.yaml$/i')('chart/values.yaml')).toBe(true);
    expect(compilePattern('clusters/**/*.yaml')('clusters/prod/apps/a.yaml')).toBe(true);
    expect(compilePattern('clusters/**/*.yaml')('other/a.yaml')).toBe(false);
    expect(compilePattern('**/.github/workflows/*.yml')('.github/workflows/ci.yml')).toBe(true);
  });

  it('reads legacy fileMatch entries as regular expressions', () => {
    expect(compileFileMatch('\\.ya?ml$')('a/b.yaml')).toBe(true);
    expect(compileFileMatch('^kubernetes/.+\\.yaml$')('apps/b.yaml')).toBe(false);
  });

  it('names the option of a broken regular expression', () => {
    expect(() => compileFileMatch('([a-z', 'kubernetes.fileMatch[0]')).toThrow(InputError);
    expect(() => compileFileMatch('([a-z', 'kubernetes.fileMatch[0]')).toThrow(/^kubernetes\.fileMatch\[0\]: invalid pattern "\/\(\[a-z\/": /);
  });

  it('ignores paths by substring or glob, like Renovate', () => {
    const ignored = compileIgnorePaths(['**/node_modules/**', 'archive/', '**/*.bak.yaml']);
    expect(ignored('web/node_modules/x/values.yaml')).toBe(true);
    expect(ignored('old/archive/app.yaml')).toBe(true);
    expect(ignored('apps/a.bak.yaml')).toBe(true);
    expect(ignored('apps/a.yaml')).toBe(false);
  });

  it('skips a directory only when every file below it is ignored', () => {
    const dir = compileIgnoredDirectory(['**/node_modules/**', 'fixtures/*', 'archive/']);
    expect(dir('web/node_modules')).toBe(true);
    expect(dir('old/archive')).toBe(true);
    expect(dir('fixtures')).toBe(false);
    expect(dir('apps')).toBe(false);
  });
});
