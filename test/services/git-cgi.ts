/**
 * `git http-backend` run as CGI for one HTTP request: request headers become the CGI environment, the
 * body goes to its stdin, and its CGI headers and body come back as the HTTP answer. Shared by the plain
 * git server (git-http.ts) and the fake forges (test/fakes/forge-model/git-backend.ts).
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GIT_TEST_ENV } from './git-http.js';

export interface GitCgiOptions {
  /** The directory holding the bare repositories (`GIT_PROJECT_ROOT`). */
  root: string;
  /** The path below the root (`/owner/name.git/info/refs`), decoded. */
  pathInfo: string;
  /** The query string without `?`. */
  query: string;
  /** Who the request authenticated as (git records it in the reflog). */
  remoteUser: string;
  /** Whether pushes are allowed (`http.receivepack`). */
  receivePack: boolean;
  /** Called with the status once the backend has sent its headers. */
  onStatus?: (status: number) => void;
  /** Called when the answer is complete. */
  onEnd?: (status: number) => void;
}

export function runGitHttpBackend(req: IncomingMessage, res: ServerResponse, options: GitCgiOptions): void {
  const env: NodeJS.ProcessEnv = {
    ...GIT_TEST_ENV,
    GIT_PROJECT_ROOT: options.root,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_COUNT: '3',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: options.receivePack ? 'true' : 'false',
    // Partial clones (`--filter=blob:none`), as the forges serve them.
    GIT_CONFIG_KEY_1: 'uploadpack.allowFilter',
    GIT_CONFIG_VALUE_1: 'true',
    GIT_CONFIG_KEY_2: 'uploadpack.allowAnySHA1InWant',
    GIT_CONFIG_VALUE_2: 'true',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: options.pathInfo,
    QUERY_STRING: options.query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: '127.0.0.1',
    REMOTE_USER: options.remoteUser,
    HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
    HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
  };
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let status = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    if (status) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const split = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
    if (split < 0) return;
    const sep = head[split] === 13 ? 4 : 2;
    const headers: Record<string, string> = {};
    status = 200;
    for (const line of head.subarray(0, split).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      const key = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[key] = value;
    }
    options.onStatus?.(status);
    res.writeHead(status, headers);
    res.write(head.subarray(split + sep));
  });
  child.on('close', () => {
    if (!status) {
      status = 500;
      options.onStatus?.(status);
      res.writeHead(500);
    }
    res.end();
    options.onEnd?.(status);
  });
  child.on('error', () => res.destroy());
}
