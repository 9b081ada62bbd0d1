/**
 * `upkeep schedule`'s job schedulers on a real Redis: one per repository, idempotent syncs (an unchanged
 * scheduler is not rewritten), per-repository patterns, repositories that are gone lose theirs, bad
 * patterns named, and a scheduler's runs actually reach a worker.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QUEUE_NAME, QUEUE_PREFIX, repoSlug } from '../../src/queue/jobs.js';
import { syncSchedulers } from '../../src/queue/schedule.js';
import { startWorker } from '../../src/queue/worker.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../services/redis.js';
import { requireCommands } from '../services/require.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const gate = requireCommands(REDIS_COMMANDS);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

gate.describe('job schedulers per repository', () => {
  let redis: TestRedis;
  let work: string;
  const connections: Redis[] = [];
  const connect = () => {
    const c = new Redis(redis.url, { maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };
  const schedulers = async () => {
    const queue = new Queue(QUEUE_NAME, { connection: connect(), prefix: QUEUE_PREFIX });
    const list = await queue.getJobSchedulers(0, -1, true);
    await queue.close();
    return list.map((s) => `${s.key} ${s.pattern}${s.tz ? ` ${s.tz}` : ''}`).sort();
  };

  beforeAll(async () => {
    redis = await startRedis();
    work = mkdtempSync(join(tmpdir(), 'upkeep-schedule-'));
  });
  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('one scheduler per repository; a second sync changes nothing; overrides and removals are applied', async () => {
    const jobs = [
      { platform: 'gitea' as const, repository: 'acme/app' },
      { platform: 'gitea' as const, repository: 'acme/infra' },
    ];
    expect(await syncSchedulers(connect(), { jobs, pattern: '0 * * * *', tz: 'Europe/Berlin' })).toEqual({
      upserted: ['gitea:acme/app', 'gitea:acme/infra'],
      unchanged: [],
      removed: [],
    });
    const first = await schedulers();
    expect(first).toEqual(['repo:gitea:acme/app 0 * * * * Europe/Berlin', 'repo:gitea:acme/infra 0 * * * * Europe/Berlin']);
    expect(await syncSchedulers(connect(), { jobs, pattern: '0 * * * *', tz: 'Europe/Berlin' })).toEqual({
      upserted: [],
      unchanged: ['gitea:acme/app', 'gitea:acme/infra'],
      removed: [],
    });
    const changed = await syncSchedulers(connect(), {
      jobs: jobs.slice(0, 1),
      pattern: '0 * * * *',
      tz: 'Europe/Berlin',
      overrides: { 'acme/app': '*/15 * * * *' },
    });
    expect(changed).toEqual({ upserted: ['gitea:acme/app'], unchanged: [], removed: ['gitea:acme/infra'] });
    expect(await schedulers()).toEqual(['repo:gitea:acme/app */15 * * * * Europe/Berlin']);
    await syncSchedulers(connect(), { jobs: [], pattern: '0 * * * *' });
    expect(await schedulers()).toEqual([]);
  });

  it('a pattern that is not cron is an error naming where it came from; nothing is written', async () => {
    const jobs = [{ platform: 'gitea' as const, repository: 'acme/app' }];
    await expect(syncSchedulers(connect(), { jobs, pattern: 'every hour' })).rejects.toThrow('scheduleCron: "every hour" is not a cron pattern');
    await expect(syncSchedulers(connect(), { jobs, pattern: '0 * * * *', overrides: { 'acme/app': '61 * * * *' } })).rejects.toThrow(
      'repositorySchedules["acme/app"]: "61 * * * *" is not a cron pattern',
    );
    expect(await schedulers()).toEqual([]);
  });

  it('upkeep schedule --once (the built CLI) schedules directories; the scheduler’s runs reach a worker', async () => {
    const dir = join(work, 'repo');
    mkdirSync(join(dir, 'k8s'), { recursive: true });
    writeFileSync(
      join(dir, 'k8s/web.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: ${IMAGE}\n',
    );
    writeFileSync(join(work, 'global.json'), JSON.stringify({ scheduleCron: '* * * * * *' }));
    const env = { PATH: process.env.PATH!, HOME: work, REDIS_URL: redis.url };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, 'schedule', '--once', '--platform', 'local', '--config', join(work, 'global.json'), dir],
      { env },
    );
    expect(stdout).toContain('upkeep schedule: 1 repositories; 1 scheduled or changed, 0 unchanged, 0 removed');
    expect(await schedulers()).toEqual([`repo:local:${dir} * * * * * *`]);
    const reportDir = join(work, 'reports');
    const worker = await startWorker({
      connection: connect(),
      global: { hostRules: [], registryAliases: {} },
      dryRun: true,
      reportDir,
      stalledIntervalMs: 500,
    });
    const end = performance.now() + 15_000;
    while (!existsSync(join(reportDir, `${repoSlug(dir)}.json`)) && performance.now() < end) await sleep(100);
    expect(existsSync(join(reportDir, `${repoSlug(dir)}.json`))).toBe(true);
    await worker.stop(5000);
    await syncSchedulers(connect(), { jobs: [], pattern: '0 * * * *' });
  });
});
