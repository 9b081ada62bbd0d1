/**
 * The checks of one exact commit on GitHub: commit statuses **and** check runs (GitHub Actions report
 * only as check runs; the combined status alone says `pending` when there is no status at all). Worst
 * wins (forge-apis.md §1.2): a failed or errored status, or a run that concluded failure, timed_out,
 * cancelled, action_required or startup_failure → red; a pending status or a run not completed → yellow;
 * success, neutral and skipped count as passed; nothing at all → none. Statuses the bot posted itself
 * never count; per context only the newest status counts (GitHub lists them newest first).
 */
import type { CheckState, CheckSummary } from '../types.js';
import { sameLogin, type RepoContext } from './wire.js';

const RED_STATUS = new Set(['failure', 'error']);
const RED_RUN = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure', 'stale']);
const PASSED_RUN = new Set(['success', 'neutral', 'skipped']);

interface Signal {
  name: string;
  state: 'passed' | 'running' | 'failed';
  detail: string;
}

const describe = (text: string | null | undefined) => (text ? ` (${text.replace(/\s+/g, ' ').slice(0, 120)})` : '');

export async function getChecks(ctx: RepoContext, sha: string): Promise<CheckSummary> {
  const where = { owner: ctx.owner, repo: ctx.repo, ref: sha, per_page: 100 };
  const [statuses, runs] = await Promise.all([
    ctx.api.paginate(ctx.api.rest.repos.listCommitStatusesForRef, where),
    ctx.api.paginate(ctx.api.rest.checks.listForRef, where),
  ]);
  const signals: Signal[] = [];
  const seen = new Set<string>();
  for (const s of statuses) {
    if (sameLogin(s.creator?.login, ctx.bot.login) || seen.has(s.context)) continue;
    seen.add(s.context);
    const state = s.state === 'success' ? 'passed' : RED_STATUS.has(s.state) ? 'failed' : 'running';
    signals.push({ name: s.context, state, detail: `${s.context}: ${s.state}${describe(s.description)}` });
  }
  for (const run of runs) {
    const conclusion = run.conclusion ?? '';
    const state = run.status !== 'completed' ? 'running' : PASSED_RUN.has(conclusion) ? 'passed' : RED_RUN.has(conclusion) ? 'failed' : 'running';
    signals.push({
      name: run.name,
      state,
      detail: `${run.name}: ${run.status === 'completed' ? conclusion || 'completed' : run.status}${describe(run.output?.title)}`,
    });
  }
  let state: CheckState = 'none';
  if (signals.length > 0) state = signals.some((s) => s.state === 'failed') ? 'red' : signals.some((s) => s.state === 'running') ? 'yellow' : 'green';
  return { state, details: signals.filter((s) => s.state !== 'passed').map((s) => s.detail) };
}
