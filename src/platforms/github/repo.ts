/**
 * One GitHub repository as the publish stage sees it (`RepoPlatform`): facts read once
 * (`GET /repos/{owner}/{repo}`), files through the contents API at a ref, and the parts in their own
 * files — pull requests, checks, merging, issues and comments. Created per repository run.
 */
import { HttpStatusError } from '../../util/errors.js';
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
import type { Api } from './api.js';
import { getChecks } from './checks.js';
import { Issues } from './issues.js';
import { Labels } from './labels.js';
import { allowedStrategies, enableAutomerge, mergePr, type MergeFlags } from './merge.js';
import { PullRequests } from './pull-requests.js';
import type { RepoContext } from './wire.js';

/** GitHub refuses PR and issue bodies over 65,536 characters. */
const MAX_BODY_LENGTH = 65_536;

export interface GitHubRepo extends MergeFlags {
  full_name: string;
  default_branch?: string;
  clone_url?: string;
  archived?: boolean;
  disabled?: boolean;
  has_issues?: boolean;
  allow_auto_merge?: boolean;
  permissions?: { push?: boolean; admin?: boolean };
}

export function repoInfo(repo: GitHubRepo): RepoInfo {
  return {
    fullName: repo.full_name,
    defaultBranch: repo.default_branch ?? 'main',
    cloneUrl: repo.clone_url ?? '',
    archived: repo.archived === true || repo.disabled === true,
    canPush: repo.permissions?.push === true,
    hasIssues: repo.has_issues !== false,
    mergeStrategies: allowedStrategies(repo),
    nativeAutomerge: repo.allow_auto_merge === true,
  };
}

export class GitHubRepository implements RepoPlatform {
  readonly info: RepoInfo;
  readonly maxBodyLength = MAX_BODY_LENGTH;
  private readonly ctx: RepoContext;
  private readonly pulls: PullRequests;
  private readonly issues: Issues;

  constructor(
    api: Api,
    host: string,
    repo: GitHubRepo,
    bot: BotUser,
    private readonly token: string,
  ) {
    const [owner = '', name = ''] = repo.full_name.split('/');
    this.info = repoInfo(repo);
    this.ctx = { api, host, owner, repo: name, bot, info: this.info };
    const labels = new Labels(this.ctx);
    this.pulls = new PullRequests(this.ctx, labels);
    this.issues = new Issues(this.ctx, labels);
  }

  /** Basic auth with `x-access-token` and the token as password: what GitHub takes for PATs and App tokens alike. */
  gitCredentials(): GitCredentials {
    return { username: 'x-access-token', password: this.token };
  }

  async readFile(path: string, ref?: string): Promise<string | null> {
    try {
      const answer = await this.ctx.api.rest.repos.getContent({
        owner: this.ctx.owner,
        repo: this.ctx.repo,
        path: path.replace(/^\/+/, ''),
        ref: ref ?? this.info.defaultBranch,
      });
      const file = answer.data as { type?: string; encoding?: string; content?: string };
      if (Array.isArray(answer.data) || file.type !== 'file' || typeof file.content !== 'string') return null;
      return file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('utf8') : file.content;
    } catch (err) {
      if (err instanceof HttpStatusError && err.status === 404) return null;
      throw err;
    }
  }

  listBotPrs(): Promise<PullRequest[]> {
    return this.pulls.list();
  }

  createPr(pr: CreatePr): Promise<PullRequest> {
    return this.pulls.create(pr);
  }

  updatePr(number: number, change: UpdatePr): Promise<PullRequest> {
    return this.pulls.update(number, change);
  }

  addAssignees(number: number, logins: string[]): Promise<void> {
    return this.pulls.addAssignees(number, logins);
  }

  addReviewers(number: number, logins: string[]): Promise<void> {
    return this.pulls.addReviewers(number, logins);
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
