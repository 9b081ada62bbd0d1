/**
 * A real `redis-server` on a free loopback port, for tests: no persistence (`--save "" --appendonly no`),
 * its working directory a temp dir removed on stop. `scripts/setup-test-services.sh` installs it; the gate
 * in `require.ts` decides what its tests do when it is missing (fail under CI, loud skip locally).
 *
 *   requireCommands(REDIS_COMMANDS).describe('…', () => { let redis: TestRedis; beforeAll(async () => { redis = await startRedis(); }); … });
 *   … new Redis(redis.url) …
 *   await redis.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOPBACK, startOnFreePort, waitForPort } from './free-port.js';
import { assertCommands } from './commands.js';

export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server and starts it again on the same port and data (what a persistent one kept survives). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const REDIS_COMMANDS = ['redis-server'];

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** One redis-server process on `port` with its data in `dir` (append-only file when `persistent`). */
async function spawnServer(port: number, dir: string, persistent: boolean): Promise<ChildProcess> {
  const persistence = persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', LOOPBACK, '--save', '', ...persistence, '--dir', dir, '--loglevel', 'warning'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const died = exited(child).then(() => {
    throw new Error(`redis-server exited on port ${port}: ${output.trim().split('\n').pop() ?? ''}`);
  });
  try {
    await Promise.race([waitForPort(port, 10_000), died]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  died.catch(() => undefined);
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited(child);
  clearTimeout(timer);
}

function startOn(port: number, persistent = false): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-redis-'));
  return spawnServer(port, dir, persistent).then(
    (first) => {
      let child = first;
      return {
        url: `redis://${LOOPBACK}:${port}`,
        port,
        async restart() {
          await stopServer(child);
          child = await spawnServer(port, dir, persistent);
        },
        async stop() {
          await stopServer(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    (err: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    },
  );
}

/** Start redis-server on a free port; its tests are gated with `requireCommands(REDIS_COMMANDS)`. */
export function startRedis(options: { persistent?: boolean } = {}): Promise<TestRedis> {
  assertCommands(REDIS_COMMANDS);
  return startOnFreePort((port) => startOn(port, options.persistent ?? false));
}
