/**
 * The working tree's top and checked-out branch read from git's files give what git itself answers
 * (`rev-parse --show-toplevel`, `rev-parse --abbrev-ref HEAD`) on real checkouts made by git: a branch
 * with a slash, a subdirectory, packed refs, a detached HEAD, a branch without commits, a linked
 * worktree; and anything the files cannot settle is handed back to git.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedOutBranch, findCheckout, UNKNOWN, type GitCheckout } from '../../src/repo/git-dir.js';
import { currentBranch } from '../../src/repo/local-run.js';

let root: string;
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
/** What git answers, or undefined where it has no answer (as currentBranch takes it). */
const gitBranch = (dir: string) => {
  try {
    const name = git(dir, 'rev-parse', '--abbrev-ref', 'HEAD');
    return name === 'HEAD' ? undefined : name;
  } catch {
    return undefined;
  }
};
const gitTop = (dir: string) => realpathSync(git(dir, 'rev-parse', '--show-toplevel'));

function newRepo(name: string, branch = 'main'): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'k8s/apps'), { recursive: true });
  git(dir, 'init', '-q', '-b', branch);
  writeFileSync(join(dir, 'k8s/apps/app.yaml'), 'image: nginx:1.25.3\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'first');
  return dir;
}

async function checkout(dir: string): Promise<GitCheckout> {
  const found = await findCheckout(dir, {});
  if (found === undefined || found === UNKNOWN) throw new Error(`no checkout found at ${dir}`);
  return found;
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'upkeep-git-dir-')));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('read from the files, as git answers', () => {
  it('a clone on a branch with a slash, from its top and from a subdirectory', async () => {
    const dir = newRepo('slash', 'feature/flux-2.4');
    for (const at of [dir, join(dir, 'k8s/apps')]) {
      const found = await checkout(at);
      expect(found.top).toBe(gitTop(at));
      expect(await checkedOutBranch(found)).toBe(gitBranch(at));
      expect(await checkedOutBranch(found)).toBe('feature/flux-2.4');
    }
  });

  it('packed refs, a detached HEAD, a branch without commits', async () => {
    const dir = newRepo('states');
    git(dir, 'pack-refs', '--all');
    expect(await checkedOutBranch(await checkout(dir))).toBe('main');
    git(dir, 'checkout', '-q', '--detach');
    expect(gitBranch(dir)).toBeUndefined();
    expect(await checkedOutBranch(await checkout(dir))).toBeUndefined();
    git(dir, 'checkout', '-q', '--orphan', 'empty');
    expect(gitBranch(dir)).toBeUndefined();
    expect(await checkedOutBranch(await checkout(dir))).toBeUndefined();
  });

  it('a linked worktree: its own top and branch, refs from the main repository', async () => {
    const dir = newRepo('main-tree');
    const linked = join(root, 'linked-tree');
    git(dir, 'worktree', 'add', '-q', '-b', 'renovate/test', linked);
    const found = await checkout(join(linked, 'k8s'));
    expect(found.top).toBe(gitTop(linked));
    expect(await checkedOutBranch(found)).toBe('renovate/test');
    expect(await currentBranch(linked)).toBe('renovate/test');
  });

  it('no checkout: undefined, as git fails there', async () => {
    const plain = join(root, 'plain');
    mkdirSync(plain);
    // The temporary folder may itself sit inside a checkout on some machines: then both see that one.
    let gitSays: string | undefined;
    try {
      gitSays = gitTop(plain);
    } catch {
      gitSays = undefined;
    }
    const found = await findCheckout(plain, {});
    expect(found === undefined ? undefined : found === UNKNOWN ? 'unknown' : found.top).toBe(gitSays);
  });
});

describe('handed back to git', () => {
  it('when the environment moves the repository (GIT_DIR, GIT_WORK_TREE, …)', async () => {
    const dir = newRepo('env');
    expect(await findCheckout(dir, { GIT_DIR: join(dir, '.git') })).toBe(UNKNOWN);
    expect(await findCheckout(dir, { GIT_CEILING_DIRECTORIES: root })).toBe(UNKNOWN);
  });

  it('when HEAD names no branch file (the reftable store) or cannot be read', async () => {
    const dir = newRepo('reftable');
    const found = await checkout(dir);
    writeFileSync(join(dir, '.git/HEAD'), 'ref: refs/heads/.invalid\n');
    expect(await checkedOutBranch(found)).toBe(UNKNOWN);
    writeFileSync(join(dir, '.git/HEAD'), 'ref: refs/remotes/origin/main\n');
    expect(await checkedOutBranch(found)).toBe(UNKNOWN);
    // currentBranch then asks git, which has the last word.
    expect(await currentBranch(dir)).toBe(gitBranch(dir));
  });

  it('a `.git` file that names no gitdir', async () => {
    const dir = join(root, 'odd');
    mkdirSync(dir);
    writeFileSync(join(dir, '.git'), 'not a pointer\n');
    expect(await findCheckout(dir, {})).toBe(UNKNOWN);
  });
});
