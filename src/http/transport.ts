/**
 * How one HTTP request leaves the process: Node's own `http`/`https` modules with keep-alive agents.
 * Not `fetch`: undici's fetch spent about 1 ms of CPU per request in its web-streams and spec machinery,
 * most of a small repository's lookups, and compiled a WebAssembly parser on first use. The client above
 * (client.ts) keeps every policy — limits, retries, redirects, size caps, credentials — and asks this
 * for one exchange at a time.
 */
import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Aborts the exchange, the answer's body included. */
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body, decompressed; iterate it once, or cancel it. */
  body: AsyncIterable<Uint8Array>;
  cancel(): void;
}

export type Transport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

/** What a request names itself as, unless its headers say otherwise (GitHub's API refuses a request without one). */
export const USER_AGENT = 'Upkeep';

/** An error as fetch would give it: the system code (`ECONNREFUSED`, …) on `cause`. */
function networkFailure(err: NodeJS.ErrnoException, signal: AbortSignal): Error {
  if (signal.aborted) return Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
  return Object.assign(new Error(err.message), { cause: { code: err.code } });
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'br'
        ? createBrotliDecompress()
        : encoding === 'deflate'
          ? createInflate()
          : undefined;
  if (!decoder) return res;
  res.on('error', (err) => decoder.destroy(err));
  return res.pipe(decoder);
}

function headersOf(res: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * A transport over keep-alive agents (one per scheme); `close()` drops their idle connections. Plain
 * `http:` is only reached when a host rule allows it (`insecureRegistry`, or an `http://` registryUrl).
 */
export function createNodeTransport(): Transport & { close(): void } {
  // Proxies as Node's own agents take them: HTTP_PROXY/HTTPS_PROXY/NO_PROXY when NODE_USE_ENV_PROXY is set
  // (Node 24.5+; older Node ignores the option, as its fetch ignored the variables).
  const proxy = process.env.NODE_USE_ENV_PROXY ? { proxyEnv: process.env } : {};
  const agents = { 'http:': new http.Agent({ keepAlive: true, ...proxy }), 'https:': new https.Agent({ keepAlive: true, ...proxy }) };
  const transport = (url: string, { method, headers, body, signal }: TransportRequest): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const scheme = target.protocol === 'http:' ? 'http:' : target.protocol === 'https:' ? 'https:' : undefined;
      if (!scheme) {
        reject(new Error(`${target.protocol} URLs are not supported`));
        return;
      }
      const outgoing: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'gzip, deflate, br' };
      for (const [name, value] of Object.entries(headers)) outgoing[name.toLowerCase()] = value;
      if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
      const req = (scheme === 'http:' ? http : https).request(target, { method, headers: outgoing, agent: agents[scheme], signal });
      req.on('error', (err) => reject(networkFailure(err, signal)));
      req.on('response', (res) => {
        // A connection lost while nobody reads (a HEAD's, or a body about to be cancelled) must not become an
        // uncaught 'error': a reader still hears of it through its iteration.
        res.on('error', () => undefined);
        const stream = method === 'HEAD' ? undefined : decoded(res);
        const cancel = () => {
          res.destroy();
          stream?.destroy();
        };
        // The deadline covers the body too: an answer still arriving when it passes is cut off.
        const onAbort = () => stream?.destroy(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }));
        signal.addEventListener('abort', onAbort, { once: true });
        res.once('close', () => signal.removeEventListener('abort', onAbort));
        if (!stream) res.resume();
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: headersOf(res),
          body: stream ?? emptyBody(),
          cancel,
        });
      });
      req.end(body);
    });
  return Object.assign(transport, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}
