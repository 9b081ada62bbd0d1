/**
 * Gitea fake handlers for users, repositories, file contents, labels and commit statuses.
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import { apiError, links, notFound, page, repoFor, type GiteaFake } from './context.js';
import { labelObject, repoObject, statusObject, userObject } from './objects.js';

type Handlers = Record<string, ForgeHandler>;

const withRepo =
  (
    fake: GiteaFake,
    handle: (req: ForgeRequest, world: Exclude<ReturnType<typeof repoFor>, ForgeResponse>) => ForgeResponse | Promise<ForgeResponse>,
    needed: 'read' | 'write' = 'read',
  ): ForgeHandler =>
  (req) => {
    const world = repoFor(fake, req, needed);
    return 'status' in world ? world : handle(req, world);
  };

export function repoHandlers(fake: GiteaFake): Handlers {
  const { model } = fake;
  return {
    userGetCurrent: (req) => {
      const login = fake.viewer(req);
      if (!login) return apiError(401, 'token is required');
      return { status: 200, body: userObject(model, login, links(req), true) };
    },

    repoGet: withRepo(fake, async (req, world) => ({ status: 200, body: await repoObject(model, world.repo, fake.viewer(req), links(req)) })),

    // `uid`: repositories the user owns or contributes to (collaborator, organization member).
    repoSearch: async (req) => {
      const viewer = fake.viewer(req);
      const uid = req.query.uid as number | undefined;
      const owner = uid === undefined ? undefined : [...model.users.values()].find((u) => u.id === uid);
      let repos = model.repos().filter((r) => model.can(viewer, r, 'read'));
      const involved = (login: string, r: (typeof repos)[number]) => {
        const who = login.toLowerCase();
        if (r.owner.toLowerCase() === who) return true;
        return !req.query.exclusive && (r.collaborators.has(who) || model.user(r.owner)?.members.has(who) === true);
      };
      if (uid !== undefined) repos = owner ? repos.filter((r) => involved(owner.login, r)) : [];
      if (req.query.archived !== undefined) repos = repos.filter((r) => r.archived === req.query.archived);
      if (typeof req.query.q === 'string' && req.query.q) repos = repos.filter((r) => r.name.toLowerCase().includes(String(req.query.q).toLowerCase()));
      repos.sort((a, b) => a.fullName.localeCompare(b.fullName));
      const { items, headers } = page(fake, req, repos);
      const data = await Promise.all(items.map((r) => repoObject(model, r, viewer, links(req))));
      return { status: 200, body: { ok: true, data }, headers };
    },

    repoGetContents: withRepo(fake, async (req, world) => {
      const ref = (req.query.ref as string | undefined) ?? world.repo.defaultBranch;
      const path = req.pathParams.filepath!.replace(/^\/+/, '');
      const content = await model.git.readFile(world.repo.fullName, ref, path);
      if (content === null) return notFound('GetContentsOrList');
      const sha = (await model.git.blobSha(world.repo.fullName, ref, path))!;
      const self = `${req.apiUrl}/repos/${world.repo.fullName}/contents/${path}?ref=${encodeURIComponent(ref)}`;
      const git = `${req.apiUrl}/repos/${world.repo.fullName}/git/blobs/${sha}`;
      const html = `${links(req).web}/${world.repo.fullName}/src/branch/${ref}/${path}`;
      return {
        status: 200,
        body: {
          name: path.split('/').pop(),
          path,
          sha,
          type: 'file',
          size: Buffer.byteLength(content),
          encoding: 'base64',
          content: Buffer.from(content).toString('base64'),
          url: self,
          html_url: html,
          git_url: git,
          download_url: `${links(req).web}/${world.repo.fullName}/raw/branch/${ref}/${path}`,
          _links: { self, git, html },
        },
      };
    }),

    issueListLabels: withRepo(fake, (req, world) => {
      const { items, headers } = page(fake, req, world.repo.labels);
      return { status: 200, body: items.map((l) => labelObject(l, links(req), world.repo.fullName)), headers };
    }),

    issueCreateLabel: withRepo(
      fake,
      (req, world) => {
        const body = req.body as { name: string; color: string; description?: string };
        if (!/^#?[0-9a-fA-F]{6}$/.test(body.color)) return apiError(422, 'Color: must be a hex colour');
        if (world.repo.labels.some((l) => l.name === body.name)) return apiError(422, 'label already exists');
        const label = model.addLabel(world.repo.fullName, body.name, {
          color: `#${body.color.replace(/^#/, '').toLowerCase()}`,
          description: body.description ?? '',
        });
        return { status: 201, body: labelObject(label, links(req), world.repo.fullName) };
      },
      'write',
    ),

    orgGet: (req) => {
      const org = model.user(req.pathParams.org!);
      if (!org?.isOrg) return notFound();
      return {
        status: 200,
        body: {
          id: org.id,
          name: org.login,
          username: org.login,
          full_name: org.fullName,
          avatar_url: '',
          description: '',
          website: '',
          location: '',
          visibility: 'public',
          repo_admin_change_team_access: false,
          email: '',
        },
      };
    },

    orgListLabels: (req) => {
      const org = model.user(req.pathParams.org!);
      if (!org?.isOrg) return notFound();
      const { items, headers } = page(fake, req, org.labels);
      return { status: 200, body: items.map((l) => labelObject(l, links(req), org.login)), headers };
    },

    // Newest per context. No statuses at all: Gitea answers 200 without a body.
    repoGetCombinedStatusByRef: withRepo(fake, async (req, world) => {
      const sha = await model.git.resolve(world.repo.fullName, req.pathParams.ref!);
      const latest = sha ? model.statuses.latest(world.repo.fullName, sha) : [];
      if (!sha || latest.length === 0) return { status: 200 };
      const { items, headers } = page(fake, req, latest);
      const repo = await repoObject(model, world.repo, fake.viewer(req), links(req));
      const body = {
        state: model.statuses.combined(world.repo.fullName, sha),
        sha,
        total_count: latest.length,
        statuses: items.map((s) => statusObject(model, world.repo, s, links(req))),
        repository: repo,
        commit_url: `${req.apiUrl}/repos/${world.repo.fullName}/commits/${sha}`,
        url: `${req.apiUrl}/repos/${world.repo.fullName}/commits/${sha}/status`,
      };
      return { status: 200, body, headers };
    }),

    repoListStatusesByRef: withRepo(fake, async (req, world) => {
      const sha = await model.git.resolve(world.repo.fullName, req.pathParams.ref!);
      const all = sha ? model.statuses.list(world.repo.fullName, sha) : [];
      const { items, headers } = page(fake, req, all);
      return { status: 200, body: items.map((s) => statusObject(model, world.repo, s, links(req))), headers };
    }),

    repoCreateStatus: withRepo(
      fake,
      async (req, world) => {
        const body = req.body as { state?: 'pending'; context?: string; description?: string; target_url?: string };
        const status = await model.statuses.add(world.repo.fullName, req.pathParams.sha!, {
          context: body.context ?? 'default',
          state: body.state ?? 'pending',
          description: body.description ?? '',
          targetUrl: body.target_url ?? '',
          creator: fake.viewer(req)!,
        });
        return { status: 201, body: statusObject(model, world.repo, status, links(req)) };
      },
      'write',
    ),
  };
}
