/**
 * The bot's pull requests on Gitea: list (every state, `poster=` on 1.23+ and the author checked here
 * anyway, so PRs of other people never count), create, update, assignees and review requests.
 *
 * Creating is the one write that is not safe to repeat: a 5xx or a timeout may hide a PR that was made.
 * So after such a failure the bot's open PRs for the branch are read first; the one found is returned,
 * and only when there is none is the creation tried once more. A 409 (a PR for these branches is already
 * open, e.g. one a previous run made before losing its answer, or one Gitea kept when the branch was
 * deleted and pushed again) is answered the same way, bringing its title, body and labels up to date.
 */
import { HttpStatusError } from '../../util/errors.js';
import type { CreatePr, PullRequest, UpdatePr } from '../types.js';
import { GiteaApi } from './api.js';
import type { LabelResolver } from './labels.js';
import { mayHaveTakenEffect, sameLogin, toPullRequest, type GiteaIssue, type GiteaPull, type RepoContext } from './wire.js';

export class PullRequests {
  constructor(
    private readonly ctx: RepoContext,
    private readonly labels: LabelResolver,
  ) {}

  /** Every PR the bot authored, any state, newest first. */
  async list(state: 'all' | 'open' = 'all'): Promise<PullRequest[]> {
    const query = { state, sort: 'recentupdate', ...(this.ctx.features.posterFilter ? { poster: this.ctx.bot.login } : {}) };
    const pulls = await this.ctx.api.getAll<GiteaPull>(this.ctx.path('/pulls'), query);
    return pulls
      .filter((pr) => sameLogin(pr.user?.login, this.ctx.bot.login) && (pr.head?.repo_id === undefined || pr.head.repo_id === pr.base?.repo_id))
      .map(toPullRequest)
      .sort((a, b) => b.number - a.number);
  }

  async create(pr: CreatePr): Promise<PullRequest> {
    const labels = await this.labels.ids(pr.labels);
    const body = { head: pr.sourceBranch, base: pr.targetBranch, title: pr.title, body: pr.body, labels };
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await this.ctx.api.call('POST', this.ctx.path('/pulls'), { body, allow: [409] });
        if (created.status !== 409) return toPullRequest(created.body as GiteaPull);
        const open = await this.findOpen(pr);
        if (!open)
          throw new HttpStatusError(
            this.ctx.api.host,
            409,
            `Gitea POST ${this.ctx.path('/pulls')}: 409 ${GiteaApi.message(created.body)} (and no open PR of the bot for ${pr.sourceBranch})`,
          );
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
    if (change.body !== undefined) body.body = change.body;
    if (change.state !== undefined) body.state = change.state;
    if (change.targetBranch !== undefined) body.base = change.targetBranch;
    if (change.labels !== undefined) body.labels = await this.labels.ids(change.labels);
    if (Object.keys(body).length === 0) return toPullRequest(await this.ctx.api.get<GiteaPull>(this.ctx.path(`/pulls/${number}`)));
    // Gitea answers an edit with 201.
    return toPullRequest((await this.ctx.api.call('PATCH', this.ctx.path(`/pulls/${number}`), { body })).body as GiteaPull);
  }

  /** Adds the people not yet assigned; the issue edit replaces the whole set, so the current one is read first. */
  async addAssignees(number: number, logins: string[]): Promise<void> {
    if (logins.length === 0) return;
    const issue = await this.ctx.api.get<GiteaIssue>(this.ctx.path(`/issues/${number}`));
    const current = (issue.assignees ?? []).map((u) => u.login);
    const missing = [...new Set(logins)].filter((login) => !current.some((c) => sameLogin(c, login)));
    if (missing.length === 0) return;
    await this.ctx.api.call('PATCH', this.ctx.path(`/issues/${number}`), { body: { assignees: [...current, ...missing] } });
  }

  /** Requests reviews from the people not yet asked (never the PR's author: Gitea refuses that). */
  async addReviewers(number: number, logins: string[]): Promise<void> {
    if (logins.length === 0 || !this.ctx.features.reviewers) return;
    const pr = await this.ctx.api.get<GiteaPull>(this.ctx.path(`/pulls/${number}`));
    const asked = (pr.requested_reviewers ?? []).map((u) => u.login);
    const missing = [...new Set(logins)].filter((login) => !sameLogin(login, pr.user?.login) && !asked.some((a) => sameLogin(a, login)));
    if (missing.length === 0) return;
    await this.ctx.api.call('POST', this.ctx.path(`/pulls/${number}/requested_reviewers`), { body: { reviewers: missing } });
  }

  /** The bot's open PR from `sourceBranch` into `targetBranch`, if there is one. */
  private async findOpen(pr: CreatePr): Promise<PullRequest | undefined> {
    return (await this.list('open')).find((p) => p.sourceBranch === pr.sourceBranch && p.targetBranch === pr.targetBranch);
  }

  private async bringUpToDate(found: PullRequest, wanted: CreatePr, labelIds: number[]): Promise<PullRequest> {
    const sameLabels = found.labels.length === new Set(wanted.labels).size && wanted.labels.every((l) => found.labels.includes(l));
    if (found.title === wanted.title && found.body === wanted.body && sameLabels) return found;
    const body = { title: wanted.title, body: wanted.body, labels: labelIds };
    return toPullRequest((await this.ctx.api.call('PATCH', this.ctx.path(`/pulls/${found.number}`), { body })).body as GiteaPull);
  }
}
