/**
 * A 20 MB Bitnami-like index, generated into a temp dir (never committed) and served over loopback.
 * Speed and memory are measured by `bench/lookup-helm.mjs`; here: the answers are exact and the cache
 * keeps the compact form, not the document.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHelmIndex, helmDatasource } from '../../src/datasources/helm.js';
import { readIndex } from '../../src/datasources/helm/index-reader.js';
import type { DatasourceContext } from '../../src/datasources/types.js';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import { generateHelmIndex, type GeneratedChart, type GeneratedEntry } from '../fixtures/helm/generate-index.mjs';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';
import { createClock } from '../../src/util/clock.js';

let dir: string;
let server: TestHttpServer;
let charts: GeneratedChart[];
let body: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upkeep-helm-'));
  const generated = generateHelmIndex({ targetBytes: 20 * 1024 * 1024, seed: 'helm-large-test' });
  charts = generated.charts;
  writeFileSync(join(dir, 'index.yaml'), generated.text);
  body = readFileSync(join(dir, 'index.yaml'));
  server = await startHttpServer();
  server.file('/bitnami/index.yaml', body);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const context = (): DatasourceContext => ({ http: new HttpClient({ retryBaseMs: 1 }), clock: createClock(), cache: new Cache(new MemoryCacheStore()) });

function release(entry: GeneratedEntry, deprecated: boolean) {
  return {
    version: entry.version,
    releaseTimestamp: new Date(entry.created).toISOString(),
    digest: entry.digest,
    appVersion: entry.appVersion,
    ...(deprecated ? { isDeprecated: true } : {}),
  };
}

describe('helm datasource on a 20 MB index', () => {
  it('is a realistic size and shape', () => {
    expect(body.length).toBeGreaterThan(19.5 * 1024 * 1024);
    expect(body.length).toBeLessThan(21 * 1024 * 1024);
    expect(charts.length).toBe(108);
    expect(readIndex(body).method).toBe('scanner');
  });

  it('gives exact releases for several charts from one fetch', async () => {
    const ctx = context();
    const picked = ['nginx', 'postgresql', 'redis', 'wordpress'].map((name) => charts.find((c) => c.name === name)!);
    picked.push(
      charts.find((c) => c.deprecated)!,
      charts.find((c) => c.first.version.startsWith('v'))!,
    );
    const results = await Promise.all(picked.map((c) => helmDatasource.getReleases({ packageName: c.name, registryUrl: `${server.url}/bitnami` }, ctx)));
    picked.forEach((chart, i) => {
      const result = results[i]!;
      expect(result.releases).toHaveLength(chart.count);
      expect(result.releases[0]).toEqual(release(chart.first, chart.deprecated));
      expect(result.releases.at(-1)).toEqual(release(chart.last, false));
      expect(result.homepage).toBe('https://bitnami.com');
      expect(result.sourceUrl).toBe(chart.first.sourceRepo);
    });
    expect(server.count('/bitnami/index.yaml')).toBe(1);
  });

  it('caches the compact form, a small fraction of the document', async () => {
    const { index } = await getHelmIndex(`${server.url}/bitnami`, context());
    expect(Object.keys(index.charts)).toHaveLength(108);
    const versions = Object.values(index.charts).reduce((n, c) => n + c.versions.length, 0);
    expect(versions).toBe(charts.reduce((n, c) => n + c.count, 0));
    expect(JSON.stringify(index).length).toBeLessThan(body.length / 8);
  });
});
