/**
 * Merging on GitLab: `PUT /merge_requests/:iid/merge` with `sha` (the head the checks were read on:
 * GitLab answers 409 when the branch moved, so a moved head is never merged). The merge method is a
 * project setting (merge commit, merge with semi-linear history, fast-forward); only squashing is chosen
 * per request, within the project's `squash_option`.
 *
 * Strategies: `squash` → squash (unless the project never squashes); `auto` → the project's method,
 * squashed when the project says so; `merge-commit`, `rebase-merge` and `fast-forward` (or `rebase`,
 * which is what a fast-forward project does) must be the project's method and the project must not
 * require squashing, or the merge is refused with the reason — changing the project's settings is not
 * the bot's call.
 *
 * Answers: 200 merged (or, with auto-merge, scheduled); 405 not mergeable now — pipeline still running,
 * or GitLab still computing mergeability right after a push: tried again after short waits, then left
 * for a later run — or not open any more, a draft, a conflict (some versions): the MR read again says
 * which; 406 the branch cannot be merged (conflict); 409 head moved; 401/403 not allowed.
 * A 5xx or no answer may hide a merge: the MR is read again first.
 *
 * Auto-merge: `auto_merge: true` (GitLab 17.11+) or `merge_when_pipeline_succeeds: true` (older), the
 * same call; the answer's MR says whether it merged at once or is waiting for the pipeline.
 */
import { HttpStatusError } from '../../util/errors.js';
import type { AutomergeOutcome, MergeOutcome, MergeStrategy, PullRequest } from '../types.js';
import { GitLabApi, mayHaveTakenEffect } from './api.js';
import type { GitLabMergeRequest, RepoContext } from './wire.js';

export interface MergeRequest {
  strategy: MergeStrategy;
  sha: string;
  commitMessage: string;
}

const METHOD_STRATEGY = { merge: 'merge-commit', rebase_merge: 'rebase-merge', ff: 'fast-forward' } as const;

/** The project's merge method as strategies: its own, then squash when the project allows squashing. */
export function allowedStrategies(mergeMethod: RepoContext['mergeMethod'], squashOption: RepoContext['squashOption']): MergeStrategy[] {
  return [METHOD_STRATEGY[mergeMethod] ?? 'merge-commit', ...(squashOption === 'never' ? [] : (['squash'] as const))];
}

/** Whether to squash for this strategy, or why the project's settings refuse it. */
function squashFor(ctx: RepoContext, strategy: MergeStrategy): boolean | { refused: string } {
  if (strategy === 'squash') return ctx.squashOption === 'never' ? { refused: 'this project never squashes (squash_option: never)' } : true;
  if (strategy === 'auto') return ctx.squashOption === 'always' || ctx.squashOption === 'default_on';
  const own = METHOD_STRATEGY[ctx.mergeMethod];
  const same = strategy === own || (strategy === 'rebase' && ctx.mergeMethod === 'ff');
  if (!same) return { refused: `automergeStrategy "${strategy}" is not this project's merge method (${ctx.mergeMethod}); GitLab sets it per project` };
  if (ctx.squashOption === 'always')
    return { refused: `automergeStrategy "${strategy}" cannot be honoured: this project always squashes (squash_option: always)` };
  return false;
}

function body(ctx: RepoContext, squash: boolean, req: MergeRequest, auto: boolean): Record<string, unknown> {
  return {
    sha: req.sha,
    should_remove_source_branch: true,
    ...(squash ? { squash: true, squash_commit_message: req.commitMessage } : ctx.mergeMethod === 'ff' ? {} : { merge_commit_message: req.commitMessage }),
    ...(auto ? { [ctx.autoMergeField]: true } : {}),
  };
}

async function readMr(ctx: RepoContext, number: number): Promise<GitLabMergeRequest> {
  return ctx.api.get<GitLabMergeRequest>(ctx.path(`/merge_requests/${number}`));
}

const mergedSha = (mr: GitLabMergeRequest) => mr.merge_commit_sha ?? mr.squash_commit_sha ?? mr.sha ?? undefined;

/** `detailed_merge_status` values only a person can change: no point waiting for them. */
const NEEDS_HUMAN: Record<string, string> = {
  conflict: 'merge conflict with the target branch',
  draft_status: 'the MR is a draft',
  requested_changes: 'a review requests changes',
  not_approved: 'the MR needs approval',
  discussions_not_resolved: 'open discussions must be resolved first',
  blocked_status: 'the MR is blocked by another MR',
};

interface MergeAnswer {
  status: number;
  body: unknown;
  /** The MR read again after a 405 (which says whether waiting can help). */
  now?: GitLabMergeRequest;
}

/**
 * PUT …/merge. A 405 means "not yet" (mergeability computed right after a push) as well as "never" (the MR
 * was closed, or merged meanwhile — also by this very request when its first answer was lost and the
 * HTTP client sent it again —, is a draft, conflicts on some GitLab versions): the MR is read again, and
 * only an open MR nobody needs to act on is tried again after the configured waits.
 */
async function putMerge(ctx: RepoContext, number: number, payload: Record<string, unknown>): Promise<MergeAnswer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await ctx.api.call('PUT', ctx.path(`/merge_requests/${number}/merge`), { body: payload, allow: [401, 403, 405, 406, 409, 422] });
    if (answer.status !== 405) return answer;
    const now = await readMr(ctx, number);
    const delay = ctx.retryDelaysMs[attempt];
    if (delay === undefined || now.state !== 'opened' || now.merge_when_pipeline_succeeds || blockedFor(now)) return { ...answer, now };
    await ctx.sleep(delay);
  }
}

const blockedFor = (mr: GitLabMergeRequest): string | undefined => NEEDS_HUMAN[mr.detailed_merge_status ?? ''];

export async function mergePr(ctx: RepoContext, pr: PullRequest, req: MergeRequest): Promise<MergeOutcome> {
  const squash = squashFor(ctx, req.strategy);
  if (typeof squash !== 'boolean') return { merged: false, retryLater: false, reason: squash.refused };
  // A reviewer asked for changes (GitLab 17.x "Request changes"): never merged, whatever the project allows.
  if ((await readMr(ctx, pr.number)).detailed_merge_status === 'requested_changes')
    return { merged: false, retryLater: false, reason: 'a review requests changes' };
  let answer;
  try {
    answer = await putMerge(ctx, pr.number, body(ctx, squash, req, false));
  } catch (err) {
    if (!mayHaveTakenEffect(err)) throw err;
    const now = await readMr(ctx, pr.number);
    const sha = mergedSha(now);
    if (now.state === 'merged') return { merged: true, ...(sha ? { sha } : {}) };
    return { merged: false, retryLater: true, reason: `GitLab did not answer the merge (${(err as Error).message})` };
  }
  const message = GitLabApi.message(answer.body);
  switch (answer.status) {
    case 200: {
      const mr = answer.body as GitLabMergeRequest;
      const sha = mergedSha(mr);
      return { merged: true, ...(sha ? { sha } : {}) };
    }
    case 405: {
      const now = answer.now;
      if (now?.state === 'merged') {
        const sha = mergedSha(now);
        return { merged: true, ...(sha ? { sha } : {}) };
      }
      if (now && now.state !== 'opened') return { merged: false, retryLater: false, reason: `the MR is ${now.state}` };
      const blocked = now && blockedFor(now);
      if (blocked) return { merged: false, retryLater: false, reason: blocked };
      return {
        merged: false,
        retryLater: true,
        reason: `GitLab cannot merge it yet (pipeline running, or still checking mergeability)${message ? `: ${message}` : ''}`,
      };
    }
    case 406:
      return { merged: false, retryLater: false, reason: `merge conflict with ${pr.targetBranch}${message ? ` (${message})` : ''}` };
    case 409:
      return { merged: false, retryLater: false, reason: `the branch moved since its checks were read (head is no longer ${req.sha.slice(0, 7)})` };
    default:
      return { merged: false, retryLater: false, reason: `GitLab refused the merge: ${answer.status}${message ? ` ${message}` : ''}` };
  }
}

export async function enableAutomerge(ctx: RepoContext, pr: PullRequest, req: MergeRequest): Promise<AutomergeOutcome> {
  if (!ctx.info.nativeAutomerge) return 'unsupported';
  const squash = squashFor(ctx, req.strategy);
  if (typeof squash !== 'boolean') return { failed: squash.refused };
  let answer;
  try {
    answer = await putMerge(ctx, pr.number, body(ctx, squash, req, true));
  } catch (err) {
    if (!mayHaveTakenEffect(err)) {
      if (err instanceof HttpStatusError) return { failed: err.message };
      throw err;
    }
    const now = await readMr(ctx, pr.number);
    if (now.state === 'merged') return 'merged';
    if (now.merge_when_pipeline_succeeds) return 'scheduled';
    return { failed: `GitLab did not answer (${(err as Error).message}); try again later` };
  }
  if (answer.status === 200) {
    const mr = answer.body as GitLabMergeRequest;
    return mr.state === 'merged' ? 'merged' : 'scheduled';
  }
  const message = GitLabApi.message(answer.body);
  if (answer.status === 405) {
    const now = answer.now;
    if (now?.state === 'merged') return 'merged';
    if (now?.state === 'opened' && now.merge_when_pipeline_succeeds) return 'scheduled';
    if (now && now.state !== 'opened') return { failed: `the MR is ${now.state}` };
    const blocked = now && blockedFor(now);
    if (blocked) return { failed: blocked };
    return { failed: `GitLab cannot schedule it yet (still checking the MR)${message ? `: ${message}` : ''}` };
  }
  return { failed: `GitLab refused to schedule the merge: ${answer.status}${message ? ` ${message}` : ''}` };
}
