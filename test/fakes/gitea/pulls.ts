/**
 * Gitea fake handlers for pull requests: list, get, create, edit, review requests, merge and the
 * scheduled auto-merge, answering as Gitea's router does (routers/api/v1/repo/pull.go):
 * - merge: merged → 405; closed → 404; no write access → 405; mergeability still being checked *or a
 *   conflict* → 405 "Please try again later" (Gitea's API does not tell them apart); required statuses
 *   not green → 405; `merge_when_checks_succeed` → 201 when scheduled (undocumented, forge-apis.md §2.9),
 *   409 when already scheduled, else a merge now; style not allowed → 405; `head_commit_id` not the head
 *   → 409; a conflict found while merging → 409; merged → 200.
 * - Version gates: `poster` filter from 1.23 (ignored before), `reviewers` on create from 1.23,
 *   `delete_branch_after_merge` honoured with a scheduled merge from 1.24 / Forgejo 10.
 * - Bug go-gitea/gitea#35756 is played: `fast-forward-only` with `merge_when_checks_succeed` merges at
 *   once, checks or not.
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { MergeOutcome, MergeStyle, PullRecord, RepoWorld } from '../forge-model/index.js';
import { apiError, atLeast, links, notFound, page, repoFor, type GiteaFake } from './context.js';
import { pullObject, userObject } from './objects.js';

const STYLES: Record<string, MergeStyle> = {
  merge: 'merge',
  rebase: 'rebase',
  'rebase-merge': 'rebase-merge',
  squash: 'squash',
  'fast-forward-only': 'fast-forward',
};

interface MergeBody {
  do: string;
  merge_title_field?: string;
  merge_message_field?: string;
  head_commit_id?: string;
  delete_branch_after_merge?: boolean;
  merge_when_checks_succeed?: boolean;
}

export function pullHandlers(fake: GiteaFake): Record<string, ForgeHandler> {
  const { model } = fake;
  const since = (gitea: string, forgejo = '0.0.0') => (fake.version.forgejo ? atLeast(fake.version.forgejo, forgejo) : atLeast(fake.version.gitea, gitea));
  const answer = async (req: ForgeRequest, world: RepoWorld, pr: PullRecord, status = 200): Promise<ForgeResponse> => ({
    status,
    body: await pullObject(model, world.repo, pr, links(req)),
  });
  const withPull =
    (
      handle: (req: ForgeRequest, world: RepoWorld, pr: PullRecord) => Promise<ForgeResponse> | ForgeResponse,
      needed: 'read' | 'write' = 'read',
    ): ForgeHandler =>
    (req) => {
      const world = repoFor(fake, req, needed);
      if ('status' in world) return world;
      const pr = world.pulls.get(Number(req.pathParams.index));
      return pr ? handle(req, world, pr) : notFound();
    };
  const unknownUsers = (logins: string[] | undefined) => (logins ?? []).filter((l) => !model.user(l));

  return {
    repoListPullRequests: async (req) => {
      const world = repoFor(fake, req);
      if ('status' in world) return world;
      const q = req.query as { state?: string; poster?: string; base_branch?: string; labels?: number[]; sort?: string };
      let prs = await model.pulls.list(world.repo.fullName);
      const state = q.state ?? 'open';
      if (state !== 'all') prs = prs.filter((p) => p.state === state);
      if (q.poster && since('1.23.0', '10.0.0')) prs = prs.filter((p) => p.author.toLowerCase() === q.poster!.toLowerCase());
      if (q.base_branch) prs = prs.filter((p) => p.base === q.base_branch);
      if (q.labels?.length) prs = prs.filter((p) => q.labels!.every((l) => p.labels.includes(l)));
      if (q.sort === 'recentupdate') prs.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      if (q.sort === 'oldest') prs.sort((a, b) => a.number - b.number);
      const { items, headers } = page(fake, req, prs);
      return { status: 200, body: await Promise.all(items.map((p) => pullObject(model, world.repo, p, links(req)))), headers };
    },

    repoGetPullRequest: withPull((req, world, pr) => answer(req, world, pr)),

    repoCreatePullRequest: async (req) => {
      const world = repoFor(fake, req, 'write');
      if ('status' in world) return world;
      const body = req.body as { head?: string; base?: string; title?: string; body?: string; labels?: number[]; assignees?: string[]; reviewers?: string[] };
      if (!body.title) return apiError(422, 'Title: Required');
      const unknown = unknownUsers([...(body.assignees ?? []), ...(body.reviewers ?? [])]);
      if (unknown.length) return apiError(422, `user does not exist [name: ${unknown[0]}]`);
      const head = (body.head ?? '').replace(new RegExp(`^${world.repo.owner}:`, 'i'), '');
      const known = new Set(model.labelsFor(world.repo).map((l) => l.id));
      const created = await model.pulls.create(world.repo.fullName, {
        head,
        base: body.base ?? world.repo.defaultBranch,
        title: body.title,
        body: body.body ?? '',
        author: fake.viewer(req)!,
        // Unknown label ids are dropped, as Gitea does.
        labels: (body.labels ?? []).filter((id) => known.has(id)),
        assignees: body.assignees ?? [],
        reviewers: since('1.23.0', '10.0.0') ? (body.reviewers ?? []) : [],
      });
      if ('pr' in created) return answer(req, world, created.pr, 201);
      if (created.error === 'exists')
        return apiError(
          409,
          `pull request already exists for these targets [id: ${created.existing.id}, issue_id: ${created.existing.id}, head_repo_id: ${world.repo.id}, base_repo_id: ${world.repo.id}, head_branch: ${head}, base_branch: ${created.existing.base}]`,
        );
      if (created.error === 'same-branch') return apiError(422, 'head and base must be different');
      return notFound();
    },

    repoEditPullRequest: withPull(async (req, world, pr) => {
      const body = req.body as { title?: string; body?: string; state?: string; base?: string; labels?: number[]; assignees?: string[] };
      const unknown = unknownUsers(body.assignees);
      if (unknown.length) return apiError(422, `user does not exist [name: ${unknown[0]}]`);
      if (body.state === 'open' && pr.state === 'closed') {
        if (pr.merged) return apiError(409, 'cannot reopen a merged pull request');
        if ([...world.pulls.values()].some((p) => p.state === 'open' && p.head === pr.head && p.base === pr.base))
          return apiError(409, 'a pull request for these branches is already open');
        pr.state = 'open';
        delete pr.closedAt;
        delete pr.closedBy;
      }
      if (body.base !== undefined && body.base !== pr.base) {
        if (!(await model.git.branchSha(world.repo.fullName, body.base))) return notFound('base branch does not exist');
        pr.base = body.base;
      }
      if (body.title !== undefined) pr.title = body.title;
      if (body.body !== undefined) pr.body = body.body;
      if (body.assignees !== undefined) pr.assignees = [...body.assignees];
      if (body.labels !== undefined) {
        const known = new Set(model.labelsFor(world.repo).map((l) => l.id));
        pr.labels = body.labels.filter((id) => known.has(id));
      }
      model.pulls.touch(pr);
      if (body.state === 'closed' && pr.state === 'open') model.pulls.close(pr, fake.viewer(req)!);
      return answer(req, world, pr, 201);
    }, 'write'),

    repoCreatePullReviewRequests: withPull((req, world, pr) => {
      const reviewers = (req.body as { reviewers?: string[] }).reviewers ?? [];
      const unknown = unknownUsers(reviewers);
      if (unknown.length) return apiError(422, `user does not exist [name: ${unknown[0]}]`);
      for (const login of reviewers) if (!pr.reviewers.some((r) => r.toLowerCase() === login.toLowerCase())) pr.reviewers.push(login);
      model.pulls.touch(pr);
      const body = reviewers.map((login) => ({
        id: model.id(),
        user: userObject(model, login, links(req)),
        state: 'REQUEST_REVIEW',
        body: '',
        commit_id: pr.headSha,
        stale: false,
        official: false,
        dismissed: false,
        comments_count: 0,
        pull_request_url: `${links(req).web}/${world.repo.fullName}/pulls/${pr.number}`,
        html_url: '',
        submitted_at: pr.updatedAt,
        updated_at: pr.updatedAt,
      }));
      return { status: 201, body };
    }, 'write'),

    repoMergePullRequest: withPull(async (req, world, pr) => {
      const body = req.body as MergeBody;
      const viewer = fake.viewer(req)!;
      if (pr.merged) return apiError(405, '');
      if (pr.state === 'closed') return notFound();
      if (!model.can(viewer, world.repo, 'write')) return apiError(405, 'User not allowed to merge PR');
      const style = STYLES[body.do];
      if (!style) return apiError(405, `${body.do} is not supported by the fake`);
      if (pr.checkingFor > 0) {
        pr.checkingFor--;
        return apiError(405, 'Please try again later');
      }
      if ((await model.pulls.mergeability(world.repo.fullName, pr)) === 'conflict') return apiError(405, 'Please try again later');
      const auto = body.merge_when_checks_succeed === true;
      if (!auto && model.statuses.required(world.repo.fullName, pr.base, pr.headSha) !== 'success')
        return apiError(405, 'Not all required status checks successful');
      const title = body.merge_title_field?.trim() || `Merge pull request '${pr.title}' (#${pr.number}) from ${pr.head} into ${pr.base}`;
      const message = body.merge_message_field?.trim() ? `${title}\n\n${body.merge_message_field.trim()}` : title;
      const deleteBranch = body.delete_branch_after_merge === true;
      // go-gitea/gitea#35756: fast-forward-only ignores the schedule and merges at once.
      if (auto && style !== 'fast-forward') {
        const scheduled = await model.pulls.schedule(world.repo.fullName, pr, {
          style,
          by: viewer,
          message,
          deleteBranch: deleteBranch && since('1.24.0', '10.0.0'),
        });
        if (scheduled.scheduled) return { status: 201 };
        if (scheduled.already) return apiError(409, 'pull request is already scheduled to auto merge when checks succeed');
        return mergeAnswer(scheduled.merge, body.do);
      }
      const expectedHead = body.head_commit_id;
      return mergeAnswer(
        await model.pulls.merge(world.repo.fullName, pr, {
          style,
          by: viewer,
          message,
          deleteBranch,
          skipRequiredChecks: true,
          ...(expectedHead ? { expectedHead } : {}),
        }),
        body.do,
      );
    }),

    repoListPullReviews: withPull((req, world, pr) => {
      const state = { approved: 'APPROVED', changes_requested: 'REQUEST_CHANGES', commented: 'COMMENT' } as const;
      const { items, headers } = page(fake, req, pr.reviews ?? []);
      const body = items.map((r) => ({
        id: r.id,
        user: userObject(model, r.by, links(req)),
        state: state[r.state],
        body: r.body,
        commit_id: r.commitSha,
        stale: r.commitSha !== pr.headSha,
        official: r.state !== 'commented',
        dismissed: false,
        comments_count: 0,
        pull_request_url: `${links(req).web}/${world.repo.fullName}/pulls/${pr.number}`,
        html_url: `${links(req).web}/${world.repo.fullName}/pulls/${pr.number}#issuecomment-${r.id}`,
        submitted_at: r.submittedAt,
        updated_at: r.submittedAt,
      }));
      return { status: 200, body, headers };
    }),

    repoCancelScheduledAutoMerge: withPull((_req, _world, pr) => {
      if (!pr.autoMerge) return notFound();
      delete pr.autoMerge;
      return { status: 204 };
    }, 'write'),
  };
}

function mergeAnswer(outcome: MergeOutcome, style: string): ForgeResponse {
  if (outcome.ok) return { status: 200 };
  switch (outcome.refusal) {
    case 'style-not-allowed':
      return apiError(405, `${style} is not allowed an allowed merge style for this repository`);
    case 'conflict':
      return { status: 409, body: { Style: style, StdOut: '', StdErr: `CONFLICT (content): Merge conflict in ${outcome.files?.join(', ')}`, Err: {} } };
    case 'not-fast-forward':
      return apiError(409, 'Fast-forward only merge is not possible: the branches have diverged');
    case 'head-moved':
      return apiError(409, 'head out of date');
    case 'merged':
    case 'no-permission':
    case 'checking':
    case 'not-mergeable':
    case 'required-checks':
      return apiError(405, outcome.detail);
    case 'closed':
      return notFound();
  }
}
