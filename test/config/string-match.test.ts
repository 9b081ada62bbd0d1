import picomatch from 'picomatch';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  compilePatternList,
  globToRe2,
  isRegexPattern,
  matchPatternList,
  parsePattern,
  patternListProblems,
} from '../../src/config/string-match.js';
import { InputError } from '../../src/util/errors.js';

const names = [
  'nginx',
  'NGINX',
  'library/nginx',
  'docker.io/library/nginx',
  'ghcr.io/foo/app',
  'ghcr.io/home-assistant/home-assistant',
  'ghcr.io',
  'quay.io/prometheus/node-exporter',
];
const matching = (patterns: string[]) => names.filter(compilePatternList(patterns));

describe('one entry', () => {
  it('an exact name matches itself only, ignoring case (minimatch nocase)', () => {
    expect(names.filter(compilePattern('nginx'))).toEqual(['nginx', 'NGINX']);
    expect(parsePattern('Nginx')).toMatchObject({ negated: false, kind: 'exact', source: '(?i:^Nginx/?$)' });
  });

  it('* matches everything, also across slashes (Renovate special case)', () => {
    expect(names.filter(compilePattern('*'))).toEqual(names);
    expect(compilePattern('*')('')).toBe(true);
  });

  it('globs: * stays in a segment, ** spans segments (also none), dot files match', () => {
    expect(names.filter(compilePattern('ghcr.io/*'))).toEqual([]);
    expect(names.filter(compilePattern('ghcr.io/*/*'))).toEqual(['ghcr.io/foo/app', 'ghcr.io/home-assistant/home-assistant']);
    expect(names.filter(compilePattern('ghcr.io/**'))).toEqual(['ghcr.io/foo/app', 'ghcr.io/home-assistant/home-assistant', 'ghcr.io']);
    expect(names.filter(compilePattern('**/nginx'))).toEqual(['nginx', 'NGINX', 'library/nginx', 'docker.io/library/nginx']);
    expect(compilePattern('**/.github/**')('a/.github/workflows/x.yaml')).toBe(true);
    expect(compilePattern('*.yaml')('.hidden.yaml')).toBe(true);
    expect(compilePattern('a/*')('a/')).toBe(false);
    expect(compilePattern('a/*')('a/b/')).toBe(true);
  });

  it('globs: ?, classes, negated classes, braces, ranges, extglobs, escapes', () => {
    expect(compilePattern('?ginx')('nginx')).toBe(true);
    expect(compilePattern('?ginx')('/ginx')).toBe(false);
    expect(compilePattern('img[0-9]')('img7')).toBe(true);
    expect(compilePattern('img[!0-9]')('img7')).toBe(false);
    expect(compilePattern('img[!0-9]')('imgx')).toBe(true);
    expect(compilePattern('a[!x]b')('a/b')).toBe(false);
    expect(compilePattern('docker.io/library/{nginx,redis}')('docker.io/library/redis')).toBe(true);
    expect(compilePattern('docker.io/library/{nginx,redis}')('docker.io/library/postgres')).toBe(false);
    expect(compilePattern('v{1..3}.*')('v2.0')).toBe(true);
    expect(compilePattern('v{1..3}.*')('v4.0')).toBe(false);
    expect(compilePattern('@(nginx|redis)')('redis')).toBe(true);
    expect(compilePattern('+(a|b)c')('ababc')).toBe(true);
    expect(compilePattern('a\\*b')('a*b')).toBe(true);
    expect(compilePattern('a\\*b')('axb')).toBe(false);
    expect(compilePattern('{single}')('{single}')).toBe(true);
    expect(compilePattern('[[:digit:]]x')('5x')).toBe(true);
  });

  it('regex entries: /re/ searches anywhere, /re/i ignores case, other flags make it a glob (as Renovate)', () => {
    expect(names.filter(compilePattern('/nginx$/'))).toEqual(['nginx', 'library/nginx', 'docker.io/library/nginx']);
    expect(names.filter(compilePattern('/^NGINX$/i'))).toEqual(['nginx', 'NGINX']);
    expect(isRegexPattern('/x/i')).toBe(true);
    expect(isRegexPattern('!/x/')).toBe(true);
    expect(isRegexPattern('/x/g')).toBe(false);
    expect(parsePattern('/x/g')).toMatchObject({ negated: false, kind: 'exact', source: '(?i:^/x/g/?$)' });
    expect(compilePattern('//')('anything')).toBe(true);
    expect(isRegexPattern('/')).toBe(false);
    expect(compilePattern('/(?P<major>\\d+)\\.(?<minor>\\d+)/')('v1.2')).toBe(true);
  });

  it('! negates a glob or a regex entry', () => {
    expect(names.filter(compilePattern('!ghcr.io/**'))).toEqual([
      'nginx',
      'NGINX',
      'library/nginx',
      'docker.io/library/nginx',
      'quay.io/prometheus/node-exporter',
    ]);
    expect(names.filter(compilePattern('!/^ghcr/'))).toEqual([
      'nginx',
      'NGINX',
      'library/nginx',
      'docker.io/library/nginx',
      'quay.io/prometheus/node-exporter',
    ]);
    expect(compilePattern('!nginx')('NGINX')).toBe(false);
  });
});

describe('lists (Renovate: any positive matches, and every negative is satisfied)', () => {
  it('positive entries are OR', () => {
    expect(matching(['nginx', '/^quay\\.io/'])).toEqual(['nginx', 'NGINX', 'quay.io/prometheus/node-exporter']);
  });

  it('a negative entry narrows the positives', () => {
    expect(matching(['ghcr.io/**', '!ghcr.io/home-assistant/**'])).toEqual(['ghcr.io/foo/app', 'ghcr.io']);
  });

  it('only negative entries: everything not excluded', () => {
    expect(matching(['!ghcr.io/**', '!/nginx/i'])).toEqual(['quay.io/prometheus/node-exporter']);
  });

  it('* with a negation', () => {
    expect(matching(['*', '!/^ghcr\\.io\\//'])).toEqual([
      'nginx',
      'NGINX',
      'library/nginx',
      'docker.io/library/nginx',
      'ghcr.io',
      'quay.io/prometheus/node-exporter',
    ]);
  });

  it('an empty list matches nothing', () => {
    expect(matching([])).toEqual([]);
  });

  it('exact, glob and regex entries mixed in one list', () => {
    expect(matching(['NGINX', 'ghcr.io/foo/*', '/exporter$/', '!/^NGINX$/'])).toEqual(['nginx', 'ghcr.io/foo/app', 'quay.io/prometheus/node-exporter']);
  });

  it('entries whose capture group names clash still work together', () => {
    expect(matchPatternList('b', ['/(?P<x>a)/', '/(?P<x>b)/'])).toBe(true);
    expect(matchPatternList('c', ['/(?P<x>a)/', '/(?P<x>b)/'])).toBe(false);
  });

  it('a non-string input never matches', () => {
    expect(compilePatternList(['*'])(undefined as unknown as string)).toBe(false);
  });
});

describe('errors name the key', () => {
  it('an invalid regex', () => {
    expect(() => compilePatternList(['nginx', '/(unclosed/'], 'packageRules[2].matchPackageNames')).toThrow(
      new InputError('packageRules[2].matchPackageNames[1]: invalid pattern "/(unclosed/": error parsing regexp: missing closing ): `(unclosed`'),
    );
  });

  it('look-around and back-references are not RE2: refused, not silently treated as a glob', () => {
    expect(() => compilePattern('/^v(?!0)/', 'matchCurrentValue')).toThrow(
      /^matchCurrentValue: invalid pattern "\/\^v\(\?!0\)\/": error parsing regexp: invalid or unsupported Perl syntax: `\(\?!` \(look-around is not supported: patterns run on RE2\)$/,
    );
    expect(() => compilePattern('/(a)\\1/', 'x')).toThrow(
      'x: invalid pattern "/(a)\\\\1/": error parsing regexp: invalid escape sequence: `\\1` (back-references are not supported: patterns run on RE2)',
    );
  });

  it('a negated extglob (a leading "!(" is the entry\'s negation, as in minimatch)', () => {
    expect(() => compilePattern('apps/!(foo)', 'matchDepNames[0]')).toThrow(
      'matchDepNames[0]: negated extglob "!(foo)" is not supported; use a separate "!" entry',
    );
    expect(compilePattern('!(foo)')('(foo)')).toBe(false);
    expect(compilePattern('!(foo)')('foo')).toBe(true);
  });

  it('a pattern longer than 1000 characters', () => {
    expect(() => compilePattern('a'.repeat(1001), 'k')).toThrow('k: pattern longer than 1000 characters');
  });

  it('patternListProblems lists every bad entry, one line each', () => {
    expect(patternListProblems(['/(/', 'ok', '/[/'], 'packageRules[0].matchDepNames')).toEqual([
      'packageRules[0].matchDepNames[0]: invalid pattern "/(/": error parsing regexp: missing closing ): `(`',
      'packageRules[0].matchDepNames[2]: invalid pattern "/[/": error parsing regexp: missing closing ]: `[`',
    ]);
  });
});

describe('regexes are compiled by util/user-regex.ts', () => {
  it("JavaScript's \\uXXXX means the code point, alone and in a combined list", () => {
    expect(compilePattern('/^caf\\u00e9$/')('café')).toBe(true);
    expect(['café', 'cafe', 'x1'].filter(compilePatternList(['/^caf\\u00e9$/i', '/^x\\d/', '/^y(?<n>z)/']))).toEqual(['café', 'x1']);
  });
});

describe('no user pattern can hang a run', () => {
  it('a catastrophic regex and a catastrophic glob finish on long inputs', () => {
    // On a backtracking engine each of these takes longer than the age of the universe on such inputs.
    const input = `${'a'.repeat(5000)}!`;
    expect(compilePattern('/^(a+)+$/')(input)).toBe(false);
    expect(compilePattern('/(a|aa)*b/')(input)).toBe(false);
    expect(compilePattern('*a*a*a*a*a*a*a*a*a*a*a*a*a*b')(input)).toBe(false);
    expect(compilePattern('+(a|aa)+(a|aa)b')(input)).toBe(false);
    expect(compilePattern('**/**/**/**/**/**/**/**/x')(`${'a/'.repeat(2000)}y`)).toBe(false);
  });
});

describe('globs agree with picomatch (dot: true, nocase) on ordinary patterns', () => {
  const patterns = [
    'nginx',
    '**/nginx',
    'ghcr.io/**',
    'ghcr.io/*',
    'ghcr.io/*/app',
    '**',
    'a/**/b',
    'a/**',
    '**/*.yaml',
    'apps/**/*.{yaml,yml}',
    '{apps,infra}/**',
    'docker.io/library/{nginx,redis}',
    'bitnami/*',
    '*postgres*',
    '[a-c]*',
    'kube-*',
    '**/values*.yaml',
    'charts/*/values.yaml',
    'v{1..3}.*',
    '@(nginx|redis)',
    '+(a|b)c',
    '.github/**',
    '**/.gitea/**',
    'a\\*b',
    'img[0-9]',
    'Grafana/*',
    '**/kustomization.yaml',
    'clusters/*/flux-system/**',
  ];
  const inputs = [
    'nginx',
    'NGINX',
    'library/nginx',
    'docker.io/library/nginx',
    'docker.io/library/redis',
    'ghcr.io/foo',
    'ghcr.io/foo/app',
    'ghcr.io/foo/bar/app',
    'ghcr.io',
    'a/b',
    'a/x/b',
    'a/x/y/b',
    'a',
    'apps/x/helmrelease.yaml',
    'apps/x/y/z.yml',
    'infra/a',
    'values.yaml',
    'deep/values-prod.yaml',
    'charts/c/values.yaml',
    'v1.2',
    'v4.0',
    'bitnami/postgresql',
    'bitnami/a/b',
    'kube-proxy',
    'ab',
    'abc',
    'bc',
    '.github/workflows/x.yaml',
    'x/.gitea/y',
    'a*b',
    'axb',
    'img5',
    'imgx',
    'grafana/loki',
    'clusters/home/flux-system/gotk.yaml',
    'kustomization.yaml',
    'base/kustomization.yaml',
  ];
  it(`${patterns.length} patterns × ${inputs.length} inputs`, () => {
    const differences: string[] = [];
    for (const pattern of patterns) {
      const theirs = picomatch(pattern, { dot: true, nocase: true });
      const ours = compilePattern(pattern);
      for (const input of inputs) if (theirs(input) !== ours(input)) differences.push(`${pattern} ${input}: picomatch ${theirs(input)}`);
    }
    expect(differences).toEqual([]);
  });

  it('translation examples', () => {
    expect(globToRe2('ghcr.io/**')).toBe('ghcr\\.io(?s:/.*)?');
    expect(globToRe2('**/nginx')).toBe('(?s:.*/)?nginx');
    expect(globToRe2('a/*.{yaml,yml}')).toBe('a/[^/]*\\.(?:yaml|yml)');
  });
});

describe('string shortcuts give the RE2 answer', () => {
  // Exact names, dir/**, **/name, one star and literal regexes are answered without RE2 on ASCII input.
  const patterns = [
    'nginx',
    'Docker.io/Library/Nginx',
    'ghcr.io/**',
    '**/library/**',
    '**/apps/x/**',
    'kubernetes/apps/**',
    '**/nginx',
    '**/values.yaml',
    'ghcr.io/*',
    'ghcr.io/app-*',
    '*-alpine',
    'kube-*',
    '*',
    '/^ghcr\\.io\\//',
    '/nginx$/',
    '/^nginx$/i',
    '/NGINX/',
    '/-rc/i',
    '/^v\\d/',
    'a/*/b',
  ];
  const inputs = [
    'nginx',
    'NGINX',
    'nginx/',
    'docker.io/library/nginx',
    'Docker.IO/library/NGINX',
    'ghcr.io',
    'ghcr.io/',
    'ghcr.io/app-1',
    'ghcr.io/app-',
    'ghcr.io/a/b',
    'GHCR.IO/x',
    'kubernetes/apps',
    'kubernetes/apps/x/y.yaml',
    'kubernetesx/apps',
    'values.yaml',
    'x/values.yaml',
    'x/values.yaml/',
    'xvalues.yaml',
    'library',
    'library/',
    'a/library',
    'a/library/b',
    'alibrary/b',
    'a/libraryx',
    'apps/x',
    'k/apps/x/y',
    'k/apps/xy',
    '1.25-alpine',
    '-alpine',
    'kube-',
    'kube-proxy',
    'kube-a/b',
    'v1-RC1',
    'v1',
    'a//b',
    'a/x/b',
    '',
  ];
  it('on every pair', () => {
    const disagreements: string[] = [];
    let shortcuts = 0;
    for (const pattern of patterns) {
      const entry = parsePattern(pattern);
      if (!entry.quick) continue;
      shortcuts++;
      const re = RE2JS.compile(entry.source!);
      for (const input of inputs) {
        if (entry.quick(input, input.toLowerCase()) !== re.test(input)) disagreements.push(`${pattern} ${JSON.stringify(input)}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(shortcuts).toBe(patterns.length - 2); // '*' is "any"; '/^v\\d/' needs RE2
  });

  it('entries taken without compiling them (literal regexes, simple globs) are valid RE2 for every ASCII character', () => {
    // parsePattern skips the check compile for these shapes: each must still be a program RE2 accepts, and match as RE2 does.
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
    const punctuation = printable.filter((c) => !/[a-zA-Z0-9]/.test(c));
    const entries = [
      ...punctuation.map((c) => `/^a\\${c}b$/`),
      ...punctuation.map((c) => `/x\\${c}/i`),
      ...printable.map((c) => `/${c}/`),
      ...printable.map((c) => `dir${c}x/**`),
      ...printable.map((c) => `**/n${c}`),
      ...printable.map((c) => `*${c}z`),
    ];
    let quick = 0;
    for (const pattern of entries) {
      let entry;
      try {
        entry = parsePattern(pattern);
      } catch {
        continue; // refused as before: a regex RE2 cannot read ('/(/') or a bad glob
      }
      if (!entry.quick) continue;
      quick++;
      const re = RE2JS.compile(entry.source!);
      for (const input of ['a' + pattern.slice(3, 4) + 'b', pattern.slice(1, -1), pattern, 'dir/x', 'x']) {
        expect(entry.quick(input, input.toLowerCase()), `${pattern} on ${JSON.stringify(input)}`).toBe(re.test(input));
      }
    }
    expect(quick).toBeGreaterThan(200);
  });

  it('non-ASCII input goes to RE2 (its case folding, not toLowerCase)', () => {
    // U+212A KELVIN SIGN folds to "k" in RE2's case-insensitive matching.
    expect(compilePattern('kube-*')('\u212Aube-proxy')).toBe(true);
    expect(compilePattern('nginx')('ngïnx')).toBe(false);
  });
});

describe('what counts as a name', () => {
  it('@, +, ! and parentheses are literal unless they open an extglob', () => {
    expect(parsePattern('@types/node')).toMatchObject({ kind: 'exact' });
    expect(parsePattern('app(1)')).toMatchObject({ kind: 'exact' });
    expect(compilePattern('app(1)')('APP(1)')).toBe(true);
    expect(compilePattern('c++')('c++')).toBe(true);
    expect(parsePattern('@(a|b)')).toMatchObject({ kind: 'glob' });
    expect(compilePattern('@types/*')('@types/node')).toBe(true);
    expect(compilePattern('@types/*')('@types/a/b')).toBe(false);
  });
});
