/**
 * A real Redis Cluster on loopback for tests: three redis-server masters in cluster mode on free ports,
 * joined with `redis-cli --cluster create`, no persistence, removed on stop.
 *
 *   const cluster = await startRedisCluster();   // cluster.url: redis+cluster://127.0.0.1:p1,…
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, LOOPBACK, waitForPort } from './free-port.js';

export const REDIS_CLUSTER_COMMANDS = ['redis-server', 'redis-cli'];

export interface TestRedisCluster {
  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3` */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

export async function startRedisCluster(): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-redis-cluster-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const args = ['--port', String(port), '--bind', LOOPBACK, '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`];
      children.push(spawn('redis-server', [...args, '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'], { stdio: 'ignore' }));
      ports.push(port);
    }
    for (const port of ports) await waitForPort(port, 10_000);
    const nodes = ports.map((p) => `${LOOPBACK}:${p}`);
    await promisify(execFile)('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    // Wait until every node says the cluster is up.
    for (let tries = 0; ; tries++) {
      const states = await Promise.all(ports.map((p) => promisify(execFile)('redis-cli', ['-p', String(p), 'cluster', 'info']).then((r) => r.stdout)));
      if (states.every((s) => s.includes('cluster_state:ok'))) break;
      if (tries > 100) throw new Error('redis cluster did not come up');
      await new Promise((r) => setTimeout(r, 100));
    }
    return { url: `redis+cluster://${nodes.join(',')}`, ports, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
