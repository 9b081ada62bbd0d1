/**
 * Issue 9's figures: 200 repositories sharing 100 images, local platform, on 1, 2 and 4 worker processes
 * (the built CLI, `upkeep worker`), a real Redis and a real registry on loopback with a recording proxy in
 * front: wall time, repositories per minute, registry requests (the tag lists should be about the number
 * of distinct images: the cache in Redis is shared), Redis memory, and one worker's RSS at repository 10
 * and 200. Printed as JSON (`FIGURES {...}`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { enqueueRepositories } from '../../src/queue/enqueue.js';
import { startFaultServer } from '../../test/services/fault-server.js';
import { startRedis } from '../../test/services/redis.js';
import { pushImage } from '../../test/services/registry-seed.js';
import { startRegistry } from '../../test/services/registry.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const REPOS = 200;
const IMAGES = 100;
const PER_REPO = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const rssKiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

it('200 repositories sharing 100 images on 1, 2 and 4 workers', async () => {
  const work = mkdtempSync(join(tmpdir(), 'upkeep-queue-bench-'));
  const [redis, registry] = await Promise.all([startRedis(), startRegistry()]);
  const proxy = await startFaultServer({ upstream: registry.url });
  try {
    for (let i = 0; i < IMAGES; i++) await pushImage(registry, `team/app-${i}`, ['1.0.0', '1.0.1', '1.1.0'], { layer: `app-${i}` });
    const dirs: string[] = [];
    for (let r = 0; r < REPOS; r++) {
      const dir = join(work, 'repos', `repo-${r}`);
      mkdirSync(join(dir, 'k8s'), { recursive: true });
      const containers = Array.from(
        { length: PER_REPO },
        (_, c) => `    - name: c${c}\n      image: ${proxy.host}/team/app-${(r * 7 + c * 13) % IMAGES}:1.0.0\n`,
      );
      writeFileSync(join(dir, 'k8s/pod.yaml'), `apiVersion: v1\nkind: Pod\nmetadata: {name: p${r}}\nspec:\n  containers:\n${containers.join('')}`);
      writeFileSync(join(dir, 'renovate.json'), '{"prHourlyLimit": 0, "prConcurrentLimit": 0}');
      dirs.push(dir);
    }
    writeFileSync(join(work, 'global.json'), JSON.stringify({ hostRules: [{ matchHost: proxy.host, insecureRegistry: true }] }));
    const figures: Record<string, unknown> = {};
    for (const workers of [1, 2, 4]) {
      const admin = new Redis(redis.url);
      await admin.flushall();
      proxy.clear();
      const reportDir = join(work, `reports-${workers}`);
      await enqueueRepositories(
        new Redis(redis.url, { maxRetriesPerRequest: null }),
        dirs.map((d) => ({ platform: 'local' as const, repository: d })),
      );
      const started = performance.now();
      const children: ChildProcess[] = [];
      for (let w = 0; w < workers; w++)
        children.push(
          spawn(process.execPath, [CLI, 'worker', '--config', join(work, 'global.json'), '--report-dir', reportDir], {
            env: { PATH: process.env.PATH!, HOME: work, REDIS_URL: redis.url },
            stdio: 'ignore',
          }),
        );
      const count = () => {
        try {
          return readdirSync(reportDir).filter((f) => f.endsWith('.json')).length;
        } catch {
          return 0;
        }
      };
      let rssAt10 = 0;
      let peakRss = 0;
      while (count() < REPOS) {
        const rss = rssKiB(children[0]!.pid!);
        peakRss = Math.max(peakRss, rss);
        if (!rssAt10 && count() >= 10) rssAt10 = rss;
        if (performance.now() - started > 600_000) throw new Error(`only ${count()} of ${REPOS} reports after 10 minutes`);
        await sleep(100);
      }
      const seconds = (performance.now() - started) / 1000;
      const rssAt200 = rssKiB(children[0]!.pid!);
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map((c) => new Promise((done) => (c.exitCode !== null ? done(null) : c.once('exit', done)))));
      const info = await admin.info('memory');
      const usedPeak = /used_memory_peak_human:(\S+)/.exec(info)?.[1];
      const tagLists = proxy.requestsTo(/\/tags\/list/).length;
      figures[`${workers} worker${workers > 1 ? 's' : ''}`] = {
        seconds: Number(seconds.toFixed(1)),
        repositoriesPerMinute: Math.round((REPOS / seconds) * 60),
        registryRequests: proxy.requests.length,
        tagListRequests: tagLists,
        distinctImages: IMAGES,
        redisMemoryPeak: usedPeak,
        firstWorkerRssMiB: { atRepository10: Math.round(rssAt10 / 1024), atRepository200: Math.round(rssAt200 / 1024), peak: Math.round(peakRss / 1024) },
      };
      await admin.quit();
      expect(count()).toBe(REPOS);
    }
    console.log(`FIGURES ${JSON.stringify(figures)}`);
  } finally {
    await proxy.stop();
    await registry.stop();
    await redis.stop();
    rmSync(work, { recursive: true, force: true });
  }
});
