/**
 * A fake Gitea REST API (`/api/v1`) over a ForgeState, checked against Gitea's Swagger 2.0 description
 * (1.27.0, kept in test/fixtures/specs/gitea-swagger.v1.json; a test keeps it identical to the shared
 * copy). Every request and answer is validated (see forge-server.ts).
 *
 * Implemented: getVersion, repoListTags, repoGetTag. Add an operation by adding a handler keyed by its
 * operationId.
 *
 * Behaviour copied from Gitea: `Authorization: token <PAT>` (or `Bearer`), an unknown token is 401, a
 * private repository without one is 404; pages are 1-based with `limit` silently capped at
 * MAX_RESPONSE_ITEMS (50 by default), default page size 30, `X-Total-Count` and `Link` headers. Gitea
 * sends no rate-limit headers.
 */
import { fileURLToPath } from 'node:url';
import { ApiValidator } from './openapi-validator.js';
import { ForgeServer, type ForgeRequest, type ForgeResponse, type RequestRecord } from './forge-server.js';
import { ForgeState, type FakeRepo, type FakeTag } from './forge-state.js';

export const GITEA_SPEC = fileURLToPath(new URL('../fixtures/specs/gitea-swagger.v1.json', import.meta.url));

export interface FakeGiteaOptions {
  state?: ForgeState;
  validator?: ApiValidator;
  /** `[api] MAX_RESPONSE_ITEMS` (default 50). */
  maxResponseItems?: number;
  /** `[api] DEFAULT_PAGING_NUM` (default 30). */
  defaultPagingNum?: number;
  version?: string;
}

export function loadGiteaValidator(): ApiValidator {
  return ApiValidator.fromFile('Gitea', GITEA_SPEC);
}

export class FakeGitea {
  readonly state: ForgeState;
  readonly server: ForgeServer;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: FakeGiteaOptions = {}) {
    this.state = options.state ?? new ForgeState();
    this.server = new ForgeServer({
      validator: options.validator ?? loadGiteaValidator(),
      basePath: '/api/v1',
      errorBody: (message) => ({ message, url: 'https://docs.gitea.com/api/1.27/' }),
      before: (req) => this.authenticate(req),
      handlers: {
        getVersion: () => ({ status: 200, body: { version: this.options.version ?? '1.27.0' } }),
        repoListTags: (req) => this.withRepo(req, (repo) => this.listTags(req, repo)),
        repoGetTag: (req) => this.withRepo(req, (repo) => this.getTag(req, repo)),
      },
    });
  }

  /** Starts the server; returns the Gitea base URL (what users write as the registry URL). */
  async start(): Promise<string> {
    await this.server.start();
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  get requests(): RequestRecord[] {
    return this.server.requests;
  }

  addToken(token: string, login = 'upkeep-bot'): void {
    this.tokens.set(token, login);
  }

  private tokenOf(req: ForgeRequest): string | undefined {
    return /^(?:token|Bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  }

  private authenticate(req: ForgeRequest): ForgeResponse | undefined {
    if (req.headers.authorization === undefined) return undefined;
    const token = this.tokenOf(req);
    if (token && this.tokens.has(token)) return undefined;
    return { status: 401, body: { message: 'user does not exist [uid: 0, name: ]', url: '' } };
  }

  private withRepo(req: ForgeRequest, handle: (repo: FakeRepo) => ForgeResponse): ForgeResponse {
    const repo = this.state.getRepo(req.pathParams.owner!, req.pathParams.repo!);
    if (!repo || (repo.private && !this.tokenOf(req))) return { status: 404, body: { errors: ['repository does not exist'], message: 'The target couldn\'t be found.', url: '' } };
    return handle(repo);
  }

  private listTags(req: ForgeRequest, repo: FakeRepo): ForgeResponse {
    const max = this.options.maxResponseItems ?? 50;
    const requested = Number(req.query.limit ?? 0);
    const limit = requested > 0 ? Math.min(requested, max) : (this.options.defaultPagingNum ?? 30);
    const page = Math.max(1, Number(req.query.page ?? 1));
    const tags = this.state.listTags(repo);
    const pages = Math.max(1, Math.ceil(tags.length / limit));
    const body = tags.slice((page - 1) * limit, page * limit).map((t) => this.tagItem(req, repo, t));
    const link = (p: number, rel: string) => `<${req.apiUrl}/repos/${repo.owner}/${repo.name}/tags?limit=${limit}&page=${p}>; rel="${rel}"`;
    const links: string[] = [];
    if (page < pages) links.push(link(page + 1, 'next'), link(pages, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    const headers: Record<string, string> = { 'x-total-count': String(tags.length) };
    if (links.length) headers.link = links.join(',');
    return { status: 200, body, headers };
  }

  private getTag(req: ForgeRequest, repo: FakeRepo): ForgeResponse {
    const tag = repo.tags.get(req.pathParams.tag!);
    if (!tag) return { status: 404, body: { errors: [], message: 'The target couldn\'t be found.', url: '' } };
    return { status: 200, body: this.tagItem(req, repo, tag) };
  }

  private tagItem(req: ForgeRequest, repo: FakeRepo, tag: FakeTag): unknown {
    const web = req.apiUrl.replace(/\/api\/v1$/, '');
    const commit = repo.commits.get(tag.commitSha)!;
    return {
      name: tag.name,
      // Gitea: the tag object's sha and message for an annotated tag, the commit's for a lightweight one.
      id: tag.annotated?.sha ?? tag.commitSha,
      message: tag.annotated?.message ?? commit.message,
      commit: { url: `${req.apiUrl}/repos/${repo.owner}/${repo.name}/git/commits/${tag.commitSha}`, sha: tag.commitSha, created: this.state.tagDate(repo, tag) },
      zipball_url: `${web}/${repo.owner}/${repo.name}/archive/${encodeURIComponent(tag.name)}.zip`,
      tarball_url: `${web}/${repo.owner}/${repo.name}/archive/${encodeURIComponent(tag.name)}.tar.gz`,
    };
  }
}
