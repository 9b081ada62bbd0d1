/**
 * One Gitea repository as the publish stage sees it (`RepoPlatform`): facts read once (`GET /repos/…`),
 * files through the contents API at a ref, and the parts in their own files — pull requests, checks,
 * merging, issues and comments. Created per repository run; holds no state beyond that run's caches
 * (label ids).
 */
import type {
  AutomergeOutcome,
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
import { apiPath, type GiteaApi } from './api.js';
import { getChecks } from './checks.js';
import { Issues } from './issues.js';
import { LabelResolver } from './labels.js';
import { allowedStrategies, enableAutomerge, mergePr } from './merge.js';
import { PullRequests } from './pull-requests.js';
import { featuresOf, type GiteaVersion } from './version.js';
import type { BotUser } from '../types.js';
import type { GiteaRepo, RepoContext } from './wire.js';

/** Renovate's figure for Gitea; the server itself sets no documented limit. */
const MAX_BODY_LENGTH = 1_000_000;

interface GiteaContents {
  type?: string;
  encoding?: string;
  content?: string | null;
}

export function repoInfo(repo: GiteaRepo, version: GiteaVersion): RepoInfo {
  const mergeStrategies = allowedStrategies(repo);
  return {
    fullName: repo.full_name,
    defaultBranch: repo.default_branch ?? 'main',
    cloneUrl: repo.clone_url ?? '',
    archived: repo.archived === true,
    // A mirror is read-only whatever the permissions say.
    canPush: repo.permissions?.push === true && repo.mirror !== true,
    hasIssues: repo.has_issues !== false && !repo.external_tracker?.external_tracker_url,
    mergeStrategies,
    nativeAutomerge: featuresOf(version).nativeAutomerge && mergeStrategies.some((s) => s !== 'fast-forward'),
  };
}

export class GiteaRepository implements RepoPlatform {
  readonly info: RepoInfo;
  readonly maxBodyLength = MAX_BODY_LENGTH;
  private readonly ctx: RepoContext;
  private readonly pulls: PullRequests;
  private readonly issues: Issues;

  constructor(
    api: GiteaApi,
    repo: GiteaRepo,
    bot: BotUser,
    version: GiteaVersion,
    private readonly token: string,
  ) {
    const [owner = '', name = ''] = repo.full_name.split('/');
    this.info = repoInfo(repo, version);
    this.ctx = {
      api,
      owner,
      name,
      bot,
      version,
      features: featuresOf(version),
      info: this.info,
      path: (suffix = '') => `${apiPath`/repos/${owner}/${name}`}${suffix}`,
    };
    const labels = new LabelResolver(api, owner, name);
    this.pulls = new PullRequests(this.ctx, labels);
    this.issues = new Issues(this.ctx, labels);
  }

  /** Basic auth with the bot's login and the token as password, as Gitea takes it for git over HTTPS. */
  gitCredentials(): GitCredentials {
    return { username: this.ctx.bot.login, password: this.token };
  }

  async readFile(path: string, ref?: string): Promise<string | null> {
    const file = apiPath`/contents/${path.replace(/^\/+/, '')}`;
    const answer = await this.ctx.api.call('GET', this.ctx.path(file), { query: { ref: ref ?? this.info.defaultBranch }, allow: [404] });
    return contentsText(answer.status === 404 ? undefined : answer.body);
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

/** The text of a contents-API answer; null for a directory, a symlink or nothing. */
export function contentsText(body: unknown): string | null {
  const contents = body as GiteaContents | GiteaContents[] | undefined;
  if (!contents || Array.isArray(contents) || contents.type !== 'file' || typeof contents.content !== 'string') return null;
  return contents.encoding === 'base64' ? Buffer.from(contents.content, 'base64').toString('utf8') : contents.content;
}
