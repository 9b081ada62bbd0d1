/**
 * The queue end to end on a real Redis (started on a free loopback port) with the local platform and a
 * real registry: jobs flow through workers into reports; a repository is never queued twice; a worker
 * killed mid-job (SIGKILL) leaves a job another worker finishes with the same report as an uninterrupted
 * run; SIGTERM lets the current job finish. Workers killed or stopped here are real processes (the built
 * CLI); the others run in this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GlobalConfig } from '../../src/config/global-config.js';
import { Queue } from 'bullmq';
import { enqueueRepositories } from '../../src/queue/enqueue.js';
import { QUEUE_NAME, QUEUE_PREFIX, repoSlug } from '../../src/queue/jobs.js';
import { startWorker, type RunningWorker } from '../../src/queue/worker.js';
import { runLocal } from '../../src/repo/local-run.js';
import { startFaultServer, type FaultServer, proxy } from '../services/fault-server.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../services/redis.js';
import { pushImage } from '../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../services/registry.js';
import { requireCommands } from '../services/require.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const gate = requireCommands([...REDIS_COMMANDS, ...registryCommands('none')]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

gate.describe('the upkeep queue', () => {
  let redis: TestRedis;
  let registry: TestRegistry;
  let slow: FaultServer;
  let work: string;
  let global: GlobalConfig;
  const children: ChildProcess[] = [];
  const workers: RunningWorker[] = [];
  const connections: Redis[] = [];

  const connect = () => {
    const c = new Redis(redis.url, { maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };

  /** A repository directory whose manifest names `image` (a registry host/path:tag). */
  function repo(name: string, image: string): string {
    const dir = join(work, 'repos', name);
    mkdirSync(join(dir, 'k8s'), { recursive: true });
    writeFileSync(
      join(dir, 'k8s/web.yaml'),
      `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: ${image}\n`,
    );
    writeFileSync(join(dir, 'renovate.json'), '{"prHourlyLimit": 0}');
    return dir;
  }

  function cliWorker(reportDir: string, extra: string[] = []): ChildProcess {
    writeFileSync(join(work, 'global.json'), JSON.stringify({ hostRules: global.hostRules }));
    const child = spawn(process.execPath, [CLI, 'worker', '--config', join(work, 'global.json'), '--report-dir', reportDir, ...extra], {
      env: { PATH: process.env.PATH!, HOME: work, REDIS_URL: redis.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    Object.defineProperty(child, 'output', { get: () => output });
    children.push(child);
    return child;
  }
  const outputOf = (child: ChildProcess) => (child as unknown as { output: string }).output;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'upkeep-queue-'));
    // Persistent (append-only, fsync always), as a production Redis for queues is: a restart keeps the jobs.
    [redis, registry] = await Promise.all([startRedis({ persistent: true }), startRegistry()]);
    for (const tag of ['1.25.3', '1.26.0']) await pushImage(registry, 'library/web', tag, { layer: tag });
    slow = await startFaultServer({ upstream: registry.url });
    global = { hostRules: [...registry.hostRules(), { matchHost: slow.host, insecureRegistry: true }], registryAliases: {} };
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const w of workers) await w.stop(1000);
    for (const c of connections) c.disconnect();
    await slow?.stop();
    await registry?.stop();
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('jobs flow through two workers into one report per repository, the same as a direct run', async () => {
    const dirs = ['alpha', 'beta', 'gamma'].map((n) => repo(n, `${registry.host}/library/web:1.25.3`));
    const reportDir = join(work, 'reports-flow');
    const result = await enqueueRepositories(
      connect(),
      dirs.map((d) => ({ platform: 'local', repository: d })),
    );
    expect(result.added).toHaveLength(3);
    // Every worker on a queue should look for stalled jobs as often (the last check's interval holds them all off).
    for (let i = 0; i < 2; i++) workers.push(await startWorker({ connection: connect(), global, dryRun: true, reportDir, stalledIntervalMs: 500 }));
    await until('three reports', () => dirs.every((d) => existsSync(join(reportDir, `${repoSlug(d)}.json`))));
    for (const dir of dirs) {
      const report = JSON.parse(readFileSync(join(reportDir, `${repoSlug(dir)}.json`), 'utf8')) as { branches: { title: string }[] };
      const direct = await runLocal(dir, global);
      expect(report).toEqual(JSON.parse(JSON.stringify(direct.report)));
      expect(report.branches.map((b) => b.title)).toEqual([`Update ${registry.host}/library/web Docker tag to v1.26.0`]);
    }
    await Promise.all(workers.splice(0).map((w) => w.stop(5000)));
  });

  it('a repository is queued once: adding it again while it waits is a no-op', async () => {
    const dir = repo('delta', `${registry.host}/library/web:1.25.3`);
    const connection = connect();
    const jobs = [{ platform: 'local' as const, repository: dir }];
    expect((await enqueueRepositories(connection, jobs)).added).toEqual([`local:${dir}`]);
    expect((await enqueueRepositories(connection, jobs)).alreadyQueued).toEqual([`local:${dir}`]);
    expect((await enqueueRepositories(connection, [...jobs, ...jobs])).alreadyQueued).toHaveLength(2);
    const reportDir = join(work, 'reports-once');
    const worker = await startWorker({ connection: connect(), global, dryRun: true, reportDir, stalledIntervalMs: 500 });
    let completed = 0;
    worker.worker.on('completed', () => completed++);
    await until('the job', () => completed === 1);
    await sleep(300);
    expect(completed).toBe(1);
    await worker.stop(5000);
  });

  it('two jobs for one repository from different producers never run at once: the second waits for the first', async () => {
    let inFlight = 0;
    let most = 0;
    slow.route({
      path: /\/v2\/library\/twice\/tags\/list/,
      handle: async () => {
        most = Math.max(most, ++inFlight);
        await sleep(700);
        inFlight--;
        return proxy(registry.url);
      },
    });
    await pushImage(registry, 'library/twice', ['4.0.0', '4.1.0'], { layer: 'twice' });
    // A cache-less global config: each run asks the registry, so overlapping runs would show.
    const dir = repo('twice', `${slow.host}/library/twice:4.0.0`);
    const queue = new Queue(QUEUE_NAME, { connection: connect(), prefix: QUEUE_PREFIX });
    // What a job scheduler and a nudge produce: two jobs, not deduplicated against each other.
    await queue.add('repository', { platform: 'local', repository: dir });
    await queue.add('repository', { platform: 'local', repository: dir });
    await queue.close();
    const lines: string[] = [];
    const pool = [];
    for (let i = 0; i < 2; i++)
      pool.push(await startWorker({ connection: connect(), global, dryRun: true, stalledIntervalMs: 500, lockDurationMs: 3000, log: (l) => lines.push(l) }));
    await until('both runs', () => lines.filter((l) => l.includes('twice: done')).length === 2, 40_000);
    expect(most).toBe(1);
    expect(lines.some((l) => l.includes('running on another worker; this job waits'))).toBe(true);
    for (const w of pool) await w.stop(5000);
  }, 60_000);

  it('Redis restarted mid-job: the worker reconnects, the job completes, and later jobs run', async () => {
    slow.route({ path: /\/v2\/library\/restart\/tags\/list/, handle: async () => (await sleep(1500), proxy(registry.url)) });
    await pushImage(registry, 'library/restart', ['3.0.0', '3.0.1'], { layer: 'restart' });
    const dir = repo('restart', `${slow.host}/library/restart:3.0.0`);
    const after = repo('after-restart', `${registry.host}/library/web:1.25.3`);
    const reportDir = join(work, 'reports-restart');
    const worker = await startWorker({ connection: connect(), global, dryRun: true, reportDir, stalledIntervalMs: 500 });
    await enqueueRepositories(connect(), [{ platform: 'local', repository: dir }]);
    await until('the job to be mid-lookup', () => slow.requestsTo(/\/v2\/library\/restart\/tags\/list/).length > 0);
    await redis.restart();
    await until('the job to finish after the restart', () => existsSync(join(reportDir, `${repoSlug(dir)}.json`)), 30_000);
    await enqueueRepositories(connect(), [{ platform: 'local', repository: after }]);
    await until('a job queued after the restart', () => existsSync(join(reportDir, `${repoSlug(after)}.json`)), 30_000);
    const report = JSON.parse(readFileSync(join(reportDir, `${repoSlug(dir)}.json`), 'utf8')) as { branches: { title: string }[] };
    expect(report.branches.map((b) => b.title)).toEqual([`Update ${slow.host}/library/restart Docker tag to v3.0.1`]);
    await worker.stop(5000);
  });

  it('a worker killed mid-job leaves it to another, which finishes it with the same report; SIGTERM lets a job finish', async () => {
    // The registry answers this repository's tag list only after 1.5 s: the job is mid-lookup when killed.
    slow.route({ path: /\/v2\/library\/slow\/tags\/list/, handle: async () => (await sleep(1500), proxy(registry.url)) });
    await pushImage(registry, 'library/slow', ['1.0.0', '1.1.0'], { layer: 'slow' });
    const dir = repo('slow', `${slow.host}/library/slow:1.0.0`);
    const expected = JSON.parse(JSON.stringify((await runLocal(dir, global)).report)) as unknown;

    const reportDir = join(work, 'reports-kill');
    const doomed = cliWorker(reportDir, ['--lock-duration', '1500', '--stalled-interval', '500']);
    await until('the first worker to start', () => outputOf(doomed).includes('waiting for jobs'));
    const requestsBefore = slow.requestsTo(/\/v2\/library\/slow\/tags\/list/).length;
    await enqueueRepositories(connect(), [{ platform: 'local', repository: dir }]);
    await until('the first worker to be mid-job', () => slow.requestsTo(/\/v2\/library\/slow\/tags\/list/).length > requestsBefore);
    doomed.kill('SIGKILL');
    await until('the killed worker to exit', () => doomed.signalCode !== null);
    expect(existsSync(join(reportDir, `${repoSlug(dir)}.json`))).toBe(false);

    const rescuer = cliWorker(reportDir, ['--lock-duration', '1500', '--stalled-interval', '500']);
    await until('the job to be finished by the second worker', () => existsSync(join(reportDir, `${repoSlug(dir)}.json`)), 30_000);
    expect(JSON.parse(readFileSync(join(reportDir, `${repoSlug(dir)}.json`), 'utf8'))).toEqual(expected);

    // SIGTERM while a job runs: the job finishes (its report is written), then the worker exits 0. (Another
    // image: the first one's tag list is now in the workers' shared cache in Redis.)
    slow.route({ path: /\/v2\/library\/later\/tags\/list/, handle: async () => (await sleep(1000), proxy(registry.url)) });
    await pushImage(registry, 'library/later', ['2.0.0', '2.1.0'], { layer: 'later' });
    const second = repo('later', `${slow.host}/library/later:2.0.0`);
    await until('the second worker to be idle', () => outputOf(rescuer).includes('done'));
    await enqueueRepositories(connect(), [{ platform: 'local', repository: second }]);
    await until('the second worker to be mid-job', () => slow.requestsTo(/\/v2\/library\/later\/tags\/list/).length > 0);
    rescuer.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => rescuer.once('exit', (c) => done(c)));
    expect(code).toBe(0);
    expect(outputOf(rescuer)).toContain('SIGTERM: finishing the current jobs');
    const finished = JSON.parse(readFileSync(join(reportDir, `${repoSlug(second)}.json`), 'utf8')) as { branches: { title: string }[] };
    expect(finished.branches.map((b) => b.title)).toEqual([`Update ${slow.host}/library/later Docker tag to v2.1.0`]);
  }, 60_000);
});
