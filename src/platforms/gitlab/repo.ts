/**
 * One GitLab project as the publish stage sees it (`RepoPlatform`): facts read once
 * (`GET /projects/:path`), files through the repository files API at a ref, and the parts in their own
 * files — merge requests, checks, merging, issues and notes. Created per repository run.
 */
import type {
  AutomergeOutcome,
  BotUser,
  CheckSummary,
  CreatePr,
  EnsureOutcome,
  GitCredentials,
  Issue,
  MergeOutcome,
  MergeStrategy,
  PullRequest,
  RepoInfo,
  RepoPlatform,
  UpdatePr,
} from '../types.js';
import { seg, type GitLabApi } from './api.js';
import { getChecks } from './checks.js';
import { Issues } from './issues.js';
import { Labels } from './labels.js';
import { allowedStrategies, enableAutomerge, mergePr } from './merge.js';
import { MergeRequests } from './merge-requests.js';
import type { RepoContext } from './wire.js';

/** GitLab's limit for a description (1,048,576 characters); a margin for edits. */
const MAX_BODY_LENGTH = 1_000_000;

/** Developer (30) and above may push branches and open merge requests. */
const DEVELOPER = 30;

export interface GitLabProject {
  id: number;
  path_with_namespace: string;
  default_branch?: string | null;
  http_url_to_repo?: string;
  archived?: boolean;
  issues_enabled?: boolean;
  merge_method?: 'merge' | 'rebase_merge' | 'ff';
  squash_option?: 'never' | 'always' | 'default_on' | 'default_off';
  permissions?: { project_access?: { access_level: number } | null; group_access?: { access_level: number } | null } | null;
}

export const accessLevel = (p: GitLabProject): number =>
  Math.max(p.permissions?.project_access?.access_level ?? 0, p.permissions?.group_access?.access_level ?? 0);

export interface GitLabRepoOptions {
  autoMergeField: RepoContext['autoMergeField'];
  retryDelaysMs: number[];
  sleep(ms: number): Promise<void>;
}

export class GitLabRepository implements RepoPlatform {
  readonly info: RepoInfo;
  readonly maxBodyLength = MAX_BODY_LENGTH;
  private readonly ctx: RepoContext;
  private readonly mrs: MergeRequests;
  private readonly issues: Issues;

  constructor(
    api: GitLabApi,
    project: GitLabProject,
    bot: BotUser & { id: number },
    private readonly token: string,
    options: GitLabRepoOptions,
  ) {
    const mergeMethod = project.merge_method ?? 'merge';
    const squashOption = project.squash_option ?? 'default_off';
    this.info = {
      fullName: project.path_with_namespace,
      defaultBranch: project.default_branch ?? 'main',
      cloneUrl: project.http_url_to_repo ?? '',
      archived: project.archived === true,
      canPush: accessLevel(project) >= DEVELOPER,
      hasIssues: project.issues_enabled !== false,
      mergeStrategies: allowedStrategies(mergeMethod, squashOption),
      nativeAutomerge: true,
    };
    const path = project.path_with_namespace;
    this.ctx = {
      api,
      project: path,
      bot,
      botId: bot.id,
      info: this.info,
      autoMergeField: options.autoMergeField,
      mergeMethod,
      squashOption,
      retryDelaysMs: options.retryDelaysMs,
      sleep: options.sleep,
      path: (suffix = '') => `/projects/${seg(path)}${suffix}`,
    };
    const labels = new Labels(this.ctx);
    this.mrs = new MergeRequests(this.ctx, labels);
    this.issues = new Issues(this.ctx, labels);
  }

  /** GitLab takes any user name with a token as the password over HTTPS; `oauth2` is the documented one. */
  gitCredentials(): GitCredentials {
    return { username: 'oauth2', password: this.token };
  }

  async readFile(path: string, ref?: string): Promise<string | null> {
    const file = seg(path.replace(/^\/+/, ''));
    const answer = await this.ctx.api.call('GET', this.ctx.path(`/repository/files/${file}/raw`), {
      query: { ref: ref ?? this.info.defaultBranch },
      allow: [404],
    });
    if (answer.status === 404 || answer.body === undefined) return answer.status === 404 ? null : '';
    return typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  }

  listBotPrs(): Promise<PullRequest[]> {
    return this.mrs.list();
  }

  createPr(pr: CreatePr): Promise<PullRequest> {
    return this.mrs.create(pr);
  }

  updatePr(number: number, change: UpdatePr): Promise<PullRequest> {
    return this.mrs.update(number, change);
  }

  addAssignees(number: number, logins: string[]): Promise<void> {
    return this.mrs.addAssignees(number, logins);
  }

  addReviewers(number: number, logins: string[]): Promise<void> {
    return this.mrs.addReviewers(number, logins);
  }

  getChecks(sha: string): Promise<CheckSummary> {
    return getChecks(this.ctx, sha);
  }

  mergePr(pr: PullRequest, options: { strategy: MergeStrategy; sha: string; commitMessage: string }): Promise<MergeOutcome> {
    return mergePr(this.ctx, pr, options);
  }

  enableAutomerge(pr: PullRequest, options: { strategy: MergeStrategy; sha: string; commitMessage: string }): Promise<AutomergeOutcome> {
    return enableAutomerge(this.ctx, pr, options);
  }

  findIssues(title: string): Promise<Issue[]> {
    return this.issues.find(title);
  }

  createIssue(issue: { title: string; body: string; labels?: string[] }): Promise<Issue> {
    return this.issues.create(issue);
  }

  updateIssue(number: number, change: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<Issue> {
    return this.issues.update(number, change);
  }

  ensureComment(number: number, topic: string, body: string): Promise<EnsureOutcome> {
    return this.issues.ensureComment(number, topic, body);
  }
}
