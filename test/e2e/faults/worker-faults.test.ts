/**
 * Faults 3 and 4 of issue 12: the queue's machinery fails while a worker writes to the Gitea fake.
 *
 * - Redis is killed and restarted while the worker's push is in flight: the worker reconnects, the job
 *   completes, and the repository ends as an unfaulted run leaves it.
 * - A worker (the built CLI, a real process) is SIGKILLed as its push arrives (the push is dropped):
 *   another worker takes the stalled job over and the repository ends as an unfaulted run leaves it, with
 *   no branch or PR twice.
 *
 * The control is the same repository run once in process (runForgeRepository). The images live in a real
 * registry (a worker process cannot be given an in-memory one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HostRule } from '../../../src/http/host-rules.js';
import { enqueueRepositories } from '../../../src/queue/enqueue.js';
import { startWorker, type RunningWorker } from '../../../src/queue/worker.js';
import { redisConnection } from '../../../src/util/redis.js';
import type { ForgeWorld } from '../../platforms/world.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../../services/redis.js';
import { pushImage } from '../../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../../services/registry.js';
import { requireCommands } from '../../services/require.js';
import { forge, homelabFiles, isPush, makeWorld, onFirst, REPO, repoState, runLoop } from './lib/loop.js';

const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const gate = requireCommands([...REDIS_COMMANDS, ...registryCommands('none')]);
const GITEA = forge('gitea');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

gate.describe('queue faults while a worker writes to the forge', () => {
  let redis: TestRedis;
  let registry: TestRegistry;
  let hostRules: HostRule[];
  let work: string;
  const worlds: ForgeWorld[] = [];
  const workers: RunningWorker[] = [];
  const children: ChildProcess[] = [];
  const connections: ReturnType<typeof redisConnection>[] = [];
  const connect = () => {
    const c = redisConnection(redis.url, { maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'upkeep-worker-faults-'));
    // Persistent, as a production Redis for queues is: a restart keeps the jobs.
    [redis, registry] = await Promise.all([startRedis({ persistent: true }), startRegistry()]);
    for (const [repository, tags] of Object.entries({ 'home/web': ['1.25.3', '1.26.0'], 'home/cache': ['7.2.4', '7.2.5'] }))
      for (const tag of tags) await pushImage(registry, repository, tag, { layer: `${repository}:${tag}` });
    hostRules = registry.hostRules();
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const w of workers) await w.stop(1000);
    for (const c of connections) c.disconnect();
    for (const w of worlds) {
      w.fake.server.assertNoViolations();
      await w.close();
    }
    await registry?.stop();
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function world(): Promise<ForgeWorld> {
    const w = await makeWorld(GITEA, homelabFiles({ web: `${registry.host}/home/web:1.25.3`, cache: `${registry.host}/home/cache:7.2.4` }));
    worlds.push(w);
    return w;
  }
  async function control() {
    const w = await world();
    expect((await runLoop(w, undefined, { global: { hostRules, registryAliases: {}, token: w.token } })).failed).toBe(false);
    return repoState(w);
  }
  /** An in-process worker for `w`'s forge; pushes `<repository>: done…` lines to `lines`. */
  async function inProcessWorker(w: ForgeWorld, lines: string[]): Promise<RunningWorker> {
    const worker = await startWorker({
      connection: connect(),
      global: { hostRules, registryAliases: {}, token: w.token },
      endpoint: w.fake.server.url,
      dryRun: false,
      lockDurationMs: 1500,
      stalledIntervalMs: 500,
      log: (message) => lines.push(message),
    });
    workers.push(worker);
    return worker;
  }

  it('Redis killed and restarted while the push is in flight: the worker reconnects, the job completes, the repository is as unfaulted', async () => {
    const expected = await control();
    const w = await world();
    const lines: string[] = [];
    const worker = await inProcessWorker(w, lines);
    const restarted = onFirst(w, isPush, () => redis.restart());
    await enqueueRepositories(connect(), [{ platform: 'gitea', repository: REPO }]);
    await restarted;
    await until('the job to complete after the restart', () => lines.some((l) => l.startsWith(`${REPO}: done`)));
    expect(lines.filter((l) => /failed/.test(l))).toEqual([]);
    expect(await repoState(w)).toEqual(expected);
    await worker.stop(5000);
    workers.splice(workers.indexOf(worker), 1);
  }, 60_000);

  it('a worker SIGKILLed as its push arrives: another takes the job over; the repository is as unfaulted, nothing twice', async () => {
    const expected = await control();
    const w = await world();
    writeFileSync(join(work, 'global.json'), JSON.stringify({ hostRules }));
    const doomed = spawn(process.execPath, [CLI, 'worker', '--config', join(work, 'global.json'), '--lock-duration', '1500', '--stalled-interval', '500'], {
      env: { PATH: process.env.PATH!, HOME: work, REDIS_URL: redis.url, UPKEEP_TOKEN: w.token, UPKEEP_ENDPOINT: w.fake.server.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(doomed);
    let output = '';
    doomed.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    doomed.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until('the worker to start', () => output.includes('waiting for jobs'));
    // As its first push arrives, the worker dies; the push never lands.
    const killed = onFirst(w, isPush, async () => void doomed.kill('SIGKILL'), { drop: true });
    await enqueueRepositories(connect(), [{ platform: 'gitea', repository: REPO }]);
    await killed;
    await until('the killed worker to exit', () => doomed.signalCode !== null);

    const lines: string[] = [];
    await inProcessWorker(w, lines);
    await until('the job to be finished by another worker', () => lines.some((l) => l.startsWith(`${REPO}: done`)));
    expect(await repoState(w)).toEqual(expected);
    expect(output).not.toContain(w.token);
  }, 60_000);
});
