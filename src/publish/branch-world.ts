/**
 * What exists for one planned branch, read from git (and, for a branch that may merge, its checks from
 * the forge): the commit the plan would write on the base's tip, whether the bot's branch exists, holds
 * exactly that, carries the same update on an older base, was committed to by someone else, is behind
 * or conflicts. The input of `decideBranch`.
 */
import { blobId, type GitCheckout, type GitIdentity } from '../git/index.js';
import type { PlannedBranch } from '../plan/types.js';
import type { PullRequest, RepoPlatform } from '../platforms/types.js';
import { compilePatternList } from '../config/string-match.js';
import { branchFiles } from './branch-files.js';
import type { BranchWorld, PrWorld } from './decide-branch.js';

const REMOTE = 'refs/remotes/origin/';
/** Committers a forge writes for its own web edits and merges: not a person changing the branch. */
const FORGE_COMMITTERS = [/^noreply@github\.com$/i];

export interface PlannedCommit {
  /** The base branch's tip the commit is built on. */
  baseSha: string;
  /** The files the branch changes: path → new content (each differs from the base's). */
  files: ReadonlyMap<string, string>;
  /**
   * The commit itself, built on first call: only a branch that is pushed needs it (a branch that already
   * holds the plan is recognised from its diff, without building anything).
   */
  commit(): Promise<{ sha: string; tree: string }>;
}

export interface BranchState {
  world: BranchWorld;
  planned: PlannedCommit;
  /** The branch's sha on the forge, when it exists. */
  sha?: string;
  /** Checks that are not green, one line each (when checks were read). */
  checkDetails?: string[];
}

/** The bot on a repository's branches: who it commits as, and whose commits are not someone else's edits. */
export interface BotAuthor {
  author: GitIdentity;
  /** An author or committer e-mail of someone other than the bot (someone whose work must not be overwritten). */
  isSomeoneElse(email: string): boolean;
}

/**
 * `author` commits; commits by any of `ownEmails` (the identities the bot has used: the operator's and the
 * repository's `gitAuthor`), by a forge's own committer, or by an author the repository's
 * `gitIgnoredAuthors` names (exact e-mail, glob or `/regex/`, as Renovate) are the bot's own.
 */
export function botAuthor(author: GitIdentity, ownEmails: readonly string[], ignoredAuthors: readonly string[] = []): BotAuthor {
  const own = new Set([author.email, ...ownEmails].map((e) => e.toLowerCase()));
  const exact = new Set(ignoredAuthors.map((e) => e.toLowerCase()));
  const ignored = compilePatternList(ignoredAuthors, 'gitIgnoredAuthors');
  return {
    author,
    isSomeoneElse: (email) => {
      const lower = email.toLowerCase();
      return !own.has(lower) && !exact.has(lower) && !ignored(email) && !FORGE_COMMITTERS.some((re) => re.test(email));
    },
  };
}

export async function plannedCommit(git: GitCheckout, branch: PlannedBranch, baseSha: string, author: GitIdentity, date: Date): Promise<PlannedCommit> {
  const files = await branchFiles(branch.upgrades, async (path) => {
    const content = await git.readFile(baseSha, path);
    if (content === null) throw new Error(`${path}: not in ${branch.baseBranch} any more`);
    return content;
  });
  let built: Promise<{ sha: string; tree: string }> | undefined;
  const commit = () => (built ??= git.buildCommit({ parent: baseSha, files, message: branch.commitMessage, author, date }));
  return { baseSha, files, commit };
}

/**
 * How `existing` compares with the plan, from one diff against the base (no file is read, so nothing is
 * fetched into the partial clone): it carries the plan when each planned file has the planned content
 * there (a file the diff does not list still has the base's content, which the plan changes), and holds
 * exactly the planned tree when, besides, nothing else differs from the base and the modes are kept.
 */
async function comparePlan(git: GitCheckout, planned: PlannedCommit, existing: string): Promise<{ carriesPlan: boolean; upToDate: boolean }> {
  const changed = await git.changedFiles(planned.baseSha, existing);
  let carriesPlan = true;
  let modesKept = true;
  for (const [path, content] of planned.files) {
    const file = changed.get(path);
    if (!file || file.newBlob !== blobId(content, file.newBlob)) carriesPlan = false;
    else if (file.newMode !== file.oldMode) modesKept = false;
  }
  return { carriesPlan, upToDate: carriesPlan && modesKept && changed.size === planned.files.size };
}

export async function branchState(
  git: GitCheckout,
  branch: PlannedBranch,
  existing: string | undefined,
  planned: PlannedCommit,
  bot: BotAuthor,
): Promise<BranchState> {
  if (!existing) {
    return { planned, world: { exists: false, modified: false, behindBase: false, conflicted: false, carriesPlan: false, upToDate: false } };
  }
  const base = `${REMOTE}${branch.baseBranch}`;
  const ref = `${REMOTE}${branch.branchName}`;
  const history = await git.branchHistory(planned.baseSha, existing);
  const people = history.emails.filter(bot.isSomeoneElse);
  const behindBase = history.behind;
  const { carriesPlan, upToDate } = await comparePlan(git, planned, existing);
  const conflicted = behindBase && !upToDate ? await git.conflicts(base, ref) : false;
  return { planned, sha: existing, world: { exists: true, modified: people.length > 0, behindBase, conflicted, carriesPlan, upToDate } };
}

/** The bot's PRs that concern one branch: its open PR, and closed or merged ones with the same title. */
export function prWorld(prs: readonly PullRequest[], branch: PlannedBranch): PrWorld {
  const forBranch = prs.filter((p) => p.sourceBranch === branch.branchName);
  const world: PrWorld = {};
  const open = forBranch.find((p) => p.state === 'open');
  if (open) world.open = open;
  const closed = forBranch.find((p) => p.state === 'closed' && p.title === branch.title);
  if (closed) world.closedUnmerged = closed;
  const merged = forBranch.find((p) => p.state === 'merged' && p.title === branch.title);
  if (merged) world.merged = merged;
  return world;
}

/** Checks are read only where a merge could follow: an unchanged, unmodified, automerging branch. */
export async function withChecks(platform: RepoPlatform, state: BranchState, automerge: boolean): Promise<BranchState> {
  if (!automerge || !state.sha || state.world.modified || !state.world.upToDate) return state;
  const checks = await platform.getChecks(state.sha);
  return { ...state, world: { ...state.world, checks: checks.state }, checkDetails: checks.details };
}
