/**
 * A fake GitHub REST API over a ForgeState, checked against GitHub's official OpenAPI description
 * (`@octokit/openapi`, `generated/api.github.com.json`, loaded directly: requiring the package parses
 * all ten of its specs). Every request and answer is validated (see forge-server.ts).
 *
 * Implemented: repos/list-tags, git/get-ref, git/get-commit, git/get-tag. Add an operation by adding a
 * handler keyed by its operationId and a builder for its schema (answers must be complete objects:
 * GitHub's schemas require most properties).
 *
 * Authentication: `Authorization: Bearer <token>` or `token <token>` with a token from `addToken`; an
 * unknown token is 401, a private repository without a token is 404 (as GitHub answers).
 * Rate limits: `x-ratelimit-*` headers on every answer (the description only defines them as
 * components); when none are left, 403 "API rate limit exceeded". A 304 is not counted.
 */
import { createRequire } from 'node:module';
import { ApiValidator } from './openapi-validator.js';
import { ForgeServer, type ForgeRequest, type ForgeResponse, type RequestRecord } from './forge-server.js';
import { ForgeState, type FakeCommit, type FakeRepo, type FakeTag } from './forge-state.js';

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
}

export function loadGitHubValidator(): ApiValidator {
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  return ApiValidator.fromFile('GitHub', file);
}

const nodeId = (kind: string, id: string) => Buffer.from(`${kind}:${id}`).toString('base64');

export class FakeGitHub {
  readonly state: ForgeState;
  readonly server: ForgeServer;
  private readonly tokens = new Map<string, string>();
  private readonly limits = new Map<string, RateLimitState>();
  private readonly counted = new WeakSet<ForgeRequest>();

  constructor(options: FakeGitHubOptions = {}) {
    this.state = options.state ?? new ForgeState();
    this.server = new ForgeServer({
      validator: options.validator ?? loadGitHubValidator(),
      basePath: options.basePath ?? '',
      errorBody: (message) => ({ message, documentation_url: DOCS }),
      etags: true,
      before: (req) => this.authenticate(req) ?? this.spend(req),
      after: (req, res) => this.rateHeaders(req, res),
      handlers: {
        'repos/list-tags': (req) => this.withRepo(req, (repo) => this.listTags(req, repo)),
        'git/get-ref': (req) => this.withRepo(req, (repo) => this.getRef(req, repo)),
        'git/get-commit': (req) => this.withRepo(req, (repo) => this.getCommit(req, repo)),
        'git/get-tag': (req) => this.withRepo(req, (repo) => this.getTag(req, repo)),
      },
    });
  }

  start(): Promise<string> {
    return this.server.start();
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

  private tokenOf(req: ForgeRequest): string | undefined {
    return /^(?:Bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  }

  private who(req: ForgeRequest): string {
    return this.tokenOf(req) ?? 'anonymous';
  }

  private authenticate(req: ForgeRequest): ForgeResponse | undefined {
    if (req.headers.authorization === undefined) return undefined;
    const token = this.tokenOf(req);
    if (token && this.tokens.has(token)) return undefined;
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
    res.headers = {
      ...(res.headers ?? {}),
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(Math.max(0, limit.limit - limit.used)),
      'x-ratelimit-used': String(limit.used),
      'x-ratelimit-reset': String(limit.reset),
      'x-ratelimit-resource': 'core',
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
