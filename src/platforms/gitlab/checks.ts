/**
 * The checks of one exact commit on GitLab: its commit statuses (pipeline jobs and external statuses
 * report there; `all=true` lists every one, the newest per name counts). A failed job allowed to fail
 * (`allow_failure`) does not count against the commit; statuses the bot posted itself never count.
 * success/skipped → passed; failed/canceled → red; created, waiting_for_resource, preparing, pending,
 * running, manual, scheduled → still running. Nothing at all → none.
 */
import type { CheckState, CheckSummary } from '../types.js';
import { sameLogin, type GitLabUser, type RepoContext } from './wire.js';

interface GitLabStatus {
  id: number;
  name?: string;
  status?: string;
  description?: string | null;
  allow_failure?: boolean;
  author?: GitLabUser | null;
}

const PASSED = new Set(['success', 'skipped']);
const RED = new Set(['failed', 'canceled']);

export async function getChecks(ctx: RepoContext, sha: string): Promise<CheckSummary> {
  const statuses = await ctx.api.getAll<GitLabStatus>(ctx.path(`/repository/commits/${sha}/statuses`), { all: true });
  const newest = new Map<string, GitLabStatus>();
  for (const s of statuses) {
    if (sameLogin(s.author?.username, ctx.bot.login)) continue;
    const key = s.name ?? '';
    const seen = newest.get(key);
    if (!seen || seen.id < s.id) newest.set(key, s);
  }
  const counted = [...newest.values()].filter((s) => !(s.allow_failure && RED.has(s.status ?? '')));
  const details = counted
    .filter((s) => !PASSED.has(s.status ?? ''))
    .map((s) => `${s.name || 'status'}: ${s.status ?? 'unknown'}${s.description ? ` (${s.description.replace(/\s+/g, ' ').slice(0, 120)})` : ''}`);
  let state: CheckState = 'none';
  if (counted.length > 0) {
    state = 'green';
    if (counted.some((s) => !PASSED.has(s.status ?? ''))) state = 'yellow';
    if (counted.some((s) => RED.has(s.status ?? ''))) state = 'red';
  }
  return { state, details };
}
