/**
 * GitLab's answers as the adapter reads them and their mapping to the platform contract (a merge
 * request is a `PullRequest`, its `iid` the number), and the repository context the parts share.
 */
import type { BotUser, Issue, PullRequest, RepoInfo } from '../types.js';
import type { GitLabApi } from './api.js';

export interface GitLabUser {
  id: number;
  username: string;
  name?: string;
  email?: string | null;
  public_email?: string | null;
}

export interface GitLabMergeRequest {
  id: number;
  iid: number;
  title: string;
  description?: string | null;
  state: 'opened' | 'closed' | 'merged' | 'locked';
  source_branch: string;
  target_branch: string;
  sha?: string | null;
  labels?: string[];
  author?: GitLabUser | null;
  assignees?: GitLabUser[] | null;
  reviewers?: GitLabUser[] | null;
  merge_when_pipeline_succeeds?: boolean;
  detailed_merge_status?: string;
  merge_commit_sha?: string | null;
  squash_commit_sha?: string | null;
  web_url?: string;
  created_at?: string;
  source_project_id?: number;
  target_project_id?: number;
}

export interface GitLabIssue {
  id: number;
  iid: number;
  title: string;
  description?: string | null;
  state: 'opened' | 'closed';
  author?: GitLabUser | null;
}

export interface RepoContext {
  api: GitLabApi;
  /** The project's path (`group/sub/project`), as the API takes it (encoded with `seg`). */
  project: string;
  bot: BotUser;
  /** The bot's numeric id (author filters). */
  botId: number;
  info: RepoInfo;
  /** `auto_merge` (17.11+) or the older `merge_when_pipeline_succeeds`. */
  autoMergeField: 'auto_merge' | 'merge_when_pipeline_succeeds';
  /** The project's merge method (GitLab sets it per project; only squash is per request). */
  mergeMethod: 'merge' | 'rebase_merge' | 'ff';
  squashOption: 'never' | 'always' | 'default_on' | 'default_off';
  /** Waits between tries of a merge GitLab is not ready for (405 right after a push). */
  retryDelaysMs: number[];
  sleep(ms: number): Promise<void>;
  path(suffix?: string): string;
}

export const sameLogin = (a: string | undefined | null, b: string | undefined | null): boolean =>
  typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

export function toPullRequest(mr: GitLabMergeRequest): PullRequest {
  const out: PullRequest = {
    number: mr.iid,
    title: mr.title,
    body: mr.description ?? '',
    state: mr.state === 'merged' ? 'merged' : mr.state === 'opened' ? 'open' : 'closed',
    sourceBranch: mr.source_branch,
    targetBranch: mr.target_branch,
    headSha: mr.sha ?? '',
    labels: mr.labels ?? [],
    author: mr.author?.username ?? '',
  };
  if (mr.merge_when_pipeline_succeeds) out.autoMerge = true;
  if (mr.web_url) out.url = mr.web_url;
  if (mr.created_at) out.createdAt = mr.created_at;
  return out;
}

export function toIssue(issue: GitLabIssue): Issue {
  return { number: issue.iid, title: issue.title, body: issue.description ?? '', state: issue.state === 'opened' ? 'open' : 'closed' };
}
