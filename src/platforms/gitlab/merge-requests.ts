/**
 * The bot's merge requests on GitLab: list (every state, `author_id` = the bot, checked again here),
 * create, update, assignees and reviewers.
 *
 * Creating is the one write not safe to repeat: after a 5xx or a timeout the bot's open MR for the
 * branch is looked up first, and only when there is none is the creation tried once more. A 409
 * ("Another open merge request already exists for this source branch") is answered the same way, the
 * found MR brought up to date. Assignees and reviewers are user ids on GitLab, and `assignee_ids` /
 * `reviewer_ids` replace the whole list: the current ids are read and kept.
 */
import { HttpStatusError } from '../../util/errors.js';
import type { CreatePr, PullRequest, UpdatePr } from '../types.js';
import { GitLabApi, mayHaveTakenEffect } from './api.js';
import type { Labels } from './labels.js';
import { sameLogin, toPullRequest, type GitLabMergeRequest, type GitLabUser, type RepoContext } from './wire.js';

export class MergeRequests {
  private readonly userIds = new Map<string, number | undefined>();

  constructor(
    private readonly ctx: RepoContext,
    private readonly labels: Labels,
  ) {}

  /** Every MR the bot opened from this project, any state, newest first. */
  async list(state: 'all' | 'opened' = 'all', sourceBranch?: string): Promise<PullRequest[]> {
    const mrs = await this.ctx.api.getAll<GitLabMergeRequest>(this.ctx.path('/merge_requests'), {
      state,
      author_id: this.ctx.botId,
      order_by: 'created_at',
      sort: 'desc',
      ...(sourceBranch ? { source_branch: sourceBranch } : {}),
    });
    return mrs
      .filter(
        (mr) => sameLogin(mr.author?.username, this.ctx.bot.login) && (mr.source_project_id === undefined || mr.source_project_id === mr.target_project_id),
      )
      .map(toPullRequest)
      .sort((a, b) => b.number - a.number);
  }

  async create(pr: CreatePr): Promise<PullRequest> {
    const labels = await this.labels.ensure(pr.labels);
    const body = {
      source_branch: pr.sourceBranch,
      target_branch: pr.targetBranch,
      title: pr.title,
      description: pr.body,
      remove_source_branch: true,
      ...(labels.length ? { labels: labels.join(',') } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await this.ctx.api.call('POST', this.ctx.path('/merge_requests'), { body, allow: [409] });
        if (created.status !== 409) return toPullRequest(created.body as GitLabMergeRequest);
        const open = await this.findOpen(pr);
        if (!open) throw new HttpStatusError(this.ctx.api.host, 409, `GitLab POST ${this.ctx.path('/merge_requests')}: 409 ${GitLabApi.message(created.body)}`);
        return this.bringUpToDate(open, pr, labels);
      } catch (err) {
        if (!mayHaveTakenEffect(err)) throw err;
        const made = await this.findOpen(pr);
        if (made) return this.bringUpToDate(made, pr, labels);
        if (attempt >= 1) throw err;
      }
    }
  }

  async update(number: number, change: UpdatePr): Promise<PullRequest> {
    const body: Record<string, unknown> = {};
    if (change.title !== undefined) body.title = change.title;
    if (change.body !== undefined) body.description = change.body;
    if (change.state !== undefined) body.state_event = change.state === 'closed' ? 'close' : 'reopen';
    if (change.targetBranch !== undefined) body.target_branch = change.targetBranch;
    if (change.labels !== undefined) body.labels = (await this.labels.ensure(change.labels)).join(',');
    if (Object.keys(body).length === 0) return toPullRequest(await this.ctx.api.get<GitLabMergeRequest>(this.ctx.path(`/merge_requests/${number}`)));
    return toPullRequest((await this.ctx.api.call('PUT', this.ctx.path(`/merge_requests/${number}`), { body })).body as GitLabMergeRequest);
  }

  async addAssignees(number: number, logins: string[]): Promise<void> {
    await this.addPeople(number, logins, 'assignees', 'assignee_ids');
  }

  /** Reviewers, never the MR's author. */
  async addReviewers(number: number, logins: string[]): Promise<void> {
    await this.addPeople(number, logins, 'reviewers', 'reviewer_ids');
  }

  private async addPeople(number: number, logins: string[], field: 'assignees' | 'reviewers', key: 'assignee_ids' | 'reviewer_ids'): Promise<void> {
    const wanted = [...new Set(logins)];
    if (wanted.length === 0) return;
    const mr = await this.ctx.api.get<GitLabMergeRequest>(this.ctx.path(`/merge_requests/${number}`));
    const current = mr[field] ?? [];
    const missing = wanted.filter(
      (login) => !current.some((u) => sameLogin(u.username, login)) && !(field === 'reviewers' && sameLogin(login, mr.author?.username)),
    );
    if (missing.length === 0) return;
    const ids: number[] = [];
    for (const login of missing) {
      const id = await this.userId(login);
      if (id !== undefined) ids.push(id);
    }
    if (ids.length === 0) return;
    await this.ctx.api.call('PUT', this.ctx.path(`/merge_requests/${number}`), { body: { [key]: [...current.map((u) => u.id), ...ids] } });
  }

  /** A login's user id (`GET /users?username=`), once per run; unknown people are skipped. */
  private async userId(login: string): Promise<number | undefined> {
    if (!this.userIds.has(login)) {
      const users = await this.ctx.api.get<GitLabUser[]>('/users', { username: login });
      this.userIds.set(login, (users ?? []).find((u) => sameLogin(u.username, login))?.id);
    }
    return this.userIds.get(login);
  }

  private async findOpen(pr: CreatePr): Promise<PullRequest | undefined> {
    return (await this.list('opened', pr.sourceBranch)).find((p) => p.targetBranch === pr.targetBranch);
  }

  private async bringUpToDate(found: PullRequest, wanted: CreatePr, labels: string[]): Promise<PullRequest> {
    const sameLabels = found.labels.length === labels.length && labels.every((l) => found.labels.includes(l));
    const change: UpdatePr = {};
    if (found.title !== wanted.title) change.title = wanted.title;
    if (found.body !== wanted.body) change.body = wanted.body;
    if (!sameLabels) change.labels = labels;
    return Object.keys(change).length ? this.update(found.number, change) : found;
  }
}
