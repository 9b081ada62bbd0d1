/**
 * GitHub API objects built from the forge model's records, one builder per schema of GitHub's OpenAPI
 * description (`simple-user`, `private-user`, `repository`, `full-repository`, `minimal-repository`,
 * `label`, `pull-request`, `pull-request-simple`, `issue`, `issue-comment`, `status`,
 * `simple-commit-status`, `check-run`, `content-file`, `git-ref`). GitHub's schemas require nearly every
 * property, so each builder fills them all (URL templates included) even where the bot never reads them.
 * Label colours go out without `#`, as GitHub sends them.
 */
import type { ForgeModel } from '../forge-model/index.js';
import type {
  CheckRunRecord,
  CommentRecord,
  IssueRecord,
  LabelRecord,
  MergeStyle,
  PullRecord,
  RepoRecord,
  ReviewRecord,
  StatusRecord,
} from '../forge-model/index.js';
import { nodeId, type GitHubLinks } from './context.js';

type Obj = Record<string, unknown>;

/** The model's merge style → GitHub's `merge_method` (GitHub has no fast-forward; rebase is closest). */
export const GITHUB_METHOD: Record<MergeStyle, 'merge' | 'squash' | 'rebase'> = {
  merge: 'merge',
  squash: 'squash',
  rebase: 'rebase',
  'rebase-merge': 'rebase',
  'fast-forward': 'rebase',
};

export function simpleUser(model: ForgeModel, login: string, links: GitHubLinks): Obj {
  const user = model.user(login);
  const name = user?.login ?? login;
  // App accounts (`slug[bot]`) are encoded in URLs, as GitHub does.
  const path = encodeURIComponent(name);
  const api = `${links.api}/users/${path}`;
  return {
    login: name,
    id: user?.id ?? 0,
    node_id: nodeId(user?.isOrg ? 'Organization' : name.endsWith('[bot]') ? 'Bot' : 'User', user?.id ?? name),
    avatar_url: `${links.web}/avatars/${path}`,
    gravatar_id: '',
    url: api,
    html_url: `${links.web}/${path}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user?.isOrg ? 'Organization' : login.endsWith('[bot]') ? 'Bot' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `GET /user` for the token's own account (`private-user`). */
export function privateUser(model: ForgeModel, login: string, links: GitHubLinks): Obj {
  const user = model.user(login)!;
  const owned = model.repos().filter((r) => r.owner.toLowerCase() === user.login.toLowerCase());
  return {
    ...simpleUser(model, login, links),
    user_view_type: 'private',
    name: user.fullName || null,
    company: null,
    blog: '',
    location: null,
    email: user.email,
    notification_email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: owned.filter((r) => !r.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    private_gists: 0,
    total_private_repos: owned.filter((r) => r.private).length,
    owned_private_repos: owned.filter((r) => r.private).length,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

/** The URL fields every repository schema requires. */
function repoUrls(repo: RepoRecord, links: GitHubLinks): Obj {
  const api = `${links.api}/repos/${repo.fullName}`;
  return {
    html_url: `${links.web}/${repo.fullName}`,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  };
}

/** `minimal-repository` (inside a combined status). */
export function minimalRepository(model: ForgeModel, repo: RepoRecord, links: GitHubLinks): Obj {
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: simpleUser(model, repo.owner, links),
    private: repo.private,
    description: null,
    fork: false,
    ...repoUrls(repo, links),
  };
}

/** `repository` (lists, PR heads and bases); `permissions` only for a signed-in viewer. */
export function repository(model: ForgeModel, repo: RepoRecord, viewer: string | undefined, links: GitHubLinks): Obj {
  const world = model.world(repo.fullName);
  const openIssues = [...world.issues.values(), ...world.pulls.values()].filter((i) => i.state === 'open').length;
  const role = model.role(viewer, repo);
  const out: Obj = {
    ...minimalRepository(model, repo, links),
    git_url: `git://${new URL(links.web).host}/${repo.fullName}.git`,
    ssh_url: `git@${new URL(links.web).hostname}:${repo.fullName}.git`,
    clone_url: `${links.web}/${repo.fullName}.git`,
    svn_url: `${links.web}/${repo.fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: repo.hasIssues,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    allow_rebase_merge: repo.mergeStyles.includes('rebase'),
    allow_squash_merge: repo.mergeStyles.includes('squash'),
    allow_merge_commit: repo.mergeStyles.includes('merge'),
    allow_auto_merge: repo.allowAutoMerge,
    delete_branch_on_merge: repo.deleteBranchOnMerge,
    allow_update_branch: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
  };
  if (viewer !== undefined && role !== undefined)
    out.permissions = { admin: role === 'admin', maintain: role === 'admin', push: role !== 'read', triage: role !== 'read', pull: true };
  return out;
}

/** `full-repository` (`GET /repos/{owner}/{repo}`). */
export function fullRepository(model: ForgeModel, repo: RepoRecord, viewer: string | undefined, links: GitHubLinks): Obj {
  const owner = model.user(repo.owner);
  return {
    ...repository(model, repo, viewer, links),
    ...(owner?.isOrg ? { organization: simpleUser(model, owner.login, links) } : {}),
    network_count: 0,
    subscribers_count: 0,
  };
}

export function label(repo: RepoRecord, record: LabelRecord, links: GitHubLinks): Obj {
  return {
    id: record.id,
    node_id: nodeId('Label', record.id),
    url: `${links.api}/repos/${repo.fullName}/labels/${encodeURIComponent(record.name)}`,
    name: record.name,
    description: record.description || null,
    color: record.color.replace(/^#/, ''),
    default: false,
  };
}

function labelsOf(model: ForgeModel, repo: RepoRecord, ids: number[], links: GitHubLinks): Obj[] {
  const all = model.labelsFor(repo);
  return ids
    .map((id) => all.find((l) => l.id === id))
    .filter((l): l is LabelRecord => l !== undefined)
    .map((l) => label(repo, l, links));
}

/** How `login` relates to the repository (`author_association`). */
export function association(model: ForgeModel, repo: RepoRecord, login: string): string {
  const who = login.toLowerCase();
  if (repo.owner.toLowerCase() === who) return 'OWNER';
  if (model.user(repo.owner)?.members.has(who)) return 'MEMBER';
  if (repo.collaborators.has(who)) return 'COLLABORATOR';
  return 'NONE';
}

/** What `pulls/get` says about mergeability (computed by the pulls handlers). */
export interface Mergeability {
  mergeable: boolean | null;
  /** `clean, blocked, behind, dirty, unstable, unknown, has_hooks, draft` */
  state: string;
}

/** `pull-request-simple` (lists, review requests). */
export function pullRequestSimple(model: ForgeModel, repo: RepoRecord, pr: PullRecord, links: GitHubLinks): Obj {
  const api = `${links.api}/repos/${repo.fullName}`;
  const html = `${links.web}/${repo.fullName}/pull/${pr.number}`;
  const repoJson = repository(model, repo, undefined, links);
  const owner = simpleUser(model, repo.owner, links);
  const branch = (ref: string, sha: string) => ({ label: `${repo.owner}:${ref}`, ref, sha, user: owner, repo: repoJson });
  const auto = pr.autoMerge;
  const [title = '', ...rest] = (auto?.message ?? '').split('\n');
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: simpleUser(model, pr.author, links),
    body: pr.body || null,
    // `pull-request-simple` says a label's description is a string (`label` lets it be null).
    labels: labelsOf(model, repo, pr.labels, links).map((l) => ({ ...l, description: l.description ?? '' })),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt ?? null,
    merged_at: pr.mergedAt ?? null,
    merge_commit_sha: pr.mergedSha ?? null,
    assignee: pr.assignees[0] ? simpleUser(model, pr.assignees[0], links) : null,
    assignees: pr.assignees.map((a) => simpleUser(model, a, links)),
    requested_reviewers: pr.reviewers.map((r) => simpleUser(model, r, links)),
    requested_teams: [],
    head: branch(pr.head, pr.headSha),
    base: branch(pr.base, pr.baseSha),
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` },
    },
    author_association: association(model, repo, pr.author),
    auto_merge: auto
      ? { enabled_by: simpleUser(model, auto.by, links), merge_method: GITHUB_METHOD[auto.style], commit_title: title, commit_message: rest.join('\n').trim() }
      : null,
    draft: false,
  };
}

/** `pull-request` (get, create, update): the simple one plus mergeability, merge facts and counts. */
export async function pullRequest(model: ForgeModel, repo: RepoRecord, pr: PullRecord, mergeability: Mergeability, links: GitHubLinks): Promise<Obj> {
  const range = `${pr.baseSha}...${pr.headSha}`;
  const commits = Number(await model.git.git(repo.fullName, ['rev-list', '--count', `${pr.baseSha}..${pr.headSha}`]));
  const numstat = (await model.git.git(repo.fullName, ['diff', '--numstat', range])).split('\n').filter(Boolean);
  const [additions, deletions] = numstat.reduce(
    ([a, d], line) => {
      const [x = '0', y = '0'] = line.split('\t');
      return [a + (Number(x) || 0), d + (Number(y) || 0)];
    },
    [0, 0],
  );
  return {
    ...pullRequestSimple(model, repo, pr, links),
    merged: pr.merged,
    mergeable: mergeability.mergeable,
    rebaseable: mergeability.mergeable,
    mergeable_state: mergeability.state,
    merged_by: pr.mergedBy ? simpleUser(model, pr.mergedBy, links) : null,
    comments: model.issues.comments(repo.fullName, pr.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits,
    additions,
    deletions,
    changed_files: numstat.length,
  };
}

/** `issue` (issues and, with a `pull_request` key, PRs: GitHub lists both through the issues API). */
export function issue(model: ForgeModel, repo: RepoRecord, record: IssueRecord | PullRecord, links: GitHubLinks): Obj {
  const api = `${links.api}/repos/${repo.fullName}`;
  const isPull = 'head' in record;
  const html = `${links.web}/${repo.fullName}/${isPull ? 'pull' : 'issues'}/${record.number}`;
  const out: Obj = {
    id: record.id,
    node_id: nodeId(isPull ? 'PullRequestIssue' : 'Issue', record.id),
    url: `${api}/issues/${record.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${record.number}/labels{/name}`,
    comments_url: `${api}/issues/${record.number}/comments`,
    events_url: `${api}/issues/${record.number}/events`,
    html_url: html,
    number: record.number,
    state: record.state,
    state_reason: record.state === 'closed' ? (isPull && !record.merged ? null : 'completed') : null,
    title: record.title,
    body: record.body || null,
    user: simpleUser(model, record.author, links),
    labels: labelsOf(model, repo, record.labels, links),
    assignee: record.assignees[0] ? simpleUser(model, record.assignees[0], links) : null,
    assignees: record.assignees.map((a) => simpleUser(model, a, links)),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: model.issues.comments(repo.fullName, record.number).length,
    closed_at: record.closedAt ?? null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    closed_by: record.closedBy ? simpleUser(model, record.closedBy, links) : null,
    author_association: association(model, repo, record.author),
  };
  if (isPull) {
    out.pull_request = {
      url: `${api}/pulls/${record.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: record.mergedAt ?? null,
    };
    out.draft = false;
  }
  return out;
}

export function issueComment(model: ForgeModel, repo: RepoRecord, comment: CommentRecord, links: GitHubLinks): Obj {
  const api = `${links.api}/repos/${repo.fullName}`;
  const isPull = model.world(repo.fullName).pulls.has(comment.number);
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${links.web}/${repo.fullName}/${isPull ? 'pull' : 'issues'}/${comment.number}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.number}`,
    body: comment.body,
    user: simpleUser(model, comment.author, links),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: association(model, repo, comment.author),
  };
}

/** GitHub has four status states; the model's others map onto them. */
export function githubState(state: StatusRecord['state']): 'error' | 'failure' | 'pending' | 'success' {
  if (state === 'skipped') return 'success';
  if (state === 'warning') return 'failure';
  return state;
}

/** `status` (list, create). */
export function status(model: ForgeModel, repo: RepoRecord, record: StatusRecord, links: GitHubLinks): Obj {
  return {
    ...simpleCommitStatus(repo, record, links),
    creator: simpleUser(model, record.creator, links),
  };
}

/** `simple-commit-status` (inside a combined status). */
export function simpleCommitStatus(repo: RepoRecord, record: StatusRecord, links: GitHubLinks): Obj {
  return {
    url: `${links.api}/repos/${repo.fullName}/statuses/${record.sha}`,
    avatar_url: null,
    id: record.id,
    node_id: nodeId('StatusContext', record.id),
    state: githubState(record.state),
    description: record.description || null,
    target_url: record.targetUrl || null,
    context: record.context,
    created_at: record.createdAt,
    updated_at: record.createdAt,
  };
}

export function checkRun(model: ForgeModel, repo: RepoRecord, run: CheckRunRecord, links: GitHubLinks): Obj {
  const api = `${links.api}/repos/${repo.fullName}`;
  const app = model.user(run.app);
  return {
    id: run.id,
    head_sha: run.sha,
    node_id: nodeId('CheckRun', run.id),
    external_id: '',
    url: `${api}/check-runs/${run.id}`,
    html_url: `${links.web}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl || `${links.web}/${repo.fullName}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.title || null,
      summary: run.summary || null,
      text: null,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id + 1_000_000 },
    app: {
      id: app?.id ?? 15368,
      slug: run.app,
      node_id: nodeId('App', run.app),
      owner: simpleUser(model, 'github', links),
      name: run.app === 'github-actions' ? 'GitHub Actions' : run.app,
      description: null,
      external_url: `${links.web}/features/actions`,
      html_url: `${links.web}/apps/${run.app}`,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
      permissions: { checks: 'write', metadata: 'read' },
      events: [],
    },
    pull_requests: [],
  };
}

/** `git-ref` for a full ref name (`refs/heads/x`). */
export function gitRef(repo: RepoRecord, ref: string, sha: string, type: 'commit' | 'tag', links: GitHubLinks): Obj {
  const api = `${links.api}/repos/${repo.fullName}`;
  return {
    ref,
    node_id: nodeId('Ref', `${repo.id}:${ref}`),
    url: `${api}/git/${ref}`,
    object: { type, sha, url: `${api}/git/${type === 'tag' ? 'tags' : 'commits'}/${sha}` },
  };
}

const REVIEW_STATE = { approved: 'APPROVED', changes_requested: 'CHANGES_REQUESTED', commented: 'COMMENTED' } as const;

/** `pull-request-review`. */
export function pullRequestReview(model: ForgeModel, repo: RepoRecord, pr: PullRecord, review: ReviewRecord, links: GitHubLinks): Obj {
  const html = `${links.web}/${repo.fullName}/pull/${pr.number}#pullrequestreview-${review.id}`;
  const pull = `${links.api}/repos/${repo.fullName}/pulls/${pr.number}`;
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', String(review.id)),
    user: simpleUser(model, review.by, links),
    body: review.body,
    state: REVIEW_STATE[review.state],
    html_url: html,
    pull_request_url: pull,
    _links: { html: { href: html }, pull_request: { href: pull } },
    submitted_at: review.submittedAt,
    commit_id: review.commitSha,
    author_association: association(model, repo, review.by),
  };
}
