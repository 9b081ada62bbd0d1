import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHelmIndex, helmDatasource, helmIndexUrl } from '../../src/datasources/helm.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import { secretsOf, type HostRule } from '../../src/http/host-rules.js';
import { Redactor } from '../../src/util/redact.js';
import { RedisCacheStore } from '../../src/http/redis-cache.js';
import { ExternalHostError, HttpStatusError, InputError } from '../../src/util/errors.js';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../services/redis.js';
import { requireCommands } from '../services/require.js';
import { createClock } from '../../src/util/clock.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/helm');
const INDEX = readFileSync(join(FIXTURES, 'index.yaml'));
const HOUR = 3600_000;

let server: TestHttpServer;

beforeAll(async () => {
  server = await startHttpServer();
  server.file('/stable/index.yaml', INDEX);
  server.file('/html/index.yaml', readFileSync(join(FIXTURES, 'not-an-index.html')), { contentType: 'text/html' });
});
afterAll(() => server.stop());

/** A run's context; `clock.offset` moves the cache's time forward. */
function context(options: { hostRules?: HostRule[]; store?: MemoryCacheStore | RedisCacheStore } = {}) {
  const clock = { offset: 0 };
  const base = createClock();
  const now = () => base.now() + clock.offset;
  const hostRules = options.hostRules ?? [];
  const http = new HttpClient({ hostRules, redactor: new Redactor(secretsOf(hostRules)), retryBaseMs: 1 });
  const ctx: DatasourceContext = { http, clock: { startedAt: base.startedAt, now }, cache: new Cache(options.store ?? new MemoryCacheStore(1000, now), now) };
  return { ctx, clock };
}

const releasesOf = (chart: string, registryUrl: string, ctx: DatasourceContext) => helmDatasource.getReleases({ packageName: chart, registryUrl }, ctx);

describe('helm datasource', () => {
  it('builds the index URL from the repository URL', () => {
    expect(helmIndexUrl('https://charts.example.com/stable')).toBe('https://charts.example.com/stable/index.yaml');
    expect(helmIndexUrl('https://charts.example.com/stable/')).toBe('https://charts.example.com/stable/index.yaml');
    expect(helmIndexUrl('https://charts.example.com')).toBe('https://charts.example.com/index.yaml');
    expect(() => helmIndexUrl('oci://ghcr.io/org/charts')).toThrow(
      'ghcr.io: oci:// chart repositories are looked up by the docker datasource, not the helm one',
    );
    expect(() => helmIndexUrl('charts.example.com')).toThrow(InputError);
  });

  it('gives versions, dates, digests, app versions, home page and source repository', async () => {
    const { ctx } = context();
    const result = await releasesOf('ingress-nginx', `${server.url}/stable`, ctx);
    expect(result).toEqual({
      registryUrl: `${server.url}/stable`,
      homepage: 'https://github.com/kubernetes/ingress-nginx',
      sourceUrl: 'https://github.com/kubernetes/ingress-nginx',
      releases: [
        {
          version: '4.11.2',
          releaseTimestamp: '2024-08-15T17:18:06.125Z',
          digest: 'c8f2a5b3bd3a7a27d0b4a9c1b8c7ee1d6f4e2c0b0a9c8d7e6f5a4b3c2d1e0f9a',
          appVersion: '1.11.2',
        },
        {
          version: '4.11.1',
          releaseTimestamp: '2024-07-10T09:01:02.000Z',
          digest: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
          appVersion: '1.11.1',
        },
        { version: '4.10.0', releaseTimestamp: '2024-03-01T15:00:00.000Z', appVersion: '1.10.0' },
      ],
    });
  });

  it('chooses the source repository: a charts repository among the sources, else the first source’s repository', async () => {
    const { ctx } = context();
    const redis = await releasesOf('redis', `${server.url}/stable/`, ctx);
    expect(redis?.sourceUrl).toBe('https://github.com/bitnami/charts');
    expect(redis?.homepage).toBe('https://bitnami.com');
    expect(redis?.releases.map((r) => [r.version, r.isDeprecated])).toEqual([
      ['20.0.1', true],
      ['19.6.0', undefined],
    ]);
    const podinfo = await releasesOf('podinfo', `${server.url}/stable`, ctx);
    expect(podinfo?.sourceUrl).toBe('https://github.com/stefanprodan/podinfo');
    expect(podinfo?.releases.map((r) => r.version)).toEqual(['6.7.0', '1.10']);
    const vcluster = await releasesOf('vcluster', `${server.url}/stable`, ctx);
    expect(vcluster).toEqual({
      registryUrl: `${server.url}/stable`,
      releases: [
        { version: 'v0.20.0', releaseTimestamp: '2024-05-05T05:05:05.000Z' },
        { version: 'v0.19.5', releaseTimestamp: '2024-04-04T04:04:04.000Z' },
      ],
    });
  });

  it('fetches and reads an index once for all the charts of a run, concurrent or not', async () => {
    server.reset();
    const { ctx } = context();
    const url = `${server.url}/stable`;
    const results = await Promise.all(['ingress-nginx', 'podinfo', 'redis', 'vcluster'].map((chart) => releasesOf(chart, url, ctx)));
    expect(results.map((r) => r?.releases.length)).toEqual([3, 2, 2, 2]);
    await releasesOf('quoted-name', url, ctx);
    expect(server.count('/stable/index.yaml')).toBe(1);
    expect(ctx.http.countRequests()).toBe(1);
  });

  it('revalidates a stale index with its ETag: a 304 keeps the compact index without reading anything again', async () => {
    server.reset();
    const { ctx, clock } = context();
    const url = `${server.url}/stable`;
    const first = await getHelmIndex(url, ctx);
    clock.offset = 2 * HOUR;
    const second = await getHelmIndex(url, ctx);
    expect(second.index).toBe(first.index); // the same object: not read again
    expect(server.requests.map((r) => [r.status, r.headers['if-none-match']])).toEqual([
      [200, undefined],
      [304, `"${createHash('sha1').update(INDEX).digest('hex')}"`],
    ]);
    // Fresh again after the 304: no request.
    await releasesOf('redis', url, ctx);
    expect(server.count('/stable/index.yaml')).toBe(2);
  });

  it('revalidates with Last-Modified when there is no ETag, and reads a changed index again', async () => {
    const lastModified = new Date(Date.UTC(2024, 8, 2, 10, 11, 13)).toUTCString();
    server.file('/lm/index.yaml', INDEX, { etag: false, lastModified });
    const { ctx, clock } = context();
    const url = `${server.url}/lm`;
    expect((await releasesOf('redis', url, ctx))?.releases).toHaveLength(2);
    clock.offset = 2 * HOUR;
    expect((await releasesOf('redis', url, ctx))?.releases).toHaveLength(2);
    expect(server.requests.filter((r) => r.path === '/lm/index.yaml').map((r) => [r.status, r.headers['if-modified-since']])).toEqual([
      [200, undefined],
      [304, lastModified],
    ]);
    const changed = INDEX.toString('utf8').replace('  redis:\n', '  redis:\n  - name: redis\n    version: 21.0.0\n');
    server.file('/lm/index.yaml', changed, { etag: false, lastModified: new Date(Date.UTC(2024, 9, 1)).toUTCString() });
    clock.offset = 4 * HOUR;
    expect((await releasesOf('redis', url, ctx))?.releases.map((r) => r.version)).toEqual(['21.0.0', '20.0.1', '19.6.0']);
    expect(server.count('/lm/index.yaml', 200)).toBe(2);
  });

  it('reads an index sent gzip-compressed (as CDNs serve large indexes)', async () => {
    server.route('/gzip/index.yaml', (req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/x-yaml' });
      res.end(gzipSync(INDEX));
    });
    const { ctx } = context();
    expect((await releasesOf('podinfo', `${server.url}/gzip`, ctx))?.releases.map((r) => r.version)).toEqual(['6.7.0', '1.10']);
    expect(server.requests.find((r) => r.path === '/gzip/index.yaml')?.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('says clearly when a chart is not in the index', async () => {
    const { ctx } = context();
    const error = await releasesOf('nope', `${server.url}/stable`, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(404);
    expect((error as Error).message).toBe(`chart "nope" is not in ${server.url}/stable/index.yaml (5 charts there)`);
    // A chart listed with no versions has nothing to offer either.
    await expect(releasesOf('empty-chart', `${server.url}/stable`, ctx)).rejects.toThrow(`chart "empty-chart" is not in ${server.url}/stable/index.yaml`);
  });

  it('names the URL of an index that is not one, and does not fetch it again for the next chart', async () => {
    server.reset();
    const { ctx } = context();
    const message = `${server.url}/html/index.yaml: not a Helm repository index (no \`entries\` map)`;
    const error = await releasesOf('app', `${server.url}/html`, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalHostError);
    expect((error as Error).message).toBe(message);
    await expect(releasesOf('other', `${server.url}/html`, ctx)).rejects.toThrow(message);
    expect(server.count('/html/index.yaml')).toBe(1);
  });

  it('names the URL when the repository has no index, and refuses other URL kinds', async () => {
    const { ctx } = context();
    await expect(releasesOf('app', `${server.url}/missing`, ctx)).rejects.toThrow(`GET ${server.url}/missing/index.yaml: 404 Not Found`);
    await expect(releasesOf('app', 'oci://ghcr.io/org/charts', ctx)).rejects.toThrow(InputError);
    await expect(helmDatasource.getReleases({ packageName: 'app' }, ctx)).rejects.toThrow('chart "app": no Helm repository URL');
  });

  it('sends credentials from a helm host rule, and never shows them in an error', async () => {
    const auth = `Basic ${Buffer.from('bot:s3cret-pass').toString('base64')}`;
    server.route('/private/index.yaml', (req, res) => {
      res.statusCode = req.headers.authorization === auth ? 200 : 401;
      res.end(res.statusCode === 200 ? INDEX : 'unauthorized');
    });
    const rule = { hostType: 'helm', matchHost: `${server.url}/private`, username: 'bot', password: 's3cret-pass' };
    const good = context({ hostRules: [rule] });
    expect((await releasesOf('redis', `${server.url}/private`, good.ctx))?.releases).toHaveLength(2);
    const wrongRule = { ...rule, password: 'wrong-pass' };
    const bad = context({ hostRules: [wrongRule] });
    const error = (await releasesOf('redis', `${server.url}/private`, bad.ctx).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`GET ${server.url}/private/index.yaml: 401 Unauthorized`);
    const unauthenticated = context();
    await expect(releasesOf('redis', `${server.url}/private`, unauthenticated.ctx)).rejects.toThrow(HttpStatusError);
  });

  it('uses credentials written in the repository URL, keeping them out of the URL asked, the result and errors', async () => {
    const { ctx } = context();
    const inUrl = `http://bot:s3cret-pass@${server.host}/private`;
    const result = await releasesOf('redis', inUrl, ctx);
    expect(result?.registryUrl).toBe(`${server.url}/private`);
    expect(server.requests.at(-1)?.url).toBe('/private/index.yaml');
    const wrong = context();
    const error = (await releasesOf('redis', `http://bot:wrong-pass@${server.host}/private/`, wrong.ctx).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`GET ${server.url}/private/index.yaml: 401 Unauthorized`);
    await expect(releasesOf('x', 'http://bot:s3cret-pass@[bad', ctx)).rejects.toThrow('"http://***@[bad" is not a Helm repository URL');
  });
});

requireCommands(REDIS_COMMANDS).describe('helm datasource with the Redis cache', () => {
  let redis: TestRedis;
  const stores: RedisCacheStore[] = [];
  const store = () => {
    const s = new RedisCacheStore(redis.url, `upkeep:test:${process.pid}:`);
    stores.push(s);
    return s;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await redis?.stop();
  });

  it('keeps the compact index across runs: a second run within the TTL asks nothing, a later one revalidates', async () => {
    server.file('/shared/index.yaml', INDEX);
    const url = `${server.url}/shared`;
    const run1 = context({ store: store() });
    const expected = await releasesOf('ingress-nginx', url, run1.ctx);
    const run2 = context({ store: store() });
    expect(await releasesOf('ingress-nginx', url, run2.ctx)).toEqual(expected);
    expect(server.count('/shared/index.yaml')).toBe(1);
    const run3 = context({ store: store() });
    run3.clock.offset = 2 * HOUR;
    expect(await releasesOf('redis', url, run3.ctx)).toMatchObject({ sourceUrl: 'https://github.com/bitnami/charts' });
    expect(server.count('/shared/index.yaml', 304)).toBe(1);
  });
});
