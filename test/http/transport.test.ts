/**
 * The node:http transport under the client, against a real loopback server: compressed answers (Helm
 * indexes are served gzipped by most chart hosts), the headers every request carries, request bodies,
 * a deadline that cuts off a slow body, and the size cap counted on what was decompressed.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { createNodeTransport, USER_AGENT } from '../../src/http/transport.js';
import { ExternalHostError, TimedOutError } from '../../src/util/errors.js';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';

let server: TestHttpServer;
const held: ServerResponse[] = [];
const INDEX = `apiVersion: v1\nentries:\n${'  podinfo:\n    - version: 6.5.0\n'.repeat(2000)}`;

beforeAll(async () => {
  server = await startHttpServer();
  const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync };
  for (const [encoding, encode] of Object.entries(encoders)) {
    server.route(`/${encoding}/index.yaml`, (req, res) => {
      // Only what the client said it takes.
      const accepted = String(req.headers['accept-encoding'] ?? '').split(/,\s*/);
      if (!accepted.includes(encoding)) return res.end(INDEX);
      res.setHeader('content-encoding', encoding);
      res.end(encode(Buffer.from(INDEX)));
    });
  }
  server.route('/echo', (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.end(JSON.stringify({ method: req.method, body, headers: req.headers })));
  });
  server.route('/trickle', (_req, res) => {
    res.setHeader('content-length', '1000');
    res.write('x'.repeat(10));
    held.push(res);
  });
  server.route('/cut', (req) => req.socket.destroy());
});
afterAll(async () => {
  for (const res of held) res.destroy();
  await server.stop();
});

describe('the node:http transport', () => {
  it.each(['gzip', 'br', 'deflate'])('asks for compressed answers and hands the client the decompressed %s body', async (encoding) => {
    const http = new HttpClient({ retries: 0 });
    const res = await http.request(`${server.url}/${encoding}/index.yaml`);
    expect(res.text()).toBe(INDEX);
    http.close();
  });

  it('names itself, takes any type, and keeps the caller’s headers (lower-cased) over its defaults', async () => {
    const http = new HttpClient({ retries: 0 });
    const plain = (await http.request(`${server.url}/echo`)).json<{ headers: Record<string, string> }>();
    expect(plain.headers['user-agent']).toBe(USER_AGENT);
    expect(plain.headers.accept).toBe('*/*');
    const own = (await http.request(`${server.url}/echo`, { headers: { Accept: 'application/json', 'User-Agent': 'mine' } })).json<{
      headers: Record<string, string>;
    }>();
    expect(own.headers.accept).toBe('application/json');
    expect(own.headers['user-agent']).toBe('mine');
    http.close();
  });

  it('sends a request body with its length', async () => {
    const http = new HttpClient({ retries: 0 });
    const body = JSON.stringify({ query: 'ünïcode' });
    const echoed = (await http.request(`${server.url}/echo`, { method: 'POST', body })).json<{
      method: string;
      body: string;
      headers: Record<string, string>;
    }>();
    expect(echoed).toMatchObject({ method: 'POST', body });
    expect(echoed.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    http.close();
  });

  it('counts the size cap on the decompressed body: a small gzip that inflates past it is refused', async () => {
    const http = new HttpClient({ retries: 0, maxBytes: 10_000 });
    const err = await http.request(`${server.url}/gzip/index.yaml`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalHostError);
    expect((err as Error).message).toMatch(/answer larger than 10000 bytes, refused/);
    http.close();
  });

  it('cuts off a body still arriving at the deadline, naming the request', async () => {
    const http = new HttpClient({ retries: 0, timeout: 300 });
    const err = await http.request(`${server.url}/trickle`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimedOutError);
    expect((err as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/trickle: .* timed out after 300 ms reading the answer \(10 bytes in\)$/);
    http.close();
  });

  it('gives a dropped connection the system code, so the client retries it', async () => {
    const transport = createNodeTransport();
    const err = await transport(`${server.url}/cut`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(5000) }).catch((e: unknown) => e);
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    const http = new HttpClient({ retries: 2, retryBaseMs: 1 });
    await expect(http.request(`${server.url}/cut`)).rejects.toThrow(/\/cut: ECONNRESET$/);
    expect(server.count('/cut')).toBe(4);
    transport.close();
    http.close();
  });

  it('goes through HTTP_PROXY when NODE_USE_ENV_PROXY asks for it, where Node supports it (24.5+), as Node’s own agents do', async () => {
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('via the proxy');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const saved = { use: process.env.NODE_USE_ENV_PROXY, proxy: process.env.HTTP_PROXY, no: process.env.NO_PROXY };
    try {
      process.env.NODE_USE_ENV_PROXY = '1';
      process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      delete process.env.NO_PROXY;
      const http = new HttpClient({ retries: 0 });
      const answer = (await http.request(`${server.url}/echo`)).text();
      const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
      if (major > 24 || (major === 24 && minor >= 5)) {
        expect(answer).toBe('via the proxy');
        expect(seen).toEqual([`${server.url}/echo`]);
      } else {
        // Older Node has no proxy support in its agents (nor had its fetch): the request goes straight.
        expect(seen).toEqual([]);
        expect(JSON.parse(answer)).toMatchObject({ method: 'GET' });
      }
      http.close();
    } finally {
      for (const [key, value] of [
        ['NODE_USE_ENV_PROXY', saved.use],
        ['HTTP_PROXY', saved.proxy],
        ['NO_PROXY', saved.no],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('refuses a scheme other than http and https', async () => {
    const transport = createNodeTransport();
    await expect(transport('ftp://127.0.0.1/x', { method: 'GET', headers: {}, signal: AbortSignal.timeout(1000) })).rejects.toThrow(
      'ftp: URLs are not supported',
    );
  });
});
