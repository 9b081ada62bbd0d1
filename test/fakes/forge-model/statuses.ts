/**
 * Commit statuses per sha, as CI posts them: every status ever posted is kept (newest has the highest
 * id); the combined view keeps the newest per context and takes the worst state. Posting one re-runs the
 * scheduled auto-merges of the repository (a status turning green is what merges them).
 */
import type { ForgeModel } from './model.js';
import type { StatusRecord, StatusState } from './records.js';

/** Worst last: the combined state is the worst of the newest per context. */
const ORDER: StatusState[] = ['skipped', 'success', 'pending', 'warning', 'failure', 'error'];

export interface StatusInput {
  context: string;
  state: StatusState;
  description?: string;
  targetUrl?: string;
  /** Who posted it (default: `ci`). */
  creator?: string;
}

export class StatusStore {
  constructor(private readonly model: ForgeModel) {}

  async add(fullName: string, sha: string, input: StatusInput): Promise<StatusRecord> {
    const world = this.model.world(fullName);
    const status: StatusRecord = {
      id: this.model.id(),
      sha,
      context: input.context,
      state: input.state,
      description: input.description ?? '',
      targetUrl: input.targetUrl ?? '',
      creator: input.creator ?? 'ci',
      createdAt: this.model.now(),
    };
    world.statuses.push(status);
    await this.model.pulls.runAutoMerges(fullName);
    return status;
  }

  /** Every status of `sha`, newest first. */
  list(fullName: string, sha: string): StatusRecord[] {
    return this.model
      .world(fullName)
      .statuses.filter((s) => s.sha === sha)
      .sort((a, b) => b.id - a.id);
  }

  /** The newest status per context, newest first. */
  latest(fullName: string, sha: string): StatusRecord[] {
    const seen = new Set<string>();
    return this.list(fullName, sha).filter((s) => !seen.has(s.context) && seen.add(s.context));
  }

  /** The worst of the newest per context; undefined when the commit has none. */
  combined(fullName: string, sha: string): StatusState | undefined {
    const latest = this.latest(fullName, sha);
    if (latest.length === 0) return undefined;
    return latest.map((s) => s.state).sort((a, b) => ORDER.indexOf(b) - ORDER.indexOf(a))[0];
  }

  /** Whether the contexts branch protection requires are all `success` on `sha`. */
  required(fullName: string, branch: string, sha: string): 'success' | 'pending' | 'failure' {
    const contexts = this.model.world(fullName).repo.protections.get(branch)?.requiredContexts ?? [];
    const latest = this.latest(fullName, sha);
    let verdict: 'success' | 'pending' | 'failure' = 'success';
    for (const context of contexts) {
      const state = latest.find((s) => s.context === context)?.state;
      if (state === 'success' || state === 'skipped') continue;
      if (state === 'failure' || state === 'error' || state === 'warning') return 'failure';
      verdict = 'pending';
    }
    return verdict;
  }
}
