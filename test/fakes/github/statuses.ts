/**
 * GitHub fake handlers for commit statuses and check runs of a ref (a sha, a branch, `heads/…`, a tag):
 * `repos/get-combined-status-for-ref` (newest per context; `pending` with zero statuses, as GitHub
 * says — forge-apis.md §1.2), `repos/list-commit-statuses-for-ref` (all, newest first),
 * `repos/create-commit-status` (422 when the sha is unknown) and `checks/list-for-ref` (`filter=latest`
 * by default: the newest run per name; `check_name`, `status`). Check runs are set by tests through
 * `model.hooks.setCheckRun` (GitHub Actions is an app; the bot never posts runs).
 */
import type { ForgeHandler, ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { RepoWorld } from '../forge-model/index.js';
import { links, notFound, page, repoFor, validationFailed, type GitHubFake } from './context.js';
import { checkRun, githubState, minimalRepository, simpleCommitStatus, status as statusObject } from './objects.js';

const ORDER = ['success', 'pending', 'failure', 'error'] as const;

export function statusHandlers(fake: GitHubFake): Record<string, ForgeHandler> {
  const { model } = fake;
  /** The commit a `ref` path parameter names (`heads/x` and `tags/x` as GitHub takes them too). */
  const resolve = (world: RepoWorld, ref: string) => model.git.resolve(world.repo.fullName, /^(heads|tags)\//.test(ref) ? `refs/${ref}` : ref);
  const withRef =
    (handle: (req: ForgeRequest, world: RepoWorld, sha: string) => ForgeResponse | Promise<ForgeResponse>): ForgeHandler =>
    async (req) => {
      const world = repoFor(fake, req);
      if ('status' in world) return world;
      const sha = await resolve(world, req.pathParams.ref!);
      return sha ? handle(req, world, sha) : notFound();
    };

  return {
    'repos/get-combined-status-for-ref': withRef((req, world, sha) => {
      const latest = model.statuses.latest(world.repo.fullName, sha);
      const states = latest.map((s) => githubState(s.state));
      const worst = states.sort((a, b) => ORDER.indexOf(b) - ORDER.indexOf(a))[0];
      const state = worst === undefined ? 'pending' : worst === 'error' ? 'failure' : worst;
      const { items, headers } = page(req, latest);
      const api = `${req.apiUrl}/repos/${world.repo.fullName}`;
      return {
        status: 200,
        headers,
        body: {
          state,
          statuses: items.map((s) => simpleCommitStatus(world.repo, s, links(req))),
          sha,
          total_count: latest.length,
          repository: minimalRepository(model, world.repo, links(req)),
          commit_url: `${api}/commits/${sha}`,
          url: `${api}/commits/${sha}/status`,
        },
      };
    }),

    'repos/list-commit-statuses-for-ref': withRef((req, world, sha) => {
      const { items, headers } = page(req, model.statuses.list(world.repo.fullName, sha));
      return { status: 200, body: items.map((s) => statusObject(model, world.repo, s, links(req))), headers };
    }),

    'repos/create-commit-status': async (req) => {
      const world = repoFor(fake, req, 'write');
      if ('status' in world) return world;
      const sha = req.pathParams.sha!;
      const commit = /^[0-9a-f]{40}$/.test(sha) ? await model.git.resolve(world.repo.fullName, sha) : undefined;
      if (!commit) return validationFailed({ resource: 'Status', code: 'custom', field: 'sha', message: `No commit found for SHA: ${sha}` });
      const body = req.body as {
        state: 'error' | 'failure' | 'pending' | 'success';
        context?: string;
        description?: string | null;
        target_url?: string | null;
      };
      const created = await model.statuses.add(world.repo.fullName, commit, {
        context: body.context ?? 'default',
        state: body.state,
        description: body.description ?? '',
        targetUrl: body.target_url ?? '',
        creator: fake.viewer(req)!,
      });
      return { status: 201, body: statusObject(model, world.repo, created, links(req)) };
    },

    'checks/list-for-ref': withRef((req, world, sha) => {
      const q = req.query as { check_name?: string; status?: string; filter?: string };
      let runs = q.filter === 'all' ? model.statuses.checkRuns(world.repo.fullName, sha) : model.statuses.latestRuns(world.repo.fullName, sha);
      if (q.check_name) runs = runs.filter((r) => r.name === q.check_name);
      if (q.status) runs = runs.filter((r) => r.status === q.status);
      const { items, headers } = page(req, runs);
      return { status: 200, body: { total_count: runs.length, check_runs: items.map((r) => checkRun(model, world.repo, r, links(req))) }, headers };
    }),
  };
}
