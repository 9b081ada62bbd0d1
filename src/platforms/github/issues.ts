/**
 * Issues and comments on GitHub: the dashboard and config-error issues (found by exact title among the
 * issues the bot created — `issues/list-for-repo` also lists PRs, which are skipped; not through the
 * search API, whose index lags and whose limit is 30 a minute), and one comment per topic, found again
 * by its hidden marker so reruns update it or leave it alone.
 */
import { topicMarker, withTopicMarker } from '../topic-marker.js';
import type { EnsureOutcome, Issue } from '../types.js';
import { mayHaveTakenEffect } from './api.js';
import type { Labels } from './labels.js';
import { sameLogin, toIssue, type GitHubIssue, type RepoContext } from './wire.js';

export class Issues {
  constructor(
    private readonly ctx: RepoContext,
    private readonly labels: Labels,
  ) {}

  private get repo() {
    return { owner: this.ctx.owner, repo: this.ctx.repo };
  }

  /** Issues (not PRs) the bot opened with exactly this title, any state, newest first. */
  async find(title: string): Promise<Issue[]> {
    const issues = (await this.ctx.api.paginate(this.ctx.api.rest.issues.listForRepo, {
      ...this.repo,
      state: 'all',
      creator: this.ctx.bot.login,
      per_page: 100,
    })) as unknown as GitHubIssue[];
    return issues
      .filter((i) => !i.pull_request && i.title === title && sameLogin(i.user?.login, this.ctx.bot.login))
      .map(toIssue)
      .sort((a, b) => b.number - a.number);
  }

  /** Creates an issue; when the answer is lost (5xx, timeout), an open one with this exact text is looked for first. */
  async create(issue: { title: string; body: string; labels?: string[] }): Promise<Issue> {
    const labels = await this.labels.ensure(issue.labels ?? []);
    try {
      const answer = await this.ctx.api.rest.issues.create({ ...this.repo, title: issue.title, body: issue.body, ...(labels.length ? { labels } : {}) });
      return toIssue(answer.data as unknown as GitHubIssue);
    } catch (err) {
      if (!mayHaveTakenEffect(err)) throw err;
      const made = (await this.find(issue.title)).find((i) => i.state === 'open' && i.body === issue.body);
      if (made) return made;
      throw err;
    }
  }

  async update(number: number, change: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<Issue> {
    const edit = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as typeof change;
    if (Object.keys(edit).length === 0)
      return toIssue((await this.ctx.api.rest.issues.get({ ...this.repo, issue_number: number })).data as unknown as GitHubIssue);
    return toIssue((await this.ctx.api.rest.issues.update({ ...this.repo, issue_number: number, ...edit })).data as unknown as GitHubIssue);
  }

  /** One comment per topic on a PR or issue (GitHub comments on both through the issues API). */
  async ensureComment(number: number, topic: string, text: string): Promise<EnsureOutcome> {
    const marker = topicMarker(topic);
    const body = withTopicMarker(text, topic);
    const comments = await this.ctx.api.paginate(this.ctx.api.rest.issues.listComments, { ...this.repo, issue_number: number, per_page: 100 });
    const mine = comments.find((c) => sameLogin(c.user?.login, this.ctx.bot.login) && (c.body ?? '').includes(marker));
    if (!mine) {
      await this.ctx.api.rest.issues.createComment({ ...this.repo, issue_number: number, body });
      return 'created';
    }
    if ((mine.body ?? '').trim() === body.trim()) return 'unchanged';
    await this.ctx.api.rest.issues.updateComment({ ...this.repo, comment_id: mine.id, body });
    return 'updated';
  }
}
