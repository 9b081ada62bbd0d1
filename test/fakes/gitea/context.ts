/**
 * What the Gitea fake's handlers share: the model, the server version being played, who is asking,
 * Gitea's paging (1-based `page`, `limit` silently capped at MAX_RESPONSE_ITEMS, `X-Total-Count` and
 * `Link`), and its error bodies.
 */
import type { ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { ForgeModel, RepoWorld, Role } from '../forge-model/index.js';
import { linksOf, type GiteaLinks } from './objects.js';

export interface FakeVersion {
  /** What `GET /version` answers (`1.27.0`, or Forgejo's `11.0.1+gitea-1.22.0`). */
  text: string;
  /** Gitea's version, or for Forgejo the Gitea version it reports compatibility with. */
  gitea: [number, number, number];
  forgejo?: [number, number, number];
}

const triple = (text: string): [number, number, number] => {
  const [a = 0, b = 0, c = 0] = text.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return [a, b, c];
};

export function parseFakeVersion(text: string): FakeVersion {
  const forgejo = /^(\d+\.\d+\.\d+)[^+]*\+gitea-(\d+\.\d+\.\d+)/.exec(text);
  if (forgejo) return { text, gitea: triple(forgejo[2]!), forgejo: triple(forgejo[1]!) };
  return { text, gitea: triple(text) };
}

export const atLeast = (have: [number, number, number], want: string): boolean => {
  const w = triple(want);
  for (let i = 0; i < 3; i++) if (have[i] !== w[i]) return have[i]! > w[i]!;
  return true;
};

export interface GiteaFake {
  model: ForgeModel;
  version: FakeVersion;
  maxResponseItems: number;
  defaultPagingNum: number;
  /** The login the request's token belongs to (undefined: anonymous). */
  viewer(req: ForgeRequest): string | undefined;
}

export const notFound = (message = "The target couldn't be found."): ForgeResponse => ({ status: 404, body: { errors: [], message, url: '' } });
export const apiError = (status: number, message: string): ForgeResponse => ({ status, body: { message, url: 'https://docs.gitea.com/api/1.27/' } });
export const links = (req: ForgeRequest): GiteaLinks => linksOf(req.apiUrl);

/** The repository of `/repos/{owner}/{repo}/…` when the viewer may do `needed` there; else Gitea's answer. */
export function repoFor(fake: GiteaFake, req: ForgeRequest, needed: Role = 'read'): RepoWorld | ForgeResponse {
  const world = fake.model.find(req.pathParams.owner!, req.pathParams.repo!);
  const viewer = fake.viewer(req);
  if (!world || !fake.model.can(viewer, world.repo, 'read')) return notFound();
  if (needed !== 'read' && !fake.model.can(viewer, world.repo, needed)) return apiError(403, 'user should have a permission to write to this repository');
  if (needed !== 'read' && world.repo.archived) return apiError(423, 'repo is archived');
  return world;
}

/** One page of `items` the way Gitea pages lists. */
export function page<T>(fake: GiteaFake, req: ForgeRequest, items: T[]): { items: T[]; headers: Record<string, string> } {
  const requested = Number(req.query.limit ?? 0);
  const limit = requested > 0 ? Math.min(requested, fake.maxResponseItems) : fake.defaultPagingNum;
  const current = Math.max(1, Number(req.query.page ?? 1));
  const pages = Math.max(1, Math.ceil(items.length / limit));
  const link = (p: number, rel: string) => {
    const params = new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)]));
    params.set('limit', String(limit));
    params.set('page', String(p));
    return `<${req.apiUrl}${req.path}?${params}>; rel="${rel}"`;
  };
  const rels: string[] = [];
  if (current < pages) rels.push(link(current + 1, 'next'), link(pages, 'last'));
  if (current > 1) rels.push(link(1, 'first'), link(current - 1, 'prev'));
  const headers: Record<string, string> = { 'x-total-count': String(items.length) };
  if (rels.length) headers.link = rels.join(',');
  return { items: items.slice((current - 1) * limit, current * limit), headers };
}
