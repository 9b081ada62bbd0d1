/** How match strings read a file under each `matchStringsStrategy`, with the offsets of every group. */
import { describe, expect, it } from 'vitest';
import { matchExtractions } from '../../../src/managers/custom/match-strategies.js';
import { InputError } from '../../../src/util/errors.js';

const textOf = (content: string, span?: { start: number; end: number }) => (span ? content.slice(span.start, span.end) : undefined);

describe('any (the default)', () => {
  it('every match of every string is one extraction, with the offsets of its groups and of the whole match', () => {
    const content = 'A_VERSION=1.0.0\nB_VERSION=2.0.0\nimage: app:3.0\n';
    const found = matchExtractions(content, ['(?<depName>[A-Z])_VERSION=(?<currentValue>\\S+)', 'image: (?<depName>\\w+):(?<currentValue>\\S+)'], 'any', 'cm');
    expect(found.map((f) => [f.groups.depName, f.groups.currentValue, textOf(content, f.spans.currentValue), textOf(content, f.match)])).toEqual([
      ['A', '1.0.0', '1.0.0', 'A_VERSION=1.0.0'],
      ['B', '2.0.0', '2.0.0', 'B_VERSION=2.0.0'],
      ['app', '3.0', '3.0', 'image: app:3.0'],
    ]);
  });

  it('runs with the g flag only, as Renovate compiles them: ^ is the start of the file unless (?m) says otherwise', () => {
    const content = 'x: 1\ny: 2\n';
    expect(matchExtractions(content, ['^(?<depName>\\w): (?<currentValue>\\d)'], 'any', 'cm')).toHaveLength(1);
    expect(matchExtractions(content, ['(?m)^(?<depName>\\w): (?<currentValue>\\d)'], 'any', 'cm')).toHaveLength(2);
    expect(matchExtractions(content, ['(?m:^(?<depName>\\w): (?<currentValue>\\d)$)'], 'any', 'cm')).toHaveLength(2);
    // `.` stops at a line end.
    expect(matchExtractions('a: 1\n2', ['a: (?<currentValue>.+)'], 'any', 'cm')[0]!.groups.currentValue).toBe('1');
  });

  it('a group that did not take part is undefined, with no offsets', () => {
    const [found] = matchExtractions('dep=a', ['dep=(?<depName>\\w)( v=(?<currentValue>\\S+))?'], 'any', 'cm');
    expect(found!.groups).toEqual({ depName: 'a', currentValue: undefined });
    expect(found!.spans.currentValue).toBeUndefined();
  });

  it('a pattern RE2 cannot run is an error naming the match string', () => {
    expect(() => matchExtractions('x', ['ok', '(?<=a)b'], 'any', 'customManagers[3]')).toThrow(InputError);
    expect(() => matchExtractions('x', ['ok', '(?<=a)b'], 'any', 'customManagers[3]')).toThrow(
      /^customManagers\[3\]\.matchStrings\[1\]: invalid pattern: .*look-around/,
    );
  });
});

describe('combination', () => {
  const content = ['prometheus_image: "quay.io/prometheus/prometheus" // a comment', 'prometheus_version: "v2.48.0"', ''].join('\n');

  it('the groups of all matches of all strings make one extraction; the match is the one that held the value', () => {
    const found = matchExtractions(
      content,
      ['prometheus_image:\\s*"(?<depName>.*)"\\s*//', 'prometheus_version:\\s*"(?<currentValue>.*)"'],
      'combination',
      'cm',
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.groups).toEqual({ depName: 'quay.io/prometheus/prometheus', currentValue: 'v2.48.0' });
    expect(textOf(content, found[0]!.spans.currentValue)).toBe('v2.48.0');
    expect(textOf(content, found[0]!.match)).toBe('prometheus_version: "v2.48.0"');
  });

  it('a later match wins for a group, even when that group did not take part in it (Renovate spreads match.groups)', () => {
    const found = matchExtractions('a=1 b=2', ['a=(?<currentValue>\\d)(?<depName>x)?', 'b=(?<depName>\\d)?'], 'combination', 'cm');
    expect(found[0]!.groups).toEqual({ currentValue: '1', depName: '2' });
    const cleared = matchExtractions('b=2 a=1', ['b=(?<depName>\\d)', 'a=(?<currentValue>\\d)(?<depName>x)?'], 'combination', 'cm');
    expect(cleared[0]!.groups.depName).toBeUndefined();
  });

  it('no match at all: nothing', () => {
    expect(matchExtractions('nothing here', ['a=(?<currentValue>\\d)'], 'combination', 'cm')).toEqual([]);
  });
});

describe('recursive', () => {
  const content = ['deps:', '  - name: alpha', '    version: 1.0.0', '  - name: beta', '    version: 2.0.0', 'other:', '  version: 9.9.9', ''].join('\n');

  it('each string runs inside the matches of the one before; each innermost match is one extraction with the groups met on the way', () => {
    const found = matchExtractions(
      content,
      ['deps:\\n(?:  .*\\n)+', '- name: (?<depName>\\S+)\\n\\s+version: \\S+', 'version: (?<currentValue>\\S+)'],
      'recursive',
      'cm',
    );
    expect(found.map((f) => [f.groups.depName, f.groups.currentValue])).toEqual([
      ['alpha', '1.0.0'],
      ['beta', '2.0.0'],
    ]);
    // Offsets are into the whole file, not into the text of the match above.
    expect(found.map((f) => textOf(content, f.spans.currentValue))).toEqual(['1.0.0', '2.0.0']);
    expect(found.map((f) => textOf(content, f.spans.depName))).toEqual(['alpha', 'beta']);
    expect(textOf(content, found[1]!.match)).toBe('version: 2.0.0');
  });

  it('^ in a deeper string is the start of the match above it (Renovate runs it on match[0])', () => {
    const found = matchExtractions(content, ['- name: \\S+\\n\\s+version: \\S+', '^- name: (?<depName>\\S+)', 'name: (?<currentValue>.+)'], 'recursive', 'cm');
    expect(found.map((f) => f.groups.depName)).toEqual(['alpha', 'beta']);
  });
});
