import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateKeys, parseConfigText } from '../../src/config/parse.js';
import type { ConfigProblem } from '../../src/config/validate.js';
import { ConfigError } from '../../src/util/errors.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/configs');
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

function parseError(file: string, content: string): ConfigError {
  try {
    parseConfigText(file, content);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('parseConfigText', () => {
  it('reads JSON', () => {
    expect(parseConfigText('renovate.json', '{"extends": ["config:recommended"], "automerge": true}')).toEqual({
      extends: ['config:recommended'],
      automerge: true,
    });
  });

  it('skips a byte-order mark', () => {
    const content = fixture('good/bom.json');
    expect(content.charCodeAt(0)).toBe(0xfeff);
    expect(parseConfigText('bom.json', content)).toEqual({ extends: ['config:base'] });
    expect(parseConfigText('renovate.json5', '\uFEFF{ a: 1 }')).toEqual({ a: 1 });
  });

  it('reads an empty file, or one with only white space or comments, as {}', () => {
    expect(parseConfigText('empty.json', fixture('good/empty.json'))).toEqual({});
    expect(parseConfigText('renovate.json', ' \n\t\n')).toEqual({});
    expect(parseConfigText('renovate.json5', '// nothing yet\n/* still nothing */\n')).toEqual({});
  });

  it('reads JSON5 for .json5, .jsonc and .renovaterc', () => {
    const text = '{\n  // comment\n  extends: [\'config:recommended\'],\n  labels: ["deps",],\n}\n';
    for (const file of ['renovate.json5', '.github/renovate.jsonc', '.renovaterc']) {
      const warnings: ConfigProblem[] = [];
      expect(parseConfigText(file, text, warnings)).toEqual({ extends: ['config:recommended'], labels: ['deps'] });
      expect(warnings).toEqual([]);
    }
    expect(parseConfigText('flux-homelab.json5', fixture('good/flux-homelab.json5'))).toMatchObject({
      $schema: 'https://docs.renovatebot.com/renovate-schema.json',
      flux: { fileMatch: ['(^|/)kubernetes/.+\\.ya?ml$'] },
    });
  });

  it('reads JSON5 in a .json file, with a warning naming the line (as Renovate, which reads it too)', () => {
    const warnings: ConfigProblem[] = [];
    const value = parseConfigText(
      'renovate.json',
      '{\n  "extends": ["config:recommended"],\n  // patches merge themselves\n  "automerge": true,\n}\n',
      warnings,
    );
    expect(value).toEqual({ extends: ['config:recommended'], automerge: true });
    expect(warnings).toEqual([
      {
        file: 'renovate.json',
        line: 3,
        message:
          'JSON5 syntax (comments, trailing commas, unquoted keys or single quotes) in a .json file: read as JSON5, as Renovate does; name the file .json5 to say so',
      },
    ]);
  });

  it('names file, line and column of a syntax error', () => {
    const json = parseError('syntax.json', fixture('bad/syntax.json'));
    expect(json.message).toBe(`syntax.json:4:3: not valid JSON: invalid character '"'`);
    expect([json.file, json.line, json.column, json.detail]).toEqual(['syntax.json', 4, 3, `not valid JSON: invalid character '"'`]);
    expect(parseError('syntax.json5', fixture('bad/syntax.json5')).message).toBe("syntax.json5:4:3: not valid JSON5: invalid character 'a'");
    expect(parseError('.renovaterc', '{\n  "a": [1,\n').message).toBe('.renovaterc:3:1: not valid JSON5: invalid end of input');
    expect(parseError('renovate.json', '{"a": tru}').message).toBe("renovate.json:1:10: not valid JSON: invalid character '}'");
  });
});

describe('locateKeys', () => {
  it('gives the line of every key and array item, in JSON', () => {
    const { lines, duplicates } = locateKeys(fixture('good/upkeep.json'));
    expect(lines.get('$schema')).toBe(2);
    expect(lines.get('kubernetes')).toBe(10);
    expect(lines.get('kubernetes.managerFilePatterns')).toBe(10);
    expect(lines.get('kubernetes.managerFilePatterns[1]')).toBe(10);
    expect(lines.get('packageRules')).toBe(11);
    expect(lines.get('packageRules[0]')).toBe(12);
    expect(lines.get('packageRules[0].matchUpdateTypes[2]')).toBe(14);
    expect(lines.get('packageRules[2].allowedVersions')).toBe(29);
    expect(lines.has('packageRules[3]')).toBe(false);
    expect(duplicates).toEqual([]);
  });

  it('reads JSON5: comments, unquoted and single-quoted keys, strings holding brackets, colons and quotes', () => {
    const text = [
      '{',
      '  // a comment with { braces: and, commas }',
      "  'single': 'a } b',",
      '  unquoted: "c \\" : [ d",',
      '  /* block',
      '     comment */ list: [',
      '    { inner: 1 },',
      "    'two',",
      '  ],',
      '  "last"',
      '    : true,',
      '}',
    ].join('\n');
    const { lines } = locateKeys(text);
    expect(Object.fromEntries(lines)).toEqual({
      single: 3,
      unquoted: 4,
      list: 6,
      'list[0]': 7,
      'list[0].inner': 7,
      'list[1]': 8,
      last: 10,
    });
  });

  it('finds keys written twice in one object (the later one wins)', () => {
    const { duplicates } = locateKeys(fixture('warn/renovate-extras.json'));
    expect(duplicates).toEqual([{ path: 'labels', line: 17, laterLine: 18 }]);
    expect(locateKeys('{"a": {"x": 1}, "b": {"x": 2}}').duplicates).toEqual([]);
  });
});
