/**
 * REDIS_URL forms: one server, Sentinel (`redis+sentinel://s1:26379,s2:26379/master[/db]`) against a real
 * redis-server in sentinel mode watching a real master, and Cluster (`redis+cluster://n1,n2,n3`) against a
 * real three-node cluster on loopback: the queue, the lock and the run records work over each.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueRepositories } from '../../src/queue/enqueue.js';
import { QUEUE_NAME, QUEUE_PREFIX } from '../../src/queue/jobs.js';
import { withRepoLock } from '../../src/queue/repo-lock.js';
import { readStatuses, recordRun } from '../../src/queue/status.js';
import { startWorker } from '../../src/queue/worker.js';
import { redisConnection, sentinelOptions } from '../../src/util/redis.js';
import { freePort, waitForPort } from '../services/free-port.js';
import { REDIS_CLUSTER_COMMANDS, startRedisCluster, type TestRedisCluster } from '../services/redis-cluster.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../services/redis.js';
import { requireCommands } from '../services/require.js';

describe('REDIS_URL forms', () => {
  it('reads Sentinel URLs: the Sentinels, the master name, db, password and TLS', () => {
    expect(sentinelOptions('redis+sentinel://10.0.0.1:26379,10.0.0.2/mymaster/2')).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'mymaster',
      db: 2,
    });
    expect(sentinelOptions('rediss+sentinel://bot:s%40cret@sentinel:5000/queue')).toEqual({
      sentinels: [{ host: 'sentinel', port: 5000 }],
      name: 'queue',
      username: 'bot',
      password: 's@cret',
      sentinelPassword: 's@cret',
      tls: {},
    });
    expect(sentinelOptions('redis://127.0.0.1:6379')).toBeUndefined();
    expect(() => sentinelOptions('redis+sentinel://host:port/mymaster')).toThrow('REDIS_URL: "host:port" is not host:port');
    expect(() => redisConnection('http://127.0.0.1:6379')).toThrow('REDIS_URL: not a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL');
    expect(() => redisConnection(undefined)).toThrow('the queue needs Redis: set REDIS_URL');
  });
});

requireCommands(REDIS_COMMANDS).describe('a Sentinel in front of the master', () => {
  let master: TestRedis;
  let sentinel: ChildProcess;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    master = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'upkeep-sentinel-'));
    port = await freePort();
    writeFileSync(join(dir, 'sentinel.conf'), `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor upkeep 127.0.0.1 ${master.port} 1\n`);
    sentinel = spawn('redis-server', [join(dir, 'sentinel.conf'), '--sentinel'], { stdio: 'ignore' });
    await waitForPort(port, 10_000);
  });
  afterAll(async () => {
    sentinel?.kill('SIGKILL');
    await master?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the master through the Sentinel; the queue works over it', async () => {
    const redis = redisConnection(`redis+sentinel://127.0.0.1:${port}/upkeep`);
    try {
      await redis.set('upkeep:test', 'through the sentinel');
      const direct = redisConnection(master.url);
      expect(await direct.get('upkeep:test')).toBe('through the sentinel');
      direct.disconnect();
      const queue = new Queue('upkeep', { connection: redis });
      await queue.add('repository', { platform: 'local', repository: '/srv/repo' });
      expect((await queue.getJobCounts('waiting')).waiting).toBe(1);
      await queue.close();
    } finally {
      redis.disconnect();
    }
  });
});

requireCommands(REDIS_CLUSTER_COMMANDS).describe('a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('the queue, the per-repository lock and the run records work on a cluster (their keys share hash tags)', async () => {
    const connection = redisConnection(cluster.url);
    try {
      expect(connection).toBeInstanceOf(Cluster);
      const result = await enqueueRepositories(connection, [{ platform: 'local', repository: '/srv/homelab' }]);
      expect(result.added).toEqual(['local:/srv/homelab']);
      const queue = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
      expect((await queue.getJobCounts('waiting')).waiting).toBe(1);
      await queue.close();
      expect(await withRepoLock(connection, 'local:/srv/homelab', 5000, async () => 'ran')).toBe('ran');
      await recordRun(
        connection,
        {
          key: 'local:/srv/homelab',
          platform: 'local',
          repository: '/srv/homelab',
          finishedAt: '2026-06-01T10:00:00.000Z',
          outcome: 'ok',
          branches: 2,
          pending: 0,
          openPrs: 0,
          merged: 0,
          deps: { 'up-to-date': 3 },
          problems: [],
        },
        { repository: '/srv/homelab', deps: [], branches: [], warnings: [] },
      );
      expect((await readStatuses(connection)).map((s) => [s.repository, s.outcome, s.hasReport])).toEqual([['/srv/homelab', 'ok', true]]);
      // A worker takes the job over the cluster (the directory does not exist: the run is an error, recorded).
      let finished = '';
      const worker = await startWorker({ connection, global: { hostRules: [], registryAliases: {} }, dryRun: true, log: (m) => (finished = m) });
      for (let i = 0; i < 100 && !finished; i++) await new Promise((r) => setTimeout(r, 50));
      await worker.stop(5000);
      expect(finished).toMatch(/^\/srv\/homelab: failed: /);
      expect((await readStatuses(connection))[0]?.outcome).toBe('error');
    } finally {
      connection.disconnect();
    }
  });
});
