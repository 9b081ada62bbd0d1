import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { compileRegexLiteral, compileUserRegex, parseRegexLiteral, userRegexProblem } from '../../src/util/user-regex.js';

describe("parseRegexLiteral: Renovate's /pattern/flags syntax", () => {
  it.each([
    ['/^v1\\./', { negated: false, source: '^v1\\.', flags: '' }],
    ['!/-alpine$/', { negated: true, source: '-alpine$', flags: '' }],
    ['/Nginx/i', { negated: false, source: 'Nginx', flags: 'i' }],
    ['/a/b/', { negated: false, source: 'a/b', flags: '' }],
  ])('%s', (text, literal) => {
    expect(parseRegexLiteral(text)).toEqual(literal);
  });

  it.each(['<2', '1.x', '//', '/unclosed', 'nginx/'])('%s is not a regex', (text) => {
    expect(parseRegexLiteral(text)).toBeUndefined();
  });
});

describe('compileUserRegex', () => {
  it('test, with the flags i, m and s', () => {
    expect(compileUserRegex('^v\\d+$', '', 'k').test('v12')).toBe(true);
    expect(compileUserRegex('^nginx$', '', 'k').test('NGINX')).toBe(false);
    expect(compileUserRegex('^nginx$', 'i', 'k').test('NGINX')).toBe(true);
    expect(compileUserRegex('^b$', '', 'k').test('a\nb')).toBe(false);
    expect(compileUserRegex('^b$', 'm', 'k').test('a\nb')).toBe(true);
    expect(compileUserRegex('a.b', '', 'k').test('a\nb')).toBe(false);
    expect(compileUserRegex('a.b', 's', 'k').test('a\nb')).toBe(true);
    expect(compileUserRegex('(?i)^nginx$', '', 'k').test('NGINX')).toBe(true);
  });

  it("named groups in JavaScript's (?<name>) and RE2's (?P<name>) spelling, with offsets", () => {
    const re = compileUserRegex('(?<major>\\d+)\\.(?P<minor>\\d+)(?:-(?<pre>\\w+))?', '', 'k');
    expect([...re.groupNames].sort()).toEqual(['major', 'minor', 'pre']);
    const m = re.exec('image:v12.3 tail')!;
    expect(m).toMatchObject({ text: '12.3', index: 7, end: 11, captures: ['12.3', '12', '3', undefined] });
    expect({ ...m.groups }).toEqual({ major: '12', minor: '3', pre: undefined });
    expect(m.indices).toEqual([[7, 11], [7, 9], [10, 11], undefined]);
    expect({ ...m.groupIndices }).toEqual({ major: [7, 9], minor: [10, 11], pre: undefined });
    expect(re.exec('no version')).toBeNull();
  });

  it('exec from an offset; offsets are UTF-16 indices, as in JavaScript', () => {
    const re = compileUserRegex('(?<v>\\d+)', '', 'k');
    expect(re.exec('é1 😀22', 2)).toMatchObject({ text: '22', index: 5, end: 7, groups: { v: '22' } });
    expect(re.exec('12', 3)).toBeNull();
  });

  it('matchAll gives every match; an empty match moves on one character', () => {
    const re = compileUserRegex('(?<d>\\d)', '', 'k');
    expect(re.matchAll('a1b2c').map((m) => [m.text, m.index, m.groups.d])).toEqual([
      ['1', 1, '1'],
      ['2', 3, '2'],
    ]);
    expect(
      compileUserRegex('x*', '', 'k')
        .matchAll('ab')
        .map((m) => [m.index, m.end]),
    ).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it("replace with String.replace's substitutions; global with g or replaceAll, first otherwise", () => {
    const re = compileUserRegex('(?<word>o+)', '', 'k');
    expect(re.replaceAll('foo boo', '[$1|$<word>|$&|$$]')).toBe('f[oo|oo|oo|$] b[oo|oo|oo|$]');
    expect(re.replaceFirst('foo boo', '0')).toBe('f0 boo');
    expect(re.replace('foo boo', '0')).toBe('f0 boo');
    expect(compileUserRegex('o+', 'g', 'k').replace('foo boo', '0')).toBe('f0 b0');
    expect(compileUserRegex('^ghcr\\.io/', '', 'k').replaceAll('ghcr.io/org/app', '')).toBe('org/app');
  });

  it('\\uXXXX and \\u{…} mean the code point, as in JavaScript; an escaped backslash stays one', () => {
    expect(compileUserRegex('^\\u00e9$', '', 'k').test('é')).toBe(true);
    expect(compileUserRegex('^\\u{1F600}$', 'u', 'k').test('😀')).toBe(true);
    expect(compileUserRegex('^[\\u0041-\\u0043]+$', '', 'k').test('ABC')).toBe(true);
    expect(compileUserRegex('^\\\\u0041$', '', 'k').test('\\u0041')).toBe(true);
  });

  it('compiles a pattern once: the same text and flags give the same compiled pattern', () => {
    expect(compileUserRegex('^v(\\d+)$', '', 'a')).toBe(compileUserRegex('^v(\\d+)$', '', 'b'));
    expect(compileUserRegex('^v(\\d+)$', 'i', 'a')).not.toBe(compileUserRegex('^v(\\d+)$', '', 'a'));
  });
});

describe('a pattern RE2 cannot run is one line naming the key', () => {
  it.each([
    [
      '(?<=v)\\d+',
      '',
      'allowedVersions: invalid pattern "/(?<=v)\\\\d+/": error parsing regexp: invalid named capture: `(?<=v)\\d+` (look-around is not supported: patterns run on RE2)',
    ],
    [
      '^(?!0)',
      '',
      'allowedVersions: invalid pattern "/^(?!0)/": error parsing regexp: invalid or unsupported Perl syntax: `(?!` (look-around is not supported: patterns run on RE2)',
    ],
    [
      '(a)\\1',
      '',
      'allowedVersions: invalid pattern "/(a)\\\\1/": error parsing regexp: invalid escape sequence: `\\1` (back-references are not supported: patterns run on RE2)',
    ],
    [
      '(?<x>a)\\k<x>',
      '',
      'allowedVersions: invalid pattern "/(?<x>a)\\\\k<x>/": error parsing regexp: invalid escape sequence: `\\k` (back-references are not supported: patterns run on RE2)',
    ],
    ['(unclosed', '', 'allowedVersions: invalid pattern "/(unclosed/": error parsing regexp: missing closing ): `(unclosed`'],
    ['a', 'y', 'allowedVersions: invalid pattern "/a/y": unsupported flag in "y" (user patterns take i, m, s, u, g, d)'],
    ['a'.repeat(1001), '', `allowedVersions: invalid pattern "/${'a'.repeat(1001)}/": longer than 1000 characters`],
  ])('/%s/%s', (source, flags, message) => {
    expect(() => compileUserRegex(source, flags, 'allowedVersions')).toThrow(new InputError(message));
    expect(userRegexProblem(source, flags, 'allowedVersions')).toBe(message);
  });

  it('the error shows the value as the user wrote it', () => {
    const literal = parseRegexLiteral('!/(x/i')!;
    expect(() => compileRegexLiteral(literal, 'packageRules[0].allowedVersions')).toThrow(
      'packageRules[0].allowedVersions: invalid pattern "!/(x/i": error parsing regexp: missing closing ): `(x`',
    );
    expect(userRegexProblem('^v\\d+$', '', 'k')).toBeUndefined();
  });

  it("a failure is remembered but the key is each caller's own", () => {
    expect(userRegexProblem('(', '', 'first')).toMatch(/^first: /);
    expect(userRegexProblem('(', '', 'second')).toMatch(/^second: /);
  });
});
