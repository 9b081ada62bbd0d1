/**
 * The checks of one exact commit, from Gitea's combined status of that sha (`/commits/{sha}/status`:
 * the newest status per context, paged). Statuses the bot posted itself never count. Worst wins:
 * failure, error or warning → red; pending → yellow; success or skipped → green; no status at all (or only
 * the bot's) → none. Gitea Actions report through the same statuses (there are no check runs).
 */
import type { CheckState, CheckSummary } from '../types.js';
import { PAGE_SIZE } from './api.js';
import { sameLogin, type GiteaUser, type RepoContext } from './wire.js';

interface GiteaStatus {
  id: number;
  context?: string;
  status?: string;
  description?: string;
  creator?: GiteaUser;
}

interface GiteaCombinedStatus {
  total_count?: number;
  statuses?: GiteaStatus[] | null;
}

const RED = new Set(['failure', 'error', 'warning']);
const GREEN = new Set(['success', 'skipped']);
const MAX_PAGES = 20;

export async function getChecks(ctx: RepoContext, sha: string): Promise<CheckSummary> {
  const statuses: GiteaStatus[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    // No statuses at all: Gitea answers 200 with an empty body.
    const combined = (await ctx.api.get<GiteaCombinedStatus | undefined>(ctx.path(`/commits/${sha}/status`), { limit: PAGE_SIZE, page })) ?? {};
    const batch = combined.statuses ?? [];
    statuses.push(...batch);
    if (batch.length < PAGE_SIZE || statuses.length >= (combined.total_count ?? 0)) break;
  }
  // Newest per context (the combined answer already is; kept safe for older servers that list them all).
  const newest = new Map<string, GiteaStatus>();
  for (const s of statuses) {
    if (sameLogin(s.creator?.login, ctx.bot.login)) continue;
    const key = s.context ?? '';
    if (!newest.has(key) || newest.get(key)!.id < s.id) newest.set(key, s);
  }
  const counted = [...newest.values()];
  const details = counted
    .filter((s) => !GREEN.has(s.status ?? ''))
    .map((s) => `${s.context || 'status'}: ${s.status ?? 'unknown'}${s.description ? ` (${s.description.replace(/\s+/g, ' ').slice(0, 120)})` : ''}`);
  let state: CheckState = 'none';
  if (counted.length > 0) {
    state = 'green';
    if (counted.some((s) => !GREEN.has(s.status ?? '') && !RED.has(s.status ?? ''))) state = 'yellow';
    if (counted.some((s) => RED.has(s.status ?? ''))) state = 'red';
  }
  return { state, details };
}
