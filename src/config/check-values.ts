/**
 * The checks a schema cannot make on a repository config, each made with the same code that will run
 * the value, so `upkeep validate` and a run agree: patterns (every one on RE2, `util/user-regex.ts`), schedules,
 * versioning, time zone, ages, manager and datasource names, custom managers, and custom datasources (their
 * templates, and JSONata expressions parsed by the parser a run uses).
 */
import { compileFileMatch, compilePattern as compilePathPattern } from './file-patterns.js';
import { parseAge } from '../util/age.js';
import { validateSchedule, validateTimezone } from '../schedule/schedule.js';
import { compileRegexLiteral, compileUserRegex, parseRegexLiteral, userRegexProblem } from '../util/user-regex.js';
import { templateProblem } from '../util/templates.js';
import { getVersioning } from '../versioning/registry.js';
import { isProven, noteProven } from '../util/proven.js';
import { didYouMean } from './clean-keys.js';
import { CUSTOM_REGEX_NAMES, MANAGER_IDS } from '../meta/managers.js';
import { joinPath } from './parse.js';
import { RENOVATE_MANAGERS } from './renovate-options.js';
import { DATASOURCE_IDS } from '../meta/datasources.js';
import {
  customDatasourceSchema,
  customManagerSchema,
  UPDATE_TYPES,
  type CustomDatasourceConfig,
  type CustomManagerConfig,
  type PackageRule,
  type RepoConfig,
} from './schema.js';
import { parsePattern } from './string-match.js';
import type jsonataModule from 'jsonata';
import { onDemand } from '../util/on-demand.js';
import { createTemplateEngine } from '../util/templates.js';

const jsonata = onDemand<typeof jsonataModule>('jsonata');

/** Receives one problem: `key` is the full key path. */
export type Report = (severity: 'error' | 'warning', key: string | undefined, message: string) => void;

const UPKEEP_MANAGERS: readonly string[] = MANAGER_IDS;
/** Manager names `enabledManagers` and `matchManagers` take: Upkeep's, and Renovate's names for custom managers. */
const KNOWN_MANAGER_NAMES: readonly string[] = [...MANAGER_IDS, ...CUSTOM_REGEX_NAMES];
const OPTION_HOLDERS: readonly string[] = [...MANAGER_IDS, ...UPDATE_TYPES];

/** `filePath` turns a path in `config` into the key path as written in the file. */
export function checkValues(config: RepoConfig, report: Report, filePath: (path: ReadonlyArray<PropertyKey>) => string): void {
  const record = config as Record<string, unknown>;
  checkOptions(record, '', report);
  for (const key of OPTION_HOLDERS) {
    const holder = record[key] as Record<string, unknown> | undefined;
    if (!holder) continue;
    checkOptions(holder, key, report);
    for (const [i, pattern] of ((holder.fileMatch as string[] | undefined) ?? []).entries()) {
      // File patterns run on RE2 (config/file-patterns.ts): compiling them is the whole check.
      checkWith(joinPath(joinPath(key, 'fileMatch'), i), report, (k) => compileFileMatch(pattern, k));
    }
    for (const [i, pattern] of ((holder.managerFilePatterns as string[] | undefined) ?? []).entries()) {
      checkWith(joinPath(joinPath(key, 'managerFilePatterns'), i), report, (k) => compilePathPattern(pattern, k));
    }
  }
  checkPatternList(config.baseBranches, 'baseBranches', report);
  checkPatternList(config.ignorePaths, 'ignorePaths', report);
  // Compiled by the publisher (publish/branch-world.ts) only when a bot branch has commits to judge.
  checkPatternList(config.gitIgnoredAuthors, 'gitIgnoredAuthors', report);
  checkNames(config.enabledManagers, 'enabledManagers', UPKEEP_MANAGERS, report, true);
  for (const [i, entry] of (config.customManagers ?? []).entries()) checkCustomManager(entry, `customManagers[${i}]`, report, false);
  for (const [i, entry] of (config.regexManagers ?? []).entries()) checkCustomManager(entry, `regexManagers[${i}]`, report, true);
  for (const [name, entry] of Object.entries(config.customDatasources ?? {})) checkCustomDatasource(entry, joinPath('customDatasources', name), report);
  if (config.regexManagers !== undefined) {
    report('warning', 'regexManagers', 'Renovate\'s old name: read as "customManagers", each entry with customType "regex" (write that instead)');
  }
  for (const [i, rule] of (config.packageRules ?? []).entries()) {
    const path = filePath(['packageRules', i]);
    checkOptions(rule as Record<string, unknown>, path, report);
    checkRule(rule, path, report);
  }
}

const CUSTOM_KEYS: ReadonlySet<string> = new Set(Object.keys(customManagerSchema.shape));

/**
 * One custom manager: its type, file patterns, match strings (RE2, compiled as a run compiles them) and
 * templates, and that every field a dep needs comes from a named group of some match string or a template.
 */
function checkCustomManager(entry: CustomManagerConfig, path: string, report: Report, old: boolean): void {
  for (const key of Object.keys(entry))
    if (!CUSTOM_KEYS.has(key)) report('warning', joinPath(path, key), `unknown option of a custom manager, ignored${hintFor(key, [...CUSTOM_KEYS])}`);
  if (entry.customType === 'jsonata') {
    report('warning', joinPath(path, 'customType'), 'jsonata custom managers are not read (Upkeep reads regex ones): this one finds nothing');
    return;
  }
  if (entry.customType === undefined && !old) report('warning', path, 'no customType: read as "regex" (write customType: "regex")');
  const patterns = [...(entry.managerFilePatterns ?? []), ...(entry.fileMatch ?? [])];
  if (patterns.length === 0) report('error', joinPath(path, 'managerFilePatterns'), 'a custom manager needs file patterns (managerFilePatterns or fileMatch)');
  for (const [i, pattern] of (entry.fileMatch ?? []).entries())
    checkWith(joinPath(joinPath(path, 'fileMatch'), i), report, (k) => compileFileMatch(pattern, k));
  for (const [i, pattern] of (entry.managerFilePatterns ?? []).entries()) {
    checkWith(joinPath(joinPath(path, 'managerFilePatterns'), i), report, (k) => compilePathPattern(pattern, k));
  }
  if (entry.matchStrings.length === 0) report('error', joinPath(path, 'matchStrings'), 'a custom manager needs at least one match string');
  const groups = new Set<string>();
  let compiled = true;
  for (const [i, source] of entry.matchStrings.entries()) {
    // As a run compiles them (managers/custom/match-strategies.ts): RE2, the `g` flag only.
    const key = joinPath(joinPath(path, 'matchStrings'), i);
    checkWith(key, report, (k) => compileUserRegex(source, 'g', k, '').groupNames.forEach((g) => groups.add(g)));
    compiled &&= userRegexProblem(source, 'g', key, '') === undefined;
  }
  const templates = entry as Record<string, unknown>;
  for (const key of [...CUSTOM_KEYS].filter((k) => k.endsWith('Template'))) {
    const template = templates[key];
    const problem = typeof template === 'string' ? templateProblem(template) : undefined;
    if (problem) report('error', joinPath(path, key), `bad template: ${problem}`);
  }
  const has = (field: string) => groups.has(field) || typeof templates[`${field}Template`] === 'string';
  const missing = [
    !has('depName') && !has('packageName') ? 'depName' : undefined,
    !has('currentValue') && !has('currentDigest') ? 'currentValue' : undefined,
    !has('datasource') ? 'datasource' : undefined,
  ].filter((m): m is string => m !== undefined);
  if (compiled && entry.matchStrings.length > 0 && missing.length > 0) {
    const first = missing[0]!;
    report(
      'error',
      joinPath(path, 'matchStrings'),
      `no named group or template gives ${missing.join(', ')}: add a group such as (?<${first}>…) or a ${first}Template`,
    );
  }
}

const DATASOURCE_KEYS: ReadonlySet<string> = new Set(Object.keys(customDatasourceSchema.shape));
/** What templates of a custom datasource are rendered with to be checked (a run renders the dep's). */
const SAMPLE_FIELDS = { packageName: 'example/package', currentValue: '1.0.0' };

/**
 * One custom datasource: its keys, its URL template (a template that parses; a scheme other than http(s)
 * is never asked), and each transform — a template, then a JSONata expression that parses, whose regular
 * expressions RE2 can run (as datasources/custom/ evaluates them).
 */
function checkCustomDatasource(entry: CustomDatasourceConfig, path: string, report: Report): void {
  for (const key of Object.keys(entry))
    if (!DATASOURCE_KEYS.has(key))
      report('warning', joinPath(path, key), `unknown option of a custom datasource, ignored${hintFor(key, [...DATASOURCE_KEYS])}`);
  if (entry.format === 'toml') report('warning', joinPath(path, 'format'), 'toml answers are not read by Upkeep: deps of this datasource are not updated');
  const engine = createTemplateEngine();
  const rendered = (template: string, key: string): string | undefined => {
    const problem = templateProblem(template);
    if (problem) report('error', key, `bad template: ${problem}`);
    return problem ? undefined : engine.render(template, SAMPLE_FIELDS, key);
  };
  if (entry.defaultRegistryUrlTemplate !== undefined) {
    const key = joinPath(path, 'defaultRegistryUrlTemplate');
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(rendered(entry.defaultRegistryUrlTemplate, key)?.trim() ?? '')?.[1]?.toLowerCase();
    if (scheme && scheme !== 'http' && scheme !== 'https') report('error', key, `only http(s) URLs are read, not ${scheme}:`);
  }
  for (const [i, template] of (entry.transformTemplates ?? []).entries()) {
    const key = joinPath(joinPath(path, 'transformTemplates'), i);
    const expression = rendered(template, key);
    if (expression !== undefined) checkWith(key, report, (k) => checkJsonata(expression, k));
  }
}

/** Parses a JSONata expression and compiles its regular expressions on RE2; throws `key: problem`. */
function checkJsonata(expression: string, key: string): void {
  let ast: unknown;
  try {
    ast = jsonata()(expression).ast();
  } catch (err) {
    const e = err as { message?: string; position?: number };
    throw new Error(`${key}: not a JSONata expression: ${e.message ?? String(err)}${e.position ? ` (at character ${e.position})` : ''}`);
  }
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (node instanceof RegExp) {
      compileUserRegex(node.source, node.flags.replace(/g/g, ''), key, `/${node.source}/`);
      return;
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(ast);
}

function checkRule(rule: PackageRule, path: string, report: Report): void {
  for (const key of ['matchPackageNames', 'matchDepNames', 'matchFileNames', 'matchBaseBranches'] as const) {
    checkPatternList(rule[key], joinPath(path, key), report);
  }
  if (rule.matchCurrentValue !== undefined) checkWith(joinPath(path, 'matchCurrentValue'), report, (k) => parsePattern(rule.matchCurrentValue!, k));
  // A version range is checked against the dep's versioning when it runs; a /regex/ can be checked now.
  const version = rule.matchCurrentVersion;
  if (version !== undefined && /^!?\//.test(version)) checkWith(joinPath(path, 'matchCurrentVersion'), report, (k) => parsePattern(version, k));
  checkNames(rule.matchManagers, joinPath(path, 'matchManagers'), UPKEEP_MANAGERS, report, false);
  checkNames(rule.matchDatasources, joinPath(path, 'matchDatasources'), DATASOURCE_IDS, report, false);
}

function checkOptions(options: Record<string, unknown>, path: string, report: Report): void {
  const versioning = options.versioning;
  // A versioning the build proved (util/proven.ts) is not built again just to be checked.
  if (typeof versioning === 'string' && !isProven(`versioning:${versioning}`)) {
    try {
      getVersioning(versioning);
      noteProven(`versioning:${versioning}`);
    } catch (err) {
      const key = joinPath(path, 'versioning');
      if (versioning.startsWith('regex:')) report('error', key, (err as Error).message);
      else
        report(
          'warning',
          key,
          `Upkeep has no versioning "${versioning}"${hintFor(versioning, ['docker', 'semver', 'loose', 'helm', 'npm'])}: the deps it applies to are not updated`,
        );
    }
  }
  if (typeof options.timezone === 'string') {
    const problem = validateTimezone(options.timezone, joinPath(path, 'timezone'));
    if (problem) reportMessage(report, problem);
  }
  for (const key of ['schedule', 'automergeSchedule'] as const) {
    const entries = options[key] as string[] | string | undefined;
    if (entries !== undefined) for (const problem of validateSchedule(entries, joinPath(path, key))) reportMessage(report, problem);
  }
  if (typeof options.minimumReleaseAge === 'string') {
    const age = options.minimumReleaseAge;
    checkWith(joinPath(path, 'minimumReleaseAge'), report, () => parseAge(age));
  }
  const extractVersion = options.extractVersion;
  if (typeof extractVersion === 'string') {
    checkWith(joinPath(path, 'extractVersion'), report, (k) => {
      if (!compileUserRegex(extractVersion, '', k, '').groupNames.includes('version'))
        throw new Error(`${k}: needs a named group "version", e.g. ^v(?<version>.+)$`);
    });
  }
  const allowed = options.allowedVersions;
  const literal = typeof allowed === 'string' ? parseRegexLiteral(allowed.trim()) : undefined;
  if (literal) checkWith(joinPath(path, 'allowedVersions'), report, (k) => compileRegexLiteral(literal, k));
}

function hintFor(word: string, names: readonly string[]): string {
  const suggestion = didYouMean(word, names);
  return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

/** What a rule with an unknown name in `matchManagers` probably meant: a datasource of that name, managers like it. */
function managerHint(name: string): string {
  const options: string[] = [];
  if ((DATASOURCE_IDS as readonly string[]).includes(name)) options.push(`matchDatasources: ["${name}"]`);
  const stem = name
    .replace(/[^a-z]/gi, '')
    .slice(0, 4)
    .toLowerCase();
  const alike = UPKEEP_MANAGERS.filter((m) => stem.length >= 3 && m.includes(stem));
  const suggestion = didYouMean(name, UPKEEP_MANAGERS);
  if (suggestion && !alike.includes(suggestion)) alike.unshift(suggestion);
  if (name === 'docker') alike.push(...['kubernetes', 'flux'].filter((m) => !alike.includes(m)));
  if (alike.length) options.push(`the manager${alike.length > 1 ? 's' : ''} ${alike.map((m) => `"${m}"`).join(', ')}`);
  return options.length ? ` (did you mean ${options.join(', or ')}?)` : '';
}

/**
 * Manager or datasource names. A name Renovate has but Upkeep does not is fine in a condition (it never
 * matches); in `enabledManagers` it is a warning. An unknown manager name in a condition is a warning that
 * says what the rule probably meant — Renovate accepts the config and the rule matches nothing, so Upkeep
 * runs it too. Anywhere else an unknown name is a typo: an error.
 */
function checkNames(names: readonly string[] | undefined, path: string, known: readonly string[], report: Report, listOfManagers: boolean): void {
  const renovate: readonly string[] = known === UPKEEP_MANAGERS ? RENOVATE_MANAGERS : [];
  for (const [i, name] of (names ?? []).entries()) {
    if (known.includes(name) || (known === UPKEEP_MANAGERS && KNOWN_MANAGER_NAMES.includes(name))) continue;
    const key = joinPath(path, i);
    if (renovate.includes(name)) {
      if (listOfManagers) report('warning', key, `Upkeep has no "${name}" manager (it has ${known.join(', ')})`);
    } else if (known === UPKEEP_MANAGERS && !listOfManagers) {
      report('warning', key, `"${name}" is not a manager: this rule matches nothing${managerHint(name)}`);
    } else if (known === UPKEEP_MANAGERS || didYouMean(name, known)) {
      report('error', key, `"${name}" is not a ${known === UPKEEP_MANAGERS ? 'manager' : 'datasource'}${hintFor(name, known)}`);
    }
  }
}

function checkPatternList(patterns: readonly string[] | undefined, path: string, report: Report): void {
  for (const [i, pattern] of (patterns ?? []).entries()) checkWith(joinPath(path, i), report, (k) => parsePattern(pattern, k));
}

/** Runs the check a run would make (`check(key)` throws an error whose message starts with `key: `). */
function checkWith(key: string, report: Report, check: (key: string) => unknown): void {
  try {
    check(key);
  } catch (err) {
    reportMessage(report, (err as Error).message, key);
  }
}

/**
 * A `key: problem` line from another module as a problem of ours. Its key is kept when it is ours or
 * inside ours (`schedule[1]`); a module that names the option alone (`minimumReleaseAge`) gets ours.
 */
function reportMessage(report: Report, message: string, ourKey?: string): void {
  const m = /^([^\s:]+(?:\[\d+\])*): ([\s\S]*)$/.exec(message);
  if (!m) report('error', ourKey, message);
  else if (ourKey === undefined || m[1]!.startsWith(ourKey)) report('error', m[1], m[2]!);
  else report('error', ourKey, m[2]!);
}
