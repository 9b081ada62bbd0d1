/**
 * GitLab fake handlers for issues. Issue iids are the model's numbers (GitLab numbers issues and merge
 * requests separately; the model shares one sequence, which GitLab's rules allow too: they never clash).
 */
import type { ForgeHandler, ForgeRequest } from '../forge-server.js';
import { gitlabError, notFound, page, type GitLabFake } from './context.js';
import { issueObject, linksOf } from './objects.js';
import { withProject } from './projects.js';

export function issueHandlers(fake: GitLabFake): Record<string, ForgeHandler> {
  const { model } = fake;
  const links = (req: ForgeRequest) => linksOf(req.apiUrl);
  const labelIds = (fullName: string, names: string | undefined) => {
    const repo = model.world(fullName).repo;
    return (names ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((name) => (model.labelsFor(repo).find((l) => l.name === name) ?? model.addLabel(fullName, name, { color: '#6699cc' })).id);
  };

  return {
    getApiV4ProjectsIdIssues: withProject(fake, (req, world) => {
      if (!world.repo.hasIssues) return notFound('Issues');
      const q = req.query as { author_id?: number; state?: 'opened' | 'closed' | 'all'; search?: string; in?: string; sort?: string };
      const author = q.author_id === undefined ? undefined : [...model.users.values()].find((u) => u.id === q.author_id)?.login;
      if (q.author_id !== undefined && !author) return { status: 200, body: [], headers: page(req, []).headers };
      const state = q.state === 'opened' ? 'open' : q.state === 'closed' ? 'closed' : 'all';
      let issues = model.issues.list(world.repo.fullName, { state, ...(author ? { createdBy: author } : {}) });
      if (q.search) {
        const needle = q.search.toLowerCase();
        const inTitle = (q.in ?? 'title,description').includes('title');
        const inBody = (q.in ?? 'title,description').includes('description');
        issues = issues.filter((i) => (inTitle && i.title.toLowerCase().includes(needle)) || (inBody && i.body.toLowerCase().includes(needle)));
      }
      if (q.sort === 'asc') issues = [...issues].reverse();
      const { items, headers } = page(req, issues);
      return { status: 200, body: items.map((i) => issueObject(model, world.repo, i, links(req))), headers };
    }),

    getApiV4ProjectsIdIssuesIssueIid: withProject(fake, (req, world) => {
      const issue = world.issues.get(Number(req.pathParams.issue_iid));
      return issue ? { status: 200, body: issueObject(model, world.repo, issue, links(req)) } : notFound('Issue');
    }),

    postApiV4ProjectsIdIssues: withProject(
      fake,
      (req, world) => {
        if (!world.repo.hasIssues) return gitlabError(403, '403 Forbidden');
        const body = req.body as { title: string; description?: string; labels?: string };
        const issue = model.issues.create(world.repo.fullName, {
          title: body.title,
          body: body.description ?? '',
          author: fake.viewer(req)!,
          labels: labelIds(world.repo.fullName, body.labels),
        });
        return { status: 201, body: issueObject(model, world.repo, issue, links(req)) };
      },
      'write',
    ),

    putApiV4ProjectsIdIssuesIssueIid: withProject(
      fake,
      (req, world) => {
        const issue = world.issues.get(Number(req.pathParams.issue_iid));
        if (!issue) return notFound('Issue');
        const body = req.body as { title?: string; description?: string; state_event?: 'close' | 'reopen'; labels?: string };
        if (body.title !== undefined) issue.title = body.title;
        if (body.description !== undefined) issue.body = body.description;
        if (body.labels !== undefined) issue.labels = labelIds(world.repo.fullName, body.labels);
        if (body.state_event === 'close' && issue.state === 'open') {
          issue.state = 'closed';
          issue.closedAt = model.now();
          issue.closedBy = fake.viewer(req)!;
        }
        if (body.state_event === 'reopen') {
          issue.state = 'open';
          delete issue.closedAt;
          delete issue.closedBy;
        }
        issue.updatedAt = model.now();
        return { status: 200, body: issueObject(model, world.repo, issue, links(req)) };
      },
      'write',
    ),
  };
}
