/**
 * A dep's status in one line a user can act on: updating (and in which branch, now or pending why), held
 * back (newer versions exist but a rule or a check keeps them out), up to date, skipped or failed. "Held
 * back" and "nothing to update" are never confused.
 */
import type { SkipReason } from '../deps/dep.js';
import type { Rejection } from '../lookup/choose-updates.js';
import type { PendingReason, PlannedBranch, Upgrade } from '../plan/types.js';

export type DepStatus =
  | { kind: 'skipped'; reason: SkipReason; detail?: string | undefined }
  | { kind: 'ignored' | 'disabled'; detail: string }
  | { kind: 'lookup-failed'; detail: string }
  | { kind: 'up-to-date' }
  | { kind: 'held-back'; reasons: string[] }
  | { kind: 'updating'; branches: Array<{ branchName: string; updateType: string; newValue: string; due: boolean; pendingReason?: PendingReason }> };

/** Why a newer version is not proposed, in words (rejections that mean "held back", not "not a candidate"). */
const HOLDING: Partial<Record<Rejection['reason'], string>> = {
  'not-allowed': 'not in allowedVersions',
  unstable: 'a pre-release (ignoreUnstable)',
  'too-young': 'younger than minimumReleaseAge',
  'age-unknown': 'age unknown (minimumReleaseAge)',
  'digest-unknown': 'its digest could not be read',
  disabled: 'disabled by a package rule',
  deprecated: 'deprecated by the registry (ignoreDeprecated)',
};

interface StatusInput {
  status: DepStatus;
  upgrades: Upgrade[];
  rejected: Rejection[];
  warnings: string[];
  failure?: string;
}

/** The branch that carries each upgrade (a map built once per plan: looking it up per upgrade was quadratic). */
export function branchIndex(branches: readonly PlannedBranch[]): Map<Upgrade, PlannedBranch> {
  const index = new Map<Upgrade, PlannedBranch>();
  for (const branch of branches) for (const upgrade of branch.upgrades) index.set(upgrade, branch);
  return index;
}

export function depStatus(analysis: StatusInput, branchOf: ReadonlyMap<Upgrade, PlannedBranch>): DepStatus {
  const { status } = analysis;
  if (status.kind === 'skipped' || status.kind === 'ignored' || status.kind === 'disabled') return status;
  if (analysis.failure !== undefined) return { kind: 'lookup-failed', detail: analysis.failure };
  if (analysis.upgrades.length > 0) {
    return {
      kind: 'updating',
      branches: analysis.upgrades.map((upgrade) => {
        const branch = branchOf.get(upgrade);
        return {
          branchName: branch?.branchName ?? '',
          updateType: upgrade.update.updateType,
          newValue: upgrade.update.newValue,
          due: branch?.due ?? false,
          ...(branch?.pendingReason ? { pendingReason: branch.pendingReason } : {}),
        };
      }),
    };
  }
  const held = analysis.rejected.filter((r) => HOLDING[r.reason]);
  if (held.length > 0) return { kind: 'held-back', reasons: held.map((r) => `${r.version}: ${HOLDING[r.reason]}`) };
  return { kind: 'up-to-date' };
}
