/**
 * Gitea API objects built from the forge model's records, with the fields Gitea 1.27 sends (the
 * description requires none, but the adapter reads these). Dates are the model's; label colours go out
 * without `#`, as Gitea sends them.
 */
import type { ForgeModel } from '../forge-model/index.js';
import type { CommentRecord, IssueRecord, LabelRecord, PullRecord, RepoRecord, StatusRecord, UserRecord } from '../forge-model/index.js';

export interface GiteaLinks {
  /** `http://127.0.0.1:PORT/api/v1` */
  api: string;
  /** `http://127.0.0.1:PORT` */
  web: string;
}

export const linksOf = (apiUrl: string): GiteaLinks => ({ api: apiUrl, web: apiUrl.replace(/\/api\/v1$/, '') });

export function userObject(model: ForgeModel, login: string, links: GiteaLinks, withEmail = false): Record<string, unknown> {
  const user: UserRecord | undefined = model.user(login);
  return {
    id: user?.id ?? -1,
    login: user?.login ?? login,
    login_name: '',
    source_id: 0,
    full_name: user?.fullName ?? '',
    // Gitea hides other users' e-mail addresses unless the caller is an admin or the user.
    email: withEmail ? (user?.email ?? '') : `${login.toLowerCase()}@noreply.localhost`,
    avatar_url: `${links.web}/avatars/${login.toLowerCase()}`,
    html_url: `${links.web}/${login}`,
    language: '',
    is_admin: user?.admin ?? false,
    restricted: false,
    active: true,
    prohibit_login: false,
    location: '',
    website: '',
    description: '',
    visibility: 'public',
    followers_count: 0,
    following_count: 0,
    starred_repos_count: 0,
  };
}

const STYLE_FLAG = {
  merge: 'allow_merge_commits',
  rebase: 'allow_rebase',
  'rebase-merge': 'allow_rebase_explicit',
  squash: 'allow_squash_merge',
  'fast-forward': 'allow_fast_forward_only_merge',
} as const;
/** The model's merge style → Gitea's `do` / `default_merge_style` value. */
export const GITEA_STYLE = { merge: 'merge', rebase: 'rebase', 'rebase-merge': 'rebase-merge', squash: 'squash', 'fast-forward': 'fast-forward-only' } as const;

export async function repoObject(model: ForgeModel, repo: RepoRecord, viewer: string | undefined, links: GiteaLinks): Promise<Record<string, unknown>> {
  const role = model.role(viewer, repo);
  const empty = (await model.git.branches(repo.fullName)).size === 0;
  const flags = Object.fromEntries(Object.entries(STYLE_FLAG).map(([style, flag]) => [flag, repo.mergeStyles.includes(style as keyof typeof STYLE_FLAG)]));
  return {
    id: repo.id,
    owner: userObject(model, repo.owner, links),
    name: repo.name,
    full_name: repo.fullName,
    description: '',
    empty,
    private: repo.private,
    fork: false,
    template: false,
    mirror: false,
    size: 0,
    html_url: `${links.web}/${repo.fullName}`,
    url: `${links.api}/repos/${repo.fullName}`,
    ssh_url: `ssh://git@127.0.0.1/${repo.fullName}.git`,
    clone_url: `${links.web}/${repo.fullName}.git`,
    default_branch: repo.defaultBranch,
    archived: repo.archived,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    permissions: { admin: role === 'admin', push: role === 'admin' || role === 'write', pull: role !== undefined },
    has_issues: repo.hasIssues,
    has_pull_requests: repo.hasPullRequests,
    has_wiki: false,
    ...flags,
    allow_rebase_update: true,
    default_delete_branch_after_merge: false,
    default_merge_style: GITEA_STYLE[repo.defaultMergeStyle],
    object_format_name: 'sha1',
  };
}

export function labelObject(label: LabelRecord, links: GiteaLinks, fullName: string): Record<string, unknown> {
  return {
    id: label.id,
    name: label.name,
    color: label.color.replace(/^#/, ''),
    description: label.description,
    exclusive: false,
    is_archived: false,
    url: `${links.api}/repos/${fullName}/labels/${label.id}`,
  };
}

function labelsOf(model: ForgeModel, repo: RepoRecord, ids: number[], links: GiteaLinks): Record<string, unknown>[] {
  const all = model.labelsFor(repo);
  return ids
    .map((id) => all.find((l) => l.id === id))
    .filter((l): l is LabelRecord => l !== undefined)
    .map((l) => labelObject(l, links, repo.fullName));
}

export async function pullObject(model: ForgeModel, repo: RepoRecord, pr: PullRecord, links: GiteaLinks): Promise<Record<string, unknown>> {
  await model.pulls.refresh(repo.fullName, pr);
  const mergeability = pr.state === 'open' ? await model.pulls.mergeability(repo.fullName, pr) : 'mergeable';
  const repoJson = await repoObject(model, repo, undefined, links);
  const branch = (ref: string, sha: string) => ({ label: ref, ref, sha, repo_id: repo.id, repo: repoJson });
  const html = `${links.web}/${repo.fullName}/pulls/${pr.number}`;
  const out: Record<string, unknown> = {
    id: pr.id,
    url: html,
    number: pr.number,
    user: userObject(model, pr.author, links),
    title: pr.title,
    body: pr.body,
    labels: labelsOf(model, repo, pr.labels, links),
    assignees: pr.assignees.map((a) => userObject(model, a, links)),
    requested_reviewers: pr.reviewers.map((r) => userObject(model, r, links)),
    requested_reviewers_teams: [],
    state: pr.state,
    draft: false,
    is_locked: false,
    comments: model.issues.comments(repo.fullName, pr.number).length,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    mergeable: pr.state === 'open' && mergeability === 'mergeable',
    merged: pr.merged,
    allow_maintainer_edit: false,
    base: branch(pr.base, pr.baseSha),
    head: branch(pr.head, pr.headSha),
    merge_base: pr.baseSha,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
  };
  if (pr.assignees[0]) out.assignee = userObject(model, pr.assignees[0], links);
  if (pr.closedAt) out.closed_at = pr.closedAt;
  if (pr.merged) Object.assign(out, { merged_at: pr.mergedAt, merge_commit_sha: pr.mergedSha, merged_by: userObject(model, pr.mergedBy!, links) });
  return out;
}

export function issueObject(model: ForgeModel, repo: RepoRecord, issue: IssueRecord | PullRecord, links: GiteaLinks): Record<string, unknown> {
  const isPull = 'head' in issue;
  const html = `${links.web}/${repo.fullName}/${isPull ? 'pulls' : 'issues'}/${issue.number}`;
  const out: Record<string, unknown> = {
    id: issue.id,
    url: `${links.api}/repos/${repo.fullName}/issues/${issue.number}`,
    html_url: html,
    number: issue.number,
    user: userObject(model, issue.author, links),
    original_author: '',
    original_author_id: 0,
    title: issue.title,
    body: issue.body,
    ref: '',
    assets: [],
    labels: labelsOf(model, repo, issue.labels, links),
    assignees: issue.assignees.map((a) => userObject(model, a, links)),
    state: issue.state,
    is_locked: false,
    comments: model.issues.comments(repo.fullName, issue.number).length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    repository: { id: repo.id, name: repo.name, owner: repo.owner, full_name: repo.fullName },
  };
  if (issue.assignees[0]) out.assignee = userObject(model, issue.assignees[0], links);
  if (issue.closedAt) out.closed_at = issue.closedAt;
  if (isPull) out.pull_request = { merged: issue.merged, draft: false, html_url: html, ...(issue.mergedAt ? { merged_at: issue.mergedAt } : {}) };
  return out;
}

export function commentObject(model: ForgeModel, repo: RepoRecord, comment: CommentRecord, links: GiteaLinks): Record<string, unknown> {
  const isPull = model.world(repo.fullName).pulls.has(comment.number);
  const html = `${links.web}/${repo.fullName}/${isPull ? 'pulls' : 'issues'}/${comment.number}#issuecomment-${comment.id}`;
  return {
    id: comment.id,
    html_url: html,
    pull_request_url: isPull ? `${links.web}/${repo.fullName}/pulls/${comment.number}` : '',
    issue_url: isPull ? '' : `${links.web}/${repo.fullName}/issues/${comment.number}`,
    user: userObject(model, comment.author, links),
    original_author: '',
    original_author_id: 0,
    body: comment.body,
    assets: [],
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
  };
}

export function statusObject(model: ForgeModel, repo: RepoRecord, status: StatusRecord, links: GiteaLinks): Record<string, unknown> {
  return {
    id: status.id,
    status: status.state,
    target_url: status.targetUrl,
    description: status.description,
    url: `${links.api}/repos/${repo.fullName}/statuses/${status.sha}`,
    context: status.context,
    creator: userObject(model, status.creator, links),
    created_at: status.createdAt,
    updated_at: status.createdAt,
  };
}
