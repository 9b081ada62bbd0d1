import { describe, expect, it } from 'vitest';
import { compilePackageRule, compilePackageRules, packageRuleProblems, ruleMatches, type RuleInput } from '../../src/config/package-rules.js';
import { defaultVersioning } from '../../src/meta/datasources.js';
import type { PackageRule } from '../../src/config/schema.js';
import { InputError } from '../../src/util/errors.js';

const nginx: RuleInput = {
  manager: 'kubernetes',
  datasource: 'docker',
  depName: 'nginx',
  packageName: 'nginx',
  file: 'apps/web/deployment.yaml',
  currentValue: '1.25.3-alpine',
  baseBranch: 'main',
};
const hass: RuleInput = {
  manager: 'helm-values',
  datasource: 'docker',
  depName: 'ghcr.io/home-assistant/home-assistant',
  packageName: 'ghcr.io/home-assistant/home-assistant',
  file: 'apps/hass/values.yaml',
  currentValue: '2024.6.1',
  baseBranch: 'main',
};
const certManager: RuleInput = {
  manager: 'flux',
  datasource: 'helm',
  depName: 'cert-manager',
  file: 'infrastructure/cert-manager/helmrelease.yaml',
  currentValue: '1.13.2',
  baseBranch: 'flux',
};
const fluxRange: RuleInput = { ...certManager, depName: 'podinfo', currentValue: '>=6.0.0 <7.0.0', versioning: 'helm' };
const action: RuleInput = {
  manager: 'github-actions',
  datasource: 'github-tags',
  depName: 'actions/checkout',
  packageName: 'actions/checkout',
  depType: 'action',
  file: '.github/workflows/ci.yaml',
  currentValue: 'v4.1.7',
  baseBranch: 'main',
};
const deps = { nginx, hass, certManager, fluxRange, action };
const matched = (rule: PackageRule, extra: Partial<RuleInput> = {}): string[] => {
  const compiled = compilePackageRule(rule, 0);
  return Object.entries(deps)
    .filter(([, dep]) => compiled.matches({ ...dep, ...extra }))
    .map(([name]) => name);
};

describe('each condition', () => {
  it('no conditions: every dep', () => {
    expect(matched({ automerge: true })).toEqual(['nginx', 'hass', 'certManager', 'fluxRange', 'action']);
  });

  it('matchManagers and matchDatasources', () => {
    expect(matched({ matchManagers: ['flux', 'github-actions'] })).toEqual(['certManager', 'fluxRange', 'action']);
    expect(matched({ matchManagers: ['helm-*'] })).toEqual(['hass']);
    expect(matched({ matchDatasources: ['docker'] })).toEqual(['nginx', 'hass']);
    expect(matched({ matchDatasources: ['!docker'] })).toEqual(['certManager', 'fluxRange', 'action']);
  });

  it('matchPackageNames tests packageName, falling back to depName; aliases are what is matched', () => {
    expect(matched({ matchPackageNames: ['nginx', 'cert-manager'] })).toEqual(['nginx', 'certManager']);
    expect(matched({ matchPackageNames: ['ghcr.io/home-assistant/**'] })).toEqual(['hass']);
    // A mirror alias changes packageName only: the rule sees the mirror path, matchDepNames sees the name as written.
    const mirrored = { ...nginx, packageName: 'mirror.example.com/library/nginx' };
    expect(ruleMatches({ matchPackageNames: ['nginx'] }, mirrored)).toBe(false);
    expect(ruleMatches({ matchPackageNames: ['**/nginx'] }, mirrored)).toBe(true);
    expect(ruleMatches({ matchDepNames: ['nginx'] }, mirrored)).toBe(true);
  });

  it('matchDepNames, with a regex', () => {
    expect(matched({ matchDepNames: ['/^(cert-manager|podinfo)$/'] })).toEqual(['certManager', 'fluxRange']);
  });

  it('matchDepTypes: a dep without a type does not match', () => {
    expect(matched({ matchDepTypes: ['action'] })).toEqual(['action']);
    expect(matched({ matchDepTypes: ['!action'] })).toEqual([]);
  });

  it('matchFileNames: globs and regexes on the file path', () => {
    expect(matched({ matchFileNames: ['apps/**'] })).toEqual(['nginx', 'hass']);
    expect(matched({ matchFileNames: ['**/helmrelease.yaml'] })).toEqual(['certManager', 'fluxRange']);
    expect(matched({ matchFileNames: ['/^\\.github\\//'] })).toEqual(['action']);
    expect(matched({ matchFileNames: ['apps/**', '!apps/hass/**'] })).toEqual(['nginx']);
  });

  it('matchUpdateTypes: only once the update type is known', () => {
    expect(matched({ matchUpdateTypes: ['patch', 'digest'] })).toEqual([]);
    expect(matched({ matchUpdateTypes: ['patch', 'digest'] }, { updateType: 'digest' })).toEqual(['nginx', 'hass', 'certManager', 'fluxRange', 'action']);
    expect(matched({ matchUpdateTypes: ['patch'] }, { updateType: 'major' })).toEqual([]);
    expect(compilePackageRule({ matchUpdateTypes: ['major'] }, 0).needsUpdateType).toBe(true);
    expect(compilePackageRule({ matchDepNames: ['x'] }, 0).needsUpdateType).toBe(false);
  });

  it('matchCurrentValue: a glob or regex on the value as written', () => {
    expect(matched({ matchCurrentValue: '*-alpine' })).toEqual(['nginx']);
    expect(matched({ matchCurrentValue: '/^v/' })).toEqual(['action']);
    expect(matched({ matchCurrentValue: '!/^v/' })).toEqual(['nginx', 'hass', 'certManager', 'fluxRange']);
    expect(ruleMatches({ matchCurrentValue: '*' }, { ...nginx, currentValue: undefined })).toBe(false);
    expect(ruleMatches({ matchCurrentValue: '/.*/' }, { ...nginx, currentValue: '' })).toBe(false);
  });

  it('matchBaseBranches', () => {
    expect(matched({ matchBaseBranches: ['flux'] })).toEqual(['certManager', 'fluxRange']);
    expect(matched({ matchBaseBranches: ['/^ma/'] })).toEqual(['nginx', 'hass', 'action']);
  });
});

describe('matchCurrentVersion', () => {
  it('a regex tests the current version, else the value', () => {
    expect(matched({ matchCurrentVersion: '/^1\\./' })).toEqual(['nginx', 'certManager']);
    expect(matched({ matchCurrentVersion: '!/^1\\./' })).toEqual(['hass', 'fluxRange', 'action']);
    expect(ruleMatches({ matchCurrentVersion: '/^6\\.5/' }, { ...fluxRange, currentVersion: '6.5.4' })).toBe(true);
  });

  it("a range, by the dep's versioning: helm ranges natively", () => {
    expect(matched({ matchCurrentVersion: '<2.0.0', matchDatasources: ['helm'] })).toEqual(['certManager']);
    expect(matched({ matchCurrentVersion: '>=1.13.0 <1.14.0' })).toContain('certManager');
  });

  it("a range on image tags: docker versioning has no ranges, so the range reads the tag's numbers (as allowedVersions)", () => {
    expect(ruleMatches({ matchCurrentVersion: '<2.0.0' }, nginx)).toBe(true);
    expect(ruleMatches({ matchCurrentVersion: '<1.25.0' }, nginx)).toBe(false);
    expect(ruleMatches({ matchCurrentVersion: '>=2024.0.0' }, hass)).toBe(true);
    expect(ruleMatches({ matchCurrentVersion: '^4' }, action)).toBe(true); // loose versioning for GitHub tags
  });

  it("a version: the dep's value must admit it (a range contains it; a version equals it)", () => {
    expect(ruleMatches({ matchCurrentVersion: '6.5.0' }, fluxRange)).toBe(true);
    expect(ruleMatches({ matchCurrentVersion: '7.0.0' }, fluxRange)).toBe(false);
    expect(ruleMatches({ matchCurrentVersion: '1.13.2' }, certManager)).toBe(true);
    expect(ruleMatches({ matchCurrentVersion: '1.13.3' }, certManager)).toBe(false);
  });

  it('a range against a range value uses the version the lookup found, when given', () => {
    expect(ruleMatches({ matchCurrentVersion: '<7' }, fluxRange)).toBe(false);
    expect(ruleMatches({ matchCurrentVersion: '<7' }, { ...fluxRange, currentVersion: '6.5.4' })).toBe(true);
  });

  it('nothing to compare, an unknown scheme, or nonsense: no match (never a throw)', () => {
    expect(ruleMatches({ matchCurrentVersion: '<2' }, { ...nginx, currentValue: undefined })).toBe(false);
    expect(ruleMatches({ matchCurrentVersion: '<2' }, { ...nginx, currentValue: 'latest' })).toBe(false);
    expect(ruleMatches({ matchCurrentVersion: '<2' }, { ...nginx, versioning: 'no-such-scheme' })).toBe(false);
    expect(ruleMatches({ matchCurrentVersion: 'not a range' }, nginx)).toBe(false);
  });

  it('versioning defaults by datasource', () => {
    expect([defaultVersioning('docker'), defaultVersioning('helm'), defaultVersioning('github-tags'), defaultVersioning(undefined)]).toEqual([
      'docker',
      'helm',
      'loose',
      'semver',
    ]);
  });
});

describe('rules', () => {
  it('every condition must hold (AND); entries of one list are OR', () => {
    const rule: PackageRule = { matchDatasources: ['docker'], matchFileNames: ['apps/hass/**', 'apps/web/**'], matchCurrentValue: '/^20/' };
    expect(matched(rule)).toEqual(['hass']);
  });

  it('an empty list matches nothing', () => {
    expect(matched({ matchPackageNames: [] })).toEqual([]);
  });

  it('keeps only the options a rule sets, with its place and description', () => {
    const rules = compilePackageRules([
      { matchDatasources: ['docker'], pinDigests: true },
      { description: ['Automerge', 'patches'], matchUpdateTypes: ['patch'], automerge: true, automergeType: 'branch', addLabels: ['auto'] },
    ]);
    expect(rules.map(({ index, key, description, options, needsUpdateType }) => ({ index, key, description, options, needsUpdateType }))).toEqual([
      { index: 0, key: 'packageRules[0]', description: undefined, options: { pinDigests: true }, needsUpdateType: false },
      {
        index: 1,
        key: 'packageRules[1]',
        description: 'Automerge patches',
        options: { automerge: true, automergeType: 'branch', addLabels: ['auto'] },
        needsUpdateType: true,
      },
    ]);
    expect(compilePackageRules(undefined)).toEqual([]);
  });

  it('a bad pattern is an error naming the rule, the condition and the entry', () => {
    const rules: PackageRule[] = [{ matchPackageNames: ['ok'] }, { matchPackageNames: ['nginx', '/(?<=x)y/'] }];
    expect(() => compilePackageRules(rules)).toThrow(InputError);
    expect(() => compilePackageRules(rules)).toThrow(
      'packageRules[1].matchPackageNames[1]: invalid pattern "/(?<=x)y/": error parsing regexp: invalid named capture: `(?<=x)y` (look-around is not supported: patterns run on RE2)',
    );
  });

  it('packageRuleProblems reports every bad condition of every rule', () => {
    expect(
      packageRuleProblems([
        { matchDepNames: ['/[/'], matchFileNames: ['/(/'] },
        { matchCurrentValue: '/a{2000}/', matchCurrentVersion: '/(?=1)/' },
        { matchManagers: ['flux'] },
      ]),
    ).toEqual([
      'packageRules[0].matchDepNames[0]: invalid pattern "/[/": error parsing regexp: missing closing ]: `[`',
      'packageRules[0].matchFileNames[0]: invalid pattern "/(/": error parsing regexp: missing closing ): `(`',
      'packageRules[1].matchCurrentValue: invalid pattern "/a{2000}/": error parsing regexp: invalid repeat count: `{2000}`',
      'packageRules[1].matchCurrentVersion: invalid pattern "/(?=1)/": error parsing regexp: invalid or unsupported Perl syntax: `(?=` (look-around is not supported: patterns run on RE2)',
    ]);
    expect(packageRuleProblems(undefined)).toEqual([]);
  });
});
