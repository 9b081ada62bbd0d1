/**
 * A loopback server with the release APIs of the three forges, for the *-releases datasource tests:
 * GitHub `GET {base}/repos/{o}/{r}/releases` (Link paging) and `/tags`, Gitea `GET /api/v1/repos/{o}/{r}/releases`
 * (X-Total-Count paging, `draft` and `pre-release` filters, a page cap like MAX_RESPONSE_ITEMS) and `/tags`,
 * GitLab `GET /api/v4/projects/{id}/releases` (x-next-page paging). Every answer has an ETag and a
 * matching `If-None-Match` gets 304; a private repository wants the token (else 404, as forges hide it).
 * GitHub and Gitea requests and 200 bodies are checked against the official API descriptions.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiValidator } from '../fakes/openapi-validator.js';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';

export type Forge = 'github' | 'gitea' | 'gitlab';

export interface ServedRelease {
  tag: string;
  draft?: boolean;
  prerelease?: boolean;
  createdAt: string;
  /** Default: `createdAt` (null for drafts). */
  publishedAt?: string | null;
  /** The commit the tag points at (for the tags list). */
  sha?: string;
}

export interface ReleasesServer {
  url: string;
  http: TestHttpServer;
  /** Problems found in requests or answers (should stay empty). */
  violations: string[];
  addRepo(name: string, releases: ServedRelease[], options?: { private?: boolean }): void;
  stop(): Promise<void>;
}

export interface ReleasesServerOptions {
  forge: Forge;
  /** `''` or `/api/v3` (GitHub), `/api/v1` (Gitea), `/api/v4` (GitLab). */
  basePath: string;
  validator?: ApiValidator;
  /** The token a private repository wants. */
  token?: string;
  /** Largest page served, whatever is asked (Gitea's MAX_RESPONSE_ITEMS). */
  pageCap?: number;
}

const USER = (base: string) => ({
  login: 'octo',
  id: 1,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: `${base}/avatars/octo`,
  gravatar_id: '',
  url: `${base}/users/octo`,
  html_url: `${base}/octo`,
  followers_url: `${base}/users/octo/followers`,
  following_url: `${base}/users/octo/following{/other_user}`,
  gists_url: `${base}/users/octo/gists{/gist_id}`,
  starred_url: `${base}/users/octo/starred{/owner}{/repo}`,
  subscriptions_url: `${base}/users/octo/subscriptions`,
  organizations_url: `${base}/users/octo/orgs`,
  repos_url: `${base}/users/octo/repos`,
  events_url: `${base}/users/octo/events{/privacy}`,
  received_events_url: `${base}/users/octo/received_events`,
  type: 'User',
  site_admin: false,
});

const published = (r: ServedRelease) => (r.publishedAt !== undefined ? r.publishedAt : r.draft ? null : r.createdAt);
const shaOf = (r: ServedRelease) => r.sha ?? createHash('sha1').update(r.tag).digest('hex');

function githubRelease(api: string, repo: string, r: ServedRelease, id: number): Record<string, unknown> {
  return {
    url: `${api}/repos/${repo}/releases/${id}`,
    html_url: `${api}/${repo}/releases/tag/${r.tag}`,
    assets_url: `${api}/repos/${repo}/releases/${id}/assets`,
    upload_url: `${api}/repos/${repo}/releases/${id}/assets{?name,label}`,
    tarball_url: `${api}/repos/${repo}/tarball/${r.tag}`,
    zipball_url: `${api}/repos/${repo}/zipball/${r.tag}`,
    id,
    node_id: `RE_${id}`,
    tag_name: r.tag,
    target_commitish: 'main',
    name: r.tag,
    body: null,
    draft: r.draft ?? false,
    prerelease: r.prerelease ?? false,
    created_at: r.createdAt,
    published_at: published(r),
    author: USER(api),
    assets: [],
  };
}

function giteaRelease(web: string, repo: string, r: ServedRelease, id: number): Record<string, unknown> {
  return {
    id,
    tag_name: r.tag,
    target_commitish: 'main',
    name: r.tag,
    body: '',
    url: `${web}/api/v1/repos/${repo}/releases/${id}`,
    html_url: `${web}/${repo}/releases/tag/${r.tag}`,
    tarball_url: `${web}/${repo}/archive/${r.tag}.tar.gz`,
    zipball_url: `${web}/${repo}/archive/${r.tag}.zip`,
    upload_url: `${web}/api/v1/repos/${repo}/releases/${id}/assets`,
    draft: r.draft ?? false,
    prerelease: r.prerelease ?? false,
    created_at: r.createdAt,
    published_at: published(r) ?? r.createdAt,
    assets: [],
  };
}

function gitlabRelease(web: string, repo: string, r: ServedRelease): Record<string, unknown> {
  return {
    name: r.tag,
    tag_name: r.tag,
    description: '',
    created_at: r.createdAt,
    released_at: published(r) ?? r.createdAt,
    upcoming_release: false,
    commit: { id: shaOf(r) },
    _links: { self: `${web}/${repo}/-/releases/${r.tag}` },
  };
}

export async function startReleasesServer(options: ReleasesServerOptions): Promise<ReleasesServer> {
  const http = await startHttpServer();
  const violations: string[] = [];
  const base = `${http.url}${options.basePath}`;

  function check(method: string, path: string, search: URLSearchParams): { operationOk: boolean; respond: (status: number, body: unknown) => void } {
    if (!options.validator) return { operationOk: true, respond: () => undefined };
    try {
      const matched = options.validator.checkRequest(method, path.slice(options.basePath.length), search, undefined);
      return {
        operationOk: true,
        respond: (status, body) => {
          try {
            options.validator!.checkResponse(matched.operation, status, body);
          } catch (err) {
            violations.push((err as Error).message);
          }
        },
      };
    } catch (err) {
      violations.push((err as Error).message);
      return { operationOk: false, respond: () => undefined };
    }
  }

  function answer(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.setHeader('etag', etag);
    if (status === 200 && req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(text);
  }

  function authorized(req: IncomingMessage): boolean {
    const header = options.forge === 'gitlab' ? req.headers['private-token'] : /^(?:Bearer|token)\s+(\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    return Boolean(options.token) && header === options.token;
  }

  function page<T>(items: T[], req: IncomingMessage, sizeParam: string, defaultSize: number) {
    const search = new URL(req.url ?? '/', http.url).searchParams;
    const asked = Number(search.get(sizeParam) ?? defaultSize);
    const size = Math.min(asked, options.pageCap ?? asked);
    const current = Number(search.get('page') ?? 1);
    const pages = Math.max(1, Math.ceil(items.length / size));
    return { items: items.slice((current - 1) * size, current * size), current, pages, size, search };
  }

  return {
    url: http.url,
    http,
    violations,
    addRepo(name, releases, repoOptions = {}) {
      const hidden = (req: IncomingMessage) => repoOptions.private === true && !authorized(req);
      const visible = (req: IncomingMessage) => releases.filter((r) => !r.draft || authorized(req));
      if (options.forge === 'github') {
        const path = `${options.basePath}/repos/${name}/releases`;
        http.route(path, (req, res) => {
          const p = page(visible(req), req, 'per_page', 30);
          const { respond } = check('GET', path, p.search);
          if (hidden(req)) return answer(req, res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com' });
          const body = p.items.map((r) => githubRelease(base, name, r, releases.indexOf(r) + 1));
          respond(200, body);
          const link: Record<string, string> =
            p.current < p.pages ? { link: `<${base}/repos/${name}/releases?per_page=${p.size}&page=${p.current + 1}>; rel="next"` } : {};
          answer(req, res, 200, body, link);
        });
        const tagsPath = `${options.basePath}/repos/${name}/tags`;
        http.route(tagsPath, (req, res) => {
          const { respond } = check('GET', tagsPath, new URL(req.url ?? '/', http.url).searchParams);
          const body = releases.map((r) => ({
            name: r.tag,
            commit: { sha: shaOf(r), url: `${base}/repos/${name}/commits/${shaOf(r)}` },
            zipball_url: `${base}/repos/${name}/zipball/${r.tag}`,
            tarball_url: `${base}/repos/${name}/tarball/${r.tag}`,
            node_id: `REF_${r.tag}`,
          }));
          respond(200, body);
          answer(req, res, 200, body);
        });
      } else if (options.forge === 'gitea') {
        const path = `/api/v1/repos/${name}/releases`;
        http.route(path, (req, res) => {
          const search = new URL(req.url ?? '/', http.url).searchParams;
          const { respond } = check('GET', path, search);
          if (hidden(req)) return answer(req, res, 404, { message: 'The target couldn\u2019t be found.', url: http.url, errors: [] });
          let list = visible(req);
          if (search.get('draft') === 'false') list = list.filter((r) => !r.draft);
          const p = page(list, req, 'limit', 30);
          const body = p.items.map((r) => giteaRelease(http.url, name, r, releases.indexOf(r) + 1));
          respond(200, body);
          answer(req, res, 200, body, { 'x-total-count': String(list.length) });
        });
        const tagsPath = `/api/v1/repos/${name}/tags`;
        http.route(tagsPath, (req, res) => {
          const p = page(releases, req, 'limit', 30);
          const { respond } = check('GET', tagsPath, p.search);
          const body = p.items.map((r) => ({
            name: r.tag,
            id: shaOf(r),
            message: '',
            commit: { sha: shaOf(r), url: `${http.url}/c/${shaOf(r)}`, created: r.createdAt },
          }));
          respond(200, body);
          answer(req, res, 200, body, { 'x-total-count': String(releases.length) });
        });
      } else {
        const path = `/api/v4/projects/${encodeURIComponent(name)}/releases`;
        http.route(path, (req, res) => {
          if (hidden(req)) return answer(req, res, 404, { message: '404 Project Not Found' });
          const p = page(visible(req), req, 'per_page', 20);
          const body = p.items.map((r) => gitlabRelease(http.url, name, r));
          answer(req, res, 200, body, {
            'x-page': String(p.current),
            'x-per-page': String(p.size),
            'x-next-page': p.current < p.pages ? String(p.current + 1) : '',
            'x-total': String(releases.length),
            'x-total-pages': String(p.pages),
          });
        });
      }
    },
    stop: () => http.stop(),
  };
}
