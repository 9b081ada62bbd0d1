/**
 * One repository's clone for a run: its base branches and the bot's branches, read and written with the
 * git CLI. Branches are built without touching the working tree (blobs, a tree from a temporary index,
 * one commit), pushed with a lease on the sha last seen, and never pushed over someone else's work.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { BranchMovedError, GitError } from '../util/errors.js';
import type { Redactor } from '../util/redact.js';
import { checkBranchName, checkFilePath } from './ref-names.js';
import { createGitRunner, type GitCredentials, type GitRunner } from './run-git.js';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface CloneOptions {
  /** HTTPS clone URL without credentials. */
  url: string;
  credentials?: GitCredentials;
  /** The base branches to fetch; the first is checked out. */
  baseBranches: string[];
  /** The bot's branch prefix (`upkeep/`): those branches are fetched too. */
  branchPrefix: string;
  redactor: Redactor;
  /** Where the temporary clone goes (default: the system's temp directory). */
  parentDir?: string;
  /**
   * A directory kept between runs: the clone of each repository stays there and the next run only
   * fetches what changed (instead of a temporary clone removed afterwards). One run per repository at a
   * time may use it. A cached clone that cannot be reused (another origin, damaged) is cloned afresh.
   */
  cacheDir?: string;
  timeoutMs?: number;
}

export interface BuildCommit {
  /** The commit to build on (a base branch's tip). */
  parent: string;
  /** Repository-relative path → new content. */
  files: ReadonlyMap<string, string>;
  message: string;
  author: GitIdentity;
  /** The commit's date (from the run's clock, so a rebuild of the same content is the same commit). */
  date: Date;
}

const REMOTE = 'refs/remotes/origin/';

/** One file that differs between two commits (`git diff-tree --raw`); an absent side has mode 000000. */
export interface ChangedFile {
  oldMode: string;
  newMode: string;
  oldBlob: string;
  newBlob: string;
}

/** The id git gives `content` as a blob (`git hash-object`), in the object format of `likeSha` (SHA-1 or SHA-256). */
export function blobId(content: string, likeSha: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash(likeSha.length === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

export class GitCheckout {
  /** commit → tree: commits never change, and the branch checks ask for the same ones again. */
  private readonly trees = new Map<string, string>();
  /** `commit:path` → content, for commits named by sha (branches of one run read the same base files). */
  private readonly files = new Map<string, Promise<string | null>>();
  /**
   * What the last fetch (or the clone) brought, while nothing was pushed since: a fetch of the same
   * branches is then skipped (the config is read moments after the clone and usually names the same).
   */
  private fresh: { bases: Set<string>; prefix: string } | undefined;
  /** The base branch the working tree holds, while its remote-tracking ref has not moved since. */
  private checkedOut: string | undefined;

  private constructor(
    readonly dir: string,
    private readonly git: GitRunner,
    private branchPrefix: string,
    private readonly removeOnClose: string,
  ) {}

  static async clone(options: CloneOptions): Promise<GitCheckout> {
    const [first, ...others] = options.baseBranches.map(checkBranchName);
    if (!first) throw new GitError('clone', 'no base branch to clone');
    const prefix = checkBranchName(options.branchPrefix.replace(/\/?$/, '/').replace(/\/$/, '')) + '/';
    const runner = (cwd: string) =>
      createGitRunner({
        cwd,
        remoteUrl: options.url,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        redactor: options.redactor,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
    const refspecs = [...others.map((b) => `+refs/heads/${b}:${REMOTE}${b}`), `+refs/heads/${prefix}*:${REMOTE}${prefix}*`];
    if (options.cacheDir) {
      const dir = join(options.cacheDir, cacheName(options.url));
      const reused = await GitCheckout.reuse(dir, runner(dir), options.url, first, refspecs, prefix);
      if (reused) return reused;
      await rm(dir, { recursive: true, force: true });
      await mkdir(dirname(dir), { recursive: true });
      return GitCheckout.cloneInto(dirname(dir), dir, runner, options.url, first, refspecs, prefix, '');
    }
    const parent = await mkdtemp(join(options.parentDir ?? tmpdir(), 'upkeep-clone-'));
    return GitCheckout.cloneInto(parent, join(parent, 'repo'), runner, options.url, first, refspecs, prefix, parent);
  }

  private static async cloneInto(
    parent: string,
    dir: string,
    runner: (cwd: string) => GitRunner,
    url: string,
    first: string,
    refspecs: string[],
    prefix: string,
    removeOnClose: string,
  ): Promise<GitCheckout> {
    try {
      // A partial clone (`--filter=blob:none`: blobs are fetched when a file is read; history and trees are
      // cheap, contents are what cost) of the base branch and the bot's branches in one fetch: `git fetch
      // --filter` into a new repository sets the remote up as `git clone --filter` would, and saves the
      // clone's own round trip before the bot's branches could be fetched.
      await mkdir(dir, { recursive: true });
      const git = runner(dir);
      try {
        await git(['init', '--quiet']);
        await git(['remote', 'add', 'origin', url]);
        await git(['fetch', '--quiet', '--no-tags', '--filter=blob:none', 'origin', `+refs/heads/${first}:${REMOTE}${first}`, ...refspecs]);
      } catch (err) {
        throw err instanceof GitError ? new GitError('clone', err.message.replace(/^git \S+: /, '')) : err;
      }
      const checkout = new GitCheckout(dir, git, prefix, removeOnClose);
      checkout.fresh = { bases: new Set([first, ...refspecs.map(baseOfRefspec).filter((b): b is string => b !== undefined)]), prefix };
      await checkout.checkout(first);
      return checkout;
    } catch (err) {
      await rm(removeOnClose || dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** A cached clone of the same origin, brought up to date (`--prune`: branches deleted upstream go too); undefined when it cannot be used. */
  private static async reuse(dir: string, git: GitRunner, url: string, first: string, refspecs: string[], prefix: string): Promise<GitCheckout | undefined> {
    try {
      await stat(join(dir, '.git'));
    } catch {
      return undefined;
    }
    try {
      const origin = (await git(['config', '--get', 'remote.origin.url'], { allowFailure: true })).stdout.trim();
      if (origin !== url) return undefined;
      await git(['fetch', '--quiet', '--no-tags', '--prune', 'origin', `+refs/heads/${first}:${REMOTE}${first}`, ...refspecs]);
      const checkout = new GitCheckout(dir, git, prefix, '');
      checkout.fresh = { bases: new Set([first, ...refspecs.map(baseOfRefspec).filter((b): b is string => b !== undefined)]), prefix };
      await checkout.checkout(first);
      return checkout;
    } catch {
      return undefined;
    }
  }

  /** Fetch more base branches and the bot's branches under another prefix (once the config names them). */
  async fetch(baseBranches: readonly string[], branchPrefix: string): Promise<void> {
    const prefix = checkBranchName(branchPrefix.replace(/\/+$/, '')) + '/';
    if (this.fresh && this.fresh.prefix === prefix && baseBranches.every((b) => this.fresh!.bases.has(b))) return;
    const refspecs = [...baseBranches.map((b) => `+refs/heads/${checkBranchName(b)}:${REMOTE}${b}`), `+refs/heads/${prefix}*:${REMOTE}${prefix}*`];
    this.checkedOut = undefined;
    await this.git(['fetch', '--quiet', '--no-tags', '--prune', 'origin', ...refspecs]);
    this.branchPrefix = prefix;
    this.fresh = { bases: new Set(baseBranches), prefix };
  }

  /** The working tree at a base branch's tip (for extraction). */
  async checkout(base: string): Promise<void> {
    // Nothing writes to the working tree, so the same base at the same tip needs no second checkout.
    if (this.checkedOut === base) return;
    await this.git(['checkout', '--quiet', '--force', '--detach', `${REMOTE}${checkBranchName(base)}`, '--']);
    this.checkedOut = base;
  }

  /** The sha a remote branch points at, or undefined when it does not exist. */
  async branchSha(branch: string): Promise<string | undefined> {
    const { code, stdout } = await this.git(['rev-parse', '--verify', '--quiet', `${REMOTE}${checkBranchName(branch)}^{commit}`], { allowFailure: true });
    return code === 0 ? stdout.trim() : undefined;
  }

  /** The bot's branches on the remote: name → sha. */
  async botBranches(): Promise<Map<string, string>> {
    const { stdout } = await this.git(['for-each-ref', '--format=%(objectname) %(refname)', `${REMOTE}${this.branchPrefix}`]);
    const branches = new Map<string, string>();
    for (const line of stdout.split('\n').filter(Boolean)) {
      const [sha, ref] = line.split(' ') as [string, string];
      branches.set(ref.slice(REMOTE.length), sha);
    }
    return branches;
  }

  /** A file's content at a commit, or null when it is not there. */
  async readFile(commit: string, path: string): Promise<string | null> {
    const spec = `${commit}:${checkFilePath(path)}`;
    const known = this.files.get(spec);
    if (known) return known;
    const read = this.git(['cat-file', 'blob', spec], { allowFailure: true }).then(({ code, stdout }) => (code === 0 ? stdout : null));
    if (/^[0-9a-f]{40,64}$/.test(commit)) {
      this.files.set(spec, read);
      // A failure (a timeout, say) is not remembered: the next read asks again.
      read.catch(() => this.files.delete(spec));
    }
    return read;
  }

  /**
   * What a branch holds beside its base, in one `git log` of the symmetric difference: the author and
   * committer e-mails of its own commits, and whether the base has commits the branch lacks (the branch
   * is behind: the base is not in its history).
   */
  async branchHistory(base: string, branch: string): Promise<{ emails: string[]; behind: boolean }> {
    const { stdout } = await this.git(['log', '--left-right', '--format=%m%x00%ae%x00%ce', `${base}...${branch}`, '--']);
    const emails = new Set<string>();
    let behind = false;
    for (const line of stdout.split('\n').filter(Boolean)) {
      const [side, author = '', committer = ''] = line.split('\0');
      if (side === '<') behind = true;
      else if (side === '>') for (const email of [author, committer]) if (email) emails.add(email);
    }
    return { emails: [...emails], behind };
  }

  /** The author and committer e-mails of every commit on `branch` that is not on `base`. */
  async authorsSince(base: string, branch: string): Promise<string[]> {
    const { stdout } = await this.git(['log', '--format=%ae%n%ce', `${base}..${branch}`, '--']);
    return [...new Set(stdout.split('\n').filter(Boolean))];
  }

  /** Whether `ancestor` is in the history of `commit`. */
  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    return (await this.git(['merge-base', '--is-ancestor', ancestor, commit], { allowFailure: true })).code === 0;
  }

  /** Whether merging `branch` into `base` would conflict. */
  async conflicts(base: string, branch: string): Promise<boolean> {
    const { code } = await this.git(['merge-tree', '--write-tree', '--no-messages', base, branch], { allowFailure: true });
    return code === 1;
  }

  /** The tree a commit holds. */
  async treeOf(commit: string): Promise<string> {
    const known = this.trees.get(commit);
    if (known) return known;
    const tree = (await this.git(['rev-parse', '--verify', `${commit}^{tree}`])).stdout.trim();
    if (/^[0-9a-f]{40,64}$/.test(commit)) this.trees.set(commit, tree);
    return tree;
  }

  /** The files that differ between two commits (all levels): path → modes and blob shas on each side. */
  async changedFiles(from: string, to: string): Promise<Map<string, ChangedFile>> {
    const { stdout } = await this.git(['diff-tree', '-r', '-z', '--raw', '--no-renames', '--no-commit-id', from, to, '--']);
    // `:<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0` per file.
    const fields = stdout.split('\0');
    const changed = new Map<string, ChangedFile>();
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) [A-Z]\d*$/.exec(fields[i]!);
      if (!m) break;
      changed.set(fields[i + 1]!, { oldMode: m[1]!, newMode: m[2]!, oldBlob: m[3]!, newBlob: m[4]! });
    }
    return changed;
  }

  /** One commit on `parent` with `files` changed; returns its sha and tree. Nothing in the working tree changes. */
  async buildCommit(build: BuildCommit): Promise<{ sha: string; tree: string }> {
    const index = join(this.removeOnClose, `index-${process.hrtime.bigint()}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      await this.git(['read-tree', build.parent], { env });
      const paths = [...build.files.keys()].map(checkFilePath);
      // The mode each path has on the parent (an executable stays executable), one listing for all.
      const modes = new Map<string, string>();
      const listed = (await this.git(['ls-files', '--stage', '-z', '--', ...paths], { env: { ...env, GIT_LITERAL_PATHSPECS: '1' } })).stdout;
      for (const entry of listed.split('\0').filter(Boolean)) {
        const match = /^(\d{6}) [0-9a-f]+ \d\t(.*)$/s.exec(entry);
        if (match) modes.set(match[2]!, match[1]!);
      }
      const entries: string[] = [];
      for (const [path, content] of build.files) {
        const blob = (await this.git(['hash-object', '-w', '--stdin'], { input: content })).stdout.trim();
        entries.push(`${modes.get(path) ?? '100644'} ${blob}\t${path}\0`);
      }
      await this.git(['update-index', '-z', '--index-info'], { input: entries.join(''), env });
      const tree = (await this.git(['write-tree'], { env })).stdout.trim();
      const date = `${Math.floor(build.date.getTime() / 1000)} +0000`;
      const who = {
        GIT_AUTHOR_NAME: build.author.name,
        GIT_AUTHOR_EMAIL: build.author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: build.author.name,
        GIT_COMMITTER_EMAIL: build.author.email,
        GIT_COMMITTER_DATE: date,
      };
      const sha = (await this.git(['commit-tree', tree, '-p', build.parent, '-F', '-'], { input: build.message, env: who })).stdout.trim();
      this.trees.set(sha, tree);
      return { sha, tree };
    } finally {
      await rm(index, { force: true });
    }
  }

  /**
   * Point the remote `branch` at `sha`, only if it is still at `expected` (absent: it must not exist).
   * Throws BranchMovedError when someone else pushed in between.
   */
  async push(branch: string, sha: string, expected: string | undefined): Promise<void> {
    const name = checkBranchName(branch);
    await this.pushRef(name, [`--force-with-lease=refs/heads/${name}:${expected ?? ''}`, 'origin', `${sha}:refs/heads/${name}`]);
  }

  /** Move a base branch forward to `sha` (branch automerge): a fast-forward push, never a merge commit. */
  async fastForward(base: string, sha: string): Promise<void> {
    const name = checkBranchName(base);
    const tip = await this.branchSha(name);
    if (!tip || !(await this.isAncestor(tip, sha))) throw new GitError('push', `${name} is not behind ${sha.slice(0, 7)}: not a fast-forward`);
    await this.pushRef(name, ['origin', `${sha}:refs/heads/${name}`]);
  }

  /** Delete the remote `branch`, only if it is still at `expected`. */
  async deleteBranch(branch: string, expected: string): Promise<void> {
    const name = checkBranchName(branch);
    await this.pushRef(name, [`--force-with-lease=refs/heads/${name}:${expected}`, 'origin', `:refs/heads/${name}`]);
  }

  /** Removes the temporary clone (a cached one stays for the next run). */
  async close(): Promise<void> {
    if (this.removeOnClose) await rm(this.removeOnClose, { recursive: true, force: true });
  }

  private async pushRef(branch: string, args: string[]): Promise<void> {
    // A push may move remote-tracking refs (a fast-forwarded base): the next fetch and checkout happen.
    this.fresh = undefined;
    this.checkedOut = undefined;
    const { code, stdout, stderr } = await this.git(['push', '--porcelain', ...args], { allowFailure: true });
    if (code === 0) return;
    // --porcelain reports each ref on stdout: `!  <src>:<dst>  [rejected] (stale info)`.
    if (/stale info|fetch first|non-fast-forward|\[rejected\]/.test(`${stdout}\n${stderr}`)) throw new BranchMovedError(branch);
    throw new GitError(
      'push',
      stderr
        .split('\n')
        .find((l) => /error|fatal|rejected|denied/i.test(l))
        ?.trim() ?? `exit code ${code}`,
    );
  }
}

/** The branch a base-branch refspec (`+refs/heads/B:refs/remotes/origin/B`) fetches; undefined for the bot's pattern. */
function baseOfRefspec(spec: string): string | undefined {
  const m = /^\+refs\/heads\/([^*]+):/.exec(spec);
  return m?.[1];
}

/** The cache directory's name for a clone URL: readable (host and path) and unique (a hash of the whole URL). */
function cacheName(url: string): string {
  const { host, pathname } = new URL(url);
  const readable = `${host}${pathname}`
    .replace(/\.git$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${readable}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
}
