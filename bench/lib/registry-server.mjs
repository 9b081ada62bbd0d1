/**
 * A real `docker-registry` (Debian's distribution v2.8) on a free loopback port, serving a filesystem
 * storage directory — the configuration of `test/services/registry.ts` (no auth, deletes enabled), with
 * the access log on so the registry's own count of requests can be checked against the client's.
 *
 *   const registry = await startRegistry(storageDir, logDir);
 *   registry.host            // 127.0.0.1:<port>
 *   registry.accessLog()     // [{ method, path, status }] seen since start (or since `clearAccessLog()`)
 *   await registry.stop();
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const LOOPBACK = '127.0.0.1';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Installs the Debian package when the command is missing; a one-line reason when that fails. */
export function ensureRegistryBinary() {
  const has = () => {
    try {
      execFileSync('sh', ['-c', 'command -v docker-registry'], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  };
  if (has()) return undefined;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const script of ['apt-get install -y docker-registry', 'apt-get update && apt-get install -y docker-registry']) {
    try {
      execFileSync('sh', ['-c', script], { stdio: 'pipe', env, timeout: 300_000 });
      if (has()) return undefined;
    } catch {
      // try the next way
    }
  }
  return 'docker-registry is not installed and `apt-get install -y docker-registry` failed';
}

function configYaml(port, storage) {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${LOOPBACK}:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    '',
  ].join('\n');
}

// Combined log format: 127.0.0.1 - - [date] "HEAD /v2/x/manifests/1.0 HTTP/1.1" 200 0 "" "undici"
const ACCESS = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) /;

/** utime + stime of a process in seconds (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function waitUntilServing(url, child, logs) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${logs().trim().split('\n').pop()}`);
    try {
      const res = await fetch(`${url}/v2/`);
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`docker-registry did not answer on ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startOn(port, storage, logDir) {
  const configPath = join(logDir, 'registry-config.yml');
  writeFileSync(configPath, configYaml(port, storage));
  const child = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let pending = '';
  const entries = [];
  child.stdout.on('data', (d) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const m = ACCESS.exec(line);
      if (m) entries.push({ method: m[1], path: m[2], status: Number(m[3]) });
    }
  });
  child.stderr.on('data', (d) => (tail = (tail + d.toString()).slice(-4000)));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const url = `http://${LOOPBACK}:${port}`;
  try {
    await waitUntilServing(url, child, () => tail);
  } catch (err) {
    child.kill('SIGKILL');
    process.off('exit', kill);
    throw err;
  }
  return {
    url,
    host: `${LOOPBACK}:${port}`,
    port,
    pid: child.pid,
    accessLog: () => entries.slice(),
    /** CPU time the registry process has used (user + system), from /proc. */
    cpuSeconds: () => cpuSeconds(child.pid),
    clearAccessLog: () => entries.splice(0),
    async stop() {
      if (child.exitCode === null) {
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
      }
      process.off('exit', kill);
    },
  };
}

/** Start the registry on a free port (another one if that port was taken in between). */
export async function startRegistry(storage, logDir) {
  mkdirSync(logDir, { recursive: true });
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOn(await freePort(), storage, logDir);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
