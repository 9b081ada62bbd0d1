/**
 * `upkeep serve` on a real Redis after real worker runs (local platform): /healthz, /readyz (and 503 when
 * Redis is gone), /metrics with the upkeep_* series, the status page listing each repository with its
 * outcome and a link to its report, the report itself, and HTML escaping of what repositories hold.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueueRepositories } from '../../src/queue/enqueue.js';
import { startWorker } from '../../src/queue/worker.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../services/redis.js';
import { requireCommands } from '../services/require.js';

const gate = requireCommands(REDIS_COMMANDS);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

gate.describe('upkeep serve', () => {
  let redis: TestRedis;
  let server: RunningServer;
  let work: string;
  const connections: Redis[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    work = mkdtempSync(join(tmpdir(), 'upkeep-serve-'));
    for (const [name, config] of [
      ['good', '{"prHourlyLimit": 0}'],
      ['broken<b>', '{"packageRules": [{"matchUpdateTypes": ["mayor"]}]}'],
    ] as const) {
      const dir = join(work, name);
      mkdirSync(join(dir, 'k8s'), { recursive: true });
      writeFileSync(
        join(dir, 'k8s/web.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: ${IMAGE}\n',
      );
      writeFileSync(join(dir, 'renovate.json'), config);
      dirs.push(dir);
    }
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    connections.push(connection);
    await enqueueRepositories(
      connection,
      dirs.map((d) => ({ platform: 'local' as const, repository: d })),
    );
    let done = 0;
    const worker = await startWorker({
      connection,
      global: { hostRules: [], registryAliases: {} },
      dryRun: true,
      stalledIntervalMs: 500,
      log: (m) => m.includes(': done') && done++,
    });
    while (done < 2) await sleep(50);
    await worker.stop(5000);
    const serveConnection = new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    connections.push(serveConnection);
    server = await startServer({ redis: serveConnection, port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.close();
    for (const c of connections) c.disconnect();
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('/healthz and /readyz answer; /metrics has the upkeep series', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^upkeep_runs_total 2$/m);
    expect(metrics).toMatch(/^upkeep_run_failures_total 1$/m);
    expect(metrics).toMatch(/^upkeep_repositories\{outcome="ok"\} 1$/m);
    expect(metrics).toMatch(/^upkeep_repositories\{outcome="failed"\} 1$/m);
    expect(metrics).toMatch(/^upkeep_queue_jobs\{state="completed"\} 2$/m);
    expect(metrics).toMatch(/^upkeep_deps\{state="skipped"\} 1$/m);
    expect(metrics).toContain('# TYPE upkeep_updates_proposed_total counter');
    // What the runs cost: time, requests, cache (these repositories' only image is a variable: nothing asked).
    expect(Number(/^upkeep_run_duration_seconds_total (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^upkeep_registry_requests_total 0$/m);
    expect(metrics).toMatch(/^upkeep_cache_hits_total 0$/m);
    expect(metrics).toMatch(/^upkeep_cache_misses_total 0$/m);
  });

  it('the status page lists every repository with its outcome, problems and a link to its report, escaped', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain(`${dirs[0]}`);
    expect(html).toContain('broken&lt;b&gt;');
    expect(html).not.toContain('broken<b>');
    expect(html).toContain('class="failed"');
    expect(html).toContain('packageRules[0].matchUpdateTypes[0]');
    const link = /href="(report\/[^"]+)"/.exec(html)![1]!;
    const report = (await (await fetch(`${server.url}/${link}`)).json()) as { repository: string };
    expect(dirs).toContain(report.repository);
    expect((await fetch(`${server.url}/report/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
    // The queue view (bull-board), read only.
    expect(html).toContain('href="queue/"');
    const view = await fetch(`${server.url}/queue/`);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain('<div id="root">');
    const api = (await (await fetch(`${server.url}/queue/api/queues`)).json()) as {
      queues: { name: string; readOnlyMode: boolean; counts: Record<string, number> }[];
    };
    expect(api.queues.map((q) => [q.name, q.readOnlyMode, q.counts.completed])).toEqual([['upkeep', true, 2]]);
  });

  it('/readyz says 503 while Redis is gone, and the page says it is unavailable rather than hanging', async () => {
    await redis.stop();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/`)).status).toBe(503);
  });
});
