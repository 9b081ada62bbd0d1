/**
 * Branch names and paths reach git as data only. Names come from plans built out of registry answers
 * (tags, image paths); one like `--upload-pack=x` or `$(id)` must never become an option or a command.
 * Checked here with git's own rules plus ours (no leading `-`, no control characters).
 */
import { GitError } from '../util/errors.js';

// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `name` if it is a safe branch name (Git's check-ref-format rules), else a GitError. */
export function checkBranchName(name: string): string {
  const bad =
    name.length === 0 ||
    name.startsWith('-') ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name.endsWith('.lock') ||
    name.includes('..') ||
    name.includes('//') ||
    name.includes('@{') ||
    name === '@' ||
    CONTROL.test(name) ||
    // Branch names Upkeep makes are slugs: anything else (spaces, quotes, `$(`, `~^:?*[\\`) is refused.
    !/^[A-Za-z0-9._/+-]+$/.test(name) ||
    name.split('/').some((part) => part.startsWith('.'));
  if (bad) throw new GitError('check-ref-format', `refusing the branch name ${JSON.stringify(name)}`);
  return name;
}

/** `path` if it is a safe repository-relative file path, else a GitError. */
export function checkFilePath(path: string): string {
  const parts = path.split('/');
  if (path.startsWith('-') || path.startsWith('/') || CONTROL.test(path) || parts.some((p) => p === '' || p === '.' || p === '..' || p === '.git')) {
    throw new GitError('update-index', `refusing the path ${JSON.stringify(path)}`);
  }
  return path;
}
