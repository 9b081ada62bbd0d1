/**
 * A preset's settings checked like a repository config (built-in presets, and presets read from
 * repositories): what Upkeep does not act on is taken out and said, conditions it cannot evaluate are
 * named. Pure functions of the preset's content: the build checks every built-in preset once
 * (builtin-checked.ts) and a run reuses what it found.
 */
import { KNOWN_KEYS } from './clean-keys.js';
import { RENOVATE_RENAMES } from './renovate-options.js';
import { formatProblem, validateRepoConfig, type ConfigProblem } from './validate.js';

type Obj = Record<string, unknown>;

/** Keys that document a preset rather than configure anything. */
const DOC_KEYS = ['description', '$schema'];

/** A built-in preset as a run applies it. */
export interface CheckedBuiltin {
  content: Obj;
  /** What of it Upkeep does not act on, in a few words each. */
  notes: string[];
  /** Rule conditions Upkeep cannot evaluate (`matchSourceUrls`). */
  conditions: string[];
  /** The first value Upkeep's schema refuses: the preset sets nothing. */
  error?: string;
}

/** Renovate's old condition names Upkeep reads under a new one. */
const RENAMED_CONDITIONS = new Set(RENOVATE_RENAMES.filter((r) => KNOWN_KEYS.rule.has(r.to)).map((r) => r.from));

export interface CheckedPreset {
  config: Obj;
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
  /** Conditions Upkeep cannot evaluate (`matchSourceUrls`): a rule extending this preset must be left out. */
  conditions: string[];
}

/**
 * A preset's settings checked like a repository config, and its conditions (`matchPackageNames`, …) as a
 * rule's: a preset may be meant for `packageRules[].extends` (`monorepo:angular`).
 */
export function checkPreset(raw: Obj, file: string, text?: string): CheckedPreset {
  const conditionKeys = Object.keys(raw).filter((key) => /^(match|exclude)[A-Z]/.test(key));
  const settings = Object.fromEntries(Object.entries(raw).filter(([key]) => !conditionKeys.includes(key)));
  const main = validateRepoConfig(settings, file, text);
  const checked: CheckedPreset = { config: main.config as Obj, errors: main.errors, warnings: main.warnings, conditions: [] };
  if (conditionKeys.length === 0) return checked;
  const asRule = validateRepoConfig({ packageRules: [Object.fromEntries(conditionKeys.map((key) => [key, raw[key]]))] }, file);
  const rule = asRule.config.packageRules?.[0];
  const unprefixed = (p: ConfigProblem): ConfigProblem => {
    const key = p.key?.replace(/^packageRules\[0\]\.?/, '');
    const { key: _, ...rest } = p;
    return key ? { ...rest, key } : rest;
  };
  checked.errors = [...checked.errors, ...asRule.errors.map(unprefixed)];
  // The rule's own "ignored" note is replaced by the one made where the rule extending this preset is dropped.
  checked.warnings = [...checked.warnings, ...asRule.warnings.filter((w) => w.key !== 'packageRules[0]').map(unprefixed)];
  if (rule) checked.config = { ...checked.config, ...rule };
  else if (asRule.errors.length === 0) checked.conditions = conditionKeys.filter((key) => !KNOWN_KEYS.rule.has(key) && !RENAMED_CONDITIONS.has(key));
  return checked;
}

/**
 * A built-in preset as Upkeep acts on it: Renovate's settings through the same validation as a
 * repository's file. What does not apply (an npm option, a rule on source URLs) is taken out and
 * described in a few words; a value Upkeep's schema refuses leaves the preset out entirely.
 */
export function validateBuiltin(content: Obj, name: string): CheckedBuiltin {
  const { extends: refs, ...settings } = content;
  const { config, errors, warnings, conditions } = checkPreset(settings, name);
  const notes = warnings.map((w) =>
    formatProblem({ ...w, file: '' })
      .replace(/^: /, '')
      .replace(/^Upkeep does not act on: /, 'not acted on: '),
  );
  const withRefs = (obj: Obj): Obj => (refs === undefined ? obj : { extends: refs, ...obj });
  const first = errors[0];
  if (first) {
    const error = `${first.key ? `${first.key}: ` : ''}${first.message}`;
    return { content: withRefs({}), notes: [...notes, ...errors.map((e) => formatProblem({ ...e, file: '' }).replace(/^: /, ''))], conditions, error };
  }
  return { content: withRefs(config), notes, conditions };
}

/** The preset without its documentation keys (`description`, `$schema`). */
export function withoutDocs(content: Obj): Obj {
  return Object.fromEntries(Object.entries(content).filter(([key]) => !DOC_KEYS.includes(key)));
}
