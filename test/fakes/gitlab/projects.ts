/**
 * GitLab fake handlers for the version, users, projects, raw files, labels and commit statuses.
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { RepoWorld } from '../forge-model/index.js';
import { gitlabError, notFound, page, projectFor, type GitLabFake } from './context.js';
import { labelObject, linksOf, projectObject, statusObject, userBasic, userFull } from './objects.js';

export const withProject =
  (
    fake: GitLabFake,
    handle: (req: ForgeRequest, world: RepoWorld) => ForgeResponse | Promise<ForgeResponse>,
    needed: 'read' | 'write' = 'read',
  ): ForgeHandler =>
  (req) => {
    const world = projectFor(fake, req, needed);
    return 'status' in world ? world : handle(req, world);
  };

export function projectHandlers(fake: GitLabFake): Record<string, ForgeHandler> {
  const { model } = fake;
  const links = (req: ForgeRequest) => linksOf(req.apiUrl);
  return {
    getApiV4Version: () => ({ status: 200, body: { version: fake.versionText, revision: 'f00dfeed' } }),

    getApiV4User: (req) => {
      const login = fake.viewer(req);
      if (!login) return gitlabError(401, '401 Unauthorized');
      return { status: 200, body: userFull(model, login, links(req)) };
    },

    getApiV4Users: (req) => {
      const username = req.query.username as string | undefined;
      const users = [...model.users.values()].filter((u) => !u.isOrg && (!username || u.login.toLowerCase() === username.toLowerCase()));
      const { items, headers } = page(req, users);
      return { status: 200, body: items.map((u) => userBasic(model, u.login, links(req))), headers };
    },

    // membership: projects the viewer is a member of (owner, collaborator, group member); min_access_level.
    getApiV4Projects: (req) => {
      const viewer = fake.viewer(req);
      const q = req.query as { membership?: boolean; min_access_level?: number; archived?: boolean };
      const level = (repo: Parameters<typeof projectObject>[1]) =>
        (projectObject(model, repo, viewer, links(req)).permissions as { project_access: { access_level: number } | null }).project_access?.access_level ?? 0;
      let repos = model.repos().filter((r) => model.can(viewer, r, 'read'));
      if (q.membership) {
        const who = viewer?.toLowerCase() ?? '';
        repos = repos.filter((r) => r.owner.toLowerCase() === who || r.collaborators.has(who) || model.user(r.owner)?.members.has(who) === true);
      }
      if (q.min_access_level !== undefined) repos = repos.filter((r) => level(r) >= q.min_access_level!);
      if (q.archived !== undefined) repos = repos.filter((r) => r.archived === q.archived);
      repos.sort((a, b) => a.fullName.localeCompare(b.fullName));
      const { items, headers } = page(req, repos);
      return { status: 200, body: items.map((r) => projectObject(model, r, viewer, links(req))), headers };
    },

    getApiV4ProjectsId: withProject(fake, (req, world) => ({ status: 200, body: projectObject(model, world.repo, fake.viewer(req), links(req)) })),

    getApiV4ProjectsIdRepositoryFilesFilePathRaw: withProject(fake, async (req, world) => {
      const ref = (req.query.ref as string | undefined) ?? world.repo.defaultBranch;
      const content = await model.git.readFile(world.repo.fullName, ref, req.pathParams.file_path!.replace(/^\/+/, ''));
      if (content === null) return notFound('File');
      return { status: 200, text: content, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    }),

    getApiV4ProjectsIdLabels: withProject(fake, (req, world) => {
      const { items, headers } = page(req, model.labelsFor(world.repo));
      return { status: 200, body: items.map(labelObject), headers };
    }),

    postApiV4ProjectsIdLabels: withProject(
      fake,
      (req, world) => {
        const body = req.body as { name: string; color: string; description?: string };
        if (model.labelsFor(world.repo).some((l) => l.name === body.name)) return gitlabError(409, 'Label already exists');
        if (!/^#[0-9a-fA-F]{6}$/.test(body.color)) return gitlabError(400, { color: ['must be a valid color code'] });
        return { status: 201, body: labelObject(model.addLabel(world.repo.fullName, body.name, { color: body.color, description: body.description ?? '' })) };
      },
      'write',
    ),

    getApiV4ProjectsIdRepositoryCommitsShaStatuses: withProject(fake, (req, world) => {
      const all = req.query.all === true;
      const statuses = all ? model.statuses.list(world.repo.fullName, req.pathParams.sha!) : model.statuses.latest(world.repo.fullName, req.pathParams.sha!);
      const { items, headers } = page(req, statuses);
      return { status: 200, body: items.map((s) => statusObject(model, s, links(req), s.description.includes('[allow_failure]'))), headers };
    }),
  };
}
