/**
 * The docker datasource against a real registry behind a fault server: 500s, 429 with Retry-After,
 * connection resets, endless or looping `Link` chains, a missing `Docker-Content-Digest`, and a
 * registry that says no pulls are left.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createDockerDatasource, dockerDatasource } from '../../../src/datasources/docker/index.js';
import { ExternalHostError, RateLimitedError } from '../../../src/util/errors.js';
import { endlessTags, json, reset, startFaultServer, status, tooManyRequests, type FaultServer } from '../../services/fault-server.js';
import { freePort } from '../../services/free-port.js';
import { pushImage, type PushedManifest } from '../../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../../services/registry.js';
import { requireCommands } from '../../services/require.js';
import { counts, testContext } from './context.js';

const withRegistry = requireCommands(registryCommands('none'));

withRegistry.describe('docker datasource under faults', () => {
  let registry: TestRegistry;
  let faults: FaultServer;
  let latest: PushedManifest;
  let old: PushedManifest;
  const pkg = (repository = 'team/app') => ({ packageName: `${faults.host}/${repository}` });
  const context = () => testContext([{ hostType: 'docker', matchHost: faults.host, insecureRegistry: true }]);

  beforeAll(async () => {
    registry = await startRegistry();
    faults = await startFaultServer({ upstream: registry.url });
    old = await pushImage(registry, 'team/app', '1.0.0', { created: '2024-01-01T00:00:00Z' });
    latest = await pushImage(registry, 'team/app', ['1.1.0', 'latest'], {
      created: '2024-02-01T00:00:00Z',
      labels: { 'org.opencontainers.image.source': 'https://github.com/example/app' },
    });
  }, 60_000);

  afterAll(async () => {
    await faults?.stop();
    await registry?.stop();
  });

  beforeEach(() => faults.clear());

  it('retries 500s and then succeeds', async () => {
    faults.route({ path: '/v2/team/app/tags/list', actions: [status(500), status(503)] });
    const ctx = context();
    expect((await dockerDatasource.getReleases(pkg(), ctx))!.releases.map((r) => r.version)).toEqual(['1.0.0', '1.1.0', 'latest']);
    expect(faults.requestsTo('/v2/team/app/tags/list')).toHaveLength(3);
    expect(ctx.sleeps).toHaveLength(2);
  });

  it('gives up after the retries with one line naming image and host', async () => {
    faults.route({ path: '/v2/team/app/tags/list', actions: [], then: status(502) });
    const error = await dockerDatasource.getReleases(pkg(), context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalHostError);
    expect((error as ExternalHostError).status).toBe(502);
    expect((error as Error).message).toBe(`${faults.host}/team/app: GET http://${faults.host}/v2/team/app/tags/list?n=1000: 502 Bad Gateway`);
    expect(faults.requestsTo('/v2/team/app/tags/list')).toHaveLength(4);
  });

  it('waits as long as a 429 Retry-After says, then asks again', async () => {
    faults.route({ method: 'HEAD', path: '/v2/team/app/manifests/1.0.0', actions: [tooManyRequests(7)] });
    const ctx = context();
    expect(await dockerDatasource.getDigest!(pkg(), '1.0.0', ctx)).toBe(old.digest);
    expect(ctx.sleeps).toEqual([7000]);
    expect(faults.requestsTo('/v2/team/app/manifests/1.0.0', 'HEAD')).toHaveLength(2);
  });

  it('does not wait for a Retry-After beyond the limit: a RateLimitedError with the delay', async () => {
    faults.route({ method: 'HEAD', path: '/v2/team/app/manifests/1.0.0', actions: [tooManyRequests(3600)] });
    const error = (await dockerDatasource.getDigest!(pkg(), '1.0.0', context()).catch((e: unknown) => e)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfter).toBe(3600);
    expect(error.message).toBe(`${faults.host}/team/app: HEAD http://${faults.host}/v2/team/app/manifests/1.0.0: 429 Too Many Requests (retry after 3600s)`);
  });

  it('retries after a connection reset', async () => {
    faults.route({ path: '/v2/team/app/tags/list', actions: [reset()] });
    const ctx = context();
    expect((await dockerDatasource.getReleases(pkg(), ctx))!.releases).toHaveLength(3);
    expect(faults.requestsTo('/v2/team/app/tags/list')).toHaveLength(2);
    expect(ctx.sleeps).toHaveLength(1);
  });

  it('names the host when nothing answers', async () => {
    const port = await freePort();
    const ctx = testContext([{ hostType: 'docker', matchHost: `127.0.0.1:${port}`, insecureRegistry: true }]);
    await expect(dockerDatasource.getReleases({ packageName: `127.0.0.1:${port}/team/app` }, ctx)).rejects.toThrow(
      `127.0.0.1:${port}/team/app: GET http://127.0.0.1:${port}/v2/: ECONNREFUSED`,
    );
  });

  it('stops an endless Link chain at the page bound, keeping what it read, with a warning', async () => {
    faults.route(endlessTags('team/endless', 50));
    const result = await createDockerDatasource({ maxPages: 6 }).getReleases(pkg('team/endless'), context());
    expect(result!.releases).toHaveLength(300);
    expect(result!.releases[0]).toEqual({ version: '0.0.0' });
    expect(result!.warnings).toEqual([
      `${faults.host}/team/endless: tag list stopped after 6 page(s) and 300 tags: the registry links to more than 6 pages`,
      // The fault server lists tags it has no manifests for.
      `${faults.host}/team/endless: source URL unknown: manifest of 5.49.0: no such tag or manifest (404 from ${faults.host})`,
    ]);
    expect(faults.requestsTo('/v2/team/endless/tags/list')).toHaveLength(6);
    // The default bound holds too.
    faults.clear();
    faults.route(endlessTags('team/endless', 10));
    const bounded = await dockerDatasource.getReleases(pkg('team/endless'), context());
    expect(bounded!.releases).toHaveLength(1000);
    expect(faults.requestsTo('/v2/team/endless/tags/list')).toHaveLength(100);
  });

  it('stops at the byte bound, at a link back to a page already read, and at a link to another host', async () => {
    faults.route(endlessTags('team/big', 200));
    const big = await createDockerDatasource({ maxBytes: 5000 }).getReleases(pkg('team/big'), context());
    // Pages of ~1,900 bytes: the third one crosses the bound.
    expect(big!.warnings![0]).toBe(`${faults.host}/team/big: tag list stopped after 3 page(s) and 600 tags: more than 5000 bytes read`);

    const page = (tags: string[], link: string) => json({ name: 'team/loop', tags }, { link });
    faults.route({
      path: '/v2/team/loop/tags/list',
      handle: (req) =>
        req.query.get('last') ? page(['b'], '</v2/team/loop/tags/list?n=1000>; rel="next"') : page(['a'], '</v2/team/loop/tags/list?last=a>; rel="next"'),
    });
    const loop = await dockerDatasource.getReleases(pkg('team/loop'), context());
    expect(loop!.releases).toEqual([{ version: 'a' }, { version: 'b' }]);
    expect(loop!.warnings![0]).toBe(`${faults.host}/team/loop: tag list stopped after 2 page(s) and 2 tags: the registry linked back to a page already read`);

    faults.route({
      path: '/v2/team/away/tags/list',
      actions: [json({ name: 'team/away', tags: ['1'] }, { link: '<http://elsewhere.invalid/v2/team/away/tags/list?last=1>; rel="next"' })],
    });
    const away = await dockerDatasource.getReleases(pkg('team/away'), context());
    expect(away!.releases).toEqual([{ version: '1' }]);
    expect(away!.warnings![0]).toBe(
      `${faults.host}/team/away: tag list stopped after 1 page(s) and 1 tags: the next page is on another host (elsewhere.invalid)`,
    );
    expect(faults.requests.filter((r) => r.path === '/v2/team/away/tags/list')).toHaveLength(1);
  });

  it('takes the sha256 of the manifest where a registry omits Docker-Content-Digest', async () => {
    faults.route({ method: 'HEAD', path: '/v2/team/app/manifests/1.1.0', actions: [status(200, undefined, { 'content-type': latest.mediaType })] });
    faults.route({ method: 'GET', path: '/v2/team/app/manifests/1.1.0', actions: [status(200, latest.body.toString(), { 'content-type': latest.mediaType })] });
    const ctx = context();
    expect(await dockerDatasource.getDigest!(pkg(), '1.1.0', ctx)).toBe(latest.digest);
    expect(counts(ctx)).toEqual({ [`GET ${faults.host}`]: 2, [`HEAD ${faults.host}`]: 1 });
  });

  it('refuses content that does not match its digest', async () => {
    faults.route({
      method: 'GET',
      path: `/v2/team/app/manifests/${latest.digest}`,
      actions: [status(200, '{"schemaVersion":2}', { 'content-type': latest.mediaType })],
    });
    await expect(dockerDatasource.getDigestInfo!(pkg(), latest.digest, context())).rejects.toThrow(
      `${faults.host}/team/app: manifest ${latest.digest.slice(0, 19)}: the content does not match its digest`,
    );
  });

  it('stops asking a registry that says no pulls are left, and skips optional pulls when few are left', async () => {
    const limited = (remaining: number, digest: string) =>
      status(200, undefined, {
        'docker-content-digest': digest,
        'content-type': latest.mediaType,
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': `${remaining};w=21600`,
      });
    faults.route({ method: 'HEAD', path: '/v2/team/app/manifests/latest', actions: [limited(40, latest.digest)] });
    const ctx = context();
    // The first manifest answer tells that this registry counts pulls (40 of 100 left) …
    expect(await dockerDatasource.getDigest!(pkg(), 'latest', ctx)).toBe(latest.digest);
    const releases = await dockerDatasource.getReleases(pkg(), ctx);
    // … so the newest tag is asked with a HEAD, and with fewer than half left no manifest GET for the source URL.
    expect(releases!.sourceUrl).toBeUndefined();
    expect(releases!.warnings).toBeUndefined();
    expect(faults.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/', 'HEAD /v2/team/app/manifests/latest', 'GET /v2/team/app/tags/list']);
    expect(await dockerDatasource.getDigestInfo!(pkg(), latest.digest, ctx)).toBeNull();

    faults.route({ method: 'HEAD', path: '/v2/team/app/manifests/1.0.0', actions: [limited(0, old.digest)] });
    expect(await dockerDatasource.getDigest!(pkg(), '1.0.0', ctx)).toBe(old.digest);
    const before = ctx.http.countRequests();
    const error = (await dockerDatasource.getDigest!(pkg(), '1.1.0', ctx).catch((e: unknown) => e)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfter).toBeGreaterThan(21000);
    expect(error.message).toMatch(
      new RegExp(`^${faults.host}/team/app: ${faults.host} has no pulls left \\(RateLimit-Remaining: 0\\); not asking it again for \\d+s$`),
    );
    expect(ctx.http.countRequests()).toBe(before);
    // The tag list is no pull: it is still served.
    expect((await createDockerDatasource().getReleases(pkg(), ctx))!.releases).toHaveLength(3);
  });
});
