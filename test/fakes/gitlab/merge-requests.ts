/**
 * GitLab fake handlers for merge requests and their notes, answering as GitLab does
 * (docs.gitlab.com/api/merge_requests):
 * - create: 409 with `message: ["Another open merge request already exists for this source branch: !N"]`;
 *   labels as a comma-separated string, unknown names created (GitLab does).
 * - update: `state_event` close/reopen, `labels` replaces, `assignee_ids`/`reviewer_ids` replace.
 * - merge (`PUT …/merge`): not open → 405; no write access → 401; mergeability being checked → 405;
 *   conflict → 406 "Branch cannot be merged"; `sha` not the head → 409 "SHA does not match HEAD of
 *   source branch"; required statuses not green → 405 (a pipeline must succeed) unless auto-merge is
 *   asked, which schedules it (answer: the MR with `merge_when_pipeline_succeeds: true`). `auto_merge` is
 *   only known from 17.11; an older server refuses it as an unknown parameter. `squash` per request,
 *   refused when the project never squashes; otherwise the project's merge method.
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { MergeOutcome, MergeStyle, PullRecord, RepoWorld } from '../forge-model/index.js';
import { gitlabError, notFound, page, projectFor, type GitLabFake } from './context.js';
import { linksOf, mergeMethodOf, mergeRequestObject, noteObject, squashOptionOf } from './objects.js';

const STYLE_OF: Record<'merge' | 'rebase_merge' | 'ff', MergeStyle> = { merge: 'merge', rebase_merge: 'rebase-merge', ff: 'fast-forward' };

interface MergeBody {
  sha?: string;
  squash?: boolean;
  should_remove_source_branch?: boolean;
  merge_commit_message?: string;
  squash_commit_message?: string;
  auto_merge?: boolean;
  merge_when_pipeline_succeeds?: boolean;
}

export function mergeRequestHandlers(fake: GitLabFake): Record<string, ForgeHandler> {
  const { model } = fake;
  const links = (req: ForgeRequest) => linksOf(req.apiUrl);
  const answer = (req: ForgeRequest, world: RepoWorld, pr: PullRecord, status = 200, detailed?: string): ForgeResponse => ({
    status,
    body: mergeRequestObject(model, world.repo, pr, links(req), detailed),
  });
  const withMr =
    (
      handle: (req: ForgeRequest, world: RepoWorld, pr: PullRecord) => ForgeResponse | Promise<ForgeResponse>,
      needed: 'read' | 'write' = 'read',
    ): ForgeHandler =>
    async (req) => {
      const world = projectFor(fake, req, needed);
      if ('status' in world) return world;
      const pr = world.pulls.get(Number(req.pathParams.merge_request_iid));
      if (!pr) return notFound('Merge Request');
      await model.pulls.refresh(world.repo.fullName, pr);
      return handle(req, world, pr);
    };
  /** Label names → ids, creating the unknown ones as GitLab does. */
  const labelIds = (world: RepoWorld, names: string | undefined): number[] =>
    (names ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((name) => (model.labelsFor(world.repo).find((l) => l.name === name) ?? model.addLabel(world.repo.fullName, name, { color: '#6699cc' })).id);
  const loginsOf = (ids: number[] | undefined) =>
    (ids ?? []).map((id) => [...model.users.values()].find((u) => u.id === id)?.login).filter((l): l is string => l !== undefined);

  return {
    getApiV4ProjectsIdMergeRequests: async (req) => {
      const world = projectFor(fake, req);
      if ('status' in world) return world;
      const q = req.query as { state?: string; author_id?: number; source_branch?: string; target_branch?: string; order_by?: string; sort?: string };
      let prs = await model.pulls.list(world.repo.fullName);
      const stateOf = (p: PullRecord) => (p.merged ? 'merged' : p.state === 'open' ? 'opened' : 'closed');
      if (q.state && q.state !== 'all') prs = prs.filter((p) => stateOf(p) === q.state);
      if (q.author_id !== undefined) prs = prs.filter((p) => model.user(p.author)?.id === q.author_id);
      if (q.source_branch) prs = prs.filter((p) => p.head === q.source_branch);
      if (q.target_branch) prs = prs.filter((p) => p.base === q.target_branch);
      if (q.sort === 'asc') prs.reverse();
      const { items, headers } = page(req, prs);
      return { status: 200, body: items.map((p) => mergeRequestObject(model, world.repo, p, links(req))), headers };
    },

    getApiV4ProjectsIdMergeRequestsMergeRequestIid: withMr(async (req, world, pr) => {
      const detailed =
        pr.state !== 'open'
          ? 'not_open'
          : (await model.pulls.mergeability(world.repo.fullName, pr)) === 'conflict'
            ? 'conflict'
            : changesRequested(pr)
              ? 'requested_changes'
              : undefined;
      return answer(req, world, pr, 200, detailed);
    }),

    postApiV4ProjectsIdMergeRequests: async (req) => {
      const world = projectFor(fake, req, 'write');
      if ('status' in world) return world;
      const body = req.body as {
        source_branch: string;
        target_branch: string;
        title: string;
        description?: string;
        labels?: string;
        assignee_ids?: number[];
        reviewer_ids?: number[];
      };
      const created = await model.pulls.create(world.repo.fullName, {
        head: body.source_branch,
        base: body.target_branch,
        title: body.title,
        body: body.description ?? '',
        author: fake.viewer(req)!,
        labels: labelIds(world, body.labels),
        assignees: loginsOf(body.assignee_ids),
        reviewers: loginsOf(body.reviewer_ids),
      });
      if ('pr' in created) return answer(req, world, created.pr, 201);
      if (created.error === 'exists')
        return gitlabError(409, [`Another open merge request already exists for this source branch: !${created.existing.number}`]);
      if (created.error === 'same-branch') return gitlabError(422, ["You can't use same project/branch for source and target"]);
      return gitlabError(422, [
        `${created.error === 'no-head' ? 'Source' : 'Target'} branch "${created.error === 'no-head' ? body.source_branch : body.target_branch}" does not exist`,
      ]);
    },

    putApiV4ProjectsIdMergeRequestsMergeRequestIid: withMr((req, world, pr) => {
      const body = req.body as {
        title?: string;
        description?: string;
        state_event?: 'close' | 'reopen';
        labels?: string;
        target_branch?: string;
        assignee_ids?: number[];
        reviewer_ids?: number[];
      };
      if (body.title !== undefined) pr.title = body.title;
      if (body.description !== undefined) pr.body = body.description;
      if (body.target_branch !== undefined) pr.base = body.target_branch;
      if (body.labels !== undefined) pr.labels = labelIds(world, body.labels);
      if (body.assignee_ids !== undefined) pr.assignees = loginsOf(body.assignee_ids);
      if (body.reviewer_ids !== undefined) pr.reviewers = loginsOf(body.reviewer_ids);
      model.pulls.touch(pr);
      if (body.state_event === 'close' && pr.state === 'open') model.pulls.close(pr, fake.viewer(req)!);
      if (body.state_event === 'reopen' && pr.state === 'closed' && !pr.merged) pr.state = 'open';
      return answer(req, world, pr);
    }, 'write'),

    putApiV4ProjectsIdMergeRequestsMergeRequestIidMerge: withMr(async (req, world, pr) => {
      const body = req.body as MergeBody;
      const viewer = fake.viewer(req)!;
      if (!model.can(viewer, world.repo, 'write')) return gitlabError(401, '401 Unauthorized');
      if (pr.state !== 'open') return gitlabError(405, '405 Method Not Allowed');
      if (body.squash && !world.repo.mergeStyles.includes('squash')) return gitlabError(405, 'Squashing is not allowed in this project');
      if (pr.checkingFor > 0) {
        pr.checkingFor--;
        return gitlabError(405, '405 Method Not Allowed');
      }
      if ((await model.pulls.mergeability(world.repo.fullName, pr)) === 'conflict') return gitlabError(406, 'Branch cannot be merged');
      if (body.sha && body.sha !== pr.headSha) return gitlabError(409, 'SHA does not match HEAD of source branch');
      // squash_option `always` squashes whatever the request says.
      const style: MergeStyle = body.squash || squashOptionOf(world.repo) === 'always' ? 'squash' : STYLE_OF[mergeMethodOf(world.repo)];
      const message = (body.squash ? body.squash_commit_message : body.merge_commit_message)?.trim() || `Merge branch '${pr.head}' into '${pr.base}'`;
      const deleteBranch = body.should_remove_source_branch === true;
      if (body.auto_merge === true || body.merge_when_pipeline_succeeds === true) {
        const scheduled = await model.pulls.schedule(world.repo.fullName, pr, { style, by: viewer, message, deleteBranch });
        if (scheduled.scheduled || scheduled.already) return answer(req, world, pr);
        return mergeAnswer(model, req, world, pr, scheduled.merge);
      }
      if (model.statuses.required(world.repo.fullName, pr.base, pr.headSha) !== 'success') return gitlabError(405, '405 Method Not Allowed');
      return mergeAnswer(
        model,
        req,
        world,
        pr,
        await model.pulls.merge(world.repo.fullName, pr, { style, by: viewer, message, deleteBranch, skipRequiredChecks: true }),
      );
    }),

    getApiV4ProjectsIdMergeRequestsNoteableIdNotes: withMr((req, world, pr) => {
      const notes = model.issues.comments(world.repo.fullName, pr.number);
      const sorted = req.query.sort === 'desc' ? [...notes].reverse() : notes;
      const { items, headers } = page(req, sorted);
      return { status: 200, body: items.map((c) => noteObject(model, c, pr.id, links(req))), headers };
    }),

    postApiV4ProjectsIdMergeRequestsNoteableIdNotes: withMr((req, world, pr) => {
      const note = model.issues.addComment(world.repo.fullName, pr.number, (req.body as { body: string }).body, fake.viewer(req)!);
      return { status: 201, body: noteObject(model, note, pr.id, links(req)) };
    }),

    putApiV4ProjectsIdMergeRequestsNoteableIdNotesNoteId: withMr((req, world, pr) => {
      const note = model.issues.comment(world.repo.fullName, Number(req.pathParams.note_id));
      if (!note || note.number !== pr.number) return notFound('Note');
      if (note.author.toLowerCase() !== fake.viewer(req)?.toLowerCase()) return gitlabError(403, '403 Forbidden');
      return { status: 200, body: noteObject(model, model.issues.editComment(note, (req.body as { body: string }).body), pr.id, links(req)) };
    }),
  };
}

/** A reviewer's latest verdict asks for changes (GitLab 17.x "Request changes"). */
function changesRequested(pr: PullRecord): boolean {
  const latest = new Map<string, string>();
  for (const r of pr.reviews ?? []) if (r.state !== 'commented') latest.set(r.by.toLowerCase(), r.state);
  return [...latest.values()].includes('changes_requested');
}

function mergeAnswer(model: GitLabFake['model'], req: ForgeRequest, world: RepoWorld, pr: PullRecord, outcome: MergeOutcome): ForgeResponse {
  if (outcome.ok) return { status: 200, body: mergeRequestObject(model, world.repo, pr, linksOf(req.apiUrl)) };
  switch (outcome.refusal) {
    case 'conflict':
    case 'not-fast-forward':
    case 'not-mergeable':
      return gitlabError(406, 'Branch cannot be merged');
    case 'head-moved':
      return gitlabError(409, 'SHA does not match HEAD of source branch');
    case 'no-permission':
      return gitlabError(401, '401 Unauthorized');
    default:
      return gitlabError(405, '405 Method Not Allowed');
  }
}
