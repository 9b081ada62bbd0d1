/**
 * Does a package rule match a dep? Every `match*` condition the rule has must hold (AND); within one
 * list, entries combine with Renovate's list semantics (string-match.ts); a rule without conditions
 * matches every dep. A condition on something the dep does not have (no `depType`, no update type
 * yet) does not hold.
 *
 * Rules are compiled once per config — patterns parsed, regexes and globs built — so matching a dep is
 * a handful of set lookups and linear-time RE2 tests. The cheapest conditions are tested first; the
 * order cannot change a result (all must hold).
 */
import semver from 'semver';
import { defaultVersioning } from '../meta/datasources.js';
import { InputError } from '../util/errors.js';
import { getVersioning } from '../versioning/registry.js';
import type { VersioningApi } from '../versioning/types.js';
import { optionShape, type Options, type PackageRule, type UpdateTypeName } from './schema.js';
import { compilePattern, compilePatternList, isRegexPattern, type StringPredicate } from './string-match.js';

/** What a rule is matched against: the dep, where it is updated, and (once known) the update. */
export interface RuleInput {
  manager: string;
  datasource?: string;
  depName: string;
  /** Tested by `matchPackageNames`; the dep name stands in when absent. */
  packageName?: string;
  depType?: string;
  /** Repository-relative path of the file the dep is in. */
  file: string;
  currentValue?: string;
  /** The version the current value stands for, when the lookup knows it (for ranges). */
  currentVersion?: string;
  baseBranch?: string;
  updateType?: UpdateTypeName;
  /** The versioning scheme in force for the dep at this rule (a rule earlier in the list may set it). */
  versioning?: string;
}

export interface CompiledRule {
  index: number;
  /** `packageRules[3]`: where the rule stands, for errors, `explain` and option sources. */
  key: string;
  description?: string;
  /** The options the rule sets: the rule without its conditions and description. */
  options: Partial<Options>;
  /** The keys of `options`. */
  optionKeys: ReadonlyArray<keyof Options>;
  /** True when the rule has `matchUpdateTypes`, so it cannot match before the lookup. */
  needsUpdateType: boolean;
  matches(input: RuleInput): boolean;
  /** The conditions on the dep alone (manager, datasource, names, type, file, value): the same for every update of it. */
  matchesDep(input: RuleInput): boolean;
  /** The conditions on the update and the moment: update type, base branch, current version (versioning may change). */
  matchesUpdate(input: RuleInput): boolean;
}

type Test = (input: RuleInput) => boolean;

const OPTION_KEYS = new Set(Object.keys(optionShape));

/**
 * Compile one rule; throws an `InputError` naming the key (`packageRules[2].matchPackageNames[1]`).
 * `versionAnswers` may be shared by the rules of one config: rules with the same `matchCurrentVersion`
 * then judge each value once.
 */
export function compilePackageRule(rule: PackageRule, index: number, versionAnswers = new Map<string, boolean>()): CompiledRule {
  const key = `packageRules[${index}]`;
  const depTests: Test[] = [];
  const updateTests: Test[] = [];
  const list = (name: keyof PackageRule): StringPredicate | undefined => {
    const value = rule[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw new InputError(`${key}.${name}: expected a list of strings`);
    return compilePatternList(value as string[], `${key}.${name}`);
  };

  if (rule.matchUpdateTypes !== undefined) {
    const types = new Set<string>(rule.matchUpdateTypes);
    updateTests.push((i) => i.updateType !== undefined && types.has(i.updateType));
  }
  const baseBranches = list('matchBaseBranches');
  if (baseBranches) updateTests.push((i) => i.baseBranch !== undefined && baseBranches(i.baseBranch));
  const managers = list('matchManagers');
  // Renovate names custom managers' deps `custom.<type>` in rules (the dep's manager is `regex`).
  if (managers) depTests.push((i) => managers(i.manager) || (i.manager === 'regex' && managers('custom.regex')));
  const datasources = list('matchDatasources');
  if (datasources) depTests.push((i) => i.datasource !== undefined && datasources(i.datasource));
  const depTypes = list('matchDepTypes');
  if (depTypes) depTests.push((i) => i.depType !== undefined && depTypes(i.depType));
  const fileNames = list('matchFileNames');
  if (fileNames) depTests.push((i) => fileNames(i.file));
  const depNames = list('matchDepNames');
  if (depNames) depTests.push((i) => depNames(i.depName));
  const packageNames = list('matchPackageNames');
  if (packageNames) depTests.push((i) => packageNames(i.packageName ?? i.depName));
  if (rule.matchCurrentValue !== undefined) {
    const value = compilePattern(rule.matchCurrentValue, `${key}.matchCurrentValue`);
    depTests.push((i) => Boolean(i.currentValue) && value(i.currentValue!)); // an empty value matches nothing (Renovate)
  }
  if (rule.matchCurrentVersion !== undefined) updateTests.push(compileCurrentVersion(rule.matchCurrentVersion, `${key}.matchCurrentVersion`, versionAnswers));

  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rule)) if (OPTION_KEYS.has(name) && value !== undefined) options[name] = value;
  const compiled: CompiledRule = {
    index,
    key,
    options: options as Partial<Options>,
    optionKeys: Object.keys(options) as Array<keyof Options>,
    needsUpdateType: rule.matchUpdateTypes !== undefined,
    matches: (input) => all(depTests, input) && all(updateTests, input),
    matchesDep: (input) => all(depTests, input),
    matchesUpdate: (input) => all(updateTests, input),
  };
  const description = Array.isArray(rule.description) ? rule.description.join(' ') : rule.description;
  if (description) compiled.description = description;
  return compiled;
}

function all(tests: readonly Test[], input: RuleInput): boolean {
  for (const test of tests) if (!test(input)) return false;
  return true;
}

export function compilePackageRules(rules: readonly PackageRule[] | undefined): CompiledRule[] {
  const versionAnswers = new Map<string, boolean>();
  return (rules ?? []).map((rule, index) => compilePackageRule(rule, index, versionAnswers));
}

/** Every pattern problem in the rules, one line each naming the key (for `upkeep validate`). */
export function packageRuleProblems(rules: readonly PackageRule[] | undefined): string[] {
  const problems: string[] = [];
  (rules ?? []).forEach((rule, index) => {
    // Compile condition by condition, so one bad pattern does not hide the next.
    for (const name of Object.keys(rule).filter((k) => k.startsWith('match'))) {
      try {
        compilePackageRule({ [name]: rule[name as keyof PackageRule] } as PackageRule, index);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
  });
  return problems;
}

/** One-off check (compiles the rule on every call; resolvers compile once). */
export function ruleMatches(rule: PackageRule, input: RuleInput): boolean {
  return compilePackageRule(rule, 0).matches(input);
}

/**
 * `matchCurrentVersion` as Renovate reads it: `/regex/` (or `!/regex/`) on the current version (else
 * the value); a version → the dep's value (a version or range) must admit it; a range → the current
 * version must satisfy it, by the dep's versioning scheme. Schemes without ranges (docker, semver,
 * loose, regex) would only ever compare for equality, so there — as `allowedVersions` does — a range
 * is read as an npm range on the version's numbers: `<2.0.0` works for image tags too.
 */
function compileCurrentVersion(wanted: string, key: string, memo: Map<string, boolean>): Test {
  if (typeof wanted !== 'string') throw new InputError(`${key}: expected a string`);
  if (isRegexPattern(wanted)) {
    const test = compilePattern(wanted, key);
    return (i) => {
      const version = i.currentVersion ?? i.currentValue;
      return version !== undefined && test(version);
    };
  }
  const valid = semver.validRange(wanted, { loose: true });
  const npmRange = valid === null ? null : new semver.Range(valid, { loose: true });
  // The answer depends on a few strings only, and deps share values: remember it (bounded).
  return (i) => {
    const id = `${wanted}\0${i.versioning}\0${i.datasource}\0${i.currentValue}\0${i.currentVersion}`;
    let answer = memo.get(id);
    if (answer === undefined) {
      answer = versionMatches(i);
      if (memo.size >= 50_000) memo.clear();
      memo.set(id, answer);
    }
    return answer;
  };
  function versionMatches(i: RuleInput): boolean {
    const api = versioningOf(i);
    if (!api) return false;
    const value = i.currentValue;
    if (api.isVersion(wanted)) return value !== undefined && api.isValid(value) && api.matches(wanted, value);
    const version = value !== undefined && api.isVersion(value) ? value : i.currentVersion;
    if (version === undefined || !api.isVersion(version)) return false;
    if (api.isValid(wanted)) return api.matches(version, wanted);
    if (npmRange === null) return false;
    const numbers = semver.coerce(api.valueToVersion?.(version) ?? version);
    return numbers !== null && npmRange.test(numbers);
  }
}

function versioningOf(input: RuleInput): VersioningApi | undefined {
  try {
    return getVersioning(input.versioning ?? defaultVersioning(input.datasource));
  } catch {
    return undefined; // an unknown scheme is reported by validation and by the lookup; it matches nothing
  }
}
