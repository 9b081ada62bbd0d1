/**
 * The platform (forge) contract: what the write and publish stages ask of GitHub, Gitea/Forgejo and
 * GitLab. One adapter per forge (`src/platforms/<forge>/`), created per run: a `Platform` for the forge
 * (who the bot is, which repositories exist) and a `RepoPlatform` per repository (its pull requests,
 * checks, issues). No module state: one process may hold several repositories at once.
 *
 * Git itself (clone, push, delete a branch) goes through `src/git/`, never through these APIs: the
 * adapter only says how git authenticates (`gitCredentials`).
 *
 * Errors are `ExternalHostError`s (host and status; never a credential); "try again later" answers (a
 * merge refused while mergeability is computed, checks pending) are results, not errors.
 */

export type PlatformId = 'github' | 'gitea' | 'gitlab';

/** Renovate's `automergeStrategy`. */
export type MergeStrategy = 'auto' | 'fast-forward' | 'merge-commit' | 'rebase' | 'rebase-merge' | 'squash';

export interface BotUser {
  login: string;
  /** For the commit author (`gitAuthor` default): `Name <email>`. */
  name?: string;
  email?: string;
}

export interface RepoInfo {
  /** `owner/name` (GitLab: the full path, `group/sub/project`). */
  fullName: string;
  defaultBranch: string;
  /** HTTPS clone URL, with no credentials in it. */
  cloneUrl: string;
  archived: boolean;
  /** The bot may push and open pull requests. */
  canPush: boolean;
  /** Issues are enabled (dashboard and config-error issue). */
  hasIssues: boolean;
  /** Merge styles the repository allows, most preferred first (the strategy `auto` takes the first). */
  mergeStrategies: MergeStrategy[];
  /** The forge can schedule a merge for when checks pass (repo setting and server version permitting). */
  nativeAutomerge: boolean;
}

export type PrState = 'open' | 'closed' | 'merged';

export interface PullRequest {
  /** GitHub/Gitea `number`, GitLab `iid`. */
  number: number;
  title: string;
  body: string;
  state: PrState;
  sourceBranch: string;
  targetBranch: string;
  /** The head commit the forge knows for the PR. */
  headSha: string;
  labels: string[];
  /** Login of the author (the bot's own PRs are the ones that count). */
  author: string;
  /** Native auto-merge is scheduled. */
  autoMerge?: boolean;
  /** GitHub's GraphQL id (for native auto-merge). */
  nodeId?: string;
  url?: string;
  /** ISO 8601: when the PR was opened (for `prHourlyLimit`). */
  createdAt?: string;
}

export interface CreatePr {
  sourceBranch: string;
  targetBranch: string;
  title: string;
  body: string;
  labels: string[];
}

export interface UpdatePr {
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
  /** The whole set: labels not listed are removed. */
  labels?: string[];
  targetBranch?: string;
}

/**
 * The combined state of a commit's checks. `green`: at least one check and all passed; `red`: any failed;
 * `yellow`: any still running; `none`: no checks at all (counts as green only with `ignoreTests`).
 */
export type CheckState = 'green' | 'yellow' | 'red' | 'none';

export interface CheckSummary {
  state: CheckState;
  /** One line per check that is not green, for the PR or the dashboard (`ci/build: failure`). */
  details: string[];
}

export type MergeOutcome =
  | { merged: true; sha?: string }
  /** Not now, maybe later (mergeability still computing, checks pending, a 405 right after creation). */
  | { merged: false; retryLater: true; reason: string }
  /** Not without a human (conflict, checks red, review requested changes, head moved, method not allowed). */
  | { merged: false; retryLater: false; reason: string };

export type AutomergeOutcome = 'scheduled' | 'merged' | 'unsupported' | { failed: string };

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
}

/** What an `ensure…` call did: the rerun of an unchanged world must be all `unchanged`. */
export type EnsureOutcome = 'created' | 'updated' | 'unchanged';

export interface GitCredentials {
  username: string;
  password: string;
}

export interface RepoPlatform {
  readonly info: RepoInfo;
  /** How git authenticates to `info.cloneUrl` (passed as a header through the environment, never a URL). */
  gitCredentials(): GitCredentials;
  /** A file's text at `ref` (default branch when absent), or null when it does not exist. */
  readFile(path: string, ref?: string): Promise<string | null>;

  /** Every PR the bot authored, any state, newest first (read once per run). */
  listBotPrs(): Promise<PullRequest[]>;
  createPr(pr: CreatePr): Promise<PullRequest>;
  updatePr(number: number, change: UpdatePr): Promise<PullRequest>;
  /** Adds the people not yet on the PR; never removes anyone. */
  addAssignees(number: number, logins: string[]): Promise<void>;
  addReviewers(number: number, logins: string[]): Promise<void>;

  /** Checks of exactly this commit (GitHub: statuses and check runs). The bot's own statuses never count. */
  getChecks(sha: string): Promise<CheckSummary>;
  /** Merge now with `strategy`, only if the head is still `sha`. */
  mergePr(pr: PullRequest, options: { strategy: MergeStrategy; sha: string; commitMessage: string }): Promise<MergeOutcome>;
  /** Ask the forge to merge when checks pass (GitHub auto-merge, Gitea merge_when_checks_succeed, GitLab auto_merge). */
  enableAutomerge(pr: PullRequest, options: { strategy: MergeStrategy; sha: string; commitMessage: string }): Promise<AutomergeOutcome>;

  /** Issues the bot opened with this exact title, newest first (dashboard, config-error issue). */
  findIssues(title: string): Promise<Issue[]>;
  createIssue(issue: { title: string; body: string; labels?: string[] }): Promise<Issue>;
  updateIssue(number: number, change: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<Issue>;

  /**
   * One comment per `topic` on PR `number`: created, updated when its text differs, or left alone. The
   * topic is kept in the comment (a hidden marker) so reruns find it. (PRs only: GitLab numbers merge
   * requests and issues separately.)
   */
  ensureComment(number: number, topic: string, body: string): Promise<EnsureOutcome>;

  /** Largest PR or issue body the forge takes (characters). */
  readonly maxBodyLength: number;
}

export interface RepoFilter {
  /** Renovate's `autodiscoverFilter`: globs or `/regex/` on `owner/name`. */
  patterns?: string[];
}

export interface Platform {
  readonly id: PlatformId;
  /** The API base URL (`https://api.github.com`, `https://gitea.example.com/api/v1`). */
  readonly endpoint: string;
  /** The bot account the token belongs to. */
  currentUser(): Promise<BotUser>;
  /** Repositories the bot can write to (autodiscovery), archived ones left out. */
  listRepositories(filter?: RepoFilter): Promise<string[]>;
  /** The adapter for one repository; throws `ExternalHostError` when it does not exist or cannot be read. */
  repository(fullName: string): Promise<RepoPlatform>;
  /**
   * A file of any repository the token (or anyone, without one) may read, at `ref` (default branch when
   * absent); null when the repository or file does not exist. For presets: needs no bot account.
   */
  readRepositoryFile(fullName: string, path: string, ref?: string): Promise<string | null>;
}

export interface PlatformOptions {
  endpoint: string;
  token: string;
  /** Every API call is counted here (figures, tests: a rerun of an unchanged world makes no writes). */
  onRequest?: (method: string, path: string) => void;
}
