/**
 * The docker datasource against a real registry without auth, reached through a fault server that only
 * adds `n`/`last` pagination (distribution v2.8 returns every tag at once) and records each request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDockerDatasource, dockerDatasource } from '../../../src/datasources/docker/index.js';
import { HttpStatusError } from '../../../src/util/errors.js';
import { paginateTags, startFaultServer, type FaultServer } from '../../services/fault-server.js';
import { pushHelmChart, pushImage, pushIndex, tagManifest, type PushedIndex, type PushedManifest } from '../../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../../services/registry.js';
import { requireCommands } from '../../services/require.js';
import { counts, nextRun, testContext } from './context.js';

const withRegistry = requireCommands(registryCommands('none'));

const SOURCE = 'org.opencontainers.image.source';

withRegistry.describe('docker datasource on a plain registry', () => {
  let registry: TestRegistry;
  let front: FaultServer;
  const seeded: Record<string, PushedManifest | PushedIndex> = {};
  const pkg = (repository: string) => ({ packageName: `${front.host}/${repository}` });
  const context = () => testContext([{ hostType: 'docker', matchHost: front.host, insecureRegistry: true }, ...registry.hostRules()]);

  beforeAll(async () => {
    registry = await startRegistry();
    front = await startFaultServer({ upstream: registry.url, routes: [paginateTags(registry.url)] });
    seeded.app100 = await pushImage(registry, 'team/app', '1.0.0', { created: '2024-01-01T00:00:00Z' });
    seeded.app110 = await pushImage(registry, 'team/app', ['1.1.0', 'latest'], {
      created: '2024-03-01T12:00:00Z',
      labels: { [SOURCE]: 'https://github.com/example/app.git' },
    });
    seeded.oci = await pushIndex(registry, 'team/multi', '2.0', {
      format: 'oci',
      images: [
        { platform: { os: 'linux', architecture: 'amd64' }, created: '2024-06-01T00:00:00Z', labels: { [SOURCE]: 'https://github.com/example/multi' } },
        { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, created: '2024-06-01T00:00:00Z' },
        { platform: { os: 'unknown', architecture: 'unknown' } },
      ],
    });
    seeded.list = await pushIndex(registry, 'team/multi', '2.1', {
      format: 'docker',
      images: [
        { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, created: '2024-07-01T00:00:00Z' },
        { platform: { os: 'linux', architecture: 'amd64' }, created: '2024-07-02T00:00:00Z' },
      ],
    });
    for (const tag of ['1.25.3-alpine', '1.25.4-alpine', '1.26.0-alpine', '1.25.4-bookworm', '1.25.4', '1.26.0', '2.0.0-rc1']) {
      await pushImage(registry, 'team/suffix', tag, { layer: tag });
    }
    seeded.many = await pushImage(registry, 'team/many', '0.0.1');
    await tagManifest(
      registry,
      'team/many',
      seeded.many,
      Array.from({ length: 1499 }, (_, i) => `1.${Math.floor(i / 100)}.${i % 100}`),
    );
    await pushIndex(registry, 'team/indexed', 'latest', {
      format: 'oci',
      images: [
        { platform: { os: 'linux', architecture: 'arm64' }, labels: { [SOURCE]: 'https://github.com/example/wrong' } },
        {
          platform: { os: 'linux', architecture: 'amd64' },
          labels: { [SOURCE]: 'https://github.com/example/indexed', 'org.opencontainers.image.url': 'https://example.org' },
        },
      ],
    });
    await pushImage(registry, 'team/annotated', 'latest', { format: 'oci', annotations: { [SOURCE]: 'git@gitlab.com:example/annotated.git' } });
    seeded.rolling = await pushImage(registry, 'team/rolling', 'latest', { created: '2024-01-01T00:00:00Z' });
    seeded.chart1 = await pushHelmChart(registry, 'charts/podinfo', '6.5.0', {
      created: '2024-02-01T00:00:00Z',
      sources: ['https://github.com/stefanprodan/podinfo'],
      home: 'https://podinfo.dev',
    });
    seeded.chart2 = await pushHelmChart(registry, 'charts/podinfo', '6.5.1+build.7', {
      created: '2024-02-09T00:00:00Z',
      sources: ['https://github.com/stefanprodan/podinfo'],
      home: 'https://podinfo.dev',
    });
    seeded.epoch = await pushImage(registry, 'team/distroless', 'v1', { created: '1970-01-01T00:00:00Z' });
  }, 60_000);

  afterAll(async () => {
    await front?.stop();
    await registry?.stop();
  });

  it('lists tags, reads the source URL of the newest tag once, and serves a second lookup from the cache', async () => {
    const ctx = context();
    front.clear();
    front.route(paginateTags(registry.url));
    const result = await dockerDatasource.getReleases(pkg('team/app'), ctx);
    expect(result).toEqual({
      releases: [{ version: '1.0.0' }, { version: '1.1.0' }, { version: 'latest' }],
      registryUrl: `http://${front.host}`,
      sourceUrl: 'https://github.com/example/app',
    });
    // GET /v2/ (auth probe), the tag list, latest by tag (its digest and manifest in one: nothing is known
    // of this image yet) and its config.
    expect(counts(ctx)).toEqual({ [`GET ${front.host}`]: 4 });
    expect(front.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v2/',
      'GET /v2/team/app/tags/list?n=1000',
      'GET /v2/team/app/manifests/latest',
      `GET /v2/team/app/blobs/${seeded.app110!.config!.digest}`,
    ]);
    expect(front.requests[2]!.headers.accept).toBe(
      'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    );

    // The same run: tags from the cache, the digest of `latest` from the run cache.
    expect(await dockerDatasource.getReleases(pkg('team/app'), ctx)).toEqual(result);
    expect(await dockerDatasource.getDigest!(pkg('team/app'), 'latest', ctx)).toBe(seeded.app110!.digest);
    expect(ctx.http.countRequests()).toBe(4);
    // One HEAD per digest asked, however often it is asked.
    const twice = await Promise.all([dockerDatasource.getDigest!(pkg('team/app'), '1.0.0', ctx), dockerDatasource.getDigest!(pkg('team/app'), '1.0.0', ctx)]);
    expect(twice).toEqual([seeded.app100!.digest, seeded.app100!.digest]);
    expect(await dockerDatasource.getDigest!(pkg('team/app'), '1.0.0', ctx)).toBe(seeded.app100!.digest);
    expect(counts(ctx)).toEqual({ [`GET ${front.host}`]: 4, [`HEAD ${front.host}`]: 1 });

    // The next run within the TTL: no request for the releases; the digest of a tag is asked again.
    const run2 = nextRun(ctx, [{ hostType: 'docker', matchHost: front.host, insecureRegistry: true }]);
    expect(await dockerDatasource.getReleases(pkg('team/app'), run2)).toEqual(result);
    expect(run2.http.countRequests()).toBe(0);
    expect(await dockerDatasource.getDigest!(pkg('team/app'), 'latest', run2)).toBe(seeded.app110!.digest);
    expect(counts(run2)).toEqual({ [`HEAD ${front.host}`]: 1 });

    // A run after the tag list expired: the image is known, so the newest tag gets a HEAD (free on Docker
    // Hub) and its manifest and config come from the long cache.
    const run3 = nextRun(ctx, [{ hostType: 'docker', matchHost: front.host, insecureRegistry: true }]);
    front.clear();
    expect(await createDockerDatasource({ tagsTtlSeconds: 0 }).getReleases(pkg('team/app'), run3)).toEqual(result);
    expect(front.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v2/team/app/tags/list?n=1000', 'HEAD /v2/team/app/manifests/latest']);
  });

  it('shares one tag listing among concurrent lookups of one repository', async () => {
    const ctx = context();
    front.clear();
    front.route(paginateTags(registry.url));
    const results = await Promise.all(Array.from({ length: 5 }, () => dockerDatasource.getReleases(pkg('team/suffix'), ctx)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(front.requestsTo('/v2/team/suffix/tags/list')).toHaveLength(1);
  });

  it('pages through 1,500 tags with n= and Link, one request per page', async () => {
    const ctx = context();
    front.clear();
    front.route(paginateTags(registry.url));
    const datasource = createDockerDatasource({ pageSize: 100 });
    const result = await datasource.getReleases(pkg('team/many'), ctx);
    const expected = ['0.0.1', ...Array.from({ length: 1499 }, (_, i) => `1.${Math.floor(i / 100)}.${i % 100}`)].sort();
    expect(result!.releases.map((r) => r.version)).toEqual(expected);
    expect(result!.warnings).toBeUndefined();
    const pages = front.requestsTo('/v2/team/many/tags/list');
    expect(pages).toHaveLength(15);
    expect(pages[0]!.url).toBe('/v2/team/many/tags/list?n=100');
    expect(pages[1]!.url).toBe(`/v2/team/many/tags/list?n=100&last=${expected[99]}`);
    // With the default page size the same list is two pages.
    front.clear();
    front.route(paginateTags(registry.url));
    const again = await dockerDatasource.getReleases(pkg('team/many'), context());
    expect(again!.releases).toHaveLength(1500);
    expect(front.requestsTo('/v2/team/many/tags/list')).toHaveLength(2);
  });

  it('keeps suffix families apart as the registry lists them (the versioning picks within a family)', async () => {
    const result = await dockerDatasource.getReleases(pkg('team/suffix'), context());
    expect(result!.releases.map((r) => r.version)).toEqual([
      '1.25.3-alpine',
      '1.25.4',
      '1.25.4-alpine',
      '1.25.4-bookworm',
      '1.26.0',
      '1.26.0-alpine',
      '2.0.0-rc1',
    ]);
    expect(result!.sourceUrl).toBeUndefined();
  });

  it('gives the index digest for multi-platform images (OCI index and Docker manifest list), as docker pull pins', async () => {
    const ctx = context();
    const oci = seeded.oci as PushedIndex;
    const list = seeded.list as PushedIndex;
    expect(await dockerDatasource.getDigest!(pkg('team/multi'), '2.0', ctx)).toBe(oci.digest);
    expect(await dockerDatasource.getDigest!(pkg('team/multi'), '2.1', ctx)).toBe(list.digest);
    expect(await dockerDatasource.getDigestInfo!(pkg('team/multi'), oci.digest, ctx)).toEqual({ kind: 'index', platforms: ['linux/amd64', 'linux/arm64/v8'] });
    expect(await dockerDatasource.getDigestInfo!(pkg('team/multi'), list.digest, ctx)).toEqual({ kind: 'index', platforms: ['linux/arm/v7', 'linux/amd64'] });
    expect(await dockerDatasource.getDigestInfo!(pkg('team/multi'), oci.manifests[1]!.digest, ctx)).toEqual({
      kind: 'manifest',
      platforms: ['linux/arm64/v8'],
    });
    expect(await dockerDatasource.getDigestInfo!(pkg('team/multi'), list.manifests[0]!.digest, ctx)).toEqual({ kind: 'manifest', platforms: ['linux/arm/v7'] });
    // Dates and labels of a multi-platform image come from its linux/amd64 image.
    expect(await dockerDatasource.getReleaseTimestamp!(pkg('team/multi'), '2.1', ctx)).toBe('2024-07-02T00:00:00.000Z');
    const releases = await dockerDatasource.getReleases(pkg('team/multi'), ctx);
    expect(releases!.sourceUrl).toBeUndefined(); // the newest tag, 2.1, has no source label
    // The index is what a digest lookup asked for: never a GET of a manifest by tag.
    expect(front.requests.filter((r) => r.method === 'GET' && /\/manifests\/2\.[01]$/.test(r.path))).toEqual([]);
  });

  it('reads the source URL from the linux/amd64 image of an index, and annotations where labels are missing', async () => {
    const ctx = context();
    const result = await dockerDatasource.getReleases(pkg('team/indexed'), ctx);
    expect(result).toEqual({
      releases: [{ version: 'latest' }],
      registryUrl: `http://${front.host}`,
      sourceUrl: 'https://github.com/example/indexed',
      homepage: 'https://example.org',
    });
    const annotated = await dockerDatasource.getReleases(pkg('team/annotated'), ctx);
    expect(annotated!.sourceUrl).toBe('https://gitlab.com/example/annotated');
  });

  it('asks the digest of a re-pushed tag again in a new run, never from the long cache', async () => {
    const ctx = context();
    const before = await dockerDatasource.getDigest!(pkg('team/rolling'), 'latest', ctx);
    expect(before).toBe(seeded.rolling!.digest);
    const moved = await pushImage(registry, 'team/rolling', 'latest', { created: '2024-09-01T00:00:00Z' });
    expect(moved.digest).not.toBe(before);
    // Within the run the answer stands (one HEAD per tag per run)…
    expect(await dockerDatasource.getDigest!(pkg('team/rolling'), 'latest', ctx)).toBe(before);
    // …the next run asks again, though the long cache is the same.
    const run2 = nextRun(ctx, [{ hostType: 'docker', matchHost: front.host, insecureRegistry: true }]);
    expect(await dockerDatasource.getDigest!(pkg('team/rolling'), 'latest', run2)).toBe(moved.digest);
    expect(await dockerDatasource.getReleaseTimestamp!(pkg('team/rolling'), 'latest', run2)).toBe('2024-09-01T00:00:00.000Z');
    // Without a run cache, nothing is kept between calls.
    const bare = { http: run2.http, clock: run2.clock, cache: run2.cache };
    const heads = run2.http.requestCounts.get(`HEAD ${front.host}`)!;
    await dockerDatasource.getDigest!(pkg('team/rolling'), 'latest', bare);
    await dockerDatasource.getDigest!(pkg('team/rolling'), 'latest', bare);
    expect(run2.http.requestCounts.get(`HEAD ${front.host}`)).toBe(heads + 2);
  });

  it('looks up Helm OCI charts: `_` in tags is `+` in versions, dates from the manifest, source from the chart', async () => {
    const ctx = context();
    const chart = { packageName: `${front.host}/charts/podinfo` };
    expect(await dockerDatasource.getReleases(chart, ctx)).toEqual({
      releases: [{ version: '6.5.0' }, { version: '6.5.1+build.7' }],
      registryUrl: `http://${front.host}`,
      sourceUrl: 'https://github.com/stefanprodan/podinfo',
      homepage: 'https://podinfo.dev',
    });
    expect(await dockerDatasource.getDigest!(chart, '6.5.1+build.7', ctx)).toBe(seeded.chart2!.digest);
    expect(front.requestsTo('/v2/charts/podinfo/manifests/6.5.1_build.7', 'HEAD')).toHaveLength(1);
    expect(await dockerDatasource.getReleaseTimestamp!(chart, '6.5.0', ctx)).toBe('2024-02-01T00:00:00.000Z');
    expect(await dockerDatasource.getDigestInfo!(chart, seeded.chart1!.digest, ctx)).toEqual({ kind: 'manifest', platforms: [] });
    // Through an oci:// registry URL, as a HelmRepository of type oci is written.
    const viaUrl = await dockerDatasource.getReleases({ packageName: 'podinfo', registryUrl: `oci://${front.host}/charts` }, ctx);
    expect(viaUrl!.releases.map((r) => r.version)).toEqual(['6.5.0', '6.5.1+build.7']);
  });

  it('reads release dates by digest and says "unknown" for the epoch of reproducible builds', async () => {
    const ctx = context();
    expect(await dockerDatasource.getReleaseTimestamp!(pkg('team/app'), '1.0.0', ctx)).toBe('2024-01-01T00:00:00.000Z');
    expect(await dockerDatasource.getReleaseTimestamp!(pkg('team/distroless'), 'v1', ctx)).toBeNull();
    // 1.1.0 and latest are one image: its date is read once.
    const before = ctx.http.countRequests((k) => k.startsWith('GET'));
    expect(await dockerDatasource.getReleaseTimestamp!(pkg('team/app'), '1.1.0', ctx)).toBe('2024-03-01T12:00:00.000Z');
    expect(await dockerDatasource.getReleaseTimestamp!(pkg('team/app'), 'latest', ctx)).toBe('2024-03-01T12:00:00.000Z');
    expect(ctx.http.countRequests((k) => k.startsWith('GET'))).toBe(before + 2);
  });

  it('names host and image when a repository or a tag is gone', async () => {
    const ctx = context();
    const gone = dockerDatasource.getReleases(pkg('team/gone'), ctx);
    await expect(gone).rejects.toThrow(HttpStatusError);
    await expect(gone).rejects.toThrow(`${front.host}/team/gone: tag list: no such repository (404 from ${front.host})`);
    await expect(dockerDatasource.getDigest!(pkg('team/app'), '9.9.9', ctx)).rejects.toThrow(
      `${front.host}/team/app: manifest of 9.9.9: not found (404 from ${front.host})`,
    );
  });

  it('talks to the registry directly as well (no proxy in between)', async () => {
    const ctx = testContext(registry.hostRules());
    const direct = { packageName: `${registry.host}/team/multi` };
    expect(await dockerDatasource.getDigest!(direct, '2.0', ctx)).toBe(seeded.oci!.digest);
    expect((await dockerDatasource.getReleases(direct, ctx))!.releases.map((r) => r.version)).toEqual(['2.0', '2.1']);
  });
});
