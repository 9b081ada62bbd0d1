/**
 * Git smart HTTP for the fake forges, served by the fake's own HTTP server at `/<owner>/<name>.git/…`
 * (`git http-backend` on the model's bare repositories). Authentication is HTTP Basic with a token of
 * the model as the password (any user name), as Gitea, GitHub and GitLab accept it; anonymous reads of
 * public repositories work, pushes need write access. Fetches and pushes are counted in the run's
 * counters.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runGitHttpBackend } from '../../services/git-cgi.js';
import type { ForgeModel } from './model.js';
import type { UserRecord } from './records.js';

export interface GitRequestRecord {
  method: string;
  path: string;
  status: number;
  authorization?: string;
}

const GIT_PATH = /^\/([^/]+)\/([^/]+?)\.git(\/.*)$/;

/** The git path a URL names (`/owner/name.git/...`), or undefined for anything else. */
export function isGitPath(pathname: string): boolean {
  return GIT_PATH.test(pathname);
}

function basicToken(header: string | undefined): string | undefined | null {
  if (header === undefined) return undefined;
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(colon + 1) : null;
}

/** Serves one git request; `log` receives what was asked and answered. */
export function serveGit(model: ForgeModel, req: IncomingMessage, res: ServerResponse, url: URL, log: GitRequestRecord[]): void {
  const record: GitRequestRecord = { method: req.method ?? 'GET', path: url.pathname + url.search, status: 0 };
  if (req.headers.authorization) record.authorization = req.headers.authorization;
  log.push(record);
  const end = (status: number, message: string, headers: Record<string, string> = {}) => {
    record.status = status;
    res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`${message}\n`);
  };
  const [, owner = '', name = '', rest = ''] = GIT_PATH.exec(url.pathname) ?? [];
  const push = rest === '/git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
  const token = basicToken(req.headers.authorization);
  let user: UserRecord | undefined;
  if (token !== undefined) {
    user = token === null ? undefined : model.tokenUser(token);
    if (!user) return end(401, 'bad credentials', { 'www-authenticate': 'Basic realm="fake forge"' });
  }
  const world = model.find(owner, name);
  if (!world || !model.can(user?.login, world.repo, 'read')) {
    return user ? end(404, 'repository not found') : end(401, 'authentication required', { 'www-authenticate': 'Basic realm="fake forge"' });
  }
  if (push) {
    if (!user) return end(401, 'authentication required', { 'www-authenticate': 'Basic realm="fake forge"' });
    if (!model.can(user.login, world.repo, 'write') || world.repo.archived) return end(403, 'no write access');
  }
  // One count per fetch (its ref advertisement; protocol v2 then POSTs several times) and per push (its POST).
  const advertisesFetch = rest === '/info/refs' && url.searchParams.get('service') === 'git-upload-pack';
  if (advertisesFetch || (push && req.method === 'POST')) model.counters.git(push ? 'receive-pack' : 'upload-pack', url.pathname);
  runGitHttpBackend(req, res, {
    root: model.git.root,
    // The bare repositories are stored in lower case (names resolve case-insensitively).
    pathInfo: `/${world.repo.fullName.toLowerCase()}.git${decodeURIComponent(rest)}`,
    query: url.search.replace(/^\?/, ''),
    remoteUser: user?.login ?? 'anonymous',
    receivePack: push,
    onStatus: (status) => {
      record.status = status;
    },
  });
}
