/**
 * Issues and comments of the fake forges. Issues and PRs share one number sequence per repository (as
 * on Gitea and GitHub), and comments hang off either by number.
 */
import type { ForgeModel } from './model.js';
import type { CommentRecord, IssueRecord } from './records.js';

export interface NewIssue {
  title: string;
  body?: string;
  author: string;
  labels?: number[];
  assignees?: string[];
  closed?: boolean;
}

export interface IssueFilter {
  state?: 'open' | 'closed' | 'all';
  createdBy?: string;
  /** Substring of the title or body (what forges' keyword search finds, roughly). */
  q?: string;
  labels?: number[];
}

export class IssueStore {
  constructor(private readonly model: ForgeModel) {}

  create(fullName: string, input: NewIssue): IssueRecord {
    const world = this.model.world(fullName);
    const now = this.model.now();
    const issue: IssueRecord = {
      id: this.model.id(),
      number: world.repo.nextNumber++,
      title: input.title,
      body: input.body ?? '',
      state: input.closed ? 'closed' : 'open',
      author: input.author,
      labels: [...(input.labels ?? [])],
      assignees: [...(input.assignees ?? [])],
      createdAt: now,
      updatedAt: now,
    };
    if (input.closed) issue.closedAt = now;
    world.issues.set(issue.number, issue);
    return issue;
  }

  get(fullName: string, number: number): IssueRecord | undefined {
    return this.model.world(fullName).issues.get(number);
  }

  /** Issues matching the filter, newest first. */
  list(fullName: string, filter: IssueFilter = {}): IssueRecord[] {
    const q = filter.q?.toLowerCase();
    return [...this.model.world(fullName).issues.values()]
      .filter((i) => !filter.state || filter.state === 'all' || i.state === filter.state)
      .filter((i) => !filter.createdBy || i.author.toLowerCase() === filter.createdBy.toLowerCase())
      .filter((i) => !q || i.title.toLowerCase().includes(q) || i.body.toLowerCase().includes(q))
      .filter((i) => !filter.labels?.length || filter.labels.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number);
  }

  edit(
    issue: IssueRecord,
    change: { title?: string; body?: string; state?: 'open' | 'closed'; assignees?: string[]; labels?: number[] },
    by: string,
  ): IssueRecord {
    if (change.title !== undefined) issue.title = change.title;
    if (change.body !== undefined) issue.body = change.body;
    if (change.assignees !== undefined) issue.assignees = [...change.assignees];
    if (change.labels !== undefined) issue.labels = [...change.labels];
    const now = this.model.now();
    if (change.state !== undefined && change.state !== issue.state) {
      issue.state = change.state;
      if (change.state === 'closed') {
        issue.closedAt = now;
        issue.closedBy = by;
      } else {
        delete issue.closedAt;
        delete issue.closedBy;
      }
    }
    issue.updatedAt = now;
    return issue;
  }

  /** Comments on an issue or PR, oldest first. */
  comments(fullName: string, number: number): CommentRecord[] {
    return this.model.world(fullName).comments.filter((c) => c.number === number);
  }

  comment(fullName: string, id: number): CommentRecord | undefined {
    return this.model.world(fullName).comments.find((c) => c.id === id);
  }

  addComment(fullName: string, number: number, body: string, author: string): CommentRecord {
    const now = this.model.now();
    const comment: CommentRecord = { id: this.model.id(), number, body, author, createdAt: now, updatedAt: now };
    this.model.world(fullName).comments.push(comment);
    return comment;
  }

  editComment(comment: CommentRecord, body: string): CommentRecord {
    comment.body = body;
    comment.updatedAt = this.model.now();
    return comment;
  }

  /** An issue or PR with this number exists. */
  exists(fullName: string, number: number): boolean {
    const world = this.model.world(fullName);
    return world.issues.has(number) || world.pulls.has(number);
  }
}
