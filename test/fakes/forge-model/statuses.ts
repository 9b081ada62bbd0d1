/**
 * Commit statuses per sha, as CI posts them: every status ever posted is kept (newest has the highest
 * id); the combined view keeps the newest per context and takes the worst state. Posting one re-runs the
 * scheduled auto-merges of the repository (a status turning green is what merges them).
 *
 * Check runs (GitHub) are kept beside them, per sha and name; a required context of branch protection is
 * met by a status or a check run of that name (as on GitHub). Forges without check runs never see any.
 */
import type { ForgeModel } from './model.js';
import type { CheckRunConclusion, CheckRunRecord, CheckRunStatus, StatusRecord, StatusState } from './records.js';

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

export interface CheckRunInput {
  name: string;
  status: CheckRunStatus;
  /** Only when `status` is `completed`. */
  conclusion?: CheckRunConclusion | null;
  title?: string;
  summary?: string;
  detailsUrl?: string;
  app?: string;
}

/** What a check run means for a required context. */
function runVerdict(run: CheckRunRecord): 'success' | 'pending' | 'failure' {
  if (run.status !== 'completed') return 'pending';
  return run.conclusion === 'success' || run.conclusion === 'neutral' || run.conclusion === 'skipped' ? 'success' : 'failure';
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

  /** Whether the contexts branch protection requires are all `success` on `sha` (a status or a check run each). */
  required(fullName: string, branch: string, sha: string): 'success' | 'pending' | 'failure' {
    const verdicts = this.requiredVerdicts(fullName, branch, sha).map((v) => v.verdict);
    return verdicts.includes('failure') ? 'failure' : verdicts.includes('pending') ? 'pending' : 'success';
  }

  /** Each context branch protection requires, with what its newest status and check run say together. */
  requiredVerdicts(fullName: string, branch: string, sha: string): { context: string; verdict: 'success' | 'pending' | 'failure' }[] {
    const contexts = this.model.world(fullName).repo.protections.get(branch)?.requiredContexts ?? [];
    const latest = this.latest(fullName, sha);
    const runs = this.latestRuns(fullName, sha);
    return contexts.map((context) => {
      const state = latest.find((s) => s.context === context)?.state;
      const run = runs.find((r) => r.name === context);
      const found = [
        state === undefined ? undefined : state === 'success' || state === 'skipped' ? 'success' : state === 'pending' ? 'pending' : 'failure',
        run ? runVerdict(run) : undefined,
      ].filter((v) => v !== undefined);
      const verdict = found.includes('failure') ? 'failure' : found.length === 0 || found.includes('pending') ? 'pending' : 'success';
      return { context, verdict };
    });
  }

  /** Adds a check run (the newest per sha and name counts); re-runs scheduled auto-merges as a status does. */
  async setCheckRun(fullName: string, sha: string, input: CheckRunInput): Promise<CheckRunRecord> {
    const world = this.model.world(fullName);
    const now = this.model.now();
    const completed = input.status === 'completed';
    const run: CheckRunRecord = {
      id: this.model.id(),
      sha,
      name: input.name,
      status: input.status,
      conclusion: completed ? (input.conclusion ?? 'success') : null,
      title: input.title ?? '',
      summary: input.summary ?? '',
      detailsUrl: input.detailsUrl ?? '',
      app: input.app ?? 'github-actions',
      startedAt: now,
      completedAt: completed ? now : null,
    };
    world.checkRuns.push(run);
    await this.model.pulls.runAutoMerges(fullName);
    return run;
  }

  /** Every check run of `sha`, newest first. */
  checkRuns(fullName: string, sha: string): CheckRunRecord[] {
    return this.model
      .world(fullName)
      .checkRuns.filter((r) => r.sha === sha)
      .sort((a, b) => b.id - a.id);
  }

  /** The newest check run per name, newest first. */
  latestRuns(fullName: string, sha: string): CheckRunRecord[] {
    const seen = new Set<string>();
    return this.checkRuns(fullName, sha).filter((r) => !seen.has(r.name) && seen.add(r.name));
  }
}
