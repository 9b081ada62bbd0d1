/**
 * A fake GitHub REST API (api.github.com at `/`, or GitHub Enterprise Server at `/api/v3`), checked against
 * GitHub's official OpenAPI description (`@octokit/openapi`, `generated/api.github.com.json`, loaded
 * directly: requiring the package parses all ten of its specs). Every request and answer is validated
 * (see forge-server.ts); answers are complete objects per schema (github/objects.ts).
 *
 * Two worlds behind it, as in the Gitea fake: tags and refs of a ForgeState (`repos/list-tags`,
 * `git/get-ref`, `git/get-commit`, `git/get-tag`: the tag datasources' tests), and a git-backed ForgeModel
 * (`fake.model`) for everything the GitHub platform adapter does, with the handlers in github/:
 * - repos.ts: `users/get-authenticated`, `repos/get`, `repos/list-for-authenticated-user`,
 *   `repos/get-content`, `git/list-matching-refs`, `git/delete-ref`;
 * - pulls.ts: `pulls/list`, `pulls/get`, `pulls/create`, `pulls/update`, `pulls/request-reviewers`,
 *   `pulls/merge` (real git merges by the model);
 * - issues.ts: labels (`issues/list-labels-for-repo`, `create-label`, `add-labels`, `set-labels`,
 *   `remove-label`), `issues/add-assignees`, issues (`list-for-repo` with PRs in it, `get`, `create`,
 *   `update`) and comments (`list-comments`, `create-comment`, `update-comment`);
 * - statuses.ts: `repos/get-combined-status-for-ref`, `repos/list-commit-statuses-for-ref`,
 *   `repos/create-commit-status`, `checks/list-for-ref` (check runs set by `model.hooks.setCheckRun`);
 * - graphql.ts: `POST /graphql` (GHES `/api/graphql`), validated against `@octokit/graphql-schema`:
 *   `viewer`, `enablePullRequestAutoMerge`, `disablePullRequestAutoMerge`;
 * - git smart HTTP at `/<owner>/<name>.git` (the `clone_url`), Basic auth with any user name and a model
 *   token as the password (`x-access-token:<token>` or `<login>:<token>`).
 * Repository settings come from the model's RepoOptions: `mergeStyles` (merge → `allow_merge_commit`,
 * squash → `allow_squash_merge`, rebase → `allow_rebase_merge`), `allowAutoMerge`,
 * `deleteBranchOnMerge`, `hasIssues`; `permissions.push` from the viewer's role. Every API request
 * (GraphQL included: a query reads, a mutation writes) and git exchange is counted in `model.counters`.
 *
 * Authentication: `Authorization: Bearer <token>` or `token <token>` with a token of a model user
 * (`model.addUser(login, {token})`) or from `addToken` (tags only); an unknown token is 401, a private
 * repository without a token is 404, a write without a token 401 (as GitHub answers).
 * Rate limits: `x-ratelimit-*` headers on every answer (the description only defines them as
 * components); when none are left, 403 "API rate limit exceeded". A 304 is not counted.
 *
 * Not served (yet): GitHub App installation tokens (`GET /user` → 403, `apps/*`), raw media types of the
 * contents API, branch creation through `git/refs`, secondary rate limits.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Json } from './openapi-document.js';
import { ApiValidator } from './openapi-validator.js';
import { ForgeServer, type ForgeRequest, type ForgeResponse, type RequestRecord } from './forge-server.js';
import { ForgeState, type FakeCommit, type FakeRepo, type FakeTag } from './forge-state.js';
import { ForgeModel, isGitPath, serveGit, type GitRequestRecord } from './forge-model/index.js';
import { apiError, type GitHubFake } from './github/context.js';
import { isGraphqlPath, serveGraphql } from './github/graphql.js';
import { issueHandlers } from './github/issues.js';
import { pullHandlers } from './github/pulls.js';
import { repoHandlers } from './github/repos.js';
import { statusHandlers } from './github/statuses.js';

const DOCS = 'https://docs.github.com/rest';

export interface RateLimitState {
  limit: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

export interface FakeGitHubOptions {
  state?: ForgeState;
  /** `` serves like api.github.com; `/api/v3` like GitHub Enterprise Server. */
  basePath?: '' | '/api/v3';
  /** An already loaded validator (parsing the 13 MB description takes a moment; share it in a test file). */
  validator?: ApiValidator;
  /** The world of repositories, PRs and issues (default: a new one, disposed by `close()`). */
  model?: ForgeModel;
}

export function loadGitHubValidator(): ApiValidator {
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  return new ApiValidator('GitHub', nullableForAjv(JSON.parse(readFileSync(file, 'utf8')) as Json));
}

/**
 * OpenAPI 3.0's `nullable` as Ajv can compile it: Ajv refuses `nullable` without `type` (GitHub writes
 * `{oneOf: [...], nullable: true}`, e.g. the `milestone` of `issues/create`) and does not add `null` to an
 * `enum` (`check-run.conclusion`). Such schemas become `anyOf [schema, null]`; enums get `null`.
 */
function nullableForAjv(node: Json): Json {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!value || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = visit(v);
    if (out.nullable !== true) return out;
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    if (out.type !== undefined) return out;
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  };
  return visit(node) as Json;
}

const nodeId = (kind: string, id: string) => Buffer.from(`${kind}:${id}`).toString('base64');
const tokenIn = (header: string | undefined) => /^(?:Bearer|token)\s+(\S+)$/i.exec(header ?? '')?.[1];

export class FakeGitHub {
  readonly state: ForgeState;
  readonly model: ForgeModel;
  readonly server: ForgeServer;
  /** Git smart-HTTP requests (with the Authorization header each carried). */
  readonly gitRequests: GitRequestRecord[] = [];
  private readonly ownsModel: boolean;
  private readonly tokens = new Map<string, string>();
  /** Logins (`<slug>[bot]`) whose tokens are App installation tokens. */
  private readonly installations = new Set<string>();
  private readonly limits = new Map<string, RateLimitState>();
  private readonly counted = new WeakSet<ForgeRequest>();

  constructor(options: FakeGitHubOptions = {}) {
    this.state = options.state ?? new ForgeState();
    this.ownsModel = !options.model;
    this.model = options.model ?? new ForgeModel();
    const basePath = options.basePath ?? '';
    const fake: GitHubFake = {
      model: this.model,
      viewer: (req) => this.viewerOf(req.headers.authorization),
      isInstallation: (req) => this.installations.has(this.viewerOf(req.headers.authorization)?.toLowerCase() ?? ''),
    };
    this.server = new ForgeServer({
      validator: options.validator ?? loadGitHubValidator(),
      basePath,
      errorBody: (message) => ({ message, documentation_url: DOCS }),
      etags: true,
      before: (req) => this.authenticate(req) ?? this.spend(req),
      after: (req, res) => this.rateHeaders(req, res),
      raw: (req, res, url) => {
        if (isGitPath(url.pathname)) {
          serveGit(this.model, req, res, url, this.gitRequests);
          return true;
        }
        if (!isGraphqlPath(url.pathname, basePath)) return false;
        void serveGraphql(
          {
            fake,
            tokenKnown: (header) => (header === undefined ? 'none' : this.viewerOf(header) !== undefined),
            violation: (message) => this.server.violations.push(message),
            record: (record, write) => {
              this.server.requests.push(record);
              this.model.counters.api(record.method, record.path, record.operationId, record.status, write);
            },
            headers: (header) => this.limitHeaders(tokenIn(header) ?? 'anonymous', 'graphql'),
          },
          req,
          res,
          url,
        );
        return true;
      },
      onAnswer: (record) => this.model.counters.api(record.method, record.path, record.operationId, record.status),
      handlers: {
        'repos/list-tags': (req) => this.withRepo(req, (repo) => this.listTags(req, repo)),
        'git/get-ref': (req) => this.withRepo(req, (repo) => this.getRef(req, repo)),
        'git/get-commit': (req) => this.withRepo(req, (repo) => this.getCommit(req, repo)),
        'git/get-tag': (req) => this.withRepo(req, (repo) => this.getTag(req, repo)),
        ...repoHandlers(fake),
        ...pullHandlers(fake),
        ...issueHandlers(fake),
        ...statusHandlers(fake),
      },
    });
  }

  start(): Promise<string> {
    return this.server.start();
  }

  async close(): Promise<void> {
    await this.server.close();
    if (this.ownsModel) this.model.dispose();
  }

  get requests(): RequestRecord[] {
    return this.server.requests;
  }

  /** Where git clones a repository from (no credentials in it). */
  cloneUrl(fullName: string): string {
    return `${this.server.url}/${fullName}.git`;
  }

  /** A token for the tag handlers (ForgeState); model users get theirs through `model.addUser(login, {token})`. */
  /**
   * A GitHub App installation token: the account `<slug>[bot]` (created in the model; give it roles on
   * repositories as collaborator), for which `GET /user` is 403 "Resource not accessible by integration"
   * and `GET /installation/repositories` lists what the installation reaches.
   */
  addInstallationToken(token: string, slug: string): string {
    const login = `${slug}[bot]`;
    if (!this.model.user(login)) this.model.addUser(login, { fullName: slug });
    this.model.addToken(token, login);
    this.installations.add(login.toLowerCase());
    return login;
  }

  addToken(token: string, login = 'upkeep-bot'): void {
    this.tokens.set(token, login);
  }

  /** Sets the primary rate limit for a token (`anonymous` for requests without one). */
  setRateLimit(who: string, limit: Partial<RateLimitState>): void {
    this.limits.set(who, { ...this.limitOf(who), ...limit });
  }

  limitOf(who: string): RateLimitState {
    let state = this.limits.get(who);
    if (!state) {
      state = { limit: who === 'anonymous' ? 60 : 5000, used: 0, reset: Math.floor(Date.now() / 1000) + 3600 };
      this.limits.set(who, state);
    }
    return state;
  }

  /** The login an Authorization header's token belongs to: a model user's, else one from `addToken`. */
  private viewerOf(header: string | undefined): string | undefined {
    const token = tokenIn(header);
    if (token === undefined) return undefined;
    return this.model.tokenUser(token)?.login ?? this.tokens.get(token);
  }

  private tokenOf(req: ForgeRequest): string | undefined {
    return tokenIn(req.headers.authorization);
  }

  private who(req: ForgeRequest): string {
    return this.tokenOf(req) ?? 'anonymous';
  }

  private authenticate(req: ForgeRequest): ForgeResponse | undefined {
    if (req.headers.authorization === undefined) {
      if (req.method === 'GET' || req.method === 'HEAD') return undefined;
      return apiError(401, 'Requires authentication');
    }
    if (this.viewerOf(req.headers.authorization) !== undefined) return undefined;
    return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } };
  }

  private spend(req: ForgeRequest): ForgeResponse | undefined {
    const limit = this.limitOf(this.who(req));
    if (limit.used >= limit.limit) {
      return {
        status: 403,
        body: { message: `API rate limit exceeded for ${this.who(req) === 'anonymous' ? '127.0.0.1' : 'user'}.`, documentation_url: DOCS },
      };
    }
    limit.used++;
    this.counted.add(req);
    return undefined;
  }

  private rateHeaders(req: ForgeRequest, res: ForgeResponse): void {
    const limit = this.limitOf(this.who(req));
    // Conditional requests answered 304 do not count against the primary limit.
    if (res.status === 304 && this.counted.has(req)) limit.used--;
    res.headers = { ...(res.headers ?? {}), ...this.limitHeaders(this.who(req), 'core') };
  }

  private limitHeaders(who: string, resource: string): Record<string, string> {
    const limit = this.limitOf(who);
    return {
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(Math.max(0, limit.limit - limit.used)),
      'x-ratelimit-used': String(limit.used),
      'x-ratelimit-reset': String(limit.reset),
      'x-ratelimit-resource': resource,
    };
  }

  private withRepo(req: ForgeRequest, handle: (repo: FakeRepo) => ForgeResponse): ForgeResponse {
    const repo = this.state.getRepo(req.pathParams.owner!, req.pathParams.repo!);
    if (!repo || (repo.private && !this.tokenOf(req))) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
    return handle(repo);
  }

  private listTags(req: ForgeRequest, repo: FakeRepo): ForgeResponse {
    const perPage = Math.min(100, Math.max(1, Number(req.query.per_page ?? 30)));
    const page = Math.max(1, Number(req.query.page ?? 1));
    const tags = this.state.listTags(repo);
    const pages = Math.max(1, Math.ceil(tags.length / perPage));
    const body = tags.slice((page - 1) * perPage, page * perPage).map((t) => this.tagItem(req, repo, t));
    const link = (p: number, rel: string) => `<${req.apiUrl}/repos/${repo.owner}/${repo.name}/tags?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < pages) links.push(link(page + 1, 'next'), link(pages, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return { status: 200, body, headers: links.length ? { link: links.join(', ') } : {} };
  }

  private tagItem(req: ForgeRequest, repo: FakeRepo, tag: FakeTag): unknown {
    const web = `https://github.com/${repo.owner}/${repo.name}`;
    return {
      name: tag.name,
      commit: { sha: tag.commitSha, url: `${req.apiUrl}/repos/${repo.owner}/${repo.name}/commits/${tag.commitSha}` },
      zipball_url: `${web}/zipball/refs/tags/${encodeURIComponent(tag.name)}`,
      tarball_url: `${web}/tarball/refs/tags/${encodeURIComponent(tag.name)}`,
      node_id: nodeId('Tag', `${repo.id}:${tag.name}`),
    };
  }

  private getRef(req: ForgeRequest, repo: FakeRepo): ForgeResponse {
    const ref = req.pathParams.ref!;
    const api = `${req.apiUrl}/repos/${repo.owner}/${repo.name}`;
    let object: { type: string; sha: string } | undefined;
    if (ref.startsWith('tags/')) {
      const tag = repo.tags.get(ref.slice(5));
      if (tag) object = tag.annotated ? { type: 'tag', sha: tag.annotated.sha } : { type: 'commit', sha: tag.commitSha };
    } else if (ref.startsWith('heads/')) {
      const sha = repo.branches.get(ref.slice(6));
      if (sha) object = { type: 'commit', sha };
    }
    if (!object) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
    const url = `${api}/git/${object.type === 'tag' ? 'tags' : 'commits'}/${object.sha}`;
    return {
      status: 200,
      body: { ref: `refs/${ref}`, node_id: nodeId('Ref', `${repo.id}:${ref}`), url: `${api}/git/refs/${ref}`, object: { ...object, url } },
    };
  }

  private getCommit(req: ForgeRequest, repo: FakeRepo): ForgeResponse {
    const commit = repo.commits.get(req.pathParams.commit_sha!);
    if (!commit) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
    return { status: 200, body: this.gitCommit(req, repo, commit) };
  }

  private gitCommit(req: ForgeRequest, repo: FakeRepo, commit: FakeCommit): unknown {
    const api = `${req.apiUrl}/repos/${repo.owner}/${repo.name}`;
    return {
      sha: commit.sha,
      node_id: nodeId('Commit', commit.sha),
      url: `${api}/git/commits/${commit.sha}`,
      html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: { sha: commit.treeSha, url: `${api}/git/trees/${commit.treeSha}` },
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${api}/git/commits/${sha}`,
        html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${sha}`,
      })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    };
  }

  private getTag(req: ForgeRequest, repo: FakeRepo): ForgeResponse {
    const tag = [...repo.tags.values()].find((t) => t.annotated?.sha === req.pathParams.tag_sha);
    if (!tag?.annotated) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
    const api = `${req.apiUrl}/repos/${repo.owner}/${repo.name}`;
    return {
      status: 200,
      body: {
        node_id: nodeId('Tag', tag.annotated.sha),
        tag: tag.name,
        sha: tag.annotated.sha,
        url: `${api}/git/tags/${tag.annotated.sha}`,
        message: tag.annotated.message,
        tagger: tag.annotated.tagger,
        object: { sha: tag.commitSha, type: 'commit', url: `${api}/git/commits/${tag.commitSha}` },
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
    };
  }
}
