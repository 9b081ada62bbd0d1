/**
 * customDatasources against a real HTTP server on loopback: each format, the templates, host-rule
 * credentials, ETag revalidation, not found, and transforms that run too long or build too much.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCustomDatasource } from '../../../src/datasources/custom/index.js';
import { datasourcesFor, getDatasource } from '../../../src/datasources/registry.js';
import type { DatasourceContext } from '../../../src/datasources/types.js';
import type { Dep } from '../../../src/deps/dep.js';
import { Cache, MemoryCacheStore } from '../../../src/http/cache.js';
import { HttpClient } from '../../../src/http/client.js';
import type { HostRule } from '../../../src/http/host-rules.js';
import { lookupDep } from '../../../src/lookup/lookup-dep.js';
import { createClock } from '../../../src/util/clock.js';
import { startHttpServer, type TestHttpServer } from '../../services/http-server.js';

const TOKEN = 'custom-token-0123456789abcdef';
let server: TestHttpServer;

function context(hostRules: HostRule[] = [], clock = { offset: 0 }): DatasourceContext {
  const real = createClock(new Date('2024-06-01T00:00:00Z'));
  const now = () => real.now() + clock.offset;
  return { http: new HttpClient({ hostRules, retryBaseMs: 1 }), clock: { startedAt: real.startedAt, now }, cache: new Cache(new MemoryCacheStore(), now) };
}

const K3S_CHANNELS = {
  data: [
    { id: 'stable', latest: 'v1.30.2+k3s1' },
    { id: 'latest', latest: 'v1.31.0+k3s1' },
  ],
};
const K3S_TRANSFORM = '{"releases":[{"version": $$.(data[id = \'stable\'].latest)}],"sourceUrl":"https://github.com/k3s-io/k3s","homepage":"https://k3s.io/"}';

beforeAll(async () => {
  server = await startHttpServer();
  server.file('/v1-release/channels', JSON.stringify(K3S_CHANNELS), { contentType: 'application/json' });
  server.file('/api/dashboards/1860', JSON.stringify({ id: 1860, revision: 37, updatedAt: '2024-05-05T05:05:05Z' }), { contentType: 'application/json' });
  server.file('/versions.yaml', 'releases:\n  - version: 1.0.0\n    releaseTimestamp: 2024-01-01T00:00:00Z\n  - version: 1.1.0\n', {
    contentType: 'application/yaml',
  });
  server.file('/stable.txt', 'v1.2.0\r\nv1.3.0\n\n  v1.4.0  \n', { contentType: 'text/plain; charset=utf-8' });
  server.file('/binary', 'v1.0.0\n', { contentType: 'application/octet-stream' });
  server.file(
    '/download/',
    '<html><body><h1>Index</h1><pre><a href="../">../</a>\n<a href="nginx-1.26.1.tar.gz">nginx-1.26.1.tar.gz</a>\n<a href="nginx-1.27.0.tar.gz">nginx-1.27.0.tar.gz</a>\n</pre></body></html>',
    { contentType: 'text/html' },
  );
  server.file('/big.json', JSON.stringify({ items: Array.from({ length: 5000 }, (_, i) => ({ v: `1.${i}.0` })) }), { contentType: 'application/json' });
  server.route('/private/versions.json', (req, res) => {
    const ok = req.headers.authorization === `Bearer ${TOKEN}` || req.headers.authorization === `Basic ${Buffer.from('bot:s3cret-pass').toString('base64')}`;
    res.statusCode = ok ? 200 : 401;
    res.setHeader('content-type', 'application/json');
    res.end(ok ? JSON.stringify({ releases: [{ version: '2.0.0' }] }) : '{"error":"unauthorized"}');
  });
});

afterEach(() => server.reset());
afterAll(() => server.stop());

describe('custom datasources', () => {
  it('json: the answer through the transforms, with sourceUrl and homepage', async () => {
    const ds = createCustomDatasource('k3s', { defaultRegistryUrlTemplate: `${server.url}/v1-release/channels`, transformTemplates: [K3S_TRANSFORM] });
    expect(ds.id).toBe('custom.k3s');
    expect(await ds.getReleases({ packageName: 'k3s' }, context())).toEqual({
      releases: [{ version: 'v1.30.2+k3s1' }],
      sourceUrl: 'https://github.com/k3s-io/k3s',
      homepage: 'https://k3s.io/',
      registryUrl: `${server.url}/v1-release/channels`,
    });
    expect(server.requests[0]!.headers.accept).toBe('application/json');
  });

  it('templates: packageName in the URL and in the transforms (Grafana dashboards)', async () => {
    const ds = createCustomDatasource('grafana-dashboards', {
      defaultRegistryUrlTemplate: `${server.url}/api/dashboards/{{packageName}}`,
      format: 'json',
      transformTemplates: [
        '{"releases":[{"version": $string(revision), "releaseTimestamp": updatedAt}], "homepage": "https://grafana.com/grafana/dashboards/{{packageName}}"}',
      ],
    });
    const result = await ds.getReleases({ packageName: '1860' }, context());
    expect(result).toMatchObject({
      releases: [{ version: '37', releaseTimestamp: '2024-05-05T05:05:05.000Z' }],
      homepage: 'https://grafana.com/grafana/dashboards/1860',
    });
  });

  it("the dep's registryUrl wins over defaultRegistryUrlTemplate, and may use the templates too", async () => {
    const ds = createCustomDatasource('k3s', { defaultRegistryUrlTemplate: 'https://update.k3s.io/v1-release/channels', transformTemplates: [K3S_TRANSFORM] });
    const result = await ds.getReleases({ packageName: 'channels', registryUrl: `${server.url}/v1-release/{{packageName}}` }, context());
    expect(result!.releases).toEqual([{ version: 'v1.30.2+k3s1' }]);
  });

  it('yaml: the document, dates read', async () => {
    const ds = createCustomDatasource('yaml', { defaultRegistryUrlTemplate: `${server.url}/versions.yaml`, format: 'yaml' });
    expect((await ds.getReleases({ packageName: 'x' }, context()))!.releases).toEqual([
      { version: '1.0.0', releaseTimestamp: '2024-01-01T00:00:00.000Z' },
      { version: '1.1.0' },
    ]);
  });

  it('plain: one version per line (blank lines left out); an answer that is not text is an error', async () => {
    const ds = createCustomDatasource('plain', { defaultRegistryUrlTemplate: `${server.url}/stable.txt`, format: 'plain' });
    expect((await ds.getReleases({ packageName: 'x' }, context()))!.releases).toEqual([{ version: 'v1.2.0' }, { version: 'v1.3.0' }, { version: 'v1.4.0' }]);
    expect(server.requests[0]!.headers.accept).toBe('text/plain');
    const binary = createCustomDatasource('plain', { defaultRegistryUrlTemplate: `${server.url}/binary`, format: 'plain' });
    await expect(binary.getReleases({ packageName: 'x' }, context())).rejects.toThrow(
      /^custom\.plain: GET .*\/binary: the answer is application\/octet-stream, not text$/,
    );
  });

  it('html: the links of the page, then the transforms (nginx directory listing)', async () => {
    const raw = createCustomDatasource('nginx', { defaultRegistryUrlTemplate: `${server.url}/download/`, format: 'html' });
    expect((await raw.getReleases({ packageName: 'nginx' }, context()))!.releases.map((r) => r.version)).toEqual([
      '../',
      'nginx-1.26.1.tar.gz',
      'nginx-1.27.0.tar.gz',
    ]);
    const ds = createCustomDatasource('nginx', {
      defaultRegistryUrlTemplate: `${server.url}/download/`,
      format: 'html',
      transformTemplates: ['{ "releases": releases.{ "version": $match(version, /^{{packageName}}-(.+)\\.tar\\.gz$/).groups[0] }[version] }'],
    });
    expect((await ds.getReleases({ packageName: 'nginx' }, context()))!.releases).toEqual([{ version: '1.26.1' }, { version: '1.27.0' }]);
    expect(server.requests.at(-1)!.headers.accept).toBe('text/html');
  });

  it('revalidates with the ETag once stale: a 304 keeps the result', async () => {
    const ds = createCustomDatasource('k3s', { defaultRegistryUrlTemplate: `${server.url}/v1-release/channels`, transformTemplates: [K3S_TRANSFORM] });
    const clock = { offset: 0 };
    const ctx = context([], clock);
    const first = await ds.getReleases({ packageName: 'k3s' }, ctx);
    await ds.getReleases({ packageName: 'k3s' }, ctx);
    expect(server.count('/v1-release/channels')).toBe(1);
    clock.offset = 16 * 60_000;
    expect(await ds.getReleases({ packageName: 'k3s' }, ctx)).toEqual(first);
    expect(server.requests.map((r) => r.status)).toEqual([200, 304]);
    expect(server.requests[1]!.headers['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
  });

  it('credentials from host rules for the URL: a token as Bearer, or username and password as Basic', async () => {
    const ds = createCustomDatasource('private', { defaultRegistryUrlTemplate: `${server.url}/private/versions.json` });
    const host = new URL(server.url).host;
    for (const rule of [
      { hostType: 'custom', matchHost: host, token: TOKEN },
      { matchHost: server.url, username: 'bot', password: 's3cret-pass' },
    ]) {
      expect((await ds.getReleases({ packageName: 'x' }, context([rule])))!.releases).toEqual([{ version: '2.0.0' }]);
    }
    const err = await ds.getReleases({ packageName: 'x' }, context()).catch((e: Error) => e);
    expect(String(err)).toMatch(/401/);
    expect(String(err)).not.toContain(TOKEN);
  });

  it('a 404 is not found (null)', async () => {
    const ds = createCustomDatasource('gone', { defaultRegistryUrlTemplate: `${server.url}/api/dashboards/{{packageName}}` });
    expect(await ds.getReleases({ packageName: '99999' }, context())).toBeNull();
  });

  it('a transform that runs too long is a clear error naming the datasource, within its time bound', async () => {
    const ds = createCustomDatasource(
      'slow',
      { defaultRegistryUrlTemplate: `${server.url}/big.json`, transformTemplates: ['($f := function($n) { $f($n + 1) }; $f(0))'] },
      { limits: { timeoutMs: 300 } },
    );
    const started = performance.now();
    await expect(ds.getReleases({ packageName: 'x' }, context())).rejects.toThrow('custom.slow: transformTemplates[0]: stopped: ran longer than 300 ms');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a transform that builds too much is a clear error naming the datasource', async () => {
    const cross = '$count(items.([1..1000]))';
    const ds = createCustomDatasource('huge', { defaultRegistryUrlTemplate: `${server.url}/big.json`, transformTemplates: [cross] });
    await expect(ds.getReleases({ packageName: 'x' }, context())).rejects.toThrow(
      /^custom\.huge: transformTemplates\[0\]: stopped: The maximum sequence length of 100000 was exceeded/,
    );
  });

  it('a result of the wrong shape, a URL that is not http(s), an unknown format: errors naming the datasource', async () => {
    const wrong = createCustomDatasource('wrong', {
      defaultRegistryUrlTemplate: `${server.url}/big.json`,
      transformTemplates: ['{"releases": items[[0..1]].{"version": 1}}'],
    });
    await expect(wrong.getReleases({ packageName: 'x' }, context())).rejects.toThrow(
      'custom.wrong: the transformed answer is not { releases: [{ version }] }: releases[0].version: expected a string, got 1',
    );
    const file = createCustomDatasource('local', { defaultRegistryUrlTemplate: 'file://dependencies/{{packageName}}/versions.json' });
    await expect(file.getReleases({ packageName: 'x' }, context())).rejects.toThrow(
      'custom.local: defaultRegistryUrlTemplate: only http(s) URLs are read, not file:',
    );
    const toml = createCustomDatasource('toml', { defaultRegistryUrlTemplate: `${server.url}/versions.yaml`, format: 'toml' });
    await expect(toml.getReleases({ packageName: 'x' }, context())).rejects.toThrow(
      'custom.toml: format "toml" is not read by Upkeep (it reads json, yaml, plain, html)',
    );
    const none = createCustomDatasource('none', {});
    await expect(none.getReleases({ packageName: 'x' }, context())).rejects.toThrow(/^custom\.none: no URL to ask/);
  });
});

describe('datasource selection for a repository config', () => {
  it('custom.<name> from the config, every other id from the built-in ones', () => {
    const pick = datasourcesFor({ k3s: { defaultRegistryUrlTemplate: 'https://update.k3s.io/v1-release/channels' } });
    expect(pick('custom.k3s')?.id).toBe('custom.k3s');
    expect(pick('custom.other')).toBeUndefined();
    expect(pick('github-releases')).toBe(getDatasource('github-releases'));
    expect(datasourcesFor(undefined)).toBe(getDatasource);
    expect(datasourcesFor({ __proto__: {} } as never)('custom.__proto__')).toBeUndefined();
  });

  it('a dep with a custom datasource looks up like the others: updates, release dates for minimumReleaseAge', async () => {
    server.file(
      '/talos/versions.json',
      JSON.stringify([
        { v: 'v1.7.4', at: '2024-05-02T00:00:00Z' },
        { v: 'v1.7.5', at: '2024-05-20T00:00:00Z' },
        { v: 'v1.7.6', at: '2024-05-31T00:00:00Z' },
      ]),
      { contentType: 'application/json' },
    );
    const pick = datasourcesFor({
      talos: {
        defaultRegistryUrlTemplate: `${server.url}/talos/versions.json`,
        transformTemplates: ['{"releases": $map($, function($r) { {"version": $r.v, "releaseTimestamp": $r.at} })}'],
      },
    });
    const dep: Dep = { manager: 'regex', file: 'talconfig.yaml', line: 2, datasource: 'custom.talos', depName: 'talos', currentValue: 'v1.7.4', location: {} };
    const result = await lookupDep(dep, { versioning: 'semver', minimumReleaseAge: '3 days' }, context(), pick);
    expect(result.failure).toBeUndefined();
    expect(result.updates.map((u) => u.newValue)).toEqual(['v1.7.5']);
    expect(result.rejected).toContainEqual({ version: 'v1.7.6', reason: 'too-young' });
  });
});
