/**
 * The first step of validating a repository config: every key Upkeep does not read is taken out, with
 * a warning saying why, before the schema checks what is left. Unknown keys are never fatal:
 * - Renovate's renamed options are read under their new name (as Renovate migrates them);
 * - `hostRules` is refused (credentials and hosts come from the operator, never from a repository);
 * - Renovate's global-only options are listed; Renovate options Upkeep does not act on are listed with
 *   why (compatibility.ts, the same data as README's compatibility section);
 * - anything else gets a "did you mean" suggestion.
 * A package rule that names a condition Upkeep cannot evaluate is dropped whole: without that condition
 * the rule would apply to more updates than it names (`automerge` for everything, say).
 */
import { MANAGER_IDS } from '../meta/managers.js';
import { statusOf, whyNotActedOn } from './compatibility.js';
import { joinPath } from './parse.js';
import {
  RENOVATE_GLOBAL_OPTIONS,
  RENOVATE_MANAGERS,
  RENOVATE_ONLY_UPDATE_TYPES,
  RENOVATE_OPTIONS,
  RENOVATE_RENAMES,
  RENOVATE_VALUE_RENAMES,
  type RenovateRename,
} from './renovate-options.js';
import { groupShape, packageRuleSchema, repoConfigSchema, UPDATE_TYPES } from './schema.js';

/** Where an object of options stands: the top level, a package rule, a manager's or update type's options, `group`. */
export type Level = 'top' | 'rule' | 'manager' | 'updateType' | 'group';

type Shape = { shape: Record<string, unknown> };
const keysOf = (schema: unknown): ReadonlySet<string> => new Set(Object.keys((schema as Shape).shape));
const nested = (key: string): unknown => (repoConfigSchema.shape as Record<string, { unwrap(): unknown }>)[key]!.unwrap();

export const KNOWN_KEYS: Readonly<Record<Level, ReadonlySet<string>>> = {
  top: keysOf(repoConfigSchema),
  rule: keysOf(packageRuleSchema),
  manager: keysOf(nested(MANAGER_IDS[0]!)),
  updateType: keysOf(nested(UPDATE_TYPES[0])),
  group: new Set(Object.keys(groupShape)),
};

/** Where each kind of object stands, for "read only …" in the warning. */
const PLACES: Readonly<Record<Level, string>> = {
  top: 'at the top level',
  rule: 'in packageRules',
  manager: "in a manager's options",
  updateType: "in an update type's options",
  group: 'in group',
};

const RENAMES: ReadonlyMap<string, RenovateRename> = new Map(RENOVATE_RENAMES.map((r) => [r.from, r]));
const GLOBAL = new Set(RENOVATE_GLOBAL_OPTIONS);
const RENOVATE = new Set([...RENOVATE_OPTIONS, ...RENOVATE_MANAGERS, ...RENOVATE_RENAMES.map((r) => r.from)]);
const MANAGERS: ReadonlySet<string> = new Set(MANAGER_IDS);
const UPDATE_TYPE_SET: ReadonlySet<string> = new Set(UPDATE_TYPES);
const LIST_OPTIONS = new Set([
  'matchPackageNames',
  'matchDepNames',
  'matchFileNames',
  'matchManagers',
  'matchDatasources',
  'matchDepTypes',
  'matchUpdateTypes',
  'matchBaseBranches',
  'baseBranches',
]);
const ALL_NAMES = [...new Set([...KNOWN_KEYS.top, ...KNOWN_KEYS.rule, ...KNOWN_KEYS.manager, ...RENOVATE])];

export interface KeyNote {
  path: string;
  message: string;
}

/** What cleaning found, for the caller to turn into warnings. */
export interface CleanReport {
  notes: KeyNote[];
  /**
   * Renovate options Upkeep does not act on, each with why: `path (why)`, the paths of one option together
   * (`packageRules[1].prPriority, packageRules[4].prPriority (why)`), in the order first met.
   */
  notActedOn: string[];
  /** Options only the operator may set (paths). */
  globalOnly: string[];
  /** For each rule kept, its index in the file (rules dropped shift the others). */
  ruleIndex: number[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A copy of `value` (a parsed config object) with the keys Upkeep does not read taken out. */
export function cleanKeys(value: Record<string, unknown>): { config: Record<string, unknown>; report: CleanReport } {
  const report: CleanReport = { notes: [], notActedOn: [], globalOnly: [], ruleIndex: [] };
  const notActed: NotActed[] = [];
  const config = structuredClone(value);
  cleanObject(config, 'top', '', report, notActed);
  const rules = config.packageRules;
  if (Array.isArray(rules)) {
    const kept: unknown[] = [];
    rules.forEach((rule, index) => {
      const path = joinPath('packageRules', index);
      const skip = isPlainObject(rule) ? cleanObject(rule, 'rule', path, report, notActed) : undefined;
      if (skip) report.notes.push({ path, message: `rule ignored: ${skip}` });
      else {
        kept.push(rule);
        report.ruleIndex.push(index);
      }
    });
    config.packageRules = kept;
  }
  for (const key of Object.keys(config)) {
    const child = config[key];
    if (!isPlainObject(child)) continue;
    if (MANAGERS.has(key)) cleanObject(child, 'manager', key, report, notActed);
    else if (UPDATE_TYPE_SET.has(key)) cleanObject(child, 'updateType', key, report, notActed);
  }
  report.notActedOn = describeNotActed(notActed);
  return { config, report };
}

/** A Renovate option found where Upkeep does not act on it. */
interface NotActed {
  path: string;
  option: string;
  why: string;
}

/** One entry per option: its paths, then why. */
function describeNotActed(found: readonly NotActed[]): string[] {
  const byOption = new Map<string, { paths: string[]; why: string }>();
  for (const { path, option, why } of found) {
    const entry = byOption.get(`${option}\0${why}`) ?? { paths: [], why };
    entry.paths.push(path);
    byOption.set(`${option}\0${why}`, entry);
  }
  return [...byOption.values()].map(({ paths, why }) => `${paths.join(', ')} (${why})`);
}

/** Why `key` is not acted on at `level`: the compatibility data's reason, or where Upkeep does read it. */
function whyHere(key: string, level: Level): string {
  if (statusOf(key)?.status !== 'acted') return whyNotActedOn(key);
  if (level === 'group') return `in group, Upkeep reads only ${[...KNOWN_KEYS.group].join(', ')}`;
  const places = (Object.keys(KNOWN_KEYS) as Level[]).filter((l) => KNOWN_KEYS[l].has(key)).map((l) => PLACES[l]);
  return places.length > 0 ? `read only ${places.join(' and ')}` : whyNotActedOn(key);
}

/** Cleans one object in place; for a package rule, returns why the whole rule must be dropped. */
function cleanObject(obj: Record<string, unknown>, level: Level, path: string, report: CleanReport, notActed: NotActed[]): string | undefined {
  const known = KNOWN_KEYS[level];
  let skip: string | undefined;
  for (const key of Object.keys(obj)) {
    const rename = RENAMES.get(key);
    if (!known.has(key) && rename && known.has(rename.to)) applyRename(obj, key, rename, joinPath(path, key), report);
  }
  for (const key of Object.keys(obj)) {
    const keyPath = joinPath(path, key);
    const isCondition = level === 'rule' && /^(match|exclude)/.test(key);
    // Read later by presets.ts though the schema has no place for them: presets named inside rules and
    // option objects (as Renovate allows), and the presets to leave out.
    if ((key === 'extends' && level !== 'top' && level !== 'group') || (key === 'ignorePresets' && level === 'top')) continue;
    if (known.has(key)) {
      migrateValue(obj, key, keyPath, report);
      if (level === 'rule' && key === 'matchUpdateTypes') skip ??= dropRenovateOnlyUpdateTypes(obj, keyPath, report);
      const value = obj[key];
      if (key === 'group' && isPlainObject(value)) cleanObject(value, 'group', keyPath, report, notActed);
      continue;
    }
    delete obj[key];
    if (key === 'description') {
      // Renovate allows a description in any object; it documents, it configures nothing.
    } else if (key === 'hostRules') {
      report.notes.push({
        path: keyPath,
        message: "ignored: hosts and credentials come from the operator's config (UPKEEP_HOST_RULES / --config), never from a repository",
      });
    } else if (GLOBAL.has(key)) {
      report.globalOnly.push(keyPath);
    } else if (RENOVATE.has(key)) {
      if (isCondition) skip ??= `Upkeep cannot evaluate ${key} (acting on the rest would apply the rule to more updates than it names)`;
      else notActed.push({ path: keyPath, option: key, why: whyHere(key, level) });
    } else {
      const suggestion = didYouMean(key, [...known], ALL_NAMES);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      if (isCondition) skip ??= `unknown condition "${key}"${hint}: acting on the rest would apply the rule to more updates than it names`;
      else report.notes.push({ path: keyPath, message: `unknown option, ignored${hint}` });
    }
  }
  return skip;
}

function applyRename(obj: Record<string, unknown>, key: string, rename: RenovateRename, path: string, report: CleanReport): void {
  const old = obj[key];
  delete obj[key];
  const converted = convert(rename, old);
  if (converted === undefined) {
    report.notes.push({ path, message: `Renovate's old option (now ${rename.to}); this value changes nothing, ignored` });
    return;
  }
  if (LIST_OPTIONS.has(rename.to)) {
    const current = obj[rename.to];
    const list = Array.isArray(converted) ? converted : [converted];
    obj[rename.to] = current === undefined ? list : [...(Array.isArray(current) ? current : [current]), ...list];
  } else if (obj[rename.to] === undefined) {
    obj[rename.to] = converted;
  } else {
    report.notes.push({ path, message: `Renovate's old name for ${rename.to}, which is also set: ignored` });
    return;
  }
  report.notes.push({ path, message: `Renovate's old name: read as "${rename.to}": ${JSON.stringify(converted)} (write that instead)` });
}

/** The old value in the new option's terms; undefined when it has no effect. Odd values pass as they are (the schema reports them). */
function convert(rename: RenovateRename, old: unknown): unknown {
  const each = (f: (s: string) => string) => (Array.isArray(old) ? old : [old]).map((v) => (typeof v === 'string' ? f(v) : v));
  switch (rename.kind) {
    case 'same':
      return old;
    case 'regex':
      return each((s) => (s === '*' || s === '.*' ? '*' : `/${s}/`));
    case 'prefix':
      return each((s) => `/^${escapeRegex(s)}/`);
    case 'not':
      return each((s) => `!${s}`);
    case 'not-regex':
      return each((s) => `!/${s}/`);
    case 'not-prefix':
      return each((s) => `!/^${escapeRegex(s)}/`);
    case 'days':
      return typeof old === 'number' ? (old > 0 ? `${old} day${old === 1 ? '' : 's'}` : null) : old;
    case 'values':
      return rename.values?.[String(old)];
  }
}

function migrateValue(obj: Record<string, unknown>, key: string, path: string, report: CleanReport): void {
  const map = RENOVATE_VALUE_RENAMES[key];
  const value = obj[key];
  const replacement = map?.[String(value)];
  if (replacement === undefined || typeof value === 'object') return;
  obj[key] = replacement;
  report.notes.push({ path, message: `Renovate's old value ${JSON.stringify(value)}: read as ${JSON.stringify(replacement)} (write that instead)` });
}

/** Takes out update types only Renovate makes; a rule left with none would match every update, so it is dropped. */
function dropRenovateOnlyUpdateTypes(obj: Record<string, unknown>, path: string, report: CleanReport): string | undefined {
  const types = obj.matchUpdateTypes;
  if (!Array.isArray(types)) return undefined;
  const renovateOnly = types.filter((t) => RENOVATE_ONLY_UPDATE_TYPES.includes(t as string));
  if (renovateOnly.length === 0) return undefined;
  const rest = types.filter((t) => !renovateOnly.includes(t));
  obj.matchUpdateTypes = rest;
  if (rest.length === 0) return `it matches only update types Upkeep never makes (${renovateOnly.join(', ')})`;
  report.notes.push({ path, message: `Upkeep never makes ${renovateOnly.join(', ')} updates: left out` });
  return undefined;
}

/** The closest name: same letters in another case, or a few typing mistakes away. Preferred names first. */
export function didYouMean(word: string, preferred: readonly string[], others: readonly string[] = []): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 4)));
  let best: { name: string; distance: number } | undefined;
  for (const name of [...preferred, ...others]) {
    const distance = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase(), limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Optimal-string-alignment distance (a swap of two letters counts once), giving up past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // One flat table, (a.length + 1) × (b.length + 1), read through `at` (cells outside it are 0).
  const width = b.length + 1;
  const d = new Array<number>((a.length + 1) * width).fill(0);
  const at = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * width + j] = v;
    }
  }
  return at(a.length, b.length);
}
