/**
 * The lookup stage for a whole repository: every dep that can be updated is looked up, a bounded
 * number at a time; answers are shared through the cache (one tag listing per image repository).
 */
import pLimit from 'p-limit';
import type { DatasourceContext } from '../datasources/types.js';
import type { Dep } from '../deps/dep.js';
import type { LookupOptions } from './choose-updates.js';
import { lookupDep, type DepLookup } from './lookup-dep.js';

export interface LookedUpDep extends Dep {
  updates: DepLookup['updates'];
  warnings: string[];
  sourceUrl?: string;
}

/** Renovate's defaults for the options the lookup acts on (the repository config may change them). */
export const DEFAULT_LOOKUP_OPTIONS: LookupOptions = {
  separateMajorMinor: true,
  separateMultipleMajor: false,
  separateMinorPatch: false,
  ignoreUnstable: true,
  pinDigests: false,
  rangeStrategy: 'auto',
};

/** The lookup options for a dep, or why it is not looked up (`ignoreDeps`, `enabled: false`). */
export type OptionsFor = (dep: Dep) => LookupOptions | { skip: string };

export async function lookupRepository(
  deps: readonly Dep[],
  ctx: DatasourceContext,
  optionsFor: OptionsFor = () => DEFAULT_LOOKUP_OPTIONS,
  concurrency = 16,
): Promise<LookedUpDep[]> {
  const limit = pLimit(concurrency);
  return Promise.all(
    deps.map((dep) =>
      limit(async () => {
        const options = optionsFor(dep);
        if ('skip' in options) return { ...dep, updates: [], warnings: [`not looked up: ${options.skip}`] };
        const result = await lookupDep(dep, options, ctx);
        const looked: LookedUpDep = { ...dep, updates: result.updates, warnings: result.warnings };
        if (result.sourceUrl) looked.sourceUrl = result.sourceUrl;
        return looked;
      }),
    ),
  );
}
