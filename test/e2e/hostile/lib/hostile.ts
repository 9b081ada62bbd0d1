/**
 * What the hostile-input tests share: a repository written to a temp dir, a registry that wants the
 * operator's (canary) credentials, and the built CLI run as a child process with its peak memory read.
 *
 *   const registry = await basicRegistry({ 'home/web': ['1.25.3', '1.26.0'] });   // Basic auth, password CANARY
 *   const dir = writeRepo({ 'renovate.json': '{}', 'k8s/web.yaml': deployment('web', `${registry.host}/home/web:1.25.3`) });
 *   const run = await runCli(['run', '--platform', 'local', '--dry-run', dir], { heapMiB: 256 });
 *   … run.code, run.stdout, run.stderr, run.peakRssMiB, run.seconds …
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { canaryToken, SUITE_CANARY } from '../../../services/canary.js';
import { json, startFaultServer, status, type FaultServer } from '../../../services/fault-server.js';

export { SUITE_CANARY };

/** The operator's registry password in these tests: it must never show in anything a run writes or says. */
export const CANARY = canaryToken();
export const USER = 'bot';
export const BASIC = `Basic ${Buffer.from(`${USER}:${CANARY}`).toString('base64')}`;

export const CLI = resolve(import.meta.dirname, '../../../../dist/cli/main.js');

/** A fresh temp dir holding `files` (text or bytes), paths relative to it. */
export function writeRepo(files: Record<string, string | Buffer>, prefix = 'upkeep-hostile-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/**
 * A registry on loopback that lets in only `bot` with the canary password (Basic), and lists `tags` per
 * repository; manifests are not found (a lookup still proposes tags, with a warning about the source).
 */
export async function basicRegistry(tags: Record<string, string[]>): Promise<FaultServer> {
  const registry = await startFaultServer({});
  const guarded = (answer: () => ReturnType<typeof json>) => (req: { headers: Record<string, string> }) =>
    req.headers.authorization === BASIC ? answer() : status(401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="registry"' });
  registry.route({ path: '/v2/', handle: guarded(() => json({})) });
  for (const [repository, list] of Object.entries(tags)) {
    registry.route({ path: `/v2/${repository}/tags/list`, handle: guarded(() => json({ name: repository, tags: list })) });
  }
  return registry;
}

/** The operator's global config for `registries` (plain HTTP on loopback, Basic credentials with the canary). */
export function operatorConfig(...registries: FaultServer[]): { hostRules: Array<Record<string, unknown>> } {
  return { hostRules: registries.map((r) => ({ matchHost: r.host, insecureRegistry: true, username: USER, password: CANARY })) };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** The child's peak resident set (VmHWM), MiB; undefined where /proc cannot tell (not Linux). */
  peakRssMiB: number | undefined;
}

/**
 * `node [--max-old-space-size=heapMiB] dist/cli/main.js …args`, its output captured and its peak RSS read
 * from /proc while it runs (VmHWM only grows: the last reading is the peak, give or take the last 20 ms).
 */
export function runCli(args: string[], options: { heapMiB?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  const nodeArgs = [...(options.heapMiB ? [`--max-old-space-size=${options.heapMiB}`] : []), CLI, ...args];
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs, { env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let peakKiB: number | undefined;
  const readPeak = () => {
    try {
      const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKiB = Math.max(peakKiB ?? 0, Number(m[1]));
    } catch {
      // gone already, or no /proc
    }
  };
  const poll = setInterval(readPeak, 20);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      // Output may still be in the pipes: wait for both to close.
      let open = 2;
      const done = () => {
        if (--open === 0) resolvePromise({ code, stdout, stderr, seconds: (performance.now() - started) / 1000, peakRssMiB: peakKiB && peakKiB / 1024 });
      };
      if (child.stdout.closed) done();
      else child.stdout.once('close', done);
      if (child.stderr.closed) done();
      else child.stderr.once('close', done);
    });
  });
}

/**
 * Everything `text` shows of a secret: the canary itself, the Basic credential it is part of, and the
 * canary prefix anywhere (another test's canary). Empty when clean.
 */
export function secretsIn(text: string): string[] {
  return [CANARY, BASIC.slice('Basic '.length), SUITE_CANARY].filter((s) => text.includes(s));
}
