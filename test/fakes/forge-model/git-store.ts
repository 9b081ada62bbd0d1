/**
 * The git side of the fake forges: one bare repository per forge repository, under a temp dir, read and
 * written with git plumbing only (no work tree). Branches and commits are whatever git says: the API
 * reads them from here on every request, so a push over smart HTTP is seen at once.
 *
 * Commit dates come from a counter (one minute apart from 2024-01-01), so shas are reproducible for the
 * same sequence of operations and no test depends on the wall clock.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIT_TEST_ENV } from '../../services/git-http.js';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface CommitInfo {
  sha: string;
  parents: string[];
  author: GitIdentity;
  committer: GitIdentity;
  message: string;
}

export interface FileCommit {
  branch: string;
  /** Path → new content; `null` deletes the file. */
  files: Record<string, string | null>;
  message: string;
  author: GitIdentity;
  committer?: GitIdentity;
  /** The parent commit (default: the branch's head; none for a new branch without `parent`). */
  parent?: string;
}

export type MergeTreeResult = { clean: true; tree: string } | { clean: false; conflicts: string[] };

/** Refs and paths from tests only, but never let one be read as an option. */
function safeRef(ref: string): string {
  if (!ref || ref.startsWith('-') || /[\s\0]/.test(ref)) throw new Error(`fake forge: "${ref}" is not a usable ref`);
  return ref;
}

export class GitStore {
  readonly root: string;
  private minutes = 0;
  private readonly merges = new Map<string, MergeTreeResult>();

  constructor(root?: string) {
    this.root = root ?? mkdtempSync(join(tmpdir(), 'upkeep-forge-'));
  }

  /** The bare repository of `owner/name` (lower case on disk, as forges resolve names case-insensitively). */
  repoDir(fullName: string): string {
    return join(this.root, `${fullName.toLowerCase()}.git`);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** The next commit date: one minute after the previous one. */
  nextDate(): string {
    return new Date(Date.UTC(2024, 0, 1, 0, this.minutes++)).toISOString();
  }

  /** Runs git in a repository (`cwd` = the bare dir unless given); rejects with stderr and the exit code. */
  run(
    fullName: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; okCodes?: number[] } = {},
  ): Promise<{ stdout: string; code: number }> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        { cwd: options.cwd ?? this.repoDir(fullName), env: { ...GIT_TEST_ENV, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
          if (err && !(options.okCodes ?? []).includes(code)) reject(new Error(`git ${args.join(' ')}: ${stderr.trim() || err.message}`));
          else resolve({ stdout, code });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  }

  async git(fullName: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
    return (await this.run(fullName, args, env ? { env } : {})).stdout.trim();
  }

  async init(fullName: string, defaultBranch: string): Promise<void> {
    const dir = this.repoDir(fullName);
    mkdirSync(dir, { recursive: true });
    await this.run(fullName, ['init', '--bare', '--quiet', `--initial-branch=${safeRef(defaultBranch)}`, dir], { cwd: this.root });
  }

  /** Every branch and its head. */
  async branches(fullName: string): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const [ref, sha] of readRefs(this.repoDir(fullName), 'refs/heads/')) map.set(ref.slice('refs/heads/'.length), sha);
    return map;
  }

  async branchSha(fullName: string, branch: string): Promise<string | undefined> {
    return readRef(this.repoDir(fullName), `refs/heads/${safeRef(branch)}`);
  }

  /** The commit `ref` (branch, tag or sha) names, or undefined. */
  async resolve(fullName: string, ref: string): Promise<string | undefined> {
    // A plain branch name that is not also a tag (git would take the tag): read from disk, no process.
    const dir = this.repoDir(fullName);
    if (/^[\w./-]+$/.test(ref) && !/^[0-9a-f]{40}$/.test(ref) && ref !== 'HEAD' && !ref.startsWith('refs/') && readRef(dir, `refs/tags/${ref}`) === undefined) {
      const sha = readRef(dir, `refs/heads/${ref}`);
      if (sha) return sha;
    }
    const { stdout, code } = await this.run(fullName, ['rev-parse', '--verify', '--quiet', `${safeRef(ref)}^{commit}`], { okCodes: [1, 128] });
    return code === 0 ? stdout.trim() : undefined;
  }

  /** One commit on `branch` changing `files`; moves the branch (compare-and-swap on its old head). */
  async commit(fullName: string, input: FileCommit): Promise<string> {
    const old = await this.branchSha(fullName, input.branch);
    const parent = input.parent ?? old;
    const index = join(mkdtempSync(join(tmpdir(), 'upkeep-index-')), 'index');
    const env = { GIT_INDEX_FILE: index };
    try {
      if (parent) await this.run(fullName, ['read-tree', parent], { env });
      else await this.run(fullName, ['read-tree', '--empty'], { env });
      for (const [path, content] of Object.entries(input.files)) {
        if (content === null) {
          await this.run(fullName, ['update-index', '--force-remove', '--', path], { env });
          continue;
        }
        const blob = (await this.run(fullName, ['hash-object', '-w', '--stdin'], { input: content })).stdout.trim();
        await this.run(fullName, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
      }
      const tree = (await this.run(fullName, ['write-tree'], { env })).stdout.trim();
      const sha = await this.commitTree(fullName, tree, parent ? [parent] : [], input.message, input.author, input.committer ?? input.author);
      await this.updateRef(fullName, input.branch, sha, old);
      return sha;
    } finally {
      rmSync(join(index, '..'), { recursive: true, force: true });
    }
  }

  async commitTree(fullName: string, tree: string, parents: string[], message: string, author: GitIdentity, committer: GitIdentity): Promise<string> {
    const date = this.nextDate();
    const env = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: date,
    };
    return (await this.run(fullName, ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])], { env, input: message })).stdout.trim();
  }

  /** Moves (or creates) a branch; with `oldSha` only when it still points there ('' = must not exist). */
  async updateRef(fullName: string, branch: string, sha: string, oldSha?: string): Promise<void> {
    const args = ['update-ref', `refs/heads/${safeRef(branch)}`, sha];
    if (oldSha !== undefined) args.push(oldSha || '0'.repeat(40));
    await this.run(fullName, args);
  }

  async deleteBranch(fullName: string, branch: string): Promise<void> {
    await this.run(fullName, ['update-ref', '-d', `refs/heads/${safeRef(branch)}`]);
  }

  /** A file's text at `ref`, or null when the ref or the file does not exist (or is a directory). */
  async readFile(fullName: string, ref: string, path: string): Promise<string | null> {
    const spec = `${safeRef(ref)}:${path.replace(/^\/+/, '')}`;
    const { stdout, code } = await this.run(fullName, ['cat-file', 'blob', spec], { okCodes: [1, 128] });
    return code === 0 ? stdout : null;
  }

  /** The blob sha of a file at `ref` (the contents API reports it), or undefined. */
  async blobSha(fullName: string, ref: string, path: string): Promise<string | undefined> {
    const { stdout, code } = await this.run(fullName, ['rev-parse', '--verify', '--quiet', `${safeRef(ref)}:${path.replace(/^\/+/, '')}`], {
      okCodes: [1, 128],
    });
    return code === 0 ? stdout.trim() : undefined;
  }

  async isAncestor(fullName: string, ancestor: string, descendant: string): Promise<boolean> {
    const { code } = await this.run(fullName, ['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [1] });
    return code === 0;
  }

  /** A three-way merge of two commits without touching any ref (`git merge-tree --write-tree`, git ≥ 2.38). */
  async mergeTree(fullName: string, ours: string, theirs: string): Promise<MergeTreeResult> {
    // Two commits always merge the same way: answered once per pair (PR reads ask on every request).
    const key = `${fullName.toLowerCase()}\0${ours}\0${theirs}`;
    const known = SHA.test(ours) && SHA.test(theirs) ? this.merges.get(key) : undefined;
    if (known) return known;
    const result = await this.computeMergeTree(fullName, ours, theirs);
    if (SHA.test(ours) && SHA.test(theirs)) this.merges.set(key, result);
    return result;
  }

  private async computeMergeTree(fullName: string, ours: string, theirs: string): Promise<MergeTreeResult> {
    const { stdout, code } = await this.run(fullName, ['merge-tree', '--write-tree', '--name-only', '--no-messages', ours, theirs], { okCodes: [1] });
    const [tree = '', ...files] = stdout.split('\n').filter(Boolean);
    return code === 0 ? { clean: true, tree } : { clean: false, conflicts: [...new Set(files)] };
  }

  async treeOf(fullName: string, commit: string): Promise<string> {
    return this.git(fullName, ['rev-parse', `${commit}^{tree}`]);
  }

  async commitInfo(fullName: string, sha: string): Promise<CommitInfo> {
    const out = await this.git(fullName, ['show', '-s', '--format=%H%n%P%n%an%n%ae%n%cn%n%ce%n%B', sha]);
    const [hash = '', parents = '', an = '', ae = '', cn = '', ce = '', ...message] = out.split('\n');
    return {
      sha: hash,
      parents: parents.split(' ').filter(Boolean),
      author: { name: an, email: ae },
      committer: { name: cn, email: ce },
      message: message.join('\n').trim(),
    };
  }

  /** Commits reachable from `head` and not from `base`, oldest first. */
  async commitsBetween(fullName: string, base: string, head: string): Promise<CommitInfo[]> {
    const list = await this.git(fullName, ['rev-list', '--reverse', '--topo-order', `${base}..${head}`]);
    return Promise.all(
      list
        .split('\n')
        .filter(Boolean)
        .map((sha) => this.commitInfo(fullName, sha)),
    );
  }
}

/*
 * Refs read from the bare repository's files rather than by a git process: the API reads branch heads on
 * nearly every request, and each process started from a test worker of a few hundred MB costs ~15 ms.
 * Git's `files` ref store: a loose ref is a file holding the sha (written by lock file and rename, so a
 * read sees the old or the new value); packed refs are lines `<sha> <refname>` in `packed-refs`, each
 * overridden by a loose file of the same name.
 */
const SHA = /^[0-9a-f]{40}$/;

function packedRefs(dir: string): Map<string, string> {
  const refs = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(dir, 'packed-refs'), 'utf8');
  } catch {
    return refs;
  }
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('^')) continue;
    const [sha = '', name = ''] = line.split(' ');
    if (SHA.test(sha)) refs.set(name, sha);
  }
  return refs;
}

/** The sha a ref points at (symbolic refs followed), or undefined when it does not exist. */
function readRef(dir: string, name: string, depth = 0): string | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(join(dir, name), 'utf8').trim();
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    if (SHA.test(text)) return text;
    if (text.startsWith('ref: ') && depth < 5) return readRef(dir, text.slice(5), depth + 1);
    return undefined;
  }
  return packedRefs(dir).get(name);
}

/** Every ref under `prefix` (`refs/heads/`) → sha. */
function readRefs(dir: string, prefix: string): Map<string, string> {
  const refs = new Map([...packedRefs(dir)].filter(([name]) => name.startsWith(prefix)));
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = `${rel}${entry.name}`;
      if (entry.isDirectory()) walk(`${name}/`);
      else if (!entry.name.endsWith('.lock')) {
        const sha = readRef(dir, name);
        if (sha) refs.set(name, sha);
      }
    }
  };
  walk(prefix);
  return refs;
}
