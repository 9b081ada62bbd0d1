/**
 * A tiny loopback HTTP server for tests: static files with ETag / Last-Modified that answer conditional
 * requests with 304 (a Helm repository's `index.yaml`), and scripted routes that get the raw request and
 * response (delays, resets, redirects, odd answers). Every request is recorded with its lower-case headers.
 *
 *   const server = await startHttpServer();
 *   server.file('/stable/index.yaml', text);                 // ETag = sha1 of the content
 *   server.route('/flaky', (req, res, n) => { res.statusCode = n < 2 ? 500 : 200; res.end('ok'); });
 *   … server.url … server.count('/stable/index.yaml') … server.requests …
 *   await server.stop();
 *
 * For registry-shaped faults in front of a real registry, see `fault-server.ts`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { LOOPBACK } from './free-port.js';

export interface ServedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The response status, once answered (undefined for a reset). */
  status?: number;
}

export interface StaticFileOptions {
  /** Default: `"<sha1 of the content>"`; `false` sends none. */
  etag?: string | false;
  /** Default: none. An HTTP date (`new Date(…).toUTCString()`). */
  lastModified?: string;
  contentType?: string;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, n: number) => unknown;

export interface TestHttpServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>` */
  host: string;
  port: number;
  requests: ServedRequest[];
  /** Serve `content` at `path` (GET and HEAD), replacing what was there. */
  file(path: string, content: string | Buffer, options?: StaticFileOptions): void;
  /** Answer `path` (exact, without query) with a handler; `n` counts its requests from 0. */
  route(path: string, handler: RouteHandler): void;
  /** Requests for `path` (without query), optionally only those answered with `status`. */
  count(path: string, status?: number): number;
  /** Forget recorded requests (routes and files stay). */
  reset(): void;
  stop(): Promise<void>;
}

interface StaticFile {
  body: Buffer;
  etag?: string;
  lastModified?: string;
  contentType: string;
}

function answerFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  if (file.etag) res.setHeader('etag', file.etag);
  if (file.lastModified) res.setHeader('last-modified', file.lastModified);
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  const notModified = ifNoneMatch
    ? ifNoneMatch.split(',').some((tag) => tag.trim() === file.etag || tag.trim() === '*')
    : Boolean(ifModifiedSince && file.lastModified && Date.parse(ifModifiedSince) >= Date.parse(file.lastModified));
  if (notModified) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', file.contentType);
  res.setHeader('content-length', file.body.length);
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

export async function startHttpServer(): Promise<TestHttpServer> {
  const files = new Map<string, StaticFile>();
  const routes = new Map<string, { handler: RouteHandler; n: number }>();
  const requests: ServedRequest[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
    const record: ServedRequest = { method: req.method ?? 'GET', url, path, headers };
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    // Drain the request body so handlers need not.
    req.resume();
    const route = routes.get(path);
    if (route) {
      const n = route.n++;
      Promise.resolve(route.handler(req, res, n)).catch((err: Error) => {
        if (!res.headersSent) res.statusCode = 599;
        res.end(String(err.message));
      });
      return;
    }
    const file = files.get(path);
    if (file && (req.method === 'GET' || req.method === 'HEAD')) return answerFile(req, res, file);
    res.statusCode = file ? 405 : 404;
    res.end(file ? 'method not allowed' : 'not found');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://${LOOPBACK}:${port}`,
    host: `${LOOPBACK}:${port}`,
    port,
    requests,
    file(path, content, options = {}) {
      const body = typeof content === 'string' ? Buffer.from(content) : content;
      const etag = options.etag === false ? undefined : (options.etag ?? `"${createHash('sha1').update(body).digest('hex')}"`);
      files.set(path, { body, etag, lastModified: options.lastModified, contentType: options.contentType ?? 'application/x-yaml' });
    },
    route(path, handler) {
      routes.set(path, { handler, n: 0 });
    },
    count(path, status) {
      return requests.filter((r) => r.path === path && (status === undefined || r.status === status)).length;
    },
    reset() {
      requests.length = 0;
    },
    stop() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
