/**
 * GitHub's answers as the adapter reads them (the fields it uses of `pull-request`, `issue`, …) and their
 * mapping to the platform contract. Also the repository context shared by the adapter's parts.
 */
import type { BotUser, Issue, PullRequest, RepoInfo } from '../types.js';
import type { Api } from './api.js';

export interface GitHubUser {
  login: string;
  id: number;
  name?: string | null;
  email?: string | null;
}

export interface GitHubLabel {
  name: string;
}

export interface GitHubPull {
  number: number;
  node_id?: string;
  title: string;
  body?: string | null;
  state: string;
  merged_at?: string | null;
  merged?: boolean;
  merge_commit_sha?: string | null;
  mergeable?: boolean | null;
  mergeable_state?: string;
  head: { ref: string; sha: string; repo?: { full_name?: string } | null };
  base: { ref: string; repo?: { full_name?: string } | null };
  user?: GitHubUser | null;
  labels?: GitHubLabel[];
  auto_merge?: unknown;
  html_url?: string;
  created_at?: string;
}

export interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  user?: GitHubUser | null;
  pull_request?: unknown;
  assignees?: GitHubUser[] | null;
}

export interface RepoContext {
  api: Api;
  /** The API host, for errors. */
  host: string;
  owner: string;
  repo: string;
  bot: BotUser;
  info: RepoInfo;
}

export const sameLogin = (a: string | undefined | null, b: string | undefined | null): boolean =>
  typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

export function toPullRequest(pr: GitHubPull): PullRequest {
  const out: PullRequest = {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    state: pr.merged_at || pr.merged ? 'merged' : pr.state === 'open' ? 'open' : 'closed',
    sourceBranch: pr.head.ref,
    targetBranch: pr.base.ref,
    headSha: pr.head.sha,
    labels: (pr.labels ?? []).map((l) => l.name),
    author: pr.user?.login ?? '',
  };
  if (pr.auto_merge) out.autoMerge = true;
  if (pr.node_id) out.nodeId = pr.node_id;
  if (pr.html_url) out.url = pr.html_url;
  if (pr.created_at) out.createdAt = pr.created_at;
  return out;
}

export function toIssue(issue: GitHubIssue): Issue {
  return { number: issue.number, title: issue.title, body: issue.body ?? '', state: issue.state === 'open' ? 'open' : 'closed' };
}
