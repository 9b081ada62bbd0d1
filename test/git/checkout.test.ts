/**
 * The write stage's git against a real git smart-HTTP server with Basic auth: clone and bot branches,
 * building and pushing a branch, reruns that push nothing, leases that never overwrite someone else's
 * push, the modified / behind / conflict checks, fast-forward and delete, hostile names, a fresh
 * container's environment, and a token that never shows up anywhere.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobId, GitCheckout } from '../../src/git/index.js';
import { Redactor } from '../../src/util/redact.js';
import { BranchMovedError, GitError } from '../../src/util/errors.js';
import { GIT_TEST_ENV, git, GitHttpServer } from '../services/git-http.js';

const TOKEN = `canary-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
const BOT = { name: 'Upkeep Bot', email: 'bot@upkeep.example' };
const AT = new Date('2026-06-01T12:00:00Z');
let server: GitHttpServer;
let url: string;
const work = mkdtempSync(join(tmpdir(), 'upkeep-git-test-'));
const opened: GitCheckout[] = [];
const errors: string[] = [];

/** A working clone for "humans": pushes commits as someone else. */
async function human(message: string, file: string, content: string, branch = 'main'): Promise<string> {
  const dir = mkdtempSync(join(work, 'human-'));
  const env = {
    ...GIT_TEST_ENV,
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${new URL(url).origin}/.extraHeader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`human:human-pass`).toString('base64')}`,
  };
  await git(['clone', '--quiet', '--branch', branch, url, dir], { env });
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), content);
  await git(['add', '-A'], { cwd: dir, env });
  await git(['commit', '--quiet', '-m', message], { cwd: dir, env });
  await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], { cwd: dir, env });
  return (await git(['rev-parse', 'HEAD'], { cwd: dir, env })).trim();
}

async function clone(prefix = 'upkeep/'): Promise<GitCheckout> {
  const checkout = await GitCheckout.clone({
    url,
    credentials: { username: 'upkeep-bot', password: TOKEN },
    baseBranches: ['main'],
    branchPrefix: prefix,
    redactor: new Redactor(),
    parentDir: work,
  });
  opened.push(checkout);
  return checkout;
}

async function caught<T>(promise: Promise<T>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    errors.push((err as Error).message);
    return err as Error;
  }
  throw new Error('expected an error');
}

beforeAll(async () => {
  server = new GitHttpServer({ users: { 'upkeep-bot': TOKEN, human: 'human-pass' } });
  await server.start();
  url = await server.createRepo('home/cluster');
  await server.commit('home/cluster', 'initial');
  await human('web', 'k8s/web.yaml', 'image: nginx:1.25.3\n');
  await human('second', 'k8s/db.yaml', 'image: postgres:16.1\n');
});

afterAll(async () => {
  for (const c of opened) await c.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('GitCheckout', () => {
  it('names a blob as git does, and lists what a commit changes against another with modes and blob ids', async () => {
    const text = 'image: ghcr.io/home/app:1.2.3 # café ✓\n';
    const stdinHash = (await git(['hash-object', '--stdin'], { cwd: work, input: text })).trim();
    expect(blobId(text, stdinHash)).toBe(stdinHash);
    expect(blobId('', stdinHash)).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');

    const checkout = await clone();
    const base = (await checkout.branchSha('main'))!;
    const files = new Map([
      ['k8s/web.yaml', 'image: nginx:1.27.0\n'],
      ['k8s/db.yaml', 'image: postgres:16.2\n'],
    ]);
    const built = await checkout.buildCommit({ parent: base, files, message: 'two files', author: BOT, date: AT });
    const changed = await checkout.changedFiles(base, built.sha);
    expect([...changed.keys()].sort()).toEqual(['k8s/db.yaml', 'k8s/web.yaml']);
    for (const [path, content] of files) {
      expect(changed.get(path)).toMatchObject({ oldMode: '100644', newMode: '100644', newBlob: blobId(content, base) });
    }
    expect((await checkout.changedFiles(base, base)).size).toBe(0);
  });

  it('clones the base branch (working tree checked out) and the bot branches, builds and pushes a branch, and a rebuild of the same content is the same commit', async () => {
    const checkout = await clone();
    expect(readFileSync(join(checkout.dir, 'k8s/web.yaml'), 'utf8')).toBe('image: nginx:1.25.3\n');
    const base = (await checkout.branchSha('main'))!;
    const files = new Map([['k8s/web.yaml', 'image: nginx:1.27.0\n']]);
    const built = await checkout.buildCommit({ parent: base, files, message: 'chore(deps): update nginx to v1.27.0', author: BOT, date: AT });
    expect(await checkout.readFile(built.sha, 'k8s/web.yaml')).toBe('image: nginx:1.27.0\n');
    expect(await checkout.readFile(built.sha, 'k8s/db.yaml')).toBe('image: postgres:16.1\n');
    expect(readFileSync(join(checkout.dir, 'k8s/web.yaml'), 'utf8')).toBe('image: nginx:1.25.3\n');
    await checkout.push('upkeep/nginx-1.x', built.sha, undefined);

    const again = await clone();
    expect(await again.botBranches()).toEqual(new Map([['upkeep/nginx-1.x', built.sha]]));
    const rebuilt = await again.buildCommit({ parent: base, files, message: 'chore(deps): update nginx to v1.27.0', author: BOT, date: AT });
    expect(rebuilt).toEqual(built);
    expect(await again.authorsSince('refs/remotes/origin/main', 'refs/remotes/origin/upkeep/nginx-1.x')).toEqual([BOT.email]);
  });

  it('a push with a stale lease never overwrites what someone else pushed', async () => {
    const checkout = await clone();
    const seen = (await checkout.branchSha('upkeep/nginx-1.x'))!;
    const theirs = await human('a fix by hand', 'k8s/web.yaml', 'image: nginx:1.27.1\n', 'upkeep/nginx-1.x');
    const base = (await checkout.branchSha('main'))!;
    const mine = await checkout.buildCommit({
      parent: base,
      files: new Map([['k8s/web.yaml', 'image: nginx:1.28.0\n']]),
      message: 'update',
      author: BOT,
      date: AT,
    });
    const error = await caught(checkout.push('upkeep/nginx-1.x', mine.sha, seen));
    expect(error).toBeInstanceOf(BranchMovedError);
    expect(error.message).toBe('git push: upkeep/nginx-1.x moved since it was read (someone else pushed): not overwritten');
    const fresh = await clone();
    expect(await fresh.branchSha('upkeep/nginx-1.x')).toBe(theirs);
    // Their commit makes the branch "modified": an author other than the bot.
    expect(await fresh.authorsSince('refs/remotes/origin/main', 'refs/remotes/origin/upkeep/nginx-1.x')).toEqual(
      expect.arrayContaining(['committer@example.com', BOT.email]),
    );
    // A new branch's lease says "must not exist".
    await expect(fresh.push('upkeep/nginx-1.x', mine.sha, undefined)).rejects.toBeInstanceOf(BranchMovedError);
  });

  it('knows when a branch is behind its base or conflicts with it; fast-forwards the base; deletes with a lease', async () => {
    const checkout = await clone();
    const base = (await checkout.branchSha('main'))!;
    const db = await checkout.buildCommit({
      parent: base,
      files: new Map([['k8s/db.yaml', 'image: postgres:16.2\n']]),
      message: 'update postgres',
      author: BOT,
      date: AT,
    });
    await checkout.push('upkeep/postgres-16.x', db.sha, undefined);
    expect(await checkout.branchHistory(base, db.sha)).toEqual({ emails: [BOT.email], behind: false });
    await human('base moves: web changed', 'k8s/web.yaml', 'image: nginx:1.25.4\n');
    const moved = await clone();
    const tip = (await moved.branchSha('main'))!;
    expect(await moved.isAncestor(tip, db.sha)).toBe(false);
    // The base's new commit (by someone else) makes the branch behind; its own authors stay the bot alone.
    expect(await moved.branchHistory(tip, db.sha)).toEqual({ emails: [BOT.email], behind: true });
    expect(await moved.conflicts('refs/remotes/origin/main', 'refs/remotes/origin/upkeep/postgres-16.x')).toBe(false);
    await human('base moves: db changed too', 'k8s/db.yaml', 'image: postgres:16.3\n');
    const conflicted = await clone();
    expect(await conflicted.conflicts('refs/remotes/origin/main', 'refs/remotes/origin/upkeep/postgres-16.x')).toBe(true);

    // Fast-forward: only when the base is in the branch's history.
    const newTip = (await conflicted.branchSha('main'))!;
    expect(await caught(conflicted.fastForward('main', db.sha))).toBeInstanceOf(GitError);
    const onTop = await conflicted.buildCommit({
      parent: newTip,
      files: new Map([['k8s/db.yaml', 'image: postgres:16.4\n']]),
      message: 'update postgres',
      author: BOT,
      date: AT,
    });
    await conflicted.push('upkeep/postgres-16.x', onTop.sha, db.sha);
    await conflicted.fastForward('main', onTop.sha);
    const after = await clone();
    expect(await after.branchSha('main')).toBe(onTop.sha);
    await expect(after.deleteBranch('upkeep/postgres-16.x', db.sha)).rejects.toBeInstanceOf(BranchMovedError);
    await after.deleteBranch('upkeep/postgres-16.x', onTop.sha);
    expect((await (await clone()).botBranches()).has('upkeep/postgres-16.x')).toBe(false);
  });

  it('a cache directory keeps the clone between runs: the next run fetches only what changed, and branches deleted upstream are gone', async () => {
    const cacheDir = mkdtempSync(join(work, 'cache-'));
    const cached = (prefix = 'upkeep/') =>
      GitCheckout.clone({
        url,
        credentials: { username: 'upkeep-bot', password: TOKEN },
        baseBranches: ['main'],
        branchPrefix: prefix,
        redactor: new Redactor(),
        cacheDir,
      });
    const first = await cached();
    const base = (await first.branchSha('main'))!;
    const built = await first.buildCommit({
      parent: base,
      files: new Map([['k8s/cache.yaml', 'image: redis:7.2.5\n']]),
      message: 'redis',
      author: BOT,
      date: AT,
    });
    await first.push('upkeep/redis-7.x', built.sha, undefined);
    await first.close();
    const [kept] = readdirSync(cacheDir);
    expect(kept).toMatch(/^127\.0\.0\.1-\d+-home-cluster-[0-9a-f]{12}$/);
    // A marker in the kept clone shows the next run reuses it rather than cloning again.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(cacheDir, kept!, '.git', 'upkeep-test-marker'), 'x');

    const moved = await human('base moves on', 'k8s/extra.yaml', 'image: busybox:1.36\n');
    const second = await cached();
    expect(existsSync(join(cacheDir, kept!, '.git', 'upkeep-test-marker'))).toBe(true);
    expect(await second.branchSha('main')).toBe(moved);
    expect(readFileSync(join(second.dir, 'k8s/extra.yaml'), 'utf8')).toBe('image: busybox:1.36\n');
    expect((await second.botBranches()).get('upkeep/redis-7.x')).toBe(built.sha);
    await second.close();
    // Someone deletes the bot's branch on the server: the cached clone must forget it (fetch --prune).
    const env = {
      ...GIT_TEST_ENV,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${new URL(url).origin}/.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from('human:human-pass').toString('base64')}`,
    };
    await git(['push', '--quiet', url, '--delete', 'upkeep/redis-7.x'], { cwd: second.dir, env });

    const third = await cached();
    expect((await third.botBranches()).has('upkeep/redis-7.x')).toBe(false);
    await third.close();
    // A clone of another origin under that name is not trusted: cloned afresh.
    await git(['remote', 'set-url', 'origin', 'https://elsewhere.example/x.git'], { cwd: join(cacheDir, kept!) });
    const fourth = await cached();
    expect(existsSync(join(cacheDir, kept!, '.git', 'upkeep-test-marker'))).toBe(false);
    expect(await fourth.branchSha('main')).toBe(moved);
    await fourth.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('refuses hostile names as data, never as options', async () => {
    const checkout = await clone();
    const base = (await checkout.branchSha('main'))!;
    const built = await checkout.buildCommit({
      parent: base,
      files: new Map([['k8s/web.yaml', 'x\n']]),
      message: '--upload-pack=touch /tmp/pwned $(id)',
      author: BOT,
      date: AT,
    });
    expect((await git(['log', '-1', '--format=%s', built.sha], { cwd: checkout.dir })).trim()).toBe('--upload-pack=touch /tmp/pwned $(id)');
    for (const name of ['--upload-pack=touch /tmp/pwned', 'upkeep/$(id)', 'upkeep/../main', 'upkeep/a b', 'upkeep/x\nmain', '-x']) {
      expect(await caught(checkout.push(name, built.sha, undefined))).toBeInstanceOf(GitError);
    }
    for (const path of ['../outside', '-rf', '.git/config', '/etc/passwd']) {
      expect(await caught(checkout.buildCommit({ parent: base, files: new Map([[path, 'x']]), message: 'm', author: BOT, date: AT }))).toBeInstanceOf(GitError);
    }
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('works with an empty HOME and no git config, and fails fast (no prompt) with a wrong token', async () => {
    const home = mkdtempSync(join(work, 'home-'));
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = home;
    try {
      const checkout = await clone();
      expect(await checkout.branchSha('main')).toMatch(/^[0-9a-f]{40}$/);
      const started = performance.now();
      const wrong = await caught(
        GitCheckout.clone({
          url,
          credentials: { username: 'upkeep-bot', password: 'wrong-token' },
          baseBranches: ['main'],
          branchPrefix: 'upkeep/',
          redactor: new Redactor(),
          parentDir: work,
          timeoutMs: 20_000,
        }),
      );
      expect(wrong).toBeInstanceOf(GitError);
      expect(wrong.message).toMatch(/^git clone: /);
      expect(wrong.message).not.toContain('wrong-token');
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it('never writes the token into the clone, an error or a URL; sends it only as Basic auth to its own server', async () => {
    const checkout = await clone();
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(checkout.dir);
    const basic = Buffer.from(`upkeep-bot:${TOKEN}`).toString('base64');
    for (const file of files) {
      const content = readFileSync(file);
      expect(content.includes(TOKEN), file).toBe(false);
      expect(content.includes(basic), file).toBe(false);
    }
    for (const message of errors) expect(message).not.toContain(TOKEN);
    const botRequests = server.requests.filter((r) => r.authorization?.includes(basic));
    expect(botRequests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => !r.path.includes(TOKEN))).toBe(true);
  });
});
