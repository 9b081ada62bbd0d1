/**
 * The status page as a person sees it: rendered by a real headless Chromium (Debian's, driven by
 * playwright-core) after real worker runs on a real Redis — every repository a row with its outcome, the
 * failing one's problem visible, the report one click away. The screenshot is kept as a test artifact
 * (test-artifacts/status-page.png, ignored by git).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueueRepositories } from '../../src/queue/enqueue.js';
import { startWorker } from '../../src/queue/worker.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../services/redis.js';
import { requireCommands } from '../services/require.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

requireCommands([...REDIS_COMMANDS, 'chromium']).describe('the status page in a browser', () => {
  let redis: TestRedis;
  let server: RunningServer;
  let browser: Browser;
  let work: string;
  const connections: Redis[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    work = mkdtempSync(join(tmpdir(), 'upkeep-page-'));
    const dirs: string[] = [];
    for (const [name, config] of [
      ['homelab', '{"prHourlyLimit": 0}'],
      ['media-stack', '{"packageRules": [{"matchUpdateTypes": ["mayor"]}]}'],
    ] as const) {
      const dir = join(work, name);
      mkdirSync(join(dir, 'apps'), { recursive: true });
      writeFileSync(
        join(dir, 'apps/web.yaml'),
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
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const c of connections) c.disconnect();
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows every repository with its outcome and problems, the report a click away; a screenshot is kept', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}/`);
    expect(await page.title()).toBe('Upkeep — status');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const texts = await rows.allInnerTexts();
    expect(texts[0]).toContain('homelab');
    expect(texts[0]).toContain('ok');
    expect(texts[1]).toContain('media-stack');
    expect(texts[1]).toContain('done with failures');
    expect(texts[1]).toContain('packageRules[0].matchUpdateTypes[0]');
    expect(await page.locator('.queue').innerText()).toContain('completed: 2');
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'status-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot) && statSync(shot).size > 1000).toBe(true);
    await rows.nth(0).getByRole('link', { name: 'report' }).click();
    await page.waitForURL(/\/report\//);
    expect(JSON.parse(await page.locator('body').innerText()).repository).toContain('homelab');
    await page.close();
  });
});
