/**
 * Merging on Gitea: `POST /pulls/{n}/merge` with `do` (the style) and the title/message fields the
 * server version spells (version.ts), guarded by `head_commit_id` so a head that moved is never merged.
 *
 * Strategies (Renovate's documented meanings): `fast-forward` → `fast-forward-only` (or `rebase` when the
 * repository does not allow it: the same result for a branch built on the current base), `merge-commit` →
 * `merge`, `rebase` → `rebase`, `rebase-merge` → `rebase-merge`, `squash` → `squash`, `auto` → the
 * repository's preferred allowed style. A style the repository does not allow is refused here.
 *
 * A PR whose reviewers' latest verdict asks for changes is never merged (whatever branch protection says).
 *
 * Gitea's answers: 200 merged; 405 "Please try again later" when it has not found the PR mergeable —
 * still checking right after a push, *or* conflicting (its API does not tell which) — so try again later;
 * other 405s (style not allowed, not allowed to merge, required checks) and 409s (conflict found while
 * merging, head out of date) need more than time. A 5xx may hide a merge that happened: the PR is read
 * before anything is concluded.
 *
 * Native auto-merge (`merge_when_checks_succeed` + `delete_branch_after_merge`, Gitea 1.24 / Forgejo 10):
 * 201 scheduled, 200 merged at once (nothing required pending), 409 already scheduled. Never with
 * `fast-forward-only`: Gitea then ignores the schedule and merges at once, red checks or not
 * (go-gitea/gitea#35756).
 */
import type { AutomergeOutcome, MergeOutcome, MergeStrategy, PullRequest } from '../types.js';
import { GiteaApi } from './api.js';
import { mayHaveTakenEffect, type GiteaPull, type GiteaRepo, type RepoContext } from './wire.js';

type GiteaStyle = 'merge' | 'rebase' | 'rebase-merge' | 'squash' | 'fast-forward-only';

const STRATEGY_OF: Record<GiteaStyle, MergeStrategy> = {
  'fast-forward-only': 'fast-forward',
  squash: 'squash',
  merge: 'merge-commit',
  rebase: 'rebase',
  'rebase-merge': 'rebase-merge',
};
const STYLE_OF: Record<Exclude<MergeStrategy, 'auto'>, GiteaStyle> = {
  'fast-forward': 'fast-forward-only',
  squash: 'squash',
  'merge-commit': 'merge',
  rebase: 'rebase',
  'rebase-merge': 'rebase-merge',
};
/** Renovate's order of preference when the repository's default style is not allowed. */
const PREFERENCE: GiteaStyle[] = ['fast-forward-only', 'squash', 'merge', 'rebase', 'rebase-merge'];

export interface MergeRequest {
  strategy: MergeStrategy;
  sha: string;
  commitMessage: string;
}

/** The repository's allowed merge styles as strategies, its default first. */
export function allowedStrategies(repo: GiteaRepo): MergeStrategy[] {
  const allowed: Record<GiteaStyle, boolean | undefined> = {
    'fast-forward-only': repo.allow_fast_forward_only_merge,
    squash: repo.allow_squash_merge,
    merge: repo.allow_merge_commits,
    rebase: repo.allow_rebase,
    'rebase-merge': repo.allow_rebase_explicit,
  };
  const styles = PREFERENCE.filter((s) => allowed[s] === true);
  const preferred = repo.default_merge_style as GiteaStyle | undefined;
  if (preferred && styles.includes(preferred)) styles.unshift(...styles.splice(styles.indexOf(preferred), 1));
  return styles.map((s) => STRATEGY_OF[s]);
}

/** The Gitea style for a strategy in this repository, or why there is none. */
function styleFor(ctx: RepoContext, strategy: MergeStrategy, native: boolean): GiteaStyle | { refused: string } {
  const allowed = ctx.info.mergeStrategies.filter((s) => !(native && s === 'fast-forward'));
  if (strategy === 'auto') return allowed[0] ? STYLE_OF[allowed[0] as Exclude<MergeStrategy, 'auto'>] : { refused: 'the repository allows no merge style' };
  if (allowed.includes(strategy)) return STYLE_OF[strategy];
  if (strategy === 'fast-forward' && ctx.info.mergeStrategies.includes('rebase')) return 'rebase';
  return {
    refused: `automergeStrategy "${strategy}" is not allowed in this repository's merge settings${native && strategy === 'fast-forward' ? ' for a scheduled merge (Gitea ignores the schedule with fast-forward-only)' : ''}`,
  };
}

function mergeBody(ctx: RepoContext, style: GiteaStyle, req: MergeRequest): Record<string, unknown> {
  const [title = '', ...rest] = req.commitMessage.split('\n');
  const body: Record<string, unknown> = { do: style, head_commit_id: req.sha };
  if (title.trim()) body[ctx.features.mergeTitleField] = title.trim();
  if (rest.join('\n').trim()) body[ctx.features.mergeMessageField] = rest.join('\n').trim();
  return body;
}

/** After an answer that may hide a merge (5xx, timeout): what the PR says now. */
async function mergedSince(ctx: RepoContext, number: number): Promise<GiteaPull | undefined> {
  const pr = await ctx.api.get<GiteaPull>(ctx.path(`/pulls/${number}`));
  return pr.merged ? pr : undefined;
}

/** Reviewers whose latest verdict asks for changes (comments are not verdicts; dismissed reviews do not count). */
async function changesRequestedBy(ctx: RepoContext, number: number): Promise<string[]> {
  const reviews = await ctx.api.getAll<{ state?: string; dismissed?: boolean; user?: { login?: string } | null }>(ctx.path(`/pulls/${number}/reviews`));
  const latest = new Map<string, string>();
  for (const r of reviews) if (r.user?.login && !r.dismissed && (r.state === 'APPROVED' || r.state === 'REQUEST_CHANGES')) latest.set(r.user.login, r.state);
  return [...latest].filter(([, state]) => state === 'REQUEST_CHANGES').map(([login]) => login);
}

export async function mergePr(ctx: RepoContext, pr: PullRequest, req: MergeRequest): Promise<MergeOutcome> {
  const style = styleFor(ctx, req.strategy, false);
  if (typeof style !== 'string') return { merged: false, retryLater: false, reason: style.refused };
  const blocking = await changesRequestedBy(ctx, pr.number);
  if (blocking.length) return { merged: false, retryLater: false, reason: `a review requests changes (${blocking.join(', ')})` };
  let answer;
  try {
    answer = await ctx.api.call('POST', ctx.path(`/pulls/${pr.number}/merge`), { body: mergeBody(ctx, style, req), allow: [404, 405, 409, 423] });
  } catch (err) {
    if (!mayHaveTakenEffect(err)) throw err;
    const merged = await mergedSince(ctx, pr.number);
    if (merged) return merged.merge_commit_sha ? { merged: true, sha: merged.merge_commit_sha } : { merged: true };
    return { merged: false, retryLater: true, reason: `Gitea did not answer the merge (${(err as Error).message})` };
  }
  const message = GiteaApi.message(answer.body);
  switch (answer.status) {
    case 200:
    case 201:
      return { merged: true };
    case 405:
      if (/try again later/i.test(message))
        return {
          merged: false,
          retryLater: true,
          reason: `Gitea cannot merge it yet: it is still checking the PR, or the branch conflicts with ${pr.targetBranch}`,
        };
      if (/status check/i.test(message)) return { merged: false, retryLater: true, reason: `required checks have not passed yet (${message})` };
      if (message === '') {
        const merged = await mergedSince(ctx, pr.number);
        if (merged) return merged.merge_commit_sha ? { merged: true, sha: merged.merge_commit_sha } : { merged: true };
      }
      return { merged: false, retryLater: false, reason: `Gitea refused the merge: ${message || 'method not allowed'}` };
    case 409:
      if (/head out of date/i.test(message))
        return { merged: false, retryLater: false, reason: `the branch moved since its checks were read (head is no longer ${req.sha.slice(0, 7)})` };
      return { merged: false, retryLater: false, reason: `merge conflict with ${pr.targetBranch} (${style})${message ? `: ${message}` : ''}` };
    case 404:
      return { merged: false, retryLater: false, reason: 'the PR is closed or gone' };
    default:
      return { merged: false, retryLater: false, reason: `the repository is archived (${answer.status})` };
  }
}

export async function enableAutomerge(ctx: RepoContext, pr: PullRequest, req: MergeRequest): Promise<AutomergeOutcome> {
  if (!ctx.features.nativeAutomerge) return 'unsupported';
  const style = styleFor(ctx, req.strategy, true);
  if (typeof style !== 'string') return { failed: style.refused };
  const body = { ...mergeBody(ctx, style, req), merge_when_checks_succeed: true, delete_branch_after_merge: true };
  let answer;
  try {
    answer = await ctx.api.call('POST', ctx.path(`/pulls/${pr.number}/merge`), { body, allow: [404, 405, 409, 423] });
  } catch (err) {
    if (!mayHaveTakenEffect(err)) throw err;
    if (await mergedSince(ctx, pr.number)) return 'merged';
    return { failed: `Gitea did not answer (${(err as Error).message}); try again later` };
  }
  const message = GiteaApi.message(answer.body);
  if (answer.status === 201) return 'scheduled';
  if (answer.status === 200) return 'merged';
  if (answer.status === 409 && /already scheduled/i.test(message)) return 'scheduled';
  if (answer.status === 405 && /try again later/i.test(message))
    return { failed: `Gitea cannot schedule it yet: it is still checking the PR, or the branch conflicts with ${pr.targetBranch}` };
  return { failed: `Gitea refused to schedule the merge: ${answer.status}${message ? ` ${message}` : ''}` };
}
