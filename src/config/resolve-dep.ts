/**
 * One dep's effective options, in Renovate's order: Upkeep's defaults ← the repository config's
 * top-level options ← `config[manager]` ← `config[updateType]` (once the update type is known) ← every
 * matching package rule, in order (a later rule wins; mergeable options such as `addLabels` and
 * `registryAliases` combine — `mergeConfig`). A dep named in `ignoreDeps` (exact `depName`, as
 * Renovate) is skipped as ignored; a dep whose options end with `enabled: false` is skipped as disabled,
 * naming what disabled it.
 *
 * The result also says which rules matched (`applied`) and where each option's value came from
 * (`sources`), so `upkeep explain` can answer "which rule set this?".
 *
 * Patterns are compiled once per config object; a bad pattern throws an `InputError` naming its key
 * (`packageRules[2].matchPackageNames[0]: …`) — the config is wrong, and no update should be planned
 * from it. `upkeep validate` reports the same problems up front (`packageRuleProblems`).
 */
import type { Dep } from '../deps/dep.js';
import type { UpdateType } from '../deps/dep.js';
import type { LookupOptions } from './lookup-options.js';
import { DEFAULT_OPTIONS } from './defaults.js';
import { mergeConfig } from './merge.js';
import { defaultVersioning } from '../meta/datasources.js';
import { compilePackageRules, type CompiledRule, type RuleInput } from './package-rules.js';
import { optionShape, type EffectiveOptions, type RepoConfig } from './schema.js';

export type OptionSource = 'default' | 'config' | 'manager' | 'updateType' | `packageRules[${number}]`;
export type OptionSources = Record<keyof EffectiveOptions, OptionSource>;

export interface ResolveContext {
  baseBranch: string;
  /** Known after the lookup: rules with `matchUpdateTypes` and `config[updateType]` apply only then. */
  updateType?: UpdateType;
  /** The version the current value stands for, when the lookup found it (for `matchCurrentVersion` on ranges). */
  currentVersion?: string;
}

export interface ResolvedDep {
  options: EffectiveOptions;
  skip?: { reason: 'ignored' | 'disabled'; detail: string };
  /** The package rules that matched, in the order they were applied. */
  applied: Array<{ index: number; description?: string }>;
  /** Where each option's value came from. */
  sources: OptionSources;
}

export interface DepResolver {
  resolve(dep: Dep, context: ResolveContext): ResolvedDep;
}

interface Layered {
  options: EffectiveOptions;
  sources: OptionSources;
}

const OPTION_KEYS = Object.keys(optionShape) as Array<keyof EffectiveOptions>;
/** Deps remembered per resolver (their rule conditions); cleared when full. */
const DEP_MEMO_LIMIT = 50_000;
/** Distinct (manager, update type, rules applied) option sets remembered per resolver; cleared when full. */
const STATE_MEMO_LIMIT = 10_000;
const DEFAULT_SOURCES = Object.fromEntries(OPTION_KEYS.map((k) => [k, 'default'])) as OptionSources;

/** The options part of a config object (top level, `config[manager]`, `config[updateType]`). */
function optionsOf(layer: unknown): Record<string, unknown> | undefined {
  if (typeof layer !== 'object' || layer === null) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    const value = (layer as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function withLayer(base: Layered, layer: Record<string, unknown> | undefined, source: OptionSource): Layered {
  if (!layer || Object.keys(layer).length === 0) return base;
  const sources = { ...base.sources };
  for (const key of Object.keys(layer)) sources[key as keyof EffectiveOptions] = source;
  return { options: mergeConfig(base.options, layer), sources };
}

/** Compile `config` once and resolve any number of deps against it. */
export function createDepResolver(config: RepoConfig): DepResolver {
  const rules = compilePackageRules(config.packageRules);
  const ignored = new Set(config.ignoreDeps ?? []);
  const top = withLayer({ options: DEFAULT_OPTIONS, sources: DEFAULT_SOURCES }, optionsOf(config), 'config');
  // The layers below the rules depend only on the manager and the update type: built once each.
  const bases = new Map<string, Layered>();
  const baseFor = (manager: string, updateType: UpdateType | undefined): Layered => {
    const id = `${manager}\0${updateType ?? ''}`;
    let base = bases.get(id);
    if (!base) {
      base = withLayer(top, optionsOf((config as Record<string, unknown>)[manager]), 'manager');
      if (updateType) base = withLayer(base, optionsOf((config as Record<string, unknown>)[updateType]), 'updateType');
      bases.set(id, base);
    }
    return base;
  };

  // Whether each rule's conditions on the dep alone hold, per dep: a dep is resolved once before its
  // lookup and again for each update, and only the update's conditions can differ between those.
  const depMatches = new Map<string, Uint8Array>();
  const depMatchesFor = (dep: Dep): Uint8Array => {
    const id = `${dep.manager}\0${dep.datasource}\0${dep.depName}\0${dep.packageName}\0${dep.depType}\0${dep.file}\0${dep.currentValue}`;
    let known = depMatches.get(id);
    if (!known) {
      if (depMatches.size >= DEP_MEMO_LIMIT) depMatches.clear();
      known = new Uint8Array(rules.length); // 0 unknown, 1 holds, 2 does not
      depMatches.set(id, known);
    }
    return known;
  };

  // Options are a function of the base layers and the rules applied, in order: deps that match the same
  // rules share one frozen options object (50,000 deps held 50,000 copies of some 50 options each).
  interface State {
    options: EffectiveOptions;
    sources: OptionSources;
    applied: ResolvedDep['applied'];
  }
  const states = new Map<string, State>();
  const stateAfter = (key: string, from: State, rule: CompiledRule): State => {
    let state = states.get(key);
    if (state) return state;
    const options: Record<string, unknown> = { ...from.options };
    const sources = { ...from.sources };
    const toApply = ruleOptions(rule, options);
    const keys = toApply === rule.options ? rule.optionKeys : (Object.keys(toApply) as Array<keyof EffectiveOptions>);
    const touched: Record<string, unknown> = {};
    for (const k of keys) touched[k] = options[k];
    Object.assign(options, mergeConfig(touched, toApply));
    for (const k of keys) sources[k] = rule.key as OptionSource;
    const applied = [...from.applied, rule.description !== undefined ? { index: rule.index, description: rule.description } : { index: rule.index }];
    state = { options: Object.freeze(options) as EffectiveOptions, sources: Object.freeze(sources), applied: Object.freeze(applied) as ResolvedDep['applied'] };
    if (states.size >= STATE_MEMO_LIMIT) states.clear();
    states.set(key, state);
    return state;
  };

  return {
    resolve(dep, context) {
      const base = baseFor(dep.manager, context.updateType);
      let key = `${dep.manager}\0${context.updateType ?? ''}`;
      let state = states.get(key) ?? stateAfter0(key, base);
      const known = depMatchesFor(dep);
      // Every field present, in one order: one object shape for every dep keeps the matchers monomorphic.
      const input: RuleInput = {
        manager: dep.manager,
        datasource: dep.datasource,
        depName: dep.depName,
        packageName: dep.packageName,
        depType: dep.depType,
        file: dep.file,
        currentValue: dep.currentValue,
        currentVersion: context.currentVersion,
        baseBranch: context.baseBranch,
        updateType: context.updateType,
        versioning: undefined,
      };
      const fallbackVersioning = dep.versioning ?? defaultVersioning(dep.datasource);

      for (const rule of rules) {
        if (rule.needsUpdateType && context.updateType === undefined) continue;
        if (known[rule.index] === 0) known[rule.index] = rule.matchesDep(input) ? 1 : 2;
        if (known[rule.index] === 2) continue;
        // As in the lookup: the config's versioning, else the manager's, else the datasource's.
        input.versioning = state.options.versioning ?? fallbackVersioning;
        if (!rule.matchesUpdate(input)) continue;
        key = `${key},${rule.index}`;
        state = stateAfter(key, state, rule);
      }

      const { options, sources, applied } = state;
      const result: ResolvedDep = { options, applied, sources };
      if (ignored.has(dep.depName)) result.skip = { reason: 'ignored', detail: `${dep.depName} is listed in ignoreDeps` };
      else if (options.enabled === false)
        result.skip = { reason: 'disabled', detail: `enabled: false set by ${describeSource(sources.enabled, dep, context, rules)}` };
      return result;
    },
  };

  function stateAfter0(key: string, base: Layered): State {
    const state: State = {
      options: Object.freeze({ ...base.options }) as EffectiveOptions,
      sources: Object.freeze({ ...base.sources }),
      applied: Object.freeze([]) as unknown as ResolvedDep['applied'],
    };
    if (states.size >= STATE_MEMO_LIMIT) states.clear();
    states.set(key, state);
    return state;
  }
}

/**
 * A rule that names a group but no slug must not keep an earlier rule's slug (Renovate re-derives it
 * from the new name); `null` lets the plan derive it from `groupName`.
 */
function ruleOptions(rule: CompiledRule, current: Record<string, unknown>): Record<string, unknown> {
  const { options } = rule;
  if (current.groupSlug && options.groupName !== undefined && options.groupSlug === undefined) return { ...options, groupSlug: null };
  return options;
}

function describeSource(source: OptionSource, dep: Dep, context: ResolveContext, rules: readonly CompiledRule[]): string {
  if (source === 'config') return 'the repository config';
  if (source === 'manager') return `the "${dep.manager}" config`;
  if (source === 'updateType') return `the "${context.updateType}" config`;
  const rule = rules.find((r) => r.key === source);
  return rule?.description ? `${source} (${rule.description})` : source;
}

/**
 * Resolved options for one dep. Compiles `config` on first use and remembers the compiled form for
 * as long as the config object lives (a WeakMap: no state outlives the config), so resolving 5,000
 * deps compiles the rules once.
 */
export function resolveDepOptions(config: RepoConfig, dep: Dep, context: ResolveContext): ResolvedDep {
  let resolver = resolvers.get(config);
  if (!resolver) {
    resolver = createDepResolver(config);
    resolvers.set(config, resolver);
  }
  return resolver.resolve(dep, context);
}

/** Keyed by the config object itself; a config that is gone takes its compiled rules with it. */
const resolvers = new WeakMap<RepoConfig, DepResolver>();

/** The options the lookup acts on (`chooseUpdates`' `config`). */
export function toLookupOptions(options: EffectiveOptions): LookupOptions {
  const out: LookupOptions = {
    ignoreUnstable: options.ignoreUnstable,
    separateMajorMinor: options.separateMajorMinor,
    separateMultipleMajor: options.separateMultipleMajor,
    separateMinorPatch: options.separateMinorPatch,
    pinDigests: options.pinDigests,
    rangeStrategy: options.rangeStrategy,
    minimumReleaseAgeBehaviour: options.minimumReleaseAgeBehaviour,
  };
  if (options.versioning !== undefined) out.versioning = options.versioning;
  if (options.allowedVersions !== undefined) out.allowedVersions = options.allowedVersions;
  if (options.minimumReleaseAge) out.minimumReleaseAge = options.minimumReleaseAge;
  if (options.extractVersion) out.extractVersion = options.extractVersion;
  if (options.ignoreDeprecated === false) out.ignoreDeprecated = false;
  return out;
}
