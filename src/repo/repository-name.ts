/**
 * The `owner/name` of a working directory, for a run without a forge (`--platform local`, `validate`):
 * presets naming the repository itself are then read from the checkout. Taken from the `origin`
 * remote's URL when it is a forge URL; undefined for a path or no remote.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export async function repositoryNameOf(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['-C', dir, 'remote', 'get-url', 'origin'], { timeout: 5000 });
    return repositoryNameFromUrl(stdout.trim());
  } catch {
    return undefined;
  }
}

/** `repositoryNameOf(dir)`, asked on the first call only (a git process), for presets.ts's `repositoryName`. */
export function repositoryNameAsker(dir: string): () => Promise<string | undefined> {
  let asked: Promise<string | undefined> | undefined;
  return () => (asked ??= repositoryNameOf(dir));
}

/** `https://github.com/me/home-ops.git`, `git@github.com:me/home-ops.git`, `ssh://git@host:22/group/sub/repo` → the path. */
export function repositoryNameFromUrl(url: string): string | undefined {
  let path: string | undefined;
  const scp = /^[\w.-]+@[\w.-]+:(?!\/)(.+)$/.exec(url);
  if (scp) path = scp[1];
  else if (/^(https?|ssh|git):\/\//i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
  }
  const name = path
    ?.replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .trim();
  return name && /^[\w.~-]+(\/[\w.~-]+)+$/.test(name) ? name : undefined;
}
