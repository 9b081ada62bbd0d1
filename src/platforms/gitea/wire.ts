/**
 * The parts of Gitea's API objects the adapter reads (names as in the 1.27 description), the per-repository
 * context the adapter's parts share, and the mapping to the platform contract's types.
 */
import { ExternalHostError, HttpStatusError } from '../../util/errors.js';
import type { BotUser, Issue, PullRequest, RepoInfo } from '../types.js';
import type { GiteaApi } from './api.js';
import type { GiteaFeatures, GiteaVersion } from './version.js';

export interface GiteaUser {
  id: number;
  login: string;
  full_name?: string;
  email?: string;
}

export interface GiteaLabel {
  id: number;
  name: string;
}

export interface GiteaRepo {
  id: number;
  full_name: string;
  default_branch?: string;
  clone_url?: string;
  archived?: boolean;
  mirror?: boolean;
  empty?: boolean;
  has_issues?: boolean;
  has_pull_requests?: boolean;
  external_tracker?: { external_tracker_url?: string };
  permissions?: { admin?: boolean; push?: boolean; pull?: boolean };
  allow_merge_commits?: boolean;
  allow_rebase?: boolean;
  allow_rebase_explicit?: boolean;
  allow_squash_merge?: boolean;
  allow_fast_forward_only_merge?: boolean;
  default_merge_style?: string;
}

export interface GiteaPull {
  number: number;
  title: string;
  body?: string;
  state: 'open' | 'closed';
  merged?: boolean;
  merge_commit_sha?: string;
  head?: { ref?: string; sha?: string; repo_id?: number };
  base?: { ref?: string; repo_id?: number };
  user?: GiteaUser;
  labels?: GiteaLabel[];
  assignees?: GiteaUser[] | null;
  requested_reviewers?: GiteaUser[] | null;
  html_url?: string;
  created_at?: string;
}

export interface GiteaIssue {
  number: number;
  title: string;
  body?: string;
  state: 'open' | 'closed';
  user?: GiteaUser;
  assignees?: GiteaUser[] | null;
  pull_request?: unknown;
}

/** What the parts of one repository's adapter share. */
export interface RepoContext {
  api: GiteaApi;
  owner: string;
  name: string;
  bot: BotUser;
  version: GiteaVersion;
  features: GiteaFeatures;
  info: RepoInfo;
  /** `/repos/{owner}/{name}` followed by `suffix`, encoded. */
  path(suffix?: string): string;
}

/** A failure after which a write may or may not have taken effect (5xx, timeout, connection lost): find before retrying. */
export const mayHaveTakenEffect = (err: unknown): boolean =>
  err instanceof ExternalHostError && !(err instanceof HttpStatusError) && (err.status === undefined || err.status >= 500);

export const sameLogin = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export function toPullRequest(pr: GiteaPull): PullRequest {
  const out: PullRequest = {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    state: pr.merged ? 'merged' : pr.state,
    sourceBranch: pr.head?.ref ?? '',
    targetBranch: pr.base?.ref ?? '',
    headSha: pr.head?.sha ?? '',
    labels: (pr.labels ?? []).map((l) => l.name),
    author: pr.user?.login ?? '',
  };
  if (pr.html_url) out.url = pr.html_url;
  if (pr.created_at) out.createdAt = pr.created_at;
  return out;
}

export function toIssue(issue: GiteaIssue): Issue {
  return { number: issue.number, title: issue.title, body: issue.body ?? '', state: issue.state };
}
