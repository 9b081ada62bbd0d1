/**
 * What a local run asks of the working directory's git checkout — where the working tree starts and
 * which branch is checked out — read from the files git keeps (`.git`, `HEAD`, refs) instead of asking
 * a git process: each process costs the run ~5 ms of its own CPU to start, and these answers are a
 * file read away. Anything unusual (GIT_DIR in the environment, a HEAD that names something other than a
 * branch, the reftable ref store) answers `unknown`, and the caller asks git itself.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The caller should ask git: these files alone cannot say. */
export const UNKNOWN = Symbol('ask git');
type Unknown = typeof UNKNOWN;

export interface GitCheckout {
  /** The top of the working tree (the directory holding `.git`). */
  top: string;
  /** Where HEAD lives: `.git`, or for a linked worktree or submodule the directory its `gitdir:` names. */
  gitDir: string;
  /** Where refs live: `gitDir`, or the main repository's for a linked worktree (its `commondir`). */
  commonDir: string;
}

/** Environment variables that move the repository away from where `.git` says it is. */
const RELOCATING = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM'];

/** The checkout `dir` belongs to, found as git finds it (walking up to a `.git`); undefined when there is none. */
export async function findCheckout(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<GitCheckout | undefined | Unknown> {
  if (RELOCATING.some((name) => env[name] !== undefined)) return UNKNOWN;
  const device = (await stat(dir).catch(() => undefined))?.dev;
  if (device === undefined) return UNKNOWN;
  for (let at = resolve(dir); ; at = dirname(at)) {
    const found = await checkoutAt(at);
    if (found !== undefined) return found;
    // Git stops looking where another file system begins, and at the root.
    if (dirname(at) === at || (await stat(dirname(at)).catch(() => undefined))?.dev !== device) return undefined;
  }
}

async function checkoutAt(top: string): Promise<GitCheckout | undefined | Unknown> {
  const dotGit = join(top, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (!info) return undefined;
  let gitDir = dotGit;
  if (info.isFile()) {
    // A linked worktree or a submodule: `gitdir: <path>`, relative to the worktree.
    const m = /^gitdir: (.+)$/m.exec(await readFile(dotGit, 'utf8').catch(() => ''));
    if (!m) return UNKNOWN;
    gitDir = resolve(top, m[1]!.trim());
  } else if (!info.isDirectory()) return UNKNOWN;
  if (!(await stat(join(gitDir, 'HEAD')).catch(() => undefined))?.isFile()) return UNKNOWN;
  const common = (await readFile(join(gitDir, 'commondir'), 'utf8').catch(() => undefined))?.trim();
  const commonDir = common ? (isAbsolute(common) ? common : resolve(gitDir, common)) : gitDir;
  return { top, gitDir, commonDir };
}

/**
 * The branch checked out in `checkout`, as `git rev-parse --abbrev-ref HEAD` names it; undefined when
 * HEAD is detached or the branch has no commit yet (git has no answer then either).
 */
export async function checkedOutBranch(checkout: GitCheckout): Promise<string | undefined | Unknown> {
  const head = (await readFile(join(checkout.gitDir, 'HEAD'), 'utf8').catch(() => undefined))?.trim();
  if (head === undefined) return UNKNOWN;
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head)) return undefined; // detached
  const m = /^ref: refs\/heads\/(.+)$/.exec(head);
  // `refs/heads/.invalid` is what the reftable store writes: its refs are not files.
  if (!m || m[1] === '.invalid') return UNKNOWN;
  const name = m[1]!;
  return (await refExists(checkout.commonDir, `refs/heads/${name}`)) ? name : undefined;
}

async function refExists(commonDir: string, ref: string): Promise<boolean> {
  if ((await stat(join(commonDir, ref)).catch(() => undefined))?.isFile()) return true;
  const packed = await readFile(join(commonDir, 'packed-refs'), 'utf8').catch(() => '');
  return packed.split('\n').some((line) => line.endsWith(` ${ref}`) && !line.startsWith('#') && !line.startsWith('^'));
}
