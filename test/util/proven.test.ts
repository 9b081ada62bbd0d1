/**
 * Value checks proven by the build (src/util/proven.ts): a pattern on the list is not compiled to be
 * checked, and behaves exactly as a compiled one when used; checks made while recording are listed.
 */
import { describe, expect, it } from 'vitest';
import { addProven, isProven, recordProven } from '../../src/util/proven.js';
import { compileUserRegex, userRegexProblem } from '../../src/util/user-regex.js';

describe('proven patterns', () => {
  it('answer as compiled ones do: test, exec with groups, matchAll, replace, group names', () => {
    const source = '^(?<name>[a-z]+)-(?<version>\\d+\\.\\d+)$';
    const plain = compileUserRegex(source, '', 'k');
    const flagged = 'gi';
    addProven([`re:${flagged}/${source}`]);
    const proven = compileUserRegex(source, flagged, 'k');
    const reference = compileUserRegex(`(?i)${source}`, 'g', 'k');
    expect(proven.re2Source).toBe(source);
    expect([...proven.groupNames].sort()).toEqual([...plain.groupNames].sort());
    for (const input of ['Nginx-1.25', 'nginx-1.25', 'nginx-latest', '']) {
      expect(proven.test(input)).toBe(reference.test(input));
      expect(proven.exec(input)).toEqual(reference.exec(input));
      expect(proven.matchAll(input)).toEqual(reference.matchAll(input));
      expect(proven.replace(input, '$<version>')).toBe(reference.replace(input, '$<version>'));
    }
  });

  it('a proven key is taken on trust: no compile to check it, and an error only where it is used', () => {
    // Only the build's own list is proven; this shows that nothing else is compiled for it.
    const broken = '(unclosed-and-proven';
    addProven([`re:/${broken}`]);
    expect(userRegexProblem(broken, '', 'matchPackageNames[0]')).toBeUndefined();
    expect(() => compileUserRegex(broken, '', 'k').test('x')).toThrow(/invalid pattern "\/\(unclosed-and-proven\/": /);
    // Unproven, the same text is refused at once, naming the key.
    expect(userRegexProblem('(unclosed-not-proven', '', 'matchPackageNames[0]')).toMatch(/^matchPackageNames\[0\]: invalid pattern/);
  });
});

describe('recording', () => {
  it('lists the checks that passed while recording, sorted, and nothing after', () => {
    const { result, keys } = recordProven(() => {
      compileUserRegex('^v(?<version>.+)$', '', 'extractVersion');
      compileUserRegex('^v(?<version>.+)$', '', 'extractVersion'); // cached: still listed once
      expect(userRegexProblem('(?<=look-behind)', '', 'k')).toMatch(/look-around/);
      return 42;
    });
    expect(result).toBe(42);
    expect(keys).toEqual(['re:/^v(?<version>.+)$']);
    expect(isProven('re:/^v(?<version>.+)$')).toBe(false); // recorded, not proven: that takes the build's list
    const after = recordProven(() => undefined);
    expect(after.keys).toEqual([]);
  });
});
