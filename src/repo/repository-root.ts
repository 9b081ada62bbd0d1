/**
 * Whether a directory is the repository it seems to be. A run on a subdirectory of a git repository
 * takes the subdirectory for the repository: its paths start there and the repository's own config at
 * the root is not read. That is a fine way to try Upkeep on a folder, and a silent surprise when the
 * root has a config that the user expects to apply — then it is said, once.
 */
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { promisify } from 'node:util';
import { findConfigFiles } from '../config/discover.js';
import { findCheckout, UNKNOWN } from './git-dir.js';

/** A warning when `dir` is below the top of its git working tree and the top has a config `dir` lacks. */
export async function subdirectoryWarning(dir: string): Promise<string | undefined> {
  const checkout = await findCheckout(dir);
  // Not in a git working tree: the directory is the repository.
  const top = checkout === UNKNOWN ? await topFromGit(dir) : checkout?.top;
  if (!top || (await realpath(top)) === (await realpath(dir))) return undefined;
  const [rootConfig] = await findConfigFiles(top);
  if (!rootConfig || (await findConfigFiles(dir)).length > 0) return undefined;
  return `${dir} is a subdirectory of the git repository at ${top}, whose config (${rootConfig}) is not read here: run on ${top} to apply it`;
}

async function topFromGit(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['-C', dir, 'rev-parse', '--show-toplevel'], {
      timeout: 5000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
