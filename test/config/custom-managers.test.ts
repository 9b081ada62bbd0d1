/**
 * customManagers (and the old regexManagers) in a repository config: what the schema takes, and the checks
 * a run would fail on, each naming its key — match strings on RE2, the named groups a dep needs, templates,
 * file patterns — plus extractVersion patterns and Renovate's names for custom managers.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, validateRepoConfig } from '../../src/config/validate.js';

const check = (config: Record<string, unknown>) => {
  const result = validateRepoConfig(config, 'renovate.json', JSON.stringify(config, null, 2));
  return { config: result.config, errors: result.errors.map(formatProblem), warnings: result.warnings.map(formatProblem) };
};

const annotations = {
  customType: 'regex',
  description: 'Process annotated dependencies',
  managerFilePatterns: ['/\\.ya?ml$/'],
  fileMatch: ['(^|/).+\\.env$'],
  matchStrings: ['# renovate: datasource=(?<datasource>\\S+) depName=(?<depName>\\S+)\\n.+: (?<currentValue>\\S+)'],
  datasourceTemplate: '{{#if datasource}}{{{datasource}}}{{else}}github-releases{{/if}}',
  versioningTemplate: '{{#if versioning}}{{{versioning}}}{{else}}semver{{/if}}',
  extractVersionTemplate: '^v?(?<version>.*)$',
  autoReplaceStringTemplate: '{{{depName}}}: {{{newValue}}}',
};

describe('a good custom manager', () => {
  it('validates with no problem and is kept in the config', () => {
    const { config, errors, warnings } = check({
      customManagers: [annotations],
      packageRules: [{ matchManagers: ['custom.regex'], automerge: true }],
      enabledManagers: ['custom.regex', 'flux'],
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config.customManagers).toEqual([annotations]);
  });

  it('every field may come from a template instead of a group; packageName stands for depName, currentDigest for currentValue', () => {
    const { errors } = check({
      customManagers: [
        {
          customType: 'regex',
          managerFilePatterns: ['**/Chart.yaml'],
          matchStrings: ['appVersion: (?<currentValue>\\S+)'],
          depNameTemplate: 'app',
          datasourceTemplate: 'docker',
        },
        {
          customType: 'regex',
          managerFilePatterns: ['**'],
          matchStrings: ['(?<packageName>\\S+)@(?<currentDigest>sha256:\\w+)'],
          datasourceTemplate: 'docker',
        },
        {
          customType: 'regex',
          managerFilePatterns: ['**'],
          matchStrings: ['a=(?P<depName>\\S+)', 'b=(?<currentValue>\\S+)'],
          matchStringsStrategy: 'combination',
          datasourceTemplate: 'docker',
        },
      ],
    });
    expect(errors).toEqual([]);
  });
});

describe('errors name the custom manager and the key', () => {
  it('a match string RE2 cannot run, at customManagers[i].matchStrings[j]', () => {
    const { errors } = check({
      customManagers: [annotations, { ...annotations, matchStrings: [annotations.matchStrings[0], '(?<depName>a)(?=b)(?<currentValue>c)', '(unclosed'] }],
    });
    expect(errors).toEqual([
      expect.stringMatching(
        /^renovate\.json:\d+: customManagers\[1\]\.matchStrings\[1\]: invalid pattern: .*\(look-around is not supported: patterns run on RE2\)$/,
      ),
      expect.stringMatching(/^renovate\.json:\d+: customManagers\[1\]\.matchStrings\[2\]: invalid pattern: /),
    ]);
  });

  it('named groups or templates for a name, a value and a datasource', () => {
    const { errors } = check({
      customManagers: [{ customType: 'regex', managerFilePatterns: ['**'], matchStrings: ['version: (?<version>\\S+)', 'name: (?<name>\\S+)'] }],
    });
    expect(errors).toEqual([
      expect.stringMatching(
        /^renovate\.json:\d+: customManagers\[0\]\.matchStrings: no named group or template gives depName, currentValue, datasource: add a group such as \(\?<depName>…\) or a depNameTemplate$/,
      ),
    ]);
  });

  it('file patterns are required and checked', () => {
    const { errors } = check({
      customManagers: [
        { ...annotations, managerFilePatterns: undefined, fileMatch: undefined },
        { ...annotations, managerFilePatterns: ['/(unclosed/'], fileMatch: ['(?<=x)y'] },
      ],
    });
    expect(errors).toEqual([
      expect.stringMatching(/customManagers\[0\]\.managerFilePatterns: a custom manager needs file patterns \(managerFilePatterns or fileMatch\)$/),
      expect.stringMatching(/customManagers\[1\]\.managerFilePatterns\[0\]: invalid pattern/),
      expect.stringMatching(/customManagers\[1\]\.fileMatch\[0\]: invalid pattern .*look-around/),
    ]);
  });

  it('a broken template, at its key', () => {
    const { errors } = check({ customManagers: [{ ...annotations, depNameTemplate: '{{#if depName}}x', autoReplaceStringTemplate: '{{unknownHelper a b}}' }] });
    // In file order (the config's keys as written).
    expect(errors).toEqual([
      expect.stringMatching(/customManagers\[0\]\.autoReplaceStringTemplate: bad template: unknown helper "unknownHelper"$/),
      expect.stringMatching(/customManagers\[0\]\.depNameTemplate: bad template: .*never closed$/),
    ]);
  });

  it('the schema: matchStrings required, strategy and customType from their lists', () => {
    expect(check({ customManagers: [{ customType: 'regex', managerFilePatterns: ['**'] }] }).errors).toEqual([
      expect.stringMatching(/customManagers\[0\]\.matchStrings: /),
    ]);
    expect(check({ customManagers: [{ ...annotations, matchStringsStrategy: 'all' }] }).errors).toEqual([
      expect.stringMatching(/customManagers\[0\]\.matchStringsStrategy: /),
    ]);
    expect(check({ customManagers: [{ ...annotations, customType: 'jq' }] }).errors).toEqual([expect.stringMatching(/customManagers\[0\]\.customType: /)]);
  });
});

describe('warnings', () => {
  it('regexManagers: read as customManagers with a hint; its entries need no customType', () => {
    const { customType: _type, ...old } = annotations;
    const { config, errors, warnings } = check({ regexManagers: [old] });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^renovate\.json:\d+: regexManagers: Renovate's old name: read as "customManagers", each entry with customType "regex" \(write that instead\)$/,
      ),
    ]);
    expect(config.regexManagers).toEqual([old]);
  });

  it('a custom manager without customType is read as regex, with a hint; a jsonata one is not read; an unknown key is ignored', () => {
    const { customType: _type, ...untyped } = annotations;
    const { errors, warnings } = check({
      customManagers: [
        untyped,
        { customType: 'jsonata', fileFormat: 'json', managerFilePatterns: ['**/biome.json'], matchStrings: ['{"currentValue": $.version}'] },
        { ...annotations, matchString: 'x' },
      ],
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/customManagers\[0\]: no customType: read as "regex" \(write customType: "regex"\)$/),
      expect.stringMatching(/customManagers\[1\]\.customType: jsonata custom managers are not read \(Upkeep reads regex ones\): this one finds nothing$/),
      expect.stringMatching(/customManagers\[2\]\.matchString: unknown option of a custom manager, ignored \(did you mean "matchStrings"\?\)$/),
    ]);
  });
});

describe('extractVersion and manager names', () => {
  it('extractVersion in rules and at the top is checked on RE2 and needs a version group', () => {
    const { errors } = check({
      extractVersion: '^v(?<version>.+)$',
      packageRules: [
        { matchPackageNames: ['a'], extractVersion: '^release-(?<version>.+)$' },
        { matchPackageNames: ['b'], extractVersion: '^v(.+)$' },
        { matchPackageNames: ['c'], extractVersion: '^(?<version>(?!x).+)$' },
      ],
    });
    expect(errors).toEqual([
      expect.stringMatching(/packageRules\[1\]\.extractVersion: needs a named group "version", e\.g\. \^v\(\?<version>\.\+\)\$$/),
      expect.stringMatching(/packageRules\[2\]\.extractVersion: invalid pattern: .*look-around/),
    ]);
  });

  it('custom.regex and regex are manager names in enabledManagers and matchManagers', () => {
    const { errors, warnings } = check({
      enabledManagers: ['regex', 'custom.regex'],
      packageRules: [{ matchManagers: ['custom.regex', 'regex'], automerge: true }],
    });
    expect([errors, warnings]).toEqual([[], []]);
  });
});
