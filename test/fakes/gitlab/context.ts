/**
 * What the GitLab fake's handlers share: the model, the version played, who is asking, GitLab's paging
 * (`page`/`per_page` ≤ 100; `x-page`, `x-per-page`, `x-next-page`, `x-prev-page`, `x-total`,
 * `x-total-pages` and `Link`), projects by numeric id or full path, and error bodies.
 */
import type { ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { ForgeModel, RepoWorld, Role } from '../forge-model/index.js';

export interface GitLabFake {
  model: ForgeModel;
  /** `[major, minor]` of the version played. */
  version: [number, number];
  versionText: string;
  /** The login the request's token belongs to (undefined: anonymous). */
  viewer(req: ForgeRequest): string | undefined;
}

export const gitlabError = (status: number, message: unknown): ForgeResponse => ({ status, body: { message } });
export const notFound = (what = 'Project'): ForgeResponse => gitlabError(404, `404 ${what} Not Found`);

/** GitLab's access levels for the model's roles. */
export const ACCESS: Record<Role, number> = { read: 20, write: 30, admin: 40 };

/** The project of `/projects/{id}/…` (id or URL-encoded path) when the viewer may do `needed` there. */
export function projectFor(fake: GitLabFake, req: ForgeRequest, needed: Role = 'read'): RepoWorld | ForgeResponse {
  const id = req.pathParams.id ?? '';
  const world = /^\d+$/.test(id)
    ? fake.model
        .repos()
        .filter((r) => r.id === Number(id))
        .map((r) => fake.model.world(r.fullName))[0]
    : (() => {
        const [owner = '', ...rest] = id.split('/');
        return fake.model.find(owner, rest.join('/'));
      })();
  const viewer = fake.viewer(req);
  if (!world || !fake.model.can(viewer, world.repo, 'read')) return notFound();
  if (needed !== 'read' && !fake.model.can(viewer, world.repo, needed)) return gitlabError(403, '403 Forbidden');
  if (needed !== 'read' && world.repo.archived) return gitlabError(403, '403 Forbidden - Project is archived');
  return world;
}

/** One page of `items` the way GitLab pages lists. */
export function page<T>(req: ForgeRequest, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(req.query.per_page ?? 20)));
  const current = Math.max(1, Number(req.query.page ?? 1));
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const params = new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)]));
    params.set('per_page', String(perPage));
    params.set('page', String(p));
    return `<${req.apiUrl}${req.path}?${params}>; rel="${rel}"`;
  };
  const rels = [link(1, 'first'), link(pages, 'last')];
  if (current < pages) rels.unshift(link(current + 1, 'next'));
  if (current > 1) rels.unshift(link(current - 1, 'prev'));
  const headers: Record<string, string> = {
    'x-page': String(current),
    'x-per-page': String(perPage),
    'x-next-page': current < pages ? String(current + 1) : '',
    'x-prev-page': current > 1 ? String(current - 1) : '',
    'x-total': String(items.length),
    'x-total-pages': String(pages),
    link: rels.join(', '),
  };
  return { items: items.slice((current - 1) * perPage, current * perPage), headers };
}
