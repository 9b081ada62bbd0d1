/**
 * The HTTP side of a fake forge: a loopback server that matches every request to an operation of the
 * official API description, validates it, runs the fake's handler for that operationId, validates the
 * answer, and records what happened. A violation is answered (400 for a bad request, 500 for a bad
 * answer from the fake itself) and kept in `violations`; `assertNoViolations()` fails the test with
 * each message (operation + schema path). Faults (a status, a reset) can be injected per operation.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiViolation, type ApiValidator, type Operation } from './openapi-validator.js';

export interface ForgeRequest {
  method: string;
  /** Path below the API base path (`/repos/o/r/tags`). */
  path: string;
  operation: Operation;
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The API's public base URL (`http://127.0.0.1:PORT/api/v1`), for links in answers. */
  apiUrl: string;
}

export interface ForgeResponse {
  status: number;
  body?: unknown;
  /** A non-JSON answer body, sent as it is (set its content-type in `headers`). */
  text?: string;
  headers?: Record<string, string>;
}

export type ForgeHandler = (req: ForgeRequest) => ForgeResponse | Promise<ForgeResponse>;

/**
 * Called as a request arrives, before anything answers it (git smart HTTP included): a test's way to make
 * something happen at a precise moment of a run (a human pushes as the bot's push arrives, a process is
 * killed mid-push). The request waits until the returned promise settles; `'drop'` closes the connection
 * without an answer.
 */
export type RequestHook = (req: { method: string; path: string; query: URLSearchParams }) => void | 'drop' | Promise<void | 'drop'>;

export interface Fault {
  /** Only for this operation (default: any). */
  operationId?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Close the connection without an answer. */
  reset?: boolean;
  /** How many requests get the fault (default 1). */
  times?: number;
  /** The request takes effect (the handler runs) and only its answer is replaced: a 502 after a write. */
  afterEffect?: boolean;
}

export interface RequestRecord {
  method: string;
  path: string;
  operationId?: string;
  status: number;
  authorization?: string;
  /** The JSON request body as sent (before any adaptation). */
  body?: unknown;
}

export interface ForgeServerOptions {
  validator: ApiValidator;
  /** `/api/v1` (Gitea), `/api/v3` (GitHub Enterprise) or `` (api.github.com). */
  basePath: string;
  handlers: Record<string, ForgeHandler>;
  /** Runs after validation and before the handler; an answer ends the request (401, rate limit). */
  before?: (req: ForgeRequest) => ForgeResponse | undefined;
  /** Runs on every answer before it is sent (rate-limit headers). */
  after?: (req: ForgeRequest, res: ForgeResponse) => void;
  /** The forge's error body for a message. */
  errorBody: (message: string) => unknown;
  /** Answer `If-None-Match` with 304 when the ETag of a GET answer is unchanged. */
  etags?: boolean;
  /** Requests outside the API the fake answers itself (git smart HTTP beside the API); true when handled. */
  raw?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
  /**
   * Success statuses a server really answers though its description does not document them, per
   * operationId: each fake keeps this as an explicit, commented allow-list instead of loosening the validator.
   */
  undocumented?: Record<string, number[]>;
  /**
   * Checks and rewrites a request body before validation, for a fake playing an older server whose field
   * names differ from the description's: returns the body in the description's names, or a violation.
   */
  adaptRequest?: (operationId: string, body: unknown) => { body: unknown } | { violation: string };
  /** Called with every answered request (counters). */
  onAnswer?: (record: RequestRecord) => void;
}

export class ForgeServer {
  readonly violations: string[] = [];
  readonly requests: RequestRecord[] = [];
  private readonly faults: Fault[] = [];
  private readonly hooks: RequestHook[] = [];
  private server: Server | undefined;
  private origin = '';

  constructor(private readonly options: ForgeServerOptions) {}

  /** Starts on a free loopback port; returns the API base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.apiUrl;
  }

  get apiUrl(): string {
    return `${this.origin}${this.options.basePath}`;
  }

  /** The server's origin (`http://127.0.0.1:PORT`). */
  get url(): string {
    return this.origin;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** Forgets the faults not yet used up (the forge answers normally again). */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Adds a hook run on every request as it arrives (see RequestHook); returns its removal. */
  onRequest(hook: RequestHook): () => void {
    this.hooks.push(hook);
    return () => {
      const index = this.hooks.indexOf(hook);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  /** Fails with every violation seen so far (and forgets them). */
  assertNoViolations(): void {
    const found = this.violations.splice(0);
    if (found.length) throw new Error(`API description violations:\n${found.join('\n')}`);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    for (const hook of [...this.hooks]) {
      let outcome: void | 'drop';
      try {
        outcome = await hook({ method, path: url.pathname, query: url.searchParams });
      } catch (err) {
        this.violations.push(`request hook failed on ${method} ${url.pathname}: ${(err as Error).message}`);
        outcome = 'drop';
      }
      if (outcome === 'drop') {
        req.socket.destroy();
        return;
      }
    }
    if (this.options.raw?.(req, res, url)) return;
    const record: RequestRecord = { method, path: url.pathname + url.search, status: 0 };
    if (req.headers.authorization) record.authorization = req.headers.authorization;
    this.requests.push(record);
    try {
      const raw = await readBody(req);
      const answer = await this.answer(method, url, raw, req.headers, record);
      if (answer === 'reset') {
        this.options.onAnswer?.(record);
        req.socket.destroy();
        return;
      }
      record.status = answer.status;
      this.options.onAnswer?.(record);
      // `text` answers go out as they are (raw file contents); `body` is JSON.
      const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
      const headers: Record<string, string> = { ...(answer.headers ?? {}) };
      if (text) headers['content-type'] ??= 'application/json; charset=utf-8';
      res.writeHead(answer.status, headers);
      res.end(method === 'HEAD' ? undefined : text);
    } catch (err) {
      this.violations.push(`fake server error on ${method} ${url.pathname}: ${(err as Error).message}`);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.options.errorBody('fake server error')));
    }
  }

  private async answer(method: string, url: URL, raw: string, headers: IncomingHttpHeaders, record: RequestRecord): Promise<ForgeResponse | 'reset'> {
    const { validator, basePath } = this.options;
    if (!url.pathname.startsWith(basePath)) return this.violation(404, `${validator.name}: ${method} ${url.pathname} is outside the API base path ${basePath}`);
    const path = url.pathname.slice(basePath.length) || '/';
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
        record.body = body;
      } catch {
        return this.violation(400, `${validator.name}: ${method} ${path}: the request body is not JSON`);
      }
    }
    let matched;
    try {
      const adapt = this.options.adaptRequest;
      const operationId = adapt && body !== undefined ? validator.findOperation(method, path)?.operation.operationId : undefined;
      if (adapt && operationId) {
        const adapted = adapt(operationId, body);
        if ('violation' in adapted) return this.violation(400, `${validator.name} ${operationId} (${method} ${path}): ${adapted.violation}`);
        body = adapted.body;
      }
      matched = validator.checkRequest(method, path, url.searchParams, body);
    } catch (err) {
      if (err instanceof ApiViolation) return this.violation(err.message.includes('no operation') ? 404 : 400, err.message);
      throw err;
    }
    record.operationId = matched.operation.operationId;
    const request: ForgeRequest = { method, path, ...matched, body, headers, apiUrl: this.apiUrl };
    const fault = this.takeFault(matched.operation.operationId);
    const faulted = (): ForgeResponse | 'reset' =>
      fault!.reset ? 'reset' : { status: fault!.status ?? 500, body: fault!.body ?? this.options.errorBody('injected fault'), headers: fault!.headers ?? {} };
    if (fault && !fault.afterEffect) return faulted();
    const seen = this.violations.length;
    const response = this.options.before?.(request) ?? (await this.run(request));
    if (fault) return faulted();
    const allowed = this.options.undocumented?.[matched.operation.operationId]?.includes(response.status);
    if (this.violations.length === seen && !allowed) {
      try {
        validator.checkResponse(matched.operation, response.status, response.body);
      } catch (err) {
        if (err instanceof ApiViolation) return this.violation(500, `${err.message} (answer of the fake)`);
        throw err;
      }
    }
    this.conditional(request, response);
    this.options.after?.(request, response);
    return response;
  }

  private async run(request: ForgeRequest): Promise<ForgeResponse> {
    const handler = this.options.handlers[request.operation.operationId];
    if (!handler)
      return this.violation(
        501,
        `${this.options.validator.name}: the fake does not implement ${request.operation.operationId} (${request.method} ${request.operation.template})`,
      );
    return handler(request);
  }

  /** ETag on GET answers; a matching `If-None-Match` turns the answer into a bodiless 304. */
  private conditional(request: ForgeRequest, response: ForgeResponse): void {
    if (!this.options.etags || request.method !== 'GET' || response.status !== 200) return;
    const etag = `W/"${createHash('sha1')
      .update(JSON.stringify(response.body ?? null))
      .digest('hex')}"`;
    response.headers = { ...(response.headers ?? {}), etag };
    if (request.headers['if-none-match'] === etag) {
      response.status = 304;
      delete response.body;
    }
  }

  private takeFault(operationId: string): Fault | undefined {
    const index = this.faults.findIndex((f) => !f.operationId || f.operationId === operationId);
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    if (--fault.times! <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private violation(status: number, message: string): ForgeResponse {
    this.violations.push(message);
    return { status, body: this.options.errorBody(message) };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
