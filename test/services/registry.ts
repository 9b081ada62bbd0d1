/**
 * A real OCI registry (Debian's `docker-registry`, distribution v2.8) on a free loopback port, for tests.
 *
 *   const registry = await startRegistry({ auth: 'token' });
 *   … registry.url, registry.hostRules(), pushImage(registry, 'team/app', '1.0.0') …
 *   await registry.stop();
 *
 * Auth modes: `none`; `basic` (htpasswd file made with `htpasswd -B`); `token` (a token server from
 * `token-server.ts`, signing with a key made by `openssl` at start, whose certificate the registry trusts).
 * The programs come from `scripts/setup-test-services.sh`; nothing is installed from a test.
 * Storage is in memory unless `storage: 'filesystem'` (a temp dir removed on stop).
 *
 * Distribution v2.8 ignores `n`/`last` on `tags/list` (it always returns every tag): tests of pagination put
 * `paginateTags` from `fault-server.ts` in front of it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostRule } from '../../src/http/host-rules.js';
import { assertCommands } from './commands.js';
import { LOOPBACK, startOnFreePort } from './free-port.js';
import { startTokenServer, type RegistryUser, type TokenServer } from './token-server.js';

export type { RegistryUser } from './token-server.js';

export type RegistryAuthMode = 'none' | 'basic' | 'token';

export interface StartRegistryOptions {
  auth?: RegistryAuthMode;
  /** Users for `basic` and `token` (default: one user `upkeep` with a random password). */
  users?: RegistryUser[];
  /** `token` only: anonymous clients may pull (like public images on Docker Hub or GHCR). */
  anonymousPull?: boolean;
  /** `token` only: token lifetime in seconds (default 300). */
  tokenExpiresIn?: number;
  storage?: 'memory' | 'filesystem';
}

export interface TestRegistry {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`: the registry part of image names (`127.0.0.1:5000/team/app`). */
  host: string;
  port: number;
  auth: RegistryAuthMode;
  users: RegistryUser[];
  tokenServer?: TokenServer;
  /** An Authorization header value that may push and pull `repository` (for seeding), if auth is on. */
  pushAuthorization(repository: string): string | undefined;
  /** Host rules for Upkeep's HTTP client: plain http, and the credentials of `user` (default: the first). */
  hostRules(user?: RegistryUser | null): HostRule[];
  stop(): Promise<void>;
}

/** The programs a registry with this auth mode needs (gate tests with `requireCommands(registryCommands(…))`). */
export function registryCommands(auth: RegistryAuthMode = 'none'): string[] {
  return ['docker-registry', ...(auth === 'basic' ? ['htpasswd'] : []), ...(auth === 'token' ? ['openssl'] : [])];
}

function basic(user: RegistryUser): string {
  return `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
}

function configYaml(port: number, authBlock: string, storage: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    storage,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${LOOPBACK}:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    authBlock,
  ].join('\n');
}

async function waitUntilServing(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${logs().trim().split('\n').pop()}`);
    try {
      const res = await fetch(`${url}/v2/`);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`docker-registry did not answer on ${url}: ${logs().trim().split('\n').pop()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Start a registry; its tests are gated with `requireCommands(registryCommands(auth))` (`require.ts`). */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const auth = options.auth ?? 'none';
  assertCommands(registryCommands(auth));
  const users = options.users ?? [{ username: 'upkeep', password: randomBytes(12).toString('hex') }];
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-registry-'));
  let tokenServer: TokenServer | undefined;
  let authBlock = '';
  if (auth === 'basic') {
    const htpasswd = join(dir, 'htpasswd');
    const lines = users.map((u) => execFileSync('htpasswd', ['-nbB', u.username, u.password], { encoding: 'utf8' }).trim());
    writeFileSync(htpasswd, `${lines.join('\n')}\n`);
    authBlock = ['auth:', '  htpasswd:', '    realm: upkeep-test-registry', `    path: ${htpasswd}`].join('\n');
  } else if (auth === 'token') {
    const tokenOptions = { dir, service: 'upkeep-test-registry', issuer: 'upkeep-test-token-server', users, anonymousPull: options.anonymousPull ?? false };
    tokenServer = await startTokenServer(options.tokenExpiresIn !== undefined ? { ...tokenOptions, expiresIn: options.tokenExpiresIn } : tokenOptions);
    authBlock = [
      'auth:',
      '  token:',
      `    realm: ${tokenServer.realm}`,
      `    service: ${tokenServer.service}`,
      `    issuer: ${tokenServer.issuer}`,
      `    rootcertbundle: ${tokenServer.certPath}`,
    ].join('\n');
  }
  const storageDir = join(dir, 'storage');
  const storage = options.storage === 'filesystem' ? `  filesystem:\n    rootdirectory: ${storageDir}` : '  inmemory: {}';

  let child: ChildProcess | undefined;
  let output = '';
  const killChild = () => child?.kill('SIGKILL');
  try {
    const port = await startOnFreePort(async (p) => {
      const configPath = join(dir, 'config.yml');
      writeFileSync(configPath, configYaml(p, authBlock, storage));
      output = '';
      child = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
      child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
      process.once('exit', killChild);
      try {
        await waitUntilServing(`http://${LOOPBACK}:${p}`, child, () => output);
      } catch (err) {
        child.kill('SIGKILL');
        process.off('exit', killChild);
        throw err;
      }
      return p;
    });
    const host = `${LOOPBACK}:${port}`;
    const registry: TestRegistry = {
      url: `http://${host}`,
      host,
      port,
      auth,
      users,
      pushAuthorization(repository) {
        if (auth === 'basic') return basic(users[0]!);
        if (auth === 'token') return `Bearer ${tokenServer!.issue([{ type: 'repository', name: repository, actions: ['pull', 'push'] }], users[0]!.username)}`;
        return undefined;
      },
      hostRules(user) {
        const rule: HostRule = { hostType: 'docker', matchHost: host, insecureRegistry: true };
        const chosen = user === null ? undefined : (user ?? (auth === 'none' ? undefined : users[0]));
        if (chosen) Object.assign(rule, { username: chosen.username, password: chosen.password });
        return [rule];
      },
      async stop() {
        const running = child;
        if (running && running.exitCode === null) {
          await new Promise<void>((resolve) => {
            running.once('exit', () => resolve());
            running.kill('SIGTERM');
          });
        }
        process.off('exit', killChild);
        await tokenServer?.stop();
        if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
      },
    };
    if (tokenServer) registry.tokenServer = tokenServer;
    return registry;
  } catch (err) {
    await tokenServer?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
