/**
 * Issues and comments on GitLab: the dashboard and config-error issues (the bot's issues, any state,
 * with exactly that title: `search` narrows the list, the title is compared here), and one comment
 * (a note) per topic on a merge request, found again by its hidden marker. GitLab numbers merge requests
 * and issues separately: the comments the publish stage writes are on merge requests.
 */
import { topicMarker, withTopicMarker } from '../topic-marker.js';
import type { EnsureOutcome, Issue } from '../types.js';
import { mayHaveTakenEffect } from './api.js';
import type { Labels } from './labels.js';
import { sameLogin, toIssue, type GitLabIssue, type GitLabUser, type RepoContext } from './wire.js';

interface GitLabNote {
  id: number;
  body?: string;
  system?: boolean;
  author?: GitLabUser | null;
}

export class Issues {
  constructor(
    private readonly ctx: RepoContext,
    private readonly labels: Labels,
  ) {}

  async find(title: string): Promise<Issue[]> {
    const issues = await this.ctx.api.getAll<GitLabIssue>(this.ctx.path('/issues'), {
      author_id: this.ctx.botId,
      state: 'all',
      search: title,
      in: 'title',
      order_by: 'created_at',
      sort: 'desc',
    });
    return issues
      .filter((i) => i.title === title && sameLogin(i.author?.username, this.ctx.bot.login))
      .map(toIssue)
      .sort((a, b) => b.number - a.number);
  }

  async create(issue: { title: string; body: string; labels?: string[] }): Promise<Issue> {
    const labels = await this.labels.ensure(issue.labels ?? []);
    const body = { title: issue.title, description: issue.body, ...(labels.length ? { labels: labels.join(',') } : {}) };
    try {
      return toIssue((await this.ctx.api.call('POST', this.ctx.path('/issues'), { body })).body as GitLabIssue);
    } catch (err) {
      if (!mayHaveTakenEffect(err)) throw err;
      const made = (await this.find(issue.title)).find((i) => i.state === 'open' && i.body === issue.body);
      if (made) return made;
      throw err;
    }
  }

  async update(number: number, change: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<Issue> {
    const body: Record<string, unknown> = {};
    if (change.title !== undefined) body.title = change.title;
    if (change.body !== undefined) body.description = change.body;
    if (change.state !== undefined) body.state_event = change.state === 'closed' ? 'close' : 'reopen';
    if (Object.keys(body).length === 0) return toIssue(await this.ctx.api.get<GitLabIssue>(this.ctx.path(`/issues/${number}`)));
    return toIssue((await this.ctx.api.call('PUT', this.ctx.path(`/issues/${number}`), { body })).body as GitLabIssue);
  }

  /** One note per topic on merge request `number`. */
  async ensureComment(number: number, topic: string, text: string): Promise<EnsureOutcome> {
    const marker = topicMarker(topic);
    const body = withTopicMarker(text, topic);
    const mine = await this.findNote(number, marker);
    if (!mine) {
      try {
        await this.ctx.api.call('POST', this.ctx.path(`/merge_requests/${number}/notes`), { body: { body } });
      } catch (err) {
        // A lost answer: the note may be there already; a second one would be a duplicate.
        if (!mayHaveTakenEffect(err) || !(await this.findNote(number, marker))) throw err;
      }
      return 'created';
    }
    if ((mine.body ?? '').trim() === body.trim()) return 'unchanged';
    await this.ctx.api.call('PUT', this.ctx.path(`/merge_requests/${number}/notes/${mine.id}`), { body: { body } });
    return 'updated';
  }

  /** The bot's note carrying `marker` on merge request `number` (system notes never count). */
  private async findNote(number: number, marker: string): Promise<GitLabNote | undefined> {
    const notes = await this.ctx.api.getAll<GitLabNote>(this.ctx.path(`/merge_requests/${number}/notes`), { sort: 'asc', order_by: 'created_at' });
    return notes.find((n) => !n.system && sameLogin(n.author?.username, this.ctx.bot.login) && (n.body ?? '').includes(marker));
  }
}
