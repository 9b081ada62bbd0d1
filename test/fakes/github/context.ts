/**
 * What the GitHub fake's handlers share: the model, who is asking, GitHub's paging (`per_page` ≤ 100,
 * default 30, 1-based `page`, a `Link` header with next/last/first/prev), its error bodies (`basic-error`,
 * `validation-error` with `errors[]`) and the node ids GraphQL takes back.
 */
import type { ForgeRequest, ForgeResponse } from '../forge-server.js';
import type { ForgeModel, PullRecord, RepoWorld, Role } from '../forge-model/index.js';

export const DOCS = 'https://docs.github.com/rest';

export interface GitHubFake {
  model: ForgeModel;
  /** The login the request's token belongs to (undefined: anonymous). */
  viewer(req: { headers: ForgeRequest['headers'] }): string | undefined;
  /** The token is a GitHub App installation token (`<slug>[bot]`): no `/user`, its repositories under `/installation`. */
  isInstallation(req: { headers: ForgeRequest['headers'] }): boolean;
}

/** `api` is the REST base (`http://127.0.0.1:PORT` or `…/api/v3`), `web` the server's origin (html and clone URLs). */
export interface GitHubLinks {
  api: string;
  web: string;
}

export const links = (req: ForgeRequest): GitHubLinks => ({ api: req.apiUrl, web: req.apiUrl.replace(/\/api\/v3$/, '') });

export const apiError = (status: number, message: string): ForgeResponse => ({ status, body: { message, documentation_url: DOCS } });
export const notFound = (): ForgeResponse => apiError(404, 'Not Found');

/** GitHub's 422: `Validation Failed` with the reasons in `errors` (where GitHub puts "already exists"). */
export const validationFailed = (...errors: { resource: string; code: string; field?: string; message?: string }[]): ForgeResponse => ({
  status: 422,
  body: { message: 'Validation Failed', errors, documentation_url: DOCS },
});

/** GitHub's node ids are opaque; these are base64 of `Kind:key`, so GraphQL can find the record again. */
export const nodeId = (kind: string, key: string | number): string => Buffer.from(`${kind}:${key}`).toString('base64');

export function fromNodeId(id: string): { kind: string; key: string } | undefined {
  const text = Buffer.from(id, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0 || nodeId(text.slice(0, colon), text.slice(colon + 1)) !== id) return undefined;
  return { kind: text.slice(0, colon), key: text.slice(colon + 1) };
}

/** The PR a `PullRequest` node id names, with its repository. */
export function pullByNodeId(model: ForgeModel, id: string): { world: RepoWorld; pr: PullRecord } | undefined {
  const node = fromNodeId(id);
  if (node?.kind !== 'PullRequest') return undefined;
  for (const repo of model.repos()) {
    const world = model.world(repo.fullName);
    const pr = [...world.pulls.values()].find((p) => String(p.id) === node.key);
    if (pr) return { world, pr };
  }
  return undefined;
}

/**
 * The repository of `/repos/{owner}/{repo}/…` when the viewer may do `needed` there; else GitHub's
 * answer (404 when it may not even read it, 403 for a reader asking to write, 403 on an archived one).
 */
export function repoFor(fake: GitHubFake, req: ForgeRequest, needed: Role = 'read'): RepoWorld | ForgeResponse {
  const world = fake.model.find(req.pathParams.owner!, req.pathParams.repo!);
  const viewer = fake.viewer(req);
  if (!world || !fake.model.can(viewer, world.repo, 'read')) return notFound();
  if (needed !== 'read' && !fake.model.can(viewer, world.repo, needed)) return apiError(403, 'Resource not accessible by personal access token');
  if (needed !== 'read' && world.repo.archived) return apiError(403, 'Repository was archived so is read-only.');
  return world;
}

/** One page of `items` the way GitHub pages lists. */
export function page<T>(req: ForgeRequest, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(req.query.per_page ?? 30)));
  const current = Math.max(1, Number(req.query.page ?? 1));
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const params = new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)]));
    params.set('per_page', String(perPage));
    params.set('page', String(p));
    return `<${req.apiUrl}${req.path}?${params}>; rel="${rel}"`;
  };
  const rels: string[] = [];
  if (current > 1) rels.push(link(current - 1, 'prev'));
  if (current < pages) rels.push(link(current + 1, 'next'), link(pages, 'last'));
  if (current > 1) rels.push(link(1, 'first'));
  return { items: items.slice((current - 1) * perPage, current * perPage), headers: rels.length ? { link: rels.join(', ') } : {} };
}

/** `sort`/`direction` for lists of PRs and issues (GitHub: newest first unless asked otherwise). */
export function sortByQuery<T extends { number: number; createdAt: string; updatedAt: string }>(
  req: ForgeRequest,
  items: T[],
  comments?: (t: T) => number,
): T[] {
  const sort = (req.query.sort as string | undefined) ?? 'created';
  const direction = (req.query.direction as string | undefined) ?? (sort === 'created' || sort === 'updated' || sort === 'comments' ? 'desc' : 'asc');
  const key = (t: T): number | string =>
    sort === 'updated' ? t.updatedAt : sort === 'comments' && comments ? comments(t) : sort === 'long-running' ? t.createdAt : t.number;
  const sorted = [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : a.number - b.number;
  });
  return direction === 'desc' ? sorted.reverse() : sorted;
}
