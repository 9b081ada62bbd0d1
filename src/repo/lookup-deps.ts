/**
 * What `upkeep lookup` prints for each dep: the dep as extracted, whether its lookup worked, and the
 * updates it gets. Built on `analyseDeps`, the same function `run` plans from, so both commands agree on
 * every dep (including rules that depend on the update type, such as disabling majors).
 */
import type { RepoConfig } from '../config/schema.js';
import type { DatasourceContext } from '../datasources/types.js';
import type { Dep } from '../deps/dep.js';
import type { Update } from '../lookup/choose-updates.js';
import { analyseDeps, type AnalyseOptions } from './analyse.js';
import type { DepStatus } from './dep-status.js';

/** `ok`: the lookup answered (with or without updates); `failed`: it could not; `skipped`: not looked up. */
export type LookupStatus = 'ok' | 'failed' | 'skipped';

export interface LookedUpDep extends Dep {
  status: LookupStatus;
  /** Why the dep failed or was skipped. */
  reason?: string;
  updates: Update[];
  warnings: string[];
  sourceUrl?: string;
}

function lookupStatus(status: DepStatus): { status: LookupStatus; reason?: string } {
  switch (status.kind) {
    case 'skipped':
      return { status: 'skipped', reason: status.detail ? `${status.reason}: ${status.detail}` : status.reason };
    case 'ignored':
    case 'disabled':
      return { status: 'skipped', reason: `${status.kind}: ${status.detail}` };
    case 'lookup-failed':
      return { status: 'failed', reason: status.detail };
    default:
      return { status: 'ok' };
  }
}

export async function lookupDeps(deps: readonly Dep[], config: RepoConfig, ctx: DatasourceContext, options: AnalyseOptions): Promise<LookedUpDep[]> {
  const analysed = await analyseDeps(deps, config, ctx, options);
  return analysed.map((a) => {
    const looked: LookedUpDep = { ...a.dep, ...lookupStatus(a.status), updates: a.upgrades.map((u) => u.update), warnings: a.warnings };
    if (a.sourceUrl) looked.sourceUrl = a.sourceUrl;
    return looked;
  });
}
