/**
 * Validating a repository config: keys Upkeep does not read are taken out with a warning (clean-keys.ts),
 * the rest is checked against the zod schema (types, allowed values), then the values the schema cannot
 * judge (check-values.ts: patterns, schedules, versioning, time zone, ages, manager names). Every
 * problem is one line that names the file, the line when known, and the key path:
 * `renovate.json:14: packageRules[2].matchUpdateTypes[0]: "mayor" is not one of major, minor, …`.
 */
import type { z } from 'zod';
import { checkValues, type Report } from './check-values.js';
import { cleanKeys } from './clean-keys.js';
import { MANAGER_IDS } from '../meta/managers.js';
import { joinPath, locateKeys } from './parse.js';
import type { ConfigProblem } from './problem.js';
import { repoConfigSchema, UPDATE_TYPES, type RepoConfig } from './schema.js';
import { listifyStrings } from './listify.js';

export { formatProblem, type ConfigProblem } from './problem.js';

export interface ValidationResult {
  /** The config with unread keys taken out; `{}` when there are errors (never act on a half-read config). */
  config: RepoConfig;
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

/**
 * Check a parsed config (`value`) from `file`. With the file's `content`, problems carry line numbers
 * and keys written twice are reported.
 */
export function validateRepoConfig(value: unknown, file: string, content?: string): ValidationResult {
  const result = validate(value, file, content);
  // In file order, as an editor shows them; problems of the whole file last.
  const byLine = (a: ConfigProblem, b: ConfigProblem) => (a.line ?? Infinity) - (b.line ?? Infinity);
  result.errors.sort(byLine);
  result.warnings.sort(byLine);
  return result;
}

function validate(value: unknown, file: string, content: string | undefined): ValidationResult {
  const result: ValidationResult = { config: {}, errors: [], warnings: [] };
  const locations = content !== undefined ? locateKeys(content) : undefined;
  const lineOf = (key: string | undefined): number | undefined => {
    // The key's own line, else its closest parent's (a key made from an old name has none of its own).
    for (let k = key ?? ''; k !== ''; k = parentPath(k)) {
      const line = locations?.lines.get(k);
      if (line !== undefined) return line;
    }
    return undefined;
  };
  const report: Report = (severity, key, message) => {
    const line = lineOf(key);
    (severity === 'error' ? result.errors : result.warnings).push({ file, ...(key ? { key } : {}), ...(line !== undefined ? { line } : {}), message });
  };

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report('error', undefined, `the config must be a JSON object, not ${describeType(value)}`);
    return result;
  }
  for (const dup of locations?.duplicates ?? []) {
    report('warning', dup.path, `written twice: the one on line ${dup.laterLine} wins, line ${dup.line} is ignored`);
  }

  const { config: cleaned, report: cleaning } = cleanKeys(value as Record<string, unknown>);
  for (const note of cleaning.notes) report('warning', note.path, note.message);
  if (cleaning.globalOnly.length > 0) {
    report('warning', undefined, `only the operator's config can set ${cleaning.globalOnly.join(', ')}: ignored here`);
  }
  if (cleaning.notActedOn.length > 0) report('warning', undefined, `Upkeep does not act on: ${cleaning.notActedOn.join(', ')}`);

  // Paths inside packageRules name the rule as written in the file, not its place after dropped rules.
  const filePath = (path: ReadonlyArray<PropertyKey>): string => {
    const parts = [...path];
    if (parts[0] === 'packageRules' && typeof parts[1] === 'number') parts[1] = cleaning.ruleIndex[parts[1]] ?? parts[1];
    return parts.reduce<string>((acc, p) => joinPath(acc, typeof p === 'number' ? p : String(p)), '');
  };

  const presetKeys = detachPresetKeys(cleaned);
  for (const { path, key, value: refs } of presetKeys) {
    if (typeof refs !== 'string' && !(Array.isArray(refs) && refs.every((r) => typeof r === 'string'))) {
      report('error', joinPath(filePath(path), key), `expected a preset name or a list of them, not ${describeType(refs)}`);
    }
  }
  listifyStrings(cleaned);
  const parsed = repoConfigSchema.safeParse(cleaned, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { path, message } = describeIssue(issue);
      report('error', filePath(path) || undefined, message);
    }
    // Every problem at once: the values the schema could not judge are checked on what remains once the
    // keys it refused are taken out (a bad time zone shows beside nine type errors, not after them).
    const rest = withoutRefused(cleaned, parsed.error.issues);
    if (rest) checkValues(rest, report, filePath);
    return result;
  }
  checkValues(parsed.data, report, filePath);
  if (result.errors.length > 0) return result;
  for (const { path, key, value: refs } of presetKeys) {
    const holder = path.reduce<Record<PropertyKey, unknown>>((obj, p) => obj[p] as Record<PropertyKey, unknown>, parsed.data);
    holder[key] = refs;
  }
  result.config = parsed.data;
  return result;
}

const OPTION_HOLDERS: readonly string[] = [...MANAGER_IDS, ...UPDATE_TYPES];

/**
 * Takes out what presets.ts reads but the schema has no place for — `extends` in rules and option
 * objects (Renovate allows presets there) and the top-level `ignorePresets` — to put it back after
 * validation.
 */
function detachPresetKeys(config: Record<string, unknown>): Array<{ path: PropertyKey[]; key: string; value: unknown }> {
  const found: Array<{ path: PropertyKey[]; key: string; value: unknown }> = [];
  const take = (obj: unknown, path: PropertyKey[], key: string) => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || !(key in obj)) return;
    const record = obj as Record<string, unknown>;
    found.push({ path, key, value: record[key] });
    delete record[key];
  };
  take(config, [], 'ignorePresets');
  if (Array.isArray(config.packageRules)) config.packageRules.forEach((rule, i) => take(rule, ['packageRules', i], 'extends'));
  for (const key of OPTION_HOLDERS) take(config[key], [key], 'extends');
  return found;
}

/**
 * `config` without the keys the schema refused (the option itself: `timezone`, `packageRules[2].groupName`,
 * `docker.pinDigests`), parsed again; undefined when it still does not parse.
 */
function withoutRefused(config: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): RepoConfig | undefined {
  let copy = structuredClone(config);
  let pending = issues;
  for (let round = 0; round < 5; round++) {
    for (const issue of pending) {
      const [first, second, third] = issue.path;
      const top = copy as Record<PropertyKey, unknown>;
      const nested = (holder: unknown, key: PropertyKey | undefined) => {
        if (key !== undefined && typeof holder === 'object' && holder !== null) delete (holder as Record<PropertyKey, unknown>)[key];
        else if (first !== undefined) delete top[first];
      };
      if (first === 'packageRules' && typeof second === 'number') nested((top.packageRules as unknown[] | undefined)?.[second], third);
      else if (typeof first === 'string' && OPTION_HOLDERS.includes(first)) nested(top[first], second);
      else if (first !== undefined) delete top[first];
      else return undefined;
    }
    const again = repoConfigSchema.safeParse(copy);
    if (again.success) return again.data;
    pending = again.error.issues;
    copy = structuredClone(copy);
  }
  return undefined;
}

/** `a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``. */
function parentPath(path: string): string {
  return path.replace(/(^|\.)[^.[\]]+$|\[\d+\]$/, '');
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A value as it appears in the file, shortened. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_NAMES: Record<string, string> = { int: 'a whole number', array: 'a list', object: 'an object', record: 'an object' };

/** One issue of zod's as a readable message and the path it concerns. */
function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  const path = [...issue.path];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_value':
      return { path, message: `${show(input)} is not one of ${issue.values.map((v) => String(v)).join(', ')}` };
    case 'invalid_type':
      return {
        path,
        message: `expected ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`}, not ${describeType(input)}${typeof input === 'object' ? '' : ` ${show(input)}`}`,
      };
    case 'too_small':
      return { path, message: `${show(input)} is too small (at least ${String(issue.minimum)})` };
    case 'invalid_union': {
      // `"schedule": ["x", 1]`: the list branch went deeper; report its own problem.
      const deeper = issue.errors.filter((branch) => branch.some((i) => i.path.length > 0 || i.code !== 'invalid_type'));
      if (deeper.length === 1) {
        const inner = describeIssue(deeper[0]![0]!);
        return { path: [...path, ...inner.path], message: inner.message };
      }
      const expected = issue.errors.flatMap((branch) =>
        branch.map((i) => (i.code === 'invalid_type' ? (TYPE_NAMES[i.expected] ?? `a ${i.expected}`) : undefined)),
      );
      return { path, message: `expected ${[...new Set(expected.filter(Boolean))].join(' or ')}, not ${describeType(input)} ${show(input)}` };
    }
    default:
      return { path, message: issue.message };
  }
}
