/**
 * Merging on GitHub: `PUT /pulls/{n}/merge` with `merge_method` and `sha` (the head the checks were read
 * on: GitHub answers 409 when the branch moved, so a head that changed is never merged), and native
 * auto-merge through GraphQL's `enablePullRequestAutoMerge` (the REST API has none).
 *
 * Strategies: `merge-commit` → merge, `squash` → squash, `rebase` → rebase; `fast-forward` and
 * `rebase-merge` → rebase (GitHub has no fast-forward merge; for a branch built on the current base tip a
 * rebase gives the same tree); `auto` → the allowed methods in Renovate's order (rebase, squash, merge),
 * moving on to the next when GitHub says a method is not allowed (its repository flags are only shown
 * to some tokens).
 *
 * A PR whose reviewers' latest verdict asks for changes is never merged (whatever branch protection says).
 *
 * Answers: 200 merged; 405 not mergeable — still computing (`mergeable: null`), conflicting (`dirty`),
 * blocked by protection (required checks pending → later; reviews → a human), or a method the repository
 * forbids; 409 head moved; 422 invalid. A 5xx or no answer may hide a merge: the PR is read again first.
 *
 * Native auto-merge needs "Allow auto-merge" in the repository and something for it to wait for: GitHub
 * refuses it on a PR that is already mergeable ("clean status": every check passed) — then the PR is
 * merged directly — and on a base without protection rules ("Protected branch rules not configured") or
 * with checks that are not required and not green ("unstable status"): then it is 'unsupported' and the
 * bot merges itself once the checks are green.
 */
import type { AutomergeOutcome, MergeOutcome, MergeStrategy, PullRequest } from '../types.js';
import { ExternalHostError, HttpStatusError } from '../../util/errors.js';
import { mayHaveTakenEffect } from './api.js';
import type { GitHubPull, RepoContext } from './wire.js';

type GitHubMethod = 'merge' | 'squash' | 'rebase';

const METHOD_OF: Record<Exclude<MergeStrategy, 'auto'>, GitHubMethod> = {
  'merge-commit': 'merge',
  squash: 'squash',
  rebase: 'rebase',
  'rebase-merge': 'rebase',
  'fast-forward': 'rebase',
};
const STRATEGY_OF: Record<GitHubMethod, MergeStrategy> = { rebase: 'rebase', squash: 'squash', merge: 'merge-commit' };
/** Renovate's order on GitHub when the strategy is `auto`. */
const AUTO_ORDER: GitHubMethod[] = ['rebase', 'squash', 'merge'];

export interface MergeRequest {
  strategy: MergeStrategy;
  sha: string;
  commitMessage: string;
}

export interface MergeFlags {
  allow_merge_commit?: boolean;
  allow_squash_merge?: boolean;
  allow_rebase_merge?: boolean;
}

/** The repository's allowed merge methods as strategies (all three when GitHub does not show the flags). */
export function allowedStrategies(flags: MergeFlags): MergeStrategy[] {
  const allowed: Record<GitHubMethod, boolean | undefined> = {
    rebase: flags.allow_rebase_merge,
    squash: flags.allow_squash_merge,
    merge: flags.allow_merge_commit,
  };
  return AUTO_ORDER.filter((m) => allowed[m] !== false).map((m) => STRATEGY_OF[m]);
}

function methodsFor(ctx: RepoContext, strategy: MergeStrategy): GitHubMethod[] | { refused: string } {
  const allowed = ctx.info.mergeStrategies.map((s) => METHOD_OF[s as Exclude<MergeStrategy, 'auto'>]);
  if (strategy === 'auto') return allowed.length ? allowed : { refused: 'the repository allows no merge method' };
  const method = METHOD_OF[strategy];
  if (allowed.includes(method)) return [method];
  return { refused: `automergeStrategy "${strategy}" needs ${method} merges, which this repository's settings do not allow` };
}

function commitFields(method: GitHubMethod, message: string): { commit_title?: string; commit_message?: string } {
  if (method === 'rebase') return {};
  const [title = '', ...rest] = message.split('\n');
  const body = rest.join('\n').trim();
  return { ...(title.trim() ? { commit_title: title.trim() } : {}), ...(body ? { commit_message: body } : {}) };
}

async function readPull(ctx: RepoContext, number: number): Promise<GitHubPull> {
  return (await ctx.api.rest.pulls.get({ owner: ctx.owner, repo: ctx.repo, pull_number: number })).data as unknown as GitHubPull;
}

/** Why GitHub said 405, in the bot's terms. */
async function notMergeable(ctx: RepoContext, pr: PullRequest, message: string): Promise<MergeOutcome> {
  if (/status check|expected/i.test(message)) return { merged: false, retryLater: true, reason: `required checks have not passed yet (${message})` };
  const now = await readPull(ctx, pr.number);
  if (now.merged) return { merged: true, ...(now.merge_commit_sha ? { sha: now.merge_commit_sha } : {}) };
  if (now.mergeable === null || now.mergeable === undefined || now.mergeable_state === 'unknown')
    return { merged: false, retryLater: true, reason: 'GitHub is still checking whether the PR can be merged' };
  if (now.mergeable_state === 'dirty') return { merged: false, retryLater: false, reason: `merge conflict with ${pr.targetBranch}` };
  if (now.mergeable_state === 'behind')
    return { merged: false, retryLater: true, reason: `the branch is behind ${pr.targetBranch} (branch protection requires it up to date)` };
  if (now.mergeable_state === 'blocked')
    return { merged: false, retryLater: false, reason: `branch protection blocks the merge (a required review or check)${message ? `: ${message}` : ''}` };
  return { merged: false, retryLater: false, reason: `GitHub refused the merge: ${message || 'not mergeable'}` };
}

/** Reviewers whose latest verdict asks for changes (comments are not verdicts; a dismissal lifts one). */
async function changesRequestedBy(ctx: RepoContext, number: number): Promise<string[]> {
  const reviews = await ctx.api.paginate(ctx.api.rest.pulls.listReviews, { owner: ctx.owner, repo: ctx.repo, pull_number: number, per_page: 100 });
  const latest = new Map<string, string>();
  for (const r of reviews) if (r.user && r.state !== 'COMMENTED' && r.state !== 'PENDING') latest.set(r.user.login, r.state);
  return [...latest].filter(([, state]) => state === 'CHANGES_REQUESTED').map(([login]) => login);
}

export async function mergePr(ctx: RepoContext, pr: PullRequest, req: MergeRequest): Promise<MergeOutcome> {
  const methods = methodsFor(ctx, req.strategy);
  if (!Array.isArray(methods)) return { merged: false, retryLater: false, reason: methods.refused };
  const blocking = await changesRequestedBy(ctx, pr.number);
  if (blocking.length) return { merged: false, retryLater: false, reason: `a review requests changes (${blocking.join(', ')})` };
  let last: MergeOutcome = { merged: false, retryLater: false, reason: 'the repository allows no merge method' };
  for (const method of methods) {
    try {
      const answer = await ctx.api.rest.pulls.merge({
        owner: ctx.owner,
        repo: ctx.repo,
        pull_number: pr.number,
        merge_method: method,
        sha: req.sha,
        ...commitFields(method, req.commitMessage),
      });
      return { merged: true, ...(answer.data.sha ? { sha: answer.data.sha } : {}) };
    } catch (err) {
      if (mayHaveTakenEffect(err)) {
        const now = await readPull(ctx, pr.number);
        if (now.merged) return { merged: true, ...(now.merge_commit_sha ? { sha: now.merge_commit_sha } : {}) };
        return { merged: false, retryLater: true, reason: `GitHub did not answer the merge (${(err as Error).message})` };
      }
      if (!(err instanceof HttpStatusError)) throw err;
      const message = err.message.replace(/^GitHub \S+ \S+: \d+ ?/, '');
      if (err.status === 405 && /not allowed/i.test(message)) {
        last = { merged: false, retryLater: false, reason: `GitHub refused the merge: ${message}` };
        continue;
      }
      if (err.status === 405) return notMergeable(ctx, pr, message);
      if (err.status === 409)
        return { merged: false, retryLater: false, reason: `the branch moved since its checks were read (head is no longer ${req.sha.slice(0, 7)})` };
      if (err.status === 404) return { merged: false, retryLater: false, reason: 'the PR is closed or gone' };
      return { merged: false, retryLater: false, reason: `GitHub refused the merge: ${err.status} ${message}` };
    }
  }
  return last;
}

const ENABLE_AUTOMERGE = `mutation($id: ID!, $mergeMethod: PullRequestMergeMethod!, $oid: GitObjectID, $headline: String, $body: String) {
  enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: $mergeMethod, expectedHeadOid: $oid, commitHeadline: $headline, commitBody: $body}) {
    pullRequest { number autoMergeRequest { enabledAt } }
  }
}`;

/** The messages of a GraphQL error answer, one line. */
function graphqlMessage(err: unknown): string | undefined {
  const errors = (err as { errors?: { message?: string }[] }).errors;
  if (!Array.isArray(errors)) return undefined;
  return errors
    .map((e) => e.message ?? '')
    .join('; ')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}

export async function enableAutomerge(ctx: RepoContext, pr: PullRequest, req: MergeRequest): Promise<AutomergeOutcome> {
  if (!ctx.info.nativeAutomerge) return 'unsupported';
  if (!pr.nodeId) return { failed: 'GitHub did not give the PR its GraphQL id' };
  const methods = methodsFor(ctx, req.strategy);
  if (!Array.isArray(methods)) return { failed: methods.refused };
  const [method = 'merge'] = methods;
  const [headline = '', ...rest] = req.commitMessage.split('\n');
  try {
    await ctx.api.graphql(ENABLE_AUTOMERGE, {
      id: pr.nodeId,
      // Not `method`: @octokit/graphql keeps that name for the HTTP method.
      mergeMethod: method.toUpperCase(),
      oid: req.sha,
      ...(method === 'rebase' ? {} : { headline: headline.trim(), body: rest.join('\n').trim() }),
    });
    return 'scheduled';
  } catch (err) {
    const message = graphqlMessage(err);
    if (message === undefined) {
      if (err instanceof ExternalHostError) return { failed: err.message };
      throw err;
    }
    if (/clean status/i.test(message)) {
      const merged = await mergePr(ctx, pr, req);
      return merged.merged ? 'merged' : { failed: merged.reason };
    }
    // Nothing required to wait for, some checks not green ("unstable"), or auto-merge off: the bot merges
    // itself once the checks are green.
    if (/protected branch rules not configured|unstable status|auto.?merge is not allowed/i.test(message)) return 'unsupported';
    return { failed: `GitHub refused to schedule the merge: ${message}` };
  }
}
