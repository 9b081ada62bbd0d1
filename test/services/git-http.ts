/**
 * A loopback git smart-HTTP server: Node's http server in front of `git http-backend` (CGI), serving
 * the bare repositories of a temp dir at `/<name>.git`. Fetch and push both work (receive-pack is on),
 * so later stages can push branches to it. Optional Basic auth; every request is recorded with its
 * `Authorization` header so tests can check what credentials were sent where; a path prefix can be
 * redirected to another server (to check that credentials do not follow). git comes from
 * `scripts/setup-test-services.sh`; `start()` fails with that hint when git or git http-backend is missing.
 *
 * Seeding uses git plumbing on the bare repository (no work tree): commits with fixed dates, lightweight
 * and annotated tags, moved tags.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCommands } from './commands.js';
import { runGitHttpBackend } from './git-cgi.js';

/** Environment for git commands run by tests: no user or system config, fixed identities. */
export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
};

/** Runs git with an args array (no shell); resolves stdout, rejects with stderr. */
export function git(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd: options.cwd, env: options.env ?? GIT_TEST_ENV, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export interface GitRequestRecord {
  method: string;
  path: string;
  status: number;
  authorization?: string;
}

export interface GitHttpOptions {
  /** Require Basic auth with one of these user → password pairs. */
  users?: Record<string, string>;
}

export class GitHttpServer {
  readonly root: string;
  readonly requests: GitRequestRecord[] = [];
  private server: Server | undefined;
  private origin = '';
  private readonly redirects = new Map<string, string>();

  constructor(private readonly options: GitHttpOptions = {}) {
    this.root = mkdtempSync(join(tmpdir(), 'upkeep-git-http-'));
  }

  async start(): Promise<string> {
    assertCommands(['git', 'git http-backend']);
    this.server = createServer((req, res) => this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  get url(): string {
    return this.origin;
  }

  /** The clone URL of a repository. */
  repoUrl(name: string): string {
    return `${this.origin}/${name}.git`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Answers requests under `/<prefix>/` with a 302 to the rest of the path on `targetOrigin`. */
  redirect(prefix: string, targetOrigin: string): void {
    this.redirects.set(`/${prefix}`, targetOrigin);
  }

  repoPath(name: string): string {
    return join(this.root, `${name}.git`);
  }

  async createRepo(name: string): Promise<string> {
    await git(['init', '--bare', '--quiet', '--initial-branch=main', this.repoPath(name)]);
    return this.repoUrl(name);
  }

  /** A commit on `main` (one file whose content is the message) with a fixed date; returns its sha. */
  async commit(name: string, message: string, date = '2024-01-01T00:00:00Z'): Promise<string> {
    const cwd = this.repoPath(name);
    const blob = (await git(['hash-object', '-w', '--stdin'], { cwd, input: message })).trim();
    const tree = (await git(['mktree'], { cwd, input: `100644 blob ${blob}\tREADME\n` })).trim();
    const parent = (await git(['rev-parse', '--verify', '--quiet', 'refs/heads/main'], { cwd }).catch(() => '')).trim();
    const env = { ...GIT_TEST_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    const sha = (await git(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], { cwd, env })).trim();
    await git(['update-ref', 'refs/heads/main', sha], { cwd });
    return sha;
  }

  /** Creates or moves a tag; annotated when `message` is given. Returns the tag object's sha for annotated tags, else the commit. */
  async tag(name: string, tag: string, commit: string, message?: string): Promise<string> {
    const cwd = this.repoPath(name);
    if (message === undefined) {
      await git(['update-ref', `refs/tags/${tag}`, commit], { cwd });
      return commit;
    }
    await git(['tag', '--force', '--annotate', '--message', message, tag, commit], { cwd });
    return (await git(['rev-parse', `refs/tags/${tag}`], { cwd })).trim();
  }

  async deleteTag(name: string, tag: string): Promise<void> {
    await git(['update-ref', '-d', `refs/tags/${tag}`], { cwd: this.repoPath(name) });
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    const record: GitRequestRecord = { method: req.method ?? 'GET', path: url.pathname + url.search, status: 0 };
    if (req.headers.authorization) record.authorization = req.headers.authorization;
    this.requests.push(record);
    const end = (status: number, headers: Record<string, string> = {}, body = '') => {
      record.status = status;
      res.writeHead(status, headers).end(body);
    };
    for (const [prefix, target] of this.redirects) {
      if (url.pathname.startsWith(`${prefix}/`)) return end(302, { location: `${target}${url.pathname.slice(prefix.length)}${url.search}` });
    }
    if (this.options.users && !this.authorized(req.headers.authorization)) {
      return end(401, { 'www-authenticate': 'Basic realm="git"' }, 'authentication required\n');
    }
    this.backend(req, res, url, record);
  }

  private authorized(header: string | undefined): boolean {
    const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!match) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 && this.options.users![decoded.slice(0, colon)] === decoded.slice(colon + 1);
  }

  /** Runs `git http-backend` as CGI (git-cgi.ts), recording the status it answers. */
  private backend(req: IncomingMessage, res: ServerResponse, url: URL, record: GitRequestRecord): void {
    runGitHttpBackend(req, res, {
      root: this.root,
      pathInfo: decodeURIComponent(url.pathname),
      query: url.search.replace(/^\?/, ''),
      remoteUser: 'tester',
      receivePack: true,
      onStatus: (status) => {
        record.status = status;
      },
    });
  }
}
