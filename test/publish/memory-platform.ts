/**
 * A RepoPlatform held in memory, for unit tests of the publish stage's own logic (which calls it makes,
 * and that a rerun makes none that write). The forge adapters are tested against HTTP fakes that check
 * every request against the official API descriptions; this double only stands in for the contract.
 */
import type { CheckSummary, CreatePr, EnsureOutcome, Issue, MergeOutcome, PullRequest, RepoInfo, RepoPlatform, UpdatePr } from '../../src/platforms/types.js';

export class MemoryPlatform implements RepoPlatform {
  readonly info: RepoInfo = {
    fullName: 'home/cluster',
    defaultBranch: 'main',
    cloneUrl: 'http://127.0.0.1:1/home/cluster.git',
    archived: false,
    canPush: true,
    hasIssues: true,
    mergeStrategies: ['merge-commit', 'squash', 'rebase'],
    nativeAutomerge: true,
  };
  readonly maxBodyLength = 65_000;
  readonly prs: PullRequest[] = [];
  readonly issues: Issue[] = [];
  readonly comments = new Map<number, Map<string, string>>();
  readonly checks = new Map<string, CheckSummary>();
  /** Every call that changes something, in order (`createPr upkeep/x`, `updateIssue 3`, …). */
  readonly writes: string[] = [];
  private nextNumber = 1;

  gitCredentials() {
    return { username: 'upkeep-bot', password: 'unused' };
  }

  async readFile(): Promise<string | null> {
    return null;
  }

  async listBotPrs(): Promise<PullRequest[]> {
    return [...this.prs].reverse().map((p) => ({ ...p }));
  }

  async createPr(pr: CreatePr): Promise<PullRequest> {
    this.writes.push(`createPr ${pr.sourceBranch}`);
    const created: PullRequest = {
      number: this.nextNumber++,
      title: pr.title,
      body: pr.body,
      state: 'open',
      sourceBranch: pr.sourceBranch,
      targetBranch: pr.targetBranch,
      headSha: '',
      labels: [...pr.labels],
      author: 'upkeep-bot',
    };
    this.prs.push(created);
    return { ...created };
  }

  async updatePr(number: number, change: UpdatePr): Promise<PullRequest> {
    this.writes.push(`updatePr ${number} ${Object.keys(change).sort().join(',')}`);
    const pr = this.prs.find((p) => p.number === number)!;
    if (change.title !== undefined) pr.title = change.title;
    if (change.body !== undefined) pr.body = change.body;
    if (change.state !== undefined) pr.state = change.state;
    if (change.labels !== undefined) pr.labels = [...change.labels];
    if (change.targetBranch !== undefined) pr.targetBranch = change.targetBranch;
    return { ...pr };
  }

  async addAssignees(number: number, logins: string[]): Promise<void> {
    this.writes.push(`addAssignees ${number} ${logins.join(',')}`);
  }

  async addReviewers(number: number, logins: string[]): Promise<void> {
    this.writes.push(`addReviewers ${number} ${logins.join(',')}`);
  }

  async getChecks(sha: string): Promise<CheckSummary> {
    return this.checks.get(sha) ?? { state: 'none', details: [] };
  }

  async mergePr(pr: PullRequest): Promise<MergeOutcome> {
    this.writes.push(`mergePr ${pr.number}`);
    const stored = this.prs.find((p) => p.number === pr.number)!;
    stored.state = 'merged';
    return { merged: true };
  }

  async enableAutomerge(pr: PullRequest): Promise<'scheduled'> {
    this.writes.push(`enableAutomerge ${pr.number}`);
    return 'scheduled';
  }

  async findIssues(title: string): Promise<Issue[]> {
    return this.issues
      .filter((i) => i.title === title)
      .reverse()
      .map((i) => ({ ...i }));
  }

  async createIssue(issue: { title: string; body: string }): Promise<Issue> {
    this.writes.push(`createIssue ${issue.title}`);
    const created: Issue = { number: this.nextNumber++, title: issue.title, body: issue.body, state: 'open' };
    this.issues.push(created);
    return { ...created };
  }

  async updateIssue(number: number, change: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<Issue> {
    this.writes.push(`updateIssue ${number} ${Object.keys(change).sort().join(',')}`);
    const issue = this.issues.find((i) => i.number === number)!;
    Object.assign(issue, change);
    return { ...issue };
  }

  async ensureComment(number: number, topic: string, body: string): Promise<EnsureOutcome> {
    const onItem = this.comments.get(number) ?? new Map<string, string>();
    this.comments.set(number, onItem);
    const old = onItem.get(topic);
    if (old === body) return 'unchanged';
    this.writes.push(`${old === undefined ? 'createComment' : 'updateComment'} ${number} ${topic}`);
    onItem.set(topic, body);
    return old === undefined ? 'created' : 'updated';
  }
}
