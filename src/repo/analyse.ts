/**
 * One repository through extract → config → lookup → plan, with nothing written: what Upkeep would do
 * and, for every dep, why (the dry run, `explain`, and later the real run all start here).
 */
import type { RepoConfig } from '../config/schema.js';
import { resolveDepOptions, toLookupOptions } from '../config/resolve-dep.js';
import { datasourcesFor } from '../datasources/registry.js';
import type { Datasource, DatasourceContext } from '../datasources/types.js';
import type { Dep, ExtractWarning } from '../deps/dep.js';
import { extractRepository } from '../extract/extract-repository.js';
import type { LookupOptions, Rejection, Update, UpdateType } from '../lookup/choose-updates.js';
import { lookupDep, type DepLookup } from '../lookup/lookup-dep.js';
import pLimit from 'p-limit';
import { applyLimits, type LimitState } from '../plan/limits.js';
import { depNames } from '../plan/name-overrides.js';
import { planBranches } from '../plan/plan-branches.js';
import type { PlannedBranch, Upgrade } from '../plan/types.js';
import { branchIndex, depStatus, type DepStatus } from './dep-status.js';
import { extractConfigOf } from './extract-config.js';

/** The package rules that matched, by index and description. */
export type AppliedRules = Array<{ index: number; description?: string }>;

export interface DepAnalysis {
  dep: Dep;
  status: DepStatus;
  /** Package rules that matched before the update type was known (index and description), for `explain`. */
  rules: AppliedRules;
  /** Where each option's value came from, when known. */
  sources?: Record<string, string>;
  options?: Upgrade['config'];
  releaseCount?: number;
  rejected: Rejection[];
  upgrades: Upgrade[];
  /**
   * For each of `upgrades` (same index): the rules that matched once its update type was known, and where
   * each option came from — what the plan did with that update, for `explain`.
   */
  upgradeRules: Array<{ rules: AppliedRules; sources: Record<string, string> }>;
  warnings: string[];
  /** Why the lookup could not be done at all, when it could not. */
  failure?: string;
  sourceUrl?: string;
}

export interface RepoAnalysis {
  deps: DepAnalysis[];
  branches: PlannedBranch[];
  warnings: ExtractWarning[];
}

/** How far a repository's analysis is, for a progress display. */
export type AnalyseProgress = { phase: 'extracted'; files: number; deps: number } | { phase: 'lookup'; done: number; total: number };

export interface AnalyseOptions {
  /** The base branch the run works on (Renovate's `baseBranches` pick one run per branch). */
  baseBranch: string;
  limits?: Omit<LimitState, 'now'>;
  /** Lookups in flight at once. */
  concurrency?: number;
  /** The repository's history follows Conventional Commits (decides `semanticCommits: "auto"`). */
  semanticCommits?: boolean;
  /** Which datasource answers for an id (tests give in-memory ones). */
  datasourceFor?: (id: string) => Datasource | undefined;
  /** Told after extraction and after each dep's lookup. */
  onProgress?: (progress: AnalyseProgress) => void;
}

export async function analyseRepository(dir: string, config: RepoConfig, ctx: DatasourceContext, options: AnalyseOptions): Promise<RepoAnalysis> {
  const extracted = await extractRepository(dir, extractConfigOf(config));
  options.onProgress?.({ phase: 'extracted', files: new Set(extracted.deps.map((d) => d.file)).size, deps: extracted.deps.length });
  const deps = await analyseDeps(extracted.deps, config, ctx, options);
  const planned = planBranches(
    deps.flatMap((d) => d.upgrades),
    {
      ...(config.baseBranches ? { baseBranches: config.baseBranches } : {}),
      ...(options.semanticCommits !== undefined ? { semanticCommits: options.semanticCommits } : {}),
    },
  );
  const branches = applyLimits(planned, { now: ctx.clock.startedAt, openBranches: [], openPrs: [], prsCreatedThisHour: 0, ...options.limits });
  const branchOf = branchIndex(branches);
  for (const d of deps) d.status = depStatus(d, branchOf);
  return { deps, branches, warnings: extracted.warnings };
}

/**
 * Every dep through config and lookup: its effective options, what the registry offers, and the updates
 * the rules let through once each update's type is known. `run` plans from this and `lookup` prints it,
 * so the two commands cannot disagree about a dep. Statuses are final once the plan has placed the updates.
 */
export async function analyseDeps(deps: readonly Dep[], config: RepoConfig, ctx: DatasourceContext, options: AnalyseOptions): Promise<DepAnalysis[]> {
  const limit = pLimit(options.concurrency ?? 16);
  let done = 0;
  // The repository's own `custom.<name>` datasources beside the others (the built-in ones, or the caller's).
  const lookupOptions: AnalyseOptions = { ...options, datasourceFor: datasourcesFor(config.customDatasources, options.datasourceFor) };
  const analysed = await Promise.all(
    deps.map((dep) =>
      limit(async () => {
        const analysis = await analyseDep(dep, config, ctx, lookupOptions);
        options.onProgress?.({ phase: 'lookup', done: ++done, total: deps.length });
        return analysis;
      }),
    ),
  );
  const unplanned = new Map();
  for (const d of analysed) d.status = depStatus(d, unplanned);
  return analysed;
}

async function analyseDep(dep: Dep, config: RepoConfig, ctx: DatasourceContext, options: AnalyseOptions): Promise<DepAnalysis> {
  const { baseBranch } = options;
  const resolved = resolveDepOptions(config, dep, { baseBranch });
  // The registry is asked for the package `overridePackageName` names; updates and edits keep the dep as written.
  let asked = dep;
  const lookup = (lookupOptions: LookupOptions) => lookupDep(asked, lookupOptions, ctx, options.datasourceFor);
  const analysis: DepAnalysis = {
    dep,
    status: { kind: 'up-to-date' },
    rules: resolved.applied,
    options: resolved.options,
    rejected: [],
    upgrades: [],
    upgradeRules: [],
    warnings: [],
  };
  if (resolved.sources) analysis.sources = resolved.sources;
  if (dep.skipReason) {
    analysis.status = { kind: 'skipped', reason: dep.skipReason, detail: dep.skipDetail };
    return analysis;
  }
  if (resolved.skip) {
    analysis.status = { kind: resolved.skip.reason, detail: resolved.skip.detail };
    return analysis;
  }
  try {
    const { packageName } = depNames(dep, resolved.options);
    if (packageName !== (dep.packageName ?? dep.depName)) asked = { ...dep, packageName };
  } catch (err) {
    analysis.failure = err instanceof Error ? err.message : String(err);
    analysis.warnings.push(analysis.failure);
    return analysis;
  }
  const baseLookup = toLookupOptions(resolved.options);
  const result = await lookup(baseLookup);
  // Kept: what holds a version back (for the status and `explain`); 'superseded' and 'not-a-version' say
  // nothing about the dep and were most of the entries on a large repository.
  analysis.rejected = result.rejected.filter(telling);
  analysis.warnings = result.warnings;
  if (result.failure) analysis.failure = result.failure;
  if (result.releaseCount !== undefined) analysis.releaseCount = result.releaseCount;
  if (result.sourceUrl) analysis.sourceUrl = result.sourceUrl;
  const withSource = result.sourceUrl ? { ...dep, sourceUrl: result.sourceUrl } : dep;
  const typedContext = (updateType: UpdateType) => ({
    baseBranch,
    updateType,
    ...(result.currentVersion ? { currentVersion: result.currentVersion } : {}),
  });
  // Rules may depend on the update type (automerge patches, group minors, a longer minimumReleaseAge
  // or allowedVersions for majors). When a type's lookup options differ from the ones looked up with,
  // that type is looked up again with its own (the registry's answers come from the cache).
  const relookups = new Map<string, Promise<DepLookup>>();
  for (const update of result.updates) {
    const typed = resolveDepOptions(config, dep, typedContext(update.updateType));
    if (typed.skip) {
      analysis.rejected.push({ version: update.newValue, reason: 'disabled' });
      continue;
    }
    const typedLookup = toLookupOptions(typed.options);
    let chosen: Update | undefined = update;
    const key = JSON.stringify(typedLookup);
    if (key !== JSON.stringify(baseLookup)) {
      if (!relookups.has(key)) relookups.set(key, lookup(typedLookup));
      const again = await relookups.get(key)!;
      chosen = again.updates.find((u) => u.updateType === update.updateType);
      if (!chosen) {
        analysis.rejected.push(...again.rejected.filter((r) => telling(r) && r.reason !== 'incompatible'));
        continue;
      }
    }
    analysis.upgrades.push({ dep: withSource, update: chosen, config: typed.options, baseBranch });
    analysis.upgradeRules.push({ rules: typed.applied, sources: typed.sources });
  }
  return analysis;
}

const telling = (r: Rejection): boolean => r.reason !== 'superseded' && r.reason !== 'not-a-version';
