/**
 * The bot's pull requests on GitHub: list (every state; `pulls/list` has no author filter, so the
 * author is checked here and PRs of other people never count), create, update, assignees and review
 * requests.
 *
 * Creating is the one write that is not safe to repeat: a 5xx or a timeout may hide a PR that was made.
 * So after such a failure the open PR for the branch is looked up first (`head=owner:branch`, the only
 * form GitHub filters on); only when there is none is the creation tried once more. A 422 "A pull
 * request already exists" is answered the same way, bringing the found PR's title, body and labels up
 * to date.
 */
import { HttpStatusError } from '../../util/errors.js';
import type { CreatePr, PullRequest, UpdatePr } from '../types.js';
import { mayHaveTakenEffect } from './api.js';
import type { Labels } from './labels.js';
import { sameLogin, toPullRequest, type GitHubPull, type RepoContext } from './wire.js';

export class PullRequests {
  constructor(
    private readonly ctx: RepoContext,
    private readonly labels: Labels,
  ) {}

  private get repo() {
    return { owner: this.ctx.owner, repo: this.ctx.repo };
  }

  /** Every PR the bot authored from a branch of this repository, any state, newest first. */
  async list(): Promise<PullRequest[]> {
    const pulls = (await this.ctx.api.paginate(this.ctx.api.rest.pulls.list, {
      ...this.repo,
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: 100,
    })) as unknown as GitHubPull[];
    return pulls
      .filter((pr) => sameLogin(pr.user?.login, this.ctx.bot.login) && sameRepo(pr))
      .map(toPullRequest)
      .sort((a, b) => b.number - a.number);
  }

  async create(pr: CreatePr): Promise<PullRequest> {
    const labels = await this.labels.ensure(pr.labels);
    for (let attempt = 0; ; attempt++) {
      let created: PullRequest;
      try {
        const answer = await this.ctx.api.rest.pulls.create({ ...this.repo, head: pr.sourceBranch, base: pr.targetBranch, title: pr.title, body: pr.body });
        created = toPullRequest(answer.data as unknown as GitHubPull);
      } catch (err) {
        const exists = err instanceof HttpStatusError && err.status === 422 && /already exists/i.test(err.message);
        if (!exists && !mayHaveTakenEffect(err)) throw err;
        const found = await this.findOpen(pr);
        if (found) return this.bringUpToDate(found, pr, labels);
        if (exists || attempt >= 1) throw err;
        continue;
      }
      if (labels.length === 0) return created;
      await this.ctx.api.rest.issues.addLabels({ ...this.repo, issue_number: created.number, labels });
      return { ...created, labels };
    }
  }

  async update(number: number, change: UpdatePr): Promise<PullRequest> {
    const edit: { title?: string; body?: string; state?: 'open' | 'closed'; base?: string } = {};
    if (change.title !== undefined) edit.title = change.title;
    if (change.body !== undefined) edit.body = change.body;
    if (change.state !== undefined) edit.state = change.state;
    if (change.targetBranch !== undefined) edit.base = change.targetBranch;
    let pr: PullRequest;
    if (Object.keys(edit).length > 0)
      pr = toPullRequest((await this.ctx.api.rest.pulls.update({ ...this.repo, pull_number: number, ...edit })).data as unknown as GitHubPull);
    else pr = toPullRequest((await this.ctx.api.rest.pulls.get({ ...this.repo, pull_number: number })).data as unknown as GitHubPull);
    if (change.labels !== undefined) {
      const labels = await this.labels.ensure(change.labels);
      await this.ctx.api.rest.issues.setLabels({ ...this.repo, issue_number: number, labels });
      pr = { ...pr, labels };
    }
    return pr;
  }

  /** Adds the people not yet assigned (GitHub adds to the set and silently drops people without access). */
  async addAssignees(number: number, logins: string[]): Promise<void> {
    const wanted = [...new Set(logins)];
    if (wanted.length === 0) return;
    const issue = (await this.ctx.api.rest.issues.get({ ...this.repo, issue_number: number })).data;
    const current = (issue.assignees ?? []).map((u) => u.login);
    const missing = wanted.filter((login) => !current.some((c) => sameLogin(c, login)));
    if (missing.length === 0) return;
    await this.ctx.api.rest.issues.addAssignees({ ...this.repo, issue_number: number, assignees: missing });
  }

  /** Requests reviews from the people not yet asked (never the PR's author: GitHub refuses that with 422). */
  async addReviewers(number: number, logins: string[]): Promise<void> {
    const wanted = [...new Set(logins)];
    if (wanted.length === 0) return;
    const pr = (await this.ctx.api.rest.pulls.get({ ...this.repo, pull_number: number })).data;
    const asked = (pr.requested_reviewers ?? []).map((u) => u.login);
    const missing = wanted.filter((login) => !sameLogin(login, pr.user?.login) && !asked.some((a) => sameLogin(a, login)));
    if (missing.length === 0) return;
    await this.ctx.api.rest.pulls.requestReviewers({ ...this.repo, pull_number: number, reviewers: missing });
  }

  /** The bot's open PR from `sourceBranch` into `targetBranch`, if there is one. */
  private async findOpen(pr: CreatePr): Promise<PullRequest | undefined> {
    const open = (await this.ctx.api.rest.pulls.list({ ...this.repo, state: 'open', head: `${this.ctx.owner}:${pr.sourceBranch}`, base: pr.targetBranch }))
      .data as unknown as GitHubPull[];
    const mine = open.find((p) => sameLogin(p.user?.login, this.ctx.bot.login));
    return mine ? toPullRequest(mine) : undefined;
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

/** PRs from forks never count: the bot only pushes to the repository itself. */
function sameRepo(pr: GitHubPull): boolean {
  const head = pr.head.repo?.full_name;
  const base = pr.base.repo?.full_name;
  return head === undefined || base === undefined || head === base;
}
