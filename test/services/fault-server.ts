/**
 * A loopback HTTP server with scripted faults, usually put in front of a real registry:
 *
 *   const faults = await startFaultServer({ upstream: registry.url });
 *   faults.route({ path: '/v2/team/app/tags/list', actions: [status(500), status(500)] }); // then: proxied
 *   faults.route({ path: /\/blobs\//, actions: [redirect(`${other.url}/store/blob`)] });
 *
 * Every request is recorded (method, path, query, lower-case headers) so tests can assert what a host saw,
 * e.g. that no `authorization` header followed a redirect to another host. Requests no route takes are
 * proxied to `upstream` (or answered 404 without one).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { LOOPBACK, startOnFreePort } from './free-port.js';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
}

export type FaultAction =
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body?: string | Buffer }
  /** Close the connection without an answer (the client sees a reset). */
  | { kind: 'reset' }
  | { kind: 'redirect'; location: string; status: number }
  /** Forward to this base URL (headers included, `host` rewritten) and pass the answer back. */
  | { kind: 'proxy'; upstream: string };

export interface FaultRoute {
  method?: string;
  /** A string matches the path exactly; a RegExp is tested against path + query. */
  path: string | RegExp;
  /** What the 1st, 2nd, … matching requests get; once used up, `then` (default: proxy / 404). */
  actions?: FaultAction[];
  then?: FaultAction;
  /** Computed answers instead of a script: gets the request and its 0-based count on this route. */
  handle?: (req: RecordedRequest, n: number) => FaultAction | Promise<FaultAction>;
}

export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>` */
  host: string;
  port: number;
  requests: RecordedRequest[];
  /** Add a route; later routes are tried first. */
  route(route: FaultRoute): void;
  /** Drop the routes and the recorded requests. */
  clear(): void;
  /** The recorded requests whose path matches (exact string, or RegExp on path + query). */
  requestsTo(path: string | RegExp, method?: string): RecordedRequest[];
  stop(): Promise<void>;
}

export const status = (code: number, body?: string | object, headers: Record<string, string> = {}): FaultAction => ({
  kind: 'respond',
  status: code,
  headers: typeof body === 'object' ? { 'content-type': 'application/json', ...headers } : headers,
  ...(body !== undefined ? { body: typeof body === 'object' ? JSON.stringify(body) : body } : {}),
});
export const json = (body: unknown, headers: Record<string, string> = {}): FaultAction => ({
  kind: 'respond',
  status: 200,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
export const tooManyRequests = (retryAfterSeconds: number): FaultAction => status(429, 'slow down', { 'retry-after': String(retryAfterSeconds) });
export const reset = (): FaultAction => ({ kind: 'reset' });
export const redirect = (location: string, code = 307): FaultAction => ({ kind: 'redirect', location, status: code });
export const proxy = (upstream: string): FaultAction => ({ kind: 'proxy', upstream });

const matches = (pattern: string | RegExp, req: RecordedRequest) => (typeof pattern === 'string' ? req.path === pattern : pattern.test(req.url));

/**
 * A route that never ends a tag listing: every page of `/v2/<repository>/tags/list` links to another
 * (`pageSize` new tags each), as a broken or hostile registry might.
 */
export function endlessTags(repository: string, pageSize = 100): FaultRoute {
  return {
    path: `/v2/${repository}/tags/list`,
    handle: (_req, n) => {
      const tags = Array.from({ length: pageSize }, (_, i) => `${n}.${i}.0`);
      return json({ name: repository, tags }, { link: `</v2/${repository}/tags/list?n=${pageSize}&last=${n}.${pageSize - 1}.0>; rel="next"` });
    },
  };
}

/**
 * Tag listing with `n`/`last` pagination and `Link` headers, as the distribution spec describes, over an
 * upstream registry that returns every tag at once (distribution v2.8 ignores `n`). Tags are served in the
 * upstream's (lexical) order; `last` is exclusive.
 */
export function paginateTags(upstream: string): FaultRoute {
  return {
    method: 'GET',
    path: /^\/v2\/.+\/tags\/list(\?.*)?$/,
    handle: async (req) => {
      const res = await fetch(`${upstream}${req.path}`, { headers: req.headers.authorization ? { authorization: req.headers.authorization } : {} });
      const text = await res.text();
      if (res.status !== 200) return { kind: 'respond', status: res.status, headers: copyHeaders(res.headers), body: text };
      const all = JSON.parse(text) as { name: string; tags: string[] };
      const n = Number(req.query.get('n') ?? all.tags.length);
      const last = req.query.get('last');
      const start = last === null ? 0 : all.tags.findIndex((t) => t > last);
      const from = start < 0 ? all.tags.length : start;
      const page = all.tags.slice(from, from + n);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (from + n < all.tags.length) headers.link = `<${req.path}?n=${n}&last=${encodeURIComponent(page[page.length - 1]!)}>; rel="next"`;
      return { kind: 'respond', status: 200, headers, body: JSON.stringify({ name: all.name, tags: page }) };
    },
  };
}

function copyHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => {
    if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
  });
  return out;
}

function record(req: IncomingMessage): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method ?? 'GET', url: `${url.pathname}${url.search}`, path: url.pathname, query: url.searchParams, headers };
}

function forward(req: IncomingMessage, res: ServerResponse, upstream: string): void {
  const target = new URL(req.url ?? '/', upstream);
  const headers = { ...req.headers, host: target.host };
  const out = httpRequest(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  req.pipe(out);
}

async function act(action: FaultAction, req: IncomingMessage, res: ServerResponse): Promise<void> {
  switch (action.kind) {
    case 'respond':
      res.writeHead(action.status, action.headers);
      res.end(req.method === 'HEAD' ? undefined : action.body);
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'redirect':
      res.writeHead(action.status, { location: action.location });
      res.end();
      return;
    case 'proxy':
      forward(req, res, action.upstream);
      return;
  }
}

export interface FaultServerOptions {
  /** Where requests no route takes are forwarded (a registry URL). */
  upstream?: string;
  routes?: FaultRoute[];
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const routes: { route: FaultRoute; count: number }[] = [];
  const requests: RecordedRequest[] = [];
  const fallback: FaultAction = options.upstream ? proxy(options.upstream) : status(404, 'no route');

  const server: Server = createServer((req, res) => {
    const recorded = record(req);
    requests.push(recorded);
    const entry = routes.find(({ route }) => (!route.method || route.method === recorded.method) && matches(route.path, recorded));
    const n = entry ? entry.count++ : 0;
    const choose = async (): Promise<FaultAction> => {
      if (!entry) return fallback;
      const { route } = entry;
      if (route.handle) return route.handle(recorded, n);
      return route.actions?.[n] ?? route.then ?? fallback;
    };
    choose()
      .then((action) => act(action, req, res))
      .catch(() => res.destroy());
  });

  const port = await startOnFreePort(
    (p) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, LOOPBACK, () => {
          server.off('error', reject);
          resolve(p);
        });
      }),
  );
  const faults: FaultServer = {
    url: `http://${LOOPBACK}:${port}`,
    host: `${LOOPBACK}:${port}`,
    port,
    requests,
    route: (route) => {
      routes.unshift({ route, count: 0 });
    },
    clear: () => {
      routes.length = 0;
      requests.length = 0;
    },
    requestsTo: (path, method) => requests.filter((r) => (!method || r.method === method) && matches(path, r)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  for (const route of options.routes ?? []) faults.route(route);
  return faults;
}
