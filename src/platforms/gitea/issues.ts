/**
 * Issues and comments on Gitea: the dashboard and config-error issues (found by exact title among the
 * issues the bot opened — not through `q`, whose search index may lag behind a fresh issue), and one
 * comment per topic, found again by a hidden marker so reruns update or leave it instead of adding another.
 */
import { topicMarker, withTopicMarker } from '../topic-marker.js';
import type { EnsureOutcome, Issue } from '../types.js';
import type { LabelResolver } from './labels.js';
import { mayHaveTakenEffect, sameLogin, toIssue, type GiteaIssue, type GiteaUser, type RepoContext } from './wire.js';

interface GiteaComment {
  id: number;
  body?: string;
  user?: GiteaUser;
}

export { topicMarker };

export class Issues {
  constructor(
    private readonly ctx: RepoContext,
    private readonly labels: LabelResolver,
  ) {}

  /** Issues (not PRs) the bot opened with exactly this title, any state, newest first. */
  async find(title: string): Promise<Issue[]> {
    const issues = await this.ctx.api.getAll<GiteaIssue>(this.ctx.path('/issues'), { state: 'all', type: 'issues', created_by: this.ctx.bot.login });
    return issues
      .filter((i) => !i.pull_request && i.title === title && sameLogin(i.user?.login, this.ctx.bot.login))
      .map(toIssue)
      .sort((a, b) => b.number - a.number);
  }

  /** Creates an issue; when the answer is lost (5xx, timeout), an open one with this exact text is looked for first. */
  async create(issue: { title: string; body: string; labels?: string[] }): Promise<Issue> {
    const labels = await this.labels.ids(issue.labels ?? []);
    const body = { title: issue.title, body: issue.body, ...(labels.length ? { labels } : {}) };
    try {
      return toIssue((await this.ctx.api.call('POST', this.ctx.path('/issues'), { body })).body as GiteaIssue);
    } catch (err) {
      if (!mayHaveTakenEffect(err)) throw err;
      const made = (await this.find(issue.title)).find((i) => i.state === 'open' && i.body === issue.body);
      if (made) return made;
      throw err;
    }
  }

  async update(number: number, change: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<Issue> {
    const body = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    if (Object.keys(body).length === 0) return toIssue(await this.ctx.api.get<GiteaIssue>(this.ctx.path(`/issues/${number}`)));
    // Gitea answers an edit with 201.
    return toIssue((await this.ctx.api.call('PATCH', this.ctx.path(`/issues/${number}`), { body })).body as GiteaIssue);
  }

  async ensureComment(number: number, topic: string, text: string): Promise<EnsureOutcome> {
    const marker = topicMarker(topic);
    const body = withTopicMarker(text, topic);
    const comments = await this.ctx.api.get<GiteaComment[]>(this.ctx.path(`/issues/${number}/comments`));
    const mine = (comments ?? []).find((c) => sameLogin(c.user?.login, this.ctx.bot.login) && (c.body ?? '').includes(marker));
    if (!mine) {
      await this.ctx.api.call('POST', this.ctx.path(`/issues/${number}/comments`), { body: { body } });
      return 'created';
    }
    if ((mine.body ?? '').trim() === body.trim()) return 'unchanged';
    await this.ctx.api.call('PATCH', this.ctx.path(`/issues/comments/${mine.id}`), { body: { body } });
    return 'updated';
  }
}
