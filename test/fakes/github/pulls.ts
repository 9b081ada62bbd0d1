/**
 * GitHub fake handlers for pull requests: list, get, create, update, review requests and merge, answering
 * as GitHub does (forge-apis.md §1.1, §1.3):
 * - list: `head` filters only in the `owner:branch` form (a bare branch name is ignored, as on GitHub),
 *   `base`, `state` (default open), `sort`/`direction`, paged with `Link`.
 * - get: `mergeable` / `mergeable_state` — `unknown` with `mergeable: null` while the model holds the
 *   mergeability check (`hooks.holdMergeCheck`: each read uses up one), `dirty` on a conflict, `blocked`
 *   while required checks are not green, `unstable` when other checks are not green, else `clean`; a
 *   closed PR is `unknown`.
 * - create: 422 "Validation Failed" with `errors[].message` "A pull request already exists for
 *   owner:branch." (GitHub's shape: the top-level message is only "Validation Failed"), "No commits
 *   between …", a missing head or base, a body over 65 536 characters.
 * - merge: closed or merged → 405; head not `sha` → 409 "Head branch was modified"; still computing or
 *   conflicting → 405 "Pull Request is not mergeable"; required checks → 405 "Required status check … is
 *   expected/failing"; a method the repository settings forbid → 405 "… are not allowed on this
 *   repository"; then the model's real git merge (`delete_branch_on_merge` honoured) → 200 `{sha, merged}`.
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { MergeStyle, PullRecord, RepoWorld } from '../forge-model/index.js';
import { apiError, links, notFound, page, repoFor, sortByQuery, validationFailed, type GitHubFake } from './context.js';
import { pullRequest, pullRequestReview, pullRequestSimple, type Mergeability } from './objects.js';

const MAX_BODY = 65_536;
const STYLES: Record<string, MergeStyle> = { merge: 'merge', squash: 'squash', rebase: 'rebase' };
const NOT_ALLOWED: Record<string, string> = {
  merge: 'Merge commits are not allowed on this repository.',
  squash: 'Squash merges are not allowed on this repository.',
  rebase: 'Rebase merges are not allowed on this repository.',
};

/** Why required checks block a merge, in GitHub's words; undefined when they pass. */
export function requiredChecksMessage(fake: GitHubFake, world: RepoWorld, pr: PullRecord): string | undefined {
  const verdicts = fake.model.statuses.requiredVerdicts(world.repo.fullName, pr.base, pr.headSha);
  const failing = verdicts.find((v) => v.verdict === 'failure');
  if (failing) return `Required status check "${failing.context}" is failing.`;
  const waiting = verdicts.filter((v) => v.verdict === 'pending');
  if (waiting.length === 1) return `Required status check "${waiting[0]!.context}" is expected.`;
  if (waiting.length > 1) return `${waiting.length} of ${verdicts.length} required status checks are expected.`;
  return undefined;
}

/** People GitHub counts as collaborators: the owner, organization members, invited collaborators, site admins. */
export function isCollaborator(fake: GitHubFake, world: RepoWorld, login: string): boolean {
  const user = fake.model.user(login);
  const who = login.toLowerCase();
  if (!user) return false;
  return (
    user.admin || world.repo.owner.toLowerCase() === who || world.repo.collaborators.has(who) || fake.model.user(world.repo.owner)?.members.has(who) === true
  );
}

/** Whether every check of the head (statuses and runs, required or not) is green. */
export function allChecksGreen(fake: GitHubFake, world: RepoWorld, pr: PullRecord): boolean {
  const { statuses } = fake.model;
  const full = world.repo.fullName;
  const states = statuses.latest(full, pr.headSha).map((s) => s.state);
  const runs = statuses.latestRuns(full, pr.headSha);
  return (
    states.every((s) => s === 'success' || s === 'skipped') &&
    runs.every((r) => r.status === 'completed' && (r.conclusion === 'success' || r.conclusion === 'neutral' || r.conclusion === 'skipped'))
  );
}

/** `mergeable` and `mergeable_state` as `pulls/get` reports them now; a read uses up one held check. */
export async function mergeabilityOf(fake: GitHubFake, world: RepoWorld, pr: PullRecord, read = false): Promise<Mergeability> {
  const { model } = fake;
  if (pr.state !== 'open') return { mergeable: null, state: 'unknown' };
  if (pr.checkingFor > 0) {
    if (read) pr.checkingFor--;
    return { mergeable: null, state: 'unknown' };
  }
  if ((await model.pulls.mergeability(world.repo.fullName, pr)) === 'conflict') return { mergeable: false, state: 'dirty' };
  if (requiredChecksMessage(fake, world, pr)) return { mergeable: true, state: 'blocked' };
  return { mergeable: true, state: allChecksGreen(fake, world, pr) ? 'clean' : 'unstable' };
}

export function pullHandlers(fake: GitHubFake): Record<string, ForgeHandler> {
  const { model } = fake;
  const full = async (req: ForgeRequest, world: RepoWorld, pr: PullRecord, status = 200, read = false): Promise<ForgeResponse> => {
    await model.pulls.refresh(world.repo.fullName, pr);
    return { status, body: await pullRequest(model, world.repo, pr, await mergeabilityOf(fake, world, pr, read), links(req)) };
  };
  const withPull =
    (
      handle: (req: ForgeRequest, world: RepoWorld, pr: PullRecord) => Promise<ForgeResponse> | ForgeResponse,
      needed: 'read' | 'write' = 'read',
    ): ForgeHandler =>
    async (req) => {
      const world = repoFor(fake, req, needed);
      if ('status' in world) return world;
      const pr = world.pulls.get(Number(req.pathParams.pull_number));
      if (!pr) return notFound();
      await model.pulls.refresh(world.repo.fullName, pr);
      return handle(req, world, pr);
    };
  const openFor = (world: RepoWorld, head: string, base: string, except?: PullRecord) =>
    [...world.pulls.values()].find((p) => p !== except && p.state === 'open' && p.head === head && p.base === base);

  return {
    'pulls/list': async (req) => {
      const world = repoFor(fake, req);
      if ('status' in world) return world;
      const q = req.query as { state?: string; head?: string; base?: string };
      let prs = await model.pulls.list(world.repo.fullName);
      const state = q.state ?? 'open';
      if (state !== 'all') prs = prs.filter((p) => p.state === state);
      // Only `owner:branch` filters (forge-apis.md §1.3); PRs come from the repository itself here.
      const head = q.head?.includes(':') ? q.head.split(':') : undefined;
      if (head) prs = prs.filter((p) => world.repo.owner.toLowerCase() === head[0]!.toLowerCase() && p.head === head.slice(1).join(':'));
      if (q.base) prs = prs.filter((p) => p.base === q.base);
      const { items, headers } = page(req, sortByQuery(req, prs));
      return { status: 200, body: items.map((p) => pullRequestSimple(model, world.repo, p, links(req))), headers };
    },

    'pulls/get': withPull((req, world, pr) => full(req, world, pr, 200, true)),

    'pulls/list-reviews': withPull((req, world, pr) => {
      const { items, headers } = page(req, pr.reviews ?? []);
      return { status: 200, body: items.map((r) => pullRequestReview(model, world.repo, pr, r, links(req))), headers };
    }),

    'pulls/create': async (req) => {
      const world = repoFor(fake, req, 'write');
      if ('status' in world) return world;
      const body = req.body as { title?: string; head: string; base: string; body?: string; head_repo?: string; issue?: number };
      if (!body.title) return validationFailed({ resource: 'PullRequest', code: 'missing_field', field: 'title' });
      if ((body.body ?? '').length > MAX_BODY)
        return validationFailed({ resource: 'Issue', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` });
      const [owner, ...rest] = body.head.includes(':') ? body.head.split(':') : [world.repo.owner, body.head];
      const head = rest.join(':');
      if (owner!.toLowerCase() !== world.repo.owner.toLowerCase() || !(await model.git.branchSha(world.repo.fullName, head)))
        return validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'head' });
      const baseSha = await model.git.branchSha(world.repo.fullName, body.base);
      if (!baseSha) return validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'base' });
      const existing = openFor(world, head, body.base);
      if (existing)
        return validationFailed({ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${world.repo.owner}:${head}.` });
      const headSha = (await model.git.branchSha(world.repo.fullName, head))!;
      if (await model.git.isAncestor(world.repo.fullName, headSha, baseSha))
        return validationFailed({ resource: 'PullRequest', code: 'custom', message: `No commits between ${body.base} and ${head}` });
      const created = await model.pulls.create(world.repo.fullName, {
        head,
        base: body.base,
        title: body.title,
        body: body.body ?? '',
        author: fake.viewer(req)!,
      });
      if (!('pr' in created)) return validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'head' });
      return full(req, world, created.pr, 201);
    },

    'pulls/update': withPull(async (req, world, pr) => {
      const body = req.body as { title?: string; body?: string; state?: 'open' | 'closed'; base?: string };
      if (!model.can(fake.viewer(req), world.repo, 'write') && fake.viewer(req)?.toLowerCase() !== pr.author.toLowerCase())
        return apiError(403, 'Resource not accessible by personal access token');
      if ((body.body ?? '').length > MAX_BODY)
        return validationFailed({ resource: 'Issue', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` });
      if (body.state === 'open' && pr.state === 'closed') {
        if (pr.merged) return validationFailed({ resource: 'PullRequest', code: 'custom', message: 'Cannot reopen a merged pull request' });
        if (openFor(world, pr.head, pr.base, pr))
          return validationFailed({ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${world.repo.owner}:${pr.head}.` });
        if (!(await model.git.branchSha(world.repo.fullName, pr.head)))
          return validationFailed({ resource: 'PullRequest', code: 'custom', message: 'state cannot be changed. The head branch was deleted.' });
        pr.state = 'open';
        delete pr.closedAt;
        delete pr.closedBy;
      }
      if (body.base !== undefined && body.base !== pr.base) {
        if (pr.state !== 'open')
          return validationFailed({ resource: 'PullRequest', code: 'custom', message: 'Cannot change the base branch of a closed pull request.' });
        if (!(await model.git.branchSha(world.repo.fullName, body.base))) return validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'base' });
        pr.base = body.base;
      }
      if (body.title !== undefined) pr.title = body.title;
      if (body.body !== undefined) pr.body = body.body;
      model.pulls.touch(pr);
      if (body.state === 'closed' && pr.state === 'open') model.pulls.close(pr, fake.viewer(req)!);
      return full(req, world, pr);
    }),

    'pulls/request-reviewers': withPull((req, world, pr) => {
      const reviewers = (req.body as { reviewers?: string[] }).reviewers ?? [];
      if (reviewers.some((r) => r.toLowerCase() === pr.author.toLowerCase()))
        return validationFailed({ resource: 'PullRequest', code: 'custom', message: 'Review cannot be requested from pull request author.' });
      if (reviewers.some((r) => !isCollaborator(fake, world, r)))
        return validationFailed({
          resource: 'PullRequest',
          code: 'custom',
          message: `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${world.repo.fullName} repository.`,
        });
      for (const login of reviewers) if (!pr.reviewers.some((r) => r.toLowerCase() === login.toLowerCase())) pr.reviewers.push(model.user(login)!.login);
      model.pulls.touch(pr);
      return { status: 201, body: pullRequestSimple(model, world.repo, pr, links(req)) };
    }, 'write'),

    'pulls/merge': withPull(async (req, world, pr) => {
      const body = (req.body ?? {}) as { merge_method?: string; sha?: string; commit_title?: string; commit_message?: string };
      const viewer = fake.viewer(req)!;
      const method = body.merge_method ?? 'merge';
      if (pr.state !== 'open') return apiError(405, 'Pull Request is not mergeable');
      if (body.sha && body.sha !== pr.headSha) return apiError(409, 'Head branch was modified. Review and try the merge again.');
      if (pr.checkingFor > 0) return apiError(405, 'Pull Request is not mergeable');
      if ((await model.pulls.mergeability(world.repo.fullName, pr)) === 'conflict') return apiError(405, 'Pull Request is not mergeable');
      const checks = requiredChecksMessage(fake, world, pr);
      if (checks) return apiError(405, checks);
      const style = STYLES[method]!;
      if (!world.repo.mergeStyles.includes(style)) return apiError(405, NOT_ALLOWED[method]!);
      const title =
        body.commit_title ?? (method === 'squash' ? `${pr.title} (#${pr.number})` : `Merge pull request #${pr.number} from ${world.repo.owner}/${pr.head}`);
      const detail = body.commit_message ?? (method === 'squash' ? '' : pr.title);
      const outcome = await model.pulls.merge(world.repo.fullName, pr, {
        style,
        by: viewer,
        message: detail ? `${title}\n\n${detail}` : title,
        expectedHead: pr.headSha,
        deleteBranch: world.repo.deleteBranchOnMerge,
        skipRequiredChecks: true,
      });
      if (outcome.ok) return { status: 200, body: { sha: outcome.sha, merged: true, message: 'Pull Request successfully merged' } };
      if (outcome.refusal === 'no-permission') return apiError(403, 'Resource not accessible by personal access token');
      if (outcome.refusal === 'head-moved') return apiError(409, 'Head branch was modified. Review and try the merge again.');
      if (outcome.refusal === 'conflict' && style === 'rebase') return apiError(405, "This branch can't be rebased");
      return apiError(405, 'Pull Request is not mergeable');
    }, 'write'),
  };
}
