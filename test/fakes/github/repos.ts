/**
 * GitHub fake handlers for the account, repositories, file contents and refs, on the forge model:
 * `users/get-authenticated`, `repos/get`, `repos/list-for-authenticated-user` (affiliation, visibility,
 * paged), `repos/get-content` (a file as base64 JSON, a directory as its listing, 404 when missing),
 * `git/list-matching-refs` (`[]` when none) and `git/delete-ref` (422 "Reference does not exist").
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { RepoRecord, RepoWorld } from '../forge-model/index.js';
import { apiError, links, notFound, page, repoFor, type GitHubFake } from './context.js';
import { fullRepository, gitRef, privateUser, repository } from './objects.js';

const withRepo =
  (
    fake: GitHubFake,
    handle: (req: ForgeRequest, world: RepoWorld) => ForgeResponse | Promise<ForgeResponse>,
    needed: 'read' | 'write' = 'read',
  ): ForgeHandler =>
  (req) => {
    const world = repoFor(fake, req, needed);
    return 'status' in world ? world : handle(req, world);
  };

/** GitHub wraps base64 content at 60 characters. */
const base64Lines = (text: string) =>
  (
    Buffer.from(text)
      .toString('base64')
      .match(/.{1,60}/g) ?? []
  )
    .map((l) => `${l}\n`)
    .join('');

export function repoHandlers(fake: GitHubFake): Record<string, ForgeHandler> {
  const { model } = fake;
  return {
    'users/get-authenticated': (req) => {
      const login = fake.viewer(req);
      if (!login || !model.user(login)) return apiError(401, 'Requires authentication');
      if (fake.isInstallation(req)) return apiError(403, 'Resource not accessible by integration');
      return { status: 200, body: privateUser(model, login, links(req)) };
    },

    'repos/get': withRepo(fake, (req, world) => ({ status: 200, body: fullRepository(model, world.repo, fake.viewer(req), links(req)) })),

    'apps/list-repos-accessible-to-installation': (req) => {
      const viewer = fake.viewer(req);
      if (!viewer || !fake.isInstallation(req))
        return apiError(403, 'You must authenticate with an installation access token in order to list repositories for an installation.');
      const repos = model
        .repos()
        .filter((r) => r.collaborators.has(viewer.toLowerCase()))
        .sort((a, b) => a.fullName.localeCompare(b.fullName));
      const { items, headers } = page(req, repos);
      return { status: 200, body: { total_count: repos.length, repositories: items.map((r) => repository(model, r, viewer, links(req))) }, headers };
    },

    'repos/list-for-authenticated-user': (req) => {
      const viewer = fake.viewer(req);
      if (!viewer) return apiError(401, 'Requires authentication');
      if (fake.isInstallation(req)) return apiError(403, 'Resource not accessible by integration');
      const q = req.query as { affiliation?: string; visibility?: string; type?: string; sort?: string; direction?: string };
      if (q.type && (q.affiliation || q.visibility)) return apiError(422, 'If you specify visibility or affiliation, you cannot specify type.');
      const who = viewer.toLowerCase();
      const affiliations = new Set((q.affiliation ?? 'owner,collaborator,organization_member').split(','));
      const kinds = (r: RepoRecord) => {
        const owner = model.user(r.owner);
        return [
          r.owner.toLowerCase() === who ? 'owner' : undefined,
          r.collaborators.has(who) ? 'collaborator' : undefined,
          owner?.isOrg && owner.members.has(who) ? 'organization_member' : undefined,
        ];
      };
      let repos = model.repos().filter((r) => model.can(viewer, r, 'read') && kinds(r).some((k) => k && affiliations.has(k)));
      if (q.type === 'owner') repos = repos.filter((r) => r.owner.toLowerCase() === who);
      if (q.type === 'member') repos = repos.filter((r) => r.owner.toLowerCase() !== who);
      if (q.visibility === 'public' || q.type === 'public') repos = repos.filter((r) => !r.private);
      if (q.visibility === 'private' || q.type === 'private') repos = repos.filter((r) => r.private);
      const sort = q.sort ?? 'full_name';
      repos.sort((a, b) => (sort === 'full_name' ? a.fullName.localeCompare(b.fullName) : a.id - b.id));
      if ((q.direction ?? (sort === 'full_name' ? 'asc' : 'desc')) === 'desc') repos.reverse();
      const { items, headers } = page(req, repos);
      return { status: 200, body: items.map((r) => repository(model, r, viewer, links(req))), headers };
    },

    'repos/get-content': withRepo(fake, async (req, world) => {
      const full = world.repo.fullName;
      const ref = (req.query.ref as string | undefined) ?? world.repo.defaultBranch;
      const path = req.pathParams.path!.replace(/^\/+|\/+$/g, '');
      if (!(await model.git.resolve(full, ref))) return apiError(404, `No commit found for the ref ${ref}`);
      const api = `${req.apiUrl}/repos/${full}/contents`;
      const web = `${links(req).web}/${full}`;
      const entry = (type: string, name: string, sha: string, size: number) => {
        const self = `${api}/${name}?ref=${encodeURIComponent(ref)}`;
        const git = `${req.apiUrl}/repos/${full}/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`;
        const html = `${web}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${name}`;
        return {
          type,
          size,
          name: name.split('/').pop()!,
          path: name,
          sha,
          url: self,
          git_url: git,
          html_url: html,
          download_url: type === 'file' ? `${web}/raw/${ref}/${name}` : null,
          _links: { self, git, html },
        };
      };
      const content = path ? await model.git.readFile(full, ref, path) : null;
      if (content !== null) {
        const sha = (await model.git.blobSha(full, ref, path))!;
        return { status: 200, body: { ...entry('file', path, sha, Buffer.byteLength(content)), content: base64Lines(content), encoding: 'base64' } };
      }
      // A directory: its entries (`git ls-tree -l`: mode type sha size\tname).
      const listing = await model.git.run(full, ['ls-tree', '-l', `${ref}:${path}`], { okCodes: [128] });
      if (listing.code !== 0) return notFound();
      const body = listing.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [meta = '', name = ''] = line.split('\t');
          const [, type, sha = '', size] = meta.split(/\s+/);
          return entry(type === 'tree' ? 'dir' : type === 'commit' ? 'submodule' : 'file', path ? `${path}/${name}` : name, sha, Number(size) || 0);
        });
      return { status: 200, body };
    }),

    'git/list-matching-refs': withRepo(fake, async (req, world) => {
      const prefix = `refs/${req.pathParams.ref!}`;
      const out = await model.git.git(world.repo.fullName, ['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)', 'refs/heads/', 'refs/tags/']);
      const body = out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ') as [string, string, string])
        .filter(([, , ref]) => ref.startsWith(prefix))
        .map(([sha, type, ref]) => gitRef(world.repo, ref, sha, type === 'tag' ? 'tag' : 'commit', links(req)));
      return { status: 200, body };
    }),

    'git/delete-ref': withRepo(
      fake,
      async (req, world) => {
        const ref = req.pathParams.ref!;
        const branch = ref.startsWith('heads/') ? ref.slice(6) : undefined;
        if (!branch || !(await model.git.branchSha(world.repo.fullName, branch))) return apiError(422, 'Reference does not exist');
        await model.git.deleteBranch(world.repo.fullName, branch);
        return { status: 204 };
      },
      'write',
    ),
  };
}
