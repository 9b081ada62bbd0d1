/**
 * GitHub fake handlers for labels, issues, assignees and comments. As on GitHub, PRs are issues too:
 * `issues/list-for-repo` includes them (with a `pull_request` key), and labels, assignees and comments on
 * a PR go through these endpoints. Label names match case-insensitively; a label name that does not
 * exist is created on the fly (colour `ededed`) by add/set/create (github/docs#35718). Issues disabled:
 * 410 "Issues are disabled for this repo" for issues (PRs still reachable).
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { IssueRecord, LabelRecord, PullRecord, RepoWorld } from '../forge-model/index.js';
import { apiError, links, notFound, page, repoFor, sortByQuery, validationFailed, type GitHubFake } from './context.js';
import { issue as issueObject, issueComment, label as labelObject } from './objects.js';
import { isCollaborator } from './pulls.js';

const MAX_BODY = 65_536;
const gone = (): ForgeResponse => apiError(410, 'Issues are disabled for this repo');

type Target = IssueRecord | PullRecord;
type LabelInput = string | { name: string };

/** The label names of an add/set body: `{labels: [...]}`, a bare array, or one string. */
function labelNames(body: unknown): string[] {
  const list: unknown = body && typeof body === 'object' && !Array.isArray(body) ? (body as { labels?: unknown }).labels : body;
  const items = Array.isArray(list) ? list : typeof list === 'string' ? [list] : [];
  return items.map((l: LabelInput) => (typeof l === 'string' ? l : l.name)).filter((n): n is string => typeof n === 'string');
}

export function issueHandlers(fake: GitHubFake): Record<string, ForgeHandler> {
  const { model } = fake;
  const target = (world: RepoWorld, n: string | undefined): Target | undefined => world.issues.get(Number(n)) ?? world.pulls.get(Number(n));
  /** An issue or PR of `/issues/{issue_number}/…`, or GitHub's answer. */
  const withTarget =
    (handle: (req: ForgeRequest, world: RepoWorld, t: Target) => ForgeResponse | Promise<ForgeResponse>, needed: 'read' | 'write' = 'read'): ForgeHandler =>
    (req) => {
      const world = repoFor(fake, req, needed);
      if ('status' in world) return world;
      const t = target(world, req.pathParams.issue_number);
      if (!t) return world.repo.hasIssues ? notFound() : gone();
      if (!('head' in t) && !world.repo.hasIssues) return gone();
      return handle(req, world, t);
    };
  /** The repository's label of that name, created (grey) when missing. */
  const ensureLabel = (world: RepoWorld, name: string): LabelRecord =>
    world.repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase()) ?? model.addLabel(world.repo.fullName, name, { color: '#ededed' });
  const labelsOf = (req: ForgeRequest, world: RepoWorld, t: Target) =>
    t.labels
      .map((id) => world.repo.labels.find((l) => l.id === id))
      .filter((l): l is LabelRecord => l !== undefined)
      .map((l) => labelObject(world.repo, l, links(req)));
  const touch = (t: Target) => {
    t.updatedAt = model.now();
  };
  const tooLong = (body: string | null | undefined) =>
    (body ?? '').length > MAX_BODY
      ? validationFailed({ resource: 'Issue', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` })
      : undefined;

  return {
    'issues/list-labels-for-repo': (req) => {
      const world = repoFor(fake, req);
      if ('status' in world) return world;
      const { items, headers } = page(req, world.repo.labels);
      return { status: 200, body: items.map((l) => labelObject(world.repo, l, links(req))), headers };
    },

    'issues/create-label': (req) => {
      const world = repoFor(fake, req, 'write');
      if ('status' in world) return world;
      const body = req.body as { name: string; color?: string; description?: string };
      if (body.color !== undefined && !/^[0-9a-fA-F]{6}$/.test(body.color)) return validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
      if (world.repo.labels.some((l) => l.name.toLowerCase() === body.name.toLowerCase()))
        return validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      const created = model.addLabel(world.repo.fullName, body.name, {
        color: `#${(body.color ?? 'ededed').toLowerCase()}`,
        description: body.description ?? '',
      });
      return { status: 201, body: labelObject(world.repo, created, links(req)) };
    },

    'issues/add-labels': withTarget((req, world, t) => {
      for (const name of labelNames(req.body)) {
        const l = ensureLabel(world, name);
        if (!t.labels.includes(l.id)) t.labels.push(l.id);
      }
      touch(t);
      return { status: 200, body: labelsOf(req, world, t) };
    }, 'write'),

    'issues/set-labels': withTarget((req, world, t) => {
      t.labels = [...new Set(labelNames(req.body).map((name) => ensureLabel(world, name).id))];
      touch(t);
      return { status: 200, body: labelsOf(req, world, t) };
    }, 'write'),

    'issues/remove-label': withTarget((req, world, t) => {
      const l = world.repo.labels.find((x) => x.name.toLowerCase() === req.pathParams.name!.toLowerCase());
      if (!l || !t.labels.includes(l.id)) return apiError(404, 'Label does not exist');
      t.labels = t.labels.filter((id) => id !== l.id);
      touch(t);
      return { status: 200, body: labelsOf(req, world, t) };
    }, 'write'),

    'issues/add-assignees': withTarget((req, world, t) => {
      const wanted = ((req.body as { assignees?: (string | { login: string })[] }).assignees ?? []).map((a) => (typeof a === 'string' ? a : a.login));
      // People without access are dropped silently, as GitHub does.
      for (const login of wanted.filter((a) => isCollaborator(fake, world, a)))
        if (!t.assignees.some((a) => a.toLowerCase() === login.toLowerCase())) t.assignees.push(model.user(login)!.login);
      touch(t);
      return { status: 201, body: issueObject(model, world.repo, t, links(req)) };
    }, 'write'),

    'issues/list-for-repo': (req) => {
      const world = repoFor(fake, req);
      if ('status' in world) return world;
      if (!world.repo.hasIssues) return gone();
      const q = req.query as { state?: string; creator?: string; labels?: string; assignee?: string };
      const state = q.state ?? 'open';
      let all: Target[] = [...world.issues.values(), ...world.pulls.values()];
      if (state !== 'all') all = all.filter((i) => i.state === state);
      if (q.creator) all = all.filter((i) => i.author.toLowerCase() === q.creator!.toLowerCase());
      if (q.assignee === 'none') all = all.filter((i) => i.assignees.length === 0);
      else if (q.assignee && q.assignee !== '*') all = all.filter((i) => i.assignees.some((a) => a.toLowerCase() === q.assignee!.toLowerCase()));
      else if (q.assignee === '*') all = all.filter((i) => i.assignees.length > 0);
      if (q.labels) {
        const names = q.labels.split(',').map((n) => n.trim().toLowerCase());
        all = all.filter((i) => names.every((n) => i.labels.some((id) => world.repo.labels.find((l) => l.id === id)?.name.toLowerCase() === n)));
      }
      const sorted = sortByQuery(req, all, (i) => model.issues.comments(world.repo.fullName, i.number).length);
      const { items, headers } = page(req, sorted);
      return { status: 200, body: items.map((i) => issueObject(model, world.repo, i, links(req))), headers };
    },

    'issues/get': withTarget((req, world, t) => ({ status: 200, body: issueObject(model, world.repo, t, links(req)) })),

    'issues/create': (req) => {
      const world = repoFor(fake, req);
      if ('status' in world) return world;
      if (!world.repo.hasIssues) return gone();
      const body = req.body as { title: string | number; body?: string | null; labels?: LabelInput[]; assignees?: string[] };
      const long = tooLong(body.body);
      if (long) return long;
      // Labels and assignees are dropped silently for people without push access.
      const push = model.can(fake.viewer(req), world.repo, 'write');
      const created = model.issues.create(world.repo.fullName, {
        title: String(body.title),
        body: body.body ?? '',
        author: fake.viewer(req)!,
        labels: push ? labelNames({ labels: body.labels ?? [] }).map((n) => ensureLabel(world, n).id) : [],
        assignees: push ? (body.assignees ?? []).filter((a) => isCollaborator(fake, world, a)).map((a) => model.user(a)!.login) : [],
      });
      return { status: 201, body: issueObject(model, world.repo, created, links(req)) };
    },

    'issues/update': withTarget((req, world, t) => {
      const body = req.body as { title?: string | number | null; body?: string | null; state?: 'open' | 'closed'; labels?: LabelInput[]; assignees?: string[] };
      const viewer = fake.viewer(req)!;
      if (!model.can(viewer, world.repo, 'write') && viewer.toLowerCase() !== t.author.toLowerCase())
        return apiError(403, 'Resource not accessible by personal access token');
      const long = tooLong(body.body);
      if (long) return long;
      const labels = body.labels === undefined ? undefined : labelNames({ labels: body.labels }).map((n) => ensureLabel(world, n).id);
      const assignees = body.assignees?.filter((a) => isCollaborator(fake, world, a)).map((a) => model.user(a)!.login);
      if ('head' in t) {
        if (body.state === 'open' && t.merged)
          return validationFailed({ resource: 'Issue', code: 'custom', field: 'state', message: 'state cannot be changed. The pull request has been merged.' });
        if (body.title !== undefined && body.title !== null) t.title = String(body.title);
        if (body.body !== undefined) t.body = body.body ?? '';
        if (labels) t.labels = labels;
        if (assignees) t.assignees = assignees;
        model.pulls.touch(t);
        if (body.state === 'closed' && t.state === 'open') model.pulls.close(t, viewer);
        if (body.state === 'open' && t.state === 'closed') {
          t.state = 'open';
          delete t.closedAt;
          delete t.closedBy;
        }
      } else {
        model.issues.edit(
          t,
          {
            ...(body.title !== undefined && body.title !== null ? { title: String(body.title) } : {}),
            ...(body.body !== undefined ? { body: body.body ?? '' } : {}),
            ...(body.state ? { state: body.state } : {}),
            ...(labels ? { labels } : {}),
            ...(assignees ? { assignees } : {}),
          },
          viewer,
        );
      }
      return { status: 200, body: issueObject(model, world.repo, t, links(req)) };
    }),

    'issues/list-comments': withTarget((req, world, t) => {
      const { items, headers } = page(req, model.issues.comments(world.repo.fullName, t.number));
      return { status: 200, body: items.map((c) => issueComment(model, world.repo, c, links(req))), headers };
    }),

    'issues/create-comment': withTarget((req, world, t) => {
      const text = (req.body as { body: string }).body;
      const long = tooLong(text);
      if (long) return long;
      const comment = model.issues.addComment(world.repo.fullName, t.number, text, fake.viewer(req)!);
      return { status: 201, body: issueComment(model, world.repo, comment, links(req)) };
    }),

    'issues/update-comment': (req) => {
      const world = repoFor(fake, req);
      if ('status' in world) return world;
      const comment = model.issues.comment(world.repo.fullName, Number(req.pathParams.comment_id));
      if (!comment) return notFound();
      const viewer = fake.viewer(req);
      if (comment.author.toLowerCase() !== viewer?.toLowerCase() && !model.can(viewer, world.repo, 'write'))
        return apiError(403, 'Resource not accessible by personal access token');
      const text = (req.body as { body: string }).body;
      const long = tooLong(text);
      if (long) return long;
      model.issues.editComment(comment, text);
      return { status: 200, body: issueComment(model, world.repo, comment, links(req)) };
    },
  };
}
