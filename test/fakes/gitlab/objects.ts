/**
 * GitLab's answer objects built from the model (the fields the subset description requires, as GitLab
 * sends them): users, projects, merge requests, issues, notes, labels and commit statuses.
 */
import type { CommentRecord, ForgeModel, IssueRecord, LabelRecord, PullRecord, RepoRecord, StatusRecord } from '../forge-model/index.js';
import { ACCESS } from './context.js';

export interface Links {
  /** `http://127.0.0.1:PORT` */
  web: string;
}

export const linksOf = (apiUrl: string): Links => ({ web: apiUrl.replace(/\/api\/v4$/, '') });

export function userBasic(model: ForgeModel, login: string, links: Links): Record<string, unknown> {
  const user = model.user(login);
  return {
    id: user?.id ?? 0,
    username: user?.login ?? login,
    name: user?.fullName || login,
    state: 'active',
    avatar_url: null,
    web_url: `${links.web}/${login}`,
  };
}

export function userFull(model: ForgeModel, login: string, links: Links): Record<string, unknown> {
  const user = model.user(login);
  return { ...userBasic(model, login, links), email: user?.email ?? `${login}@example.com`, public_email: null, bot: false };
}

const METHOD = { 'fast-forward': 'ff', 'rebase-merge': 'rebase_merge' } as Record<string, 'ff' | 'rebase_merge'>;

/**
 * The project's merge method (GitLab: one per project): the model's default style when the repository
 * allows it, else its first allowed non-squash style, else merge commits (with squashing required).
 */
export function mergeMethodOf(repo: RepoRecord): 'merge' | 'rebase_merge' | 'ff' {
  const own = repo.mergeStyles.includes(repo.defaultMergeStyle) && repo.defaultMergeStyle !== 'squash' ? repo.defaultMergeStyle : undefined;
  const style = own ?? repo.mergeStyles.find((s) => s === 'merge' || s === 'rebase-merge' || s === 'fast-forward');
  return (style && METHOD[style]) || 'merge';
}

/** `never` without squash, `always` when squash is the only style allowed, else `default_off`. */
export function squashOptionOf(repo: RepoRecord): 'never' | 'always' | 'default_off' {
  if (!repo.mergeStyles.includes('squash')) return 'never';
  return repo.mergeStyles.some((s) => s === 'merge' || s === 'rebase-merge' || s === 'fast-forward') ? 'default_off' : 'always';
}

export function projectObject(model: ForgeModel, repo: RepoRecord, viewer: string | undefined, links: Links): Record<string, unknown> {
  const role = model.role(viewer, repo);
  const owner = model.user(repo.owner);
  const isOwner = viewer !== undefined && viewer.toLowerCase() === repo.owner.toLowerCase();
  return {
    id: repo.id,
    name: repo.name,
    path: repo.name,
    path_with_namespace: repo.fullName,
    name_with_namespace: `${owner?.fullName || repo.owner} / ${repo.name}`,
    default_branch: repo.defaultBranch,
    http_url_to_repo: `${links.web}/${repo.fullName}.git`,
    ssh_url_to_repo: `git@127.0.0.1:${repo.fullName}.git`,
    web_url: `${links.web}/${repo.fullName}`,
    archived: repo.archived,
    visibility: repo.private ? 'private' : 'public',
    issues_enabled: repo.hasIssues,
    merge_requests_enabled: true,
    merge_method: mergeMethodOf(repo),
    squash_option: squashOptionOf(repo),
    only_allow_merge_if_pipeline_succeeds: false,
    remove_source_branch_after_merge: repo.deleteBranchOnMerge,
    namespace: { id: owner?.id ?? 0, name: repo.owner, path: repo.owner, kind: owner?.isOrg ? 'group' : 'user', full_path: repo.owner },
    permissions: {
      project_access: role ? { access_level: isOwner ? 50 : ACCESS[role], notification_level: 3 } : null,
      group_access: null,
    },
  };
}

export function mergeRequestObject(model: ForgeModel, repo: RepoRecord, pr: PullRecord, links: Links, status?: string): Record<string, unknown> {
  const state = pr.merged ? 'merged' : pr.state === 'open' ? 'opened' : 'closed';
  return {
    id: pr.id,
    iid: pr.number,
    project_id: repo.id,
    title: pr.title,
    description: pr.body,
    state,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    merged_at: pr.mergedAt ?? null,
    closed_at: pr.merged ? null : (pr.closedAt ?? null),
    target_branch: pr.base,
    source_branch: pr.head,
    author: userBasic(model, pr.author, links),
    assignees: pr.assignees.map((a) => userBasic(model, a, links)),
    reviewers: pr.reviewers.map((r) => userBasic(model, r, links)),
    source_project_id: repo.id,
    target_project_id: repo.id,
    labels: model.labelNames(repo, pr.labels),
    draft: false,
    merge_when_pipeline_succeeds: pr.autoMerge !== undefined,
    detailed_merge_status: status ?? (state !== 'opened' ? 'not_open' : pr.checkingFor > 0 ? 'checking' : 'mergeable'),
    sha: pr.headSha,
    merge_commit_sha: pr.mergedSha ?? null,
    squash_commit_sha: null,
    squash: false,
    web_url: `${links.web}/${repo.fullName}/-/merge_requests/${pr.number}`,
  };
}

export function issueObject(model: ForgeModel, repo: RepoRecord, issue: IssueRecord, links: Links): Record<string, unknown> {
  return {
    id: issue.id,
    iid: issue.number,
    project_id: repo.id,
    title: issue.title,
    description: issue.body,
    state: issue.state === 'open' ? 'opened' : 'closed',
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt ?? null,
    author: userBasic(model, issue.author, links),
    assignees: issue.assignees.map((a) => userBasic(model, a, links)),
    labels: model.labelNames(repo, issue.labels),
    web_url: `${links.web}/${repo.fullName}/-/issues/${issue.number}`,
  };
}

export function noteObject(model: ForgeModel, comment: CommentRecord, noteableId: number, links: Links): Record<string, unknown> {
  return {
    id: comment.id,
    body: comment.body,
    author: userBasic(model, comment.author, links),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    system: false,
    noteable_id: noteableId,
    noteable_type: 'MergeRequest',
    noteable_iid: comment.number,
  };
}

export function labelObject(label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    name: label.name,
    color: label.color.startsWith('#') ? label.color : `#${label.color}`,
    description: label.description || null,
    text_color: '#FFFFFF',
  };
}

const STATUS: Record<string, string> = { pending: 'pending', success: 'success', error: 'failed', failure: 'failed', warning: 'failed', skipped: 'skipped' };
/** A description containing `[status:<name>]` plays that GitLab status (the model's states are Gitea's and GitHub's). */
const PLAYED = /\[status:(created|waiting_for_resource|preparing|pending|running|success|failed|canceled|skipped|manual|scheduled)\]/;

export function statusObject(model: ForgeModel, status: StatusRecord, links: Links, allowFailure = false): Record<string, unknown> {
  return {
    id: status.id,
    sha: status.sha,
    ref: null,
    status: PLAYED.exec(status.description)?.[1] ?? STATUS[status.state] ?? 'pending',
    name: status.context,
    description: status.description || null,
    target_url: status.targetUrl || null,
    created_at: status.createdAt,
    started_at: null,
    finished_at: null,
    allow_failure: allowFailure,
    author: userBasic(model, status.creator, links),
  };
}
