/**
 * Gitea fake handlers for issues, their labels and comments. As on Gitea, `/issues/{index}` also reaches
 * pull requests (they are issues too); listing without `type` includes them. Edits answer 201.
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { IssueRecord, PullRecord, RepoWorld } from '../forge-model/index.js';
import { apiError, links, notFound, page, repoFor, type GiteaFake } from './context.js';
import { commentObject, issueObject, labelObject } from './objects.js';

export function issueHandlers(fake: GiteaFake): Record<string, ForgeHandler> {
  const { model } = fake;
  const withRepo =
    (handle: (req: ForgeRequest, world: RepoWorld) => ForgeResponse | Promise<ForgeResponse>, needed: 'read' | 'write' = 'read'): ForgeHandler =>
    (req) => {
      const world = repoFor(fake, req, needed);
      if ('status' in world) return world;
      if (!world.repo.hasIssues && !world.pulls.has(Number(req.pathParams.index))) return notFound('issues are disabled');
      return handle(req, world);
    };
  const target = (world: RepoWorld, index: string | undefined): IssueRecord | PullRecord | undefined =>
    world.issues.get(Number(index)) ?? world.pulls.get(Number(index));
  const knownLabels = (world: RepoWorld, ids: unknown[] | undefined) => {
    const all = model.labelsFor(world.repo);
    return (ids ?? []).map((v) => all.find((l) => l.id === v || l.name === v)?.id).filter((id): id is number => id !== undefined);
  };

  return {
    issueListIssues: withRepo((req, world) => {
      const q = req.query as { state?: 'open' | 'closed' | 'all'; type?: string; created_by?: string; q?: string; labels?: string };
      const names = q.labels ? q.labels.split(',') : [];
      const labelIds = names.length ? knownLabels(world, names) : undefined;
      if (labelIds && labelIds.length < names.length) return { status: 200, body: [], headers: { 'x-total-count': '0' } };
      const filter = {
        state: q.state ?? 'open',
        ...(q.created_by ? { createdBy: q.created_by } : {}),
        ...(q.q ? { q: q.q } : {}),
        ...(labelIds ? { labels: labelIds } : {}),
      };
      const issues: (IssueRecord | PullRecord)[] = q.type === 'pulls' ? [] : model.issues.list(world.repo.fullName, filter);
      if (q.type !== 'issues') {
        const pulls = [...world.pulls.values()].filter(
          (p) => (filter.state === 'all' || p.state === filter.state) && (!q.created_by || p.author.toLowerCase() === q.created_by.toLowerCase()),
        );
        issues.push(...pulls.filter((p) => !q.q || `${p.title}\n${p.body}`.toLowerCase().includes(q.q!.toLowerCase())));
        issues.sort((a, b) => b.number - a.number);
      }
      const { items, headers } = page(fake, req, issues);
      return { status: 200, body: items.map((i) => issueObject(model, world.repo, i, links(req))), headers };
    }),

    issueGetIssue: withRepo((req, world) => {
      const issue = target(world, req.pathParams.index);
      return issue ? { status: 200, body: issueObject(model, world.repo, issue, links(req)) } : notFound();
    }),

    issueCreateIssue: withRepo((req, world) => {
      const body = req.body as { title: string; body?: string; labels?: number[]; assignees?: string[]; closed?: boolean };
      const missing = (body.assignees ?? []).find((a) => !model.user(a));
      if (missing) return apiError(422, `user does not exist [name: ${missing}]`);
      const issue = model.issues.create(world.repo.fullName, {
        title: body.title,
        body: body.body ?? '',
        author: fake.viewer(req)!,
        labels: knownLabels(world, body.labels),
        assignees: body.assignees ?? [],
        closed: body.closed === true,
      });
      return { status: 201, body: issueObject(model, world.repo, issue, links(req)) };
    }, 'write'),

    issueEditIssue: withRepo((req, world) => {
      const issue = target(world, req.pathParams.index);
      if (!issue) return notFound();
      const body = req.body as { title?: string; body?: string; state?: 'open' | 'closed'; assignees?: string[] };
      const missing = (body.assignees ?? []).find((a) => !model.user(a));
      if (missing) return apiError(422, `user does not exist [name: ${missing}]`);
      if ('head' in issue) {
        if (body.state === 'open' && issue.merged) return apiError(409, 'cannot reopen a merged pull request');
        if (body.title !== undefined) issue.title = body.title;
        if (body.body !== undefined) issue.body = body.body;
        if (body.assignees !== undefined) issue.assignees = [...body.assignees];
        model.pulls.touch(issue);
        if (body.state === 'closed' && issue.state === 'open') model.pulls.close(issue, fake.viewer(req)!);
        if (body.state === 'open') issue.state = 'open';
      } else {
        model.issues.edit(issue, body, fake.viewer(req)!);
      }
      return { status: 201, body: issueObject(model, world.repo, issue, links(req)) };
    }, 'write'),

    issueReplaceLabels: withRepo((req, world) => {
      const issue = target(world, req.pathParams.index);
      if (!issue) return notFound();
      issue.labels = knownLabels(world, (req.body as { labels?: unknown[] }).labels);
      issue.updatedAt = model.now();
      const all = model.labelsFor(world.repo);
      return {
        status: 200,
        body: issue.labels.map((id) =>
          labelObject(
            all.find((l) => l.id === id)!,
            links(req),
            world.repo.fullName,
          ),
        ),
      };
    }, 'write'),

    issueGetComments: withRepo((req, world) => {
      if (!target(world, req.pathParams.index)) return notFound();
      return {
        status: 200,
        body: model.issues.comments(world.repo.fullName, Number(req.pathParams.index)).map((c) => commentObject(model, world.repo, c, links(req))),
      };
    }),

    issueCreateComment: withRepo((req, world) => {
      if (!target(world, req.pathParams.index)) return notFound();
      const comment = model.issues.addComment(world.repo.fullName, Number(req.pathParams.index), (req.body as { body: string }).body, fake.viewer(req)!);
      return { status: 201, body: commentObject(model, world.repo, comment, links(req)) };
    }, 'write'),

    issueEditComment: withRepo((req, world) => {
      const comment = model.issues.comment(world.repo.fullName, Number(req.pathParams.id));
      if (!comment) return notFound();
      if (comment.author.toLowerCase() !== fake.viewer(req)?.toLowerCase() && !model.can(fake.viewer(req), world.repo, 'admin'))
        return apiError(403, 'not your comment');
      model.issues.editComment(comment, (req.body as { body: string }).body);
      return { status: 200, body: commentObject(model, world.repo, comment, links(req)) };
    }, 'write'),
  };
}
