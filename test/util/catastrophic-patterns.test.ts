/**
 * README's promise: no pattern from a config can hang a run. The known catastrophic forms — each takes
 * seconds to ages on JavaScript's backtracking engine with a 40-character input — go through every place
 * a config pattern enters, on inputs made to hurt a backtracking engine, and each call must answer well
 * under a second.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { compilePackageRules, type RuleInput } from '../../src/config/package-rules.js';
import { validateRepoConfig } from '../../src/config/validate.js';
import { compileIgnoredDirectory, compileIgnorePaths } from '../../src/config/file-patterns.js';
import { candidatesFor, selectManagers } from '../../src/extract/manager-files.js';
import { evaluateUpdates } from '../../src/lookup/choose-updates.js';
import { planBranches } from '../../src/plan/plan-branches.js';
import { getVersioning } from '../../src/versioning/registry.js';
import { upgrade } from '../plan/upgrades.js';

/**
 * The forms, then the same shapes made to fail at the end, so that a backtracking engine must try
 * every split first: on the tags below each of those takes more than 5 s with JavaScript's engine.
 */
const FORMS = [
  '(a+)+$',
  '(a|a)*$',
  '(\\w*){9}',
  '\\w*'.repeat(9),
  '(.*a){12}',
  '^(\\w+\\s?)*$',
  '(x+x+)+y',
  '(\\w*){9}!',
  `${'\\w*'.repeat(9)}!`,
  '(.*a){12}!',
  '^1\\.0\\.1-(\\w+-?)*\\.$',
];

/** Docker tags of 40 characters: a long run of one letter that ends where the patterns above fail. */
const TAGS = [`1.0.1-${'a'.repeat(32)}-x`, `1.0.1-${'x'.repeat(34)}`, `1.0.1-${'a_'.repeat(16)}ab`];
/** Names and paths of the same kind. */
const NAMES = [`${'a'.repeat(39)}!`, 'x'.repeat(40), `${'a '.repeat(19)}a!`];

/** A second is the promise; a tenth of it leaves room for a loaded machine. */
const LIMIT_MS = 250;

function timed<T>(what: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  expect(ms, `${what}: ${ms.toFixed(0)} ms`).toBeLessThan(LIMIT_MS);
  return result;
}

describe.each(FORMS)('the pattern %s cannot hang', (form) => {
  it('allowedVersions (/…/ and !/…/) on 40-character tags, in the lookup', () => {
    for (const tag of TAGS) {
      expect(tag).toHaveLength(40);
      const current = tag.replace(/^1\.0\.1/, '1.0.0');
      for (const allowedVersions of [`/${form}/`, `!/${form}/`]) {
        const outcome = timed(`allowedVersions ${allowedVersions} on ${tag}`, () =>
          evaluateUpdates({ currentValue: current, releases: [{ version: tag }], config: { versioning: 'docker', allowedVersions } }),
        );
        // The tag reached the pattern: it was either allowed (an update) or refused by it.
        expect([...outcome.updates.map((u) => u.newValue), ...outcome.rejected.map((r) => r.reason)], tag).toEqual([
          expect.stringMatching(new RegExp(`^(${tag.replace(/\./g, '\\.')}|not-allowed)$`)),
        ]);
      }
    }
  });

  it('a regex: versioning, on every tag and name', () => {
    const versioning = timed('compiling', () => getVersioning(`regex:^(?<major>\\d+)?(?<compatibility>${form})`));
    for (const input of [...TAGS, ...NAMES]) {
      timed(`regex: versioning on ${input}`, () => [versioning.isVersion(input), versioning.isValid(input)]);
    }
  });

  it('matchPackageNames, matchDepNames and matchCurrentValue /…/ in packageRules', () => {
    const rules = compilePackageRules([
      { matchPackageNames: [`/${form}/`], enabled: false },
      { matchDepNames: [`/${form}/i`, `!/${form}/`], automerge: true },
      { matchCurrentValue: `/${form}/`, labels: ['x'] },
    ]);
    for (const [i, name] of NAMES.entries()) {
      const input: RuleInput = { manager: 'kubernetes', datasource: 'docker', depName: name, packageName: name, file: 'a.yaml', currentValue: TAGS[i]! };
      timed(`package rules on ${name}`, () => rules.map((rule) => rule.matches(input)));
    }
  });

  it('the replace helper in prTitle and commitMessageTopic templates', () => {
    const config = {
      prTitle: `{{{replace "${form}" "-" depName}}} title`,
      commitMessageTopic: `{{{replace "${form}" "" depName}}} {{{replace "${form}" "" newValue}}} topic`,
    };
    for (const [i, name] of NAMES.entries()) {
      const [branch] = timed(`templates on ${name}`, () =>
        planBranches([upgrade({ depName: name, currentValue: '1.0.0', updateType: 'patch', newValue: TAGS[i]!, config })]),
      );
      // Rendered through the helpers (the text around them arrived), not left as template text.
      expect(branch!.title).toMatch(/ title$/);
      expect(branch!.commitMessage).toMatch(/ topic/);
      expect(`${branch!.title}${branch!.commitMessage}`).not.toContain('{{');
    }
  });

  it('fileMatch, managerFilePatterns and ignorePaths', () => {
    const selected = timed('selecting managers', () => selectManagers({ managers: { kubernetes: { fileMatch: [form], managerFilePatterns: [`/${form}/`] } } }));
    const ignored = compileIgnorePaths([`/${form}/`]);
    const ignoredDir = compileIgnoredDirectory([`/${form}/`]);
    for (const name of NAMES) {
      const path = `apps/${name}`;
      timed(`file patterns on ${path}`, () => [candidatesFor(path, selected), ignored(path), ignoredDir(path)]);
    }
  });

  it('upkeep validate: a config holding it everywhere is valid, and checked at once', () => {
    const config = {
      ignorePaths: [`/${form}/`],
      kubernetes: { fileMatch: [form], managerFilePatterns: [`/${form}/`] },
      allowedVersions: `/${form}/`,
      prTitle: `{{{replace "${form}" "" depName}}}`,
      packageRules: [
        {
          matchPackageNames: [`/${form}/`],
          matchDepNames: [`!/${form}/`],
          matchCurrentValue: `/${form}/`,
          versioning: `regex:^(?<major>\\d+)${form}`,
          allowedVersions: `!/${form}/`,
        },
      ],
    };
    const content = JSON.stringify(config, null, 2);
    const result = timed('validate', () => validateRepoConfig(config, 'renovate.json', content));
    expect(result.errors).toEqual([]);
  });
});
