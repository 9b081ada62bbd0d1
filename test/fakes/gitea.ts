/**
 * A fake Gitea REST API (`/api/v1`), checked against Gitea's Swagger 2.0 description (1.27.0, kept in
 * test/fixtures/specs/gitea-swagger.v1.json; a test keeps it identical to the shared copy). Every request
 * and answer is validated (see forge-server.ts).
 *
 * Two worlds behind it: tags come from a ForgeState (the tag datasources' tests); repositories, PRs,
 * issues, labels, statuses and git smart HTTP (`/<owner>/<name>.git`, Basic auth with a token as the
 * password) come from a ForgeModel (forge-model/), with the handlers in gitea/ (repos.ts, pulls.ts,
 * issues.ts). Every API request and git exchange is counted in `model.counters`.
 *
 * The server version played (`version`, default 1.27.0; Forgejo as `11.0.1+gitea-1.22.0`) changes field
 * names and features: see gitea/merge-fields.ts (the 1.25 allow-list) and gitea/pulls.ts (gates).
 *
 * Spec gaps allowed on purpose (shared/reference/forge-apis.md §2.9), each kept explicit here:
 * - `repoMergePullRequest` answers 201 when it schedules a merge (documented: 200 only);
 * - `filepath` of the contents API spans path segments (Gitea's router takes the rest of the path).
 *
 * Behaviour copied from Gitea: `Authorization: token <PAT>` (or `Bearer`), an unknown token is 401, a
 * private repository without one is 404; pages are 1-based with `limit` silently capped at
 * MAX_RESPONSE_ITEMS (50 by default), default page size 30, `X-Total-Count` and `Link` headers. Gitea
 * sends no rate-limit headers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApiValidator } from './openapi-validator.js';
import type { Json } from './openapi-document.js';
import { ForgeServer, type ForgeRequest, type ForgeResponse, type RequestRecord } from './forge-server.js';
import { ForgeState, type FakeRepo, type FakeTag } from './forge-state.js';
import { ForgeModel, isGitPath, serveGit, type GitRequestRecord } from './forge-model/index.js';
import { parseFakeVersion, type FakeVersion, type GiteaFake } from './gitea/context.js';
import { adaptMergeBody } from './gitea/merge-fields.js';
import { issueHandlers } from './gitea/issues.js';
import { pullHandlers } from './gitea/pulls.js';
import { repoHandlers } from './gitea/repos.js';

export const GITEA_SPEC = fileURLToPath(new URL('../fixtures/specs/gitea-swagger.v1.json', import.meta.url));

export interface FakeGiteaOptions {
  state?: ForgeState;
  validator?: ApiValidator;
  /** `[api] MAX_RESPONSE_ITEMS` (default 50). */
  maxResponseItems?: number;
  /** `[api] DEFAULT_PAGING_NUM` (default 30). */
  defaultPagingNum?: number;
  version?: string;
  /** The world of repositories, PRs and issues (default: a new one, disposed by `close()`). */
  model?: ForgeModel;
}

/** Operations whose `filepath` is the rest of the path on Gitea (`/contents/*`, `/raw/*`, …). */
function markMultiSegmentPaths(doc: Json): Json {
  for (const item of Object.values(doc.paths as Record<string, Json>)) {
    for (const op of Object.values(item)) {
      for (const param of ((op as Json).parameters as Json[] | undefined) ?? [])
        if (param.in === 'path' && param.name === 'filepath') param['x-multi-segment'] = true;
    }
  }
  return doc;
}

export function loadGiteaValidator(): ApiValidator {
  return new ApiValidator('Gitea', markMultiSegmentPaths(JSON.parse(readFileSync(GITEA_SPEC, 'utf8')) as Json));
}

export class FakeGitea {
  readonly state: ForgeState;
  readonly model: ForgeModel;
  readonly server: ForgeServer;
  readonly version: FakeVersion;
  /** Git smart-HTTP requests (with the Authorization header each carried). */
  readonly gitRequests: GitRequestRecord[] = [];
  private readonly ownsModel: boolean;

  constructor(private readonly options: FakeGiteaOptions = {}) {
    this.state = options.state ?? new ForgeState();
    this.ownsModel = !options.model;
    this.model = options.model ?? new ForgeModel();
    this.version = parseFakeVersion(options.version ?? '1.27.0');
    const fake: GiteaFake = {
      model: this.model,
      version: this.version,
      maxResponseItems: options.maxResponseItems ?? 50,
      defaultPagingNum: options.defaultPagingNum ?? 30,
      viewer: (req) => this.model.tokenUser(this.tokenOf(req))?.login,
    };
    this.server = new ForgeServer({
      validator: options.validator ?? loadGiteaValidator(),
      basePath: '/api/v1',
      errorBody: (message) => ({ message, url: 'https://docs.gitea.com/api/1.27/' }),
      before: (req) => this.authenticate(req),
      raw: (req, res, url) => {
        if (!isGitPath(url.pathname)) return false;
        serveGit(this.model, req, res, url, this.gitRequests);
        return true;
      },
      // forge-apis.md §2.9: Gitea answers 201 (no body) when it schedules a merge; only 200 is documented.
      undocumented: { repoMergePullRequest: [201] },
      adaptRequest: (operationId, body) => (operationId === 'repoMergePullRequest' ? adaptMergeBody(this.version, body) : { body }),
      onAnswer: (record) => this.model.counters.api(record.method, record.path, record.operationId, record.status),
      handlers: {
        getVersion: () => ({ status: 200, body: { version: this.version.text } }),
        repoListTags: (req) => this.withRepo(req, (repo) => this.listTags(req, repo)),
        repoGetTag: (req) => this.withRepo(req, (repo) => this.getTag(req, repo)),
        ...repoHandlers(fake),
        ...pullHandlers(fake),
        ...issueHandlers(fake),
      },
    });
  }

  /** Starts the server; returns the Gitea base URL (what users write as the registry URL). */
  async start(): Promise<string> {
    await this.server.start();
    return this.server.url;
  }

  async close(): Promise<void> {
    await this.server.close();
    if (this.ownsModel) this.model.dispose();
  }

  /** Where git clones a repository from (no credentials in it). */
  cloneUrl(fullName: string): string {
    return `${this.server.url}/${fullName}.git`;
  }

  get requests(): RequestRecord[] {
    return this.server.requests;
  }

  /** A token for `login` (the user is created in the model when missing). */
  addToken(token: string, login = 'upkeep-bot'): void {
    if (!this.model.user(login)) this.model.addUser(login);
    this.model.addToken(token, login);
  }

  private tokenOf(req: ForgeRequest): string | undefined {
    return /^(?:token|Bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  }

  private authenticate(req: ForgeRequest): ForgeResponse | undefined {
    if (req.headers.authorization === undefined) return undefined;
    if (this.model.tokenUser(this.tokenOf(req))) return undefined;
    return { status: 401, body: { message: 'user does not exist [uid: 0, name: ]', url: '' } };
  }

  private withRepo(req: ForgeRequest, handle: (repo: FakeRepo) => ForgeResponse): ForgeResponse {
    const repo = this.state.getRepo(req.pathParams.owner!, req.pathParams.repo!);
    if (!repo || (repo.private && !this.tokenOf(req)))
      return { status: 404, body: { errors: ['repository does not exist'], message: "The target couldn't be found.", url: '' } };
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
    if (!tag) return { status: 404, body: { errors: [], message: "The target couldn't be found.", url: '' } };
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
      commit: {
        url: `${req.apiUrl}/repos/${repo.owner}/${repo.name}/git/commits/${tag.commitSha}`,
        sha: tag.commitSha,
        created: this.state.tagDate(repo, tag),
      },
      zipball_url: `${web}/${repo.owner}/${repo.name}/archive/${encodeURIComponent(tag.name)}.zip`,
      tarball_url: `${web}/${repo.owner}/${repo.name}/archive/${encodeURIComponent(tag.name)}.tar.gz`,
    };
  }
}
