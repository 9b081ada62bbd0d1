/**
 * The records of the fake forge world, forge-neutral: each fake (Gitea, GitHub, GitLab) turns them into
 * its own API objects. Branches and commits are not here: they live in git (git-store.ts).
 */
import type { MergeStyle } from './git-merge.js';

export type Role = 'read' | 'write' | 'admin';

export interface UserRecord {
  id: number;
  login: string;
  fullName: string;
  email: string;
  /** Site administrator. */
  admin: boolean;
  /** An organization (or GitLab group) rather than a person. */
  isOrg: boolean;
  /** Organization members and their role (organizations only). */
  members: Map<string, Role>;
  labels: LabelRecord[];
}

export interface LabelRecord {
  id: number;
  name: string;
  /** `#rrggbb`. */
  color: string;
  description: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  archived: boolean;
  hasIssues: boolean;
  hasPullRequests: boolean;
  defaultBranch: string;
  /** Merge styles the repository settings allow. */
  mergeStyles: MergeStyle[];
  defaultMergeStyle: MergeStyle;
  /** The forge lets merges be scheduled for when checks pass (GitHub's `allow_auto_merge`). */
  allowAutoMerge: boolean;
  /** The head branch is deleted after a merge (GitHub's `delete_branch_on_merge`). */
  deleteBranchOnMerge: boolean;
  collaborators: Map<string, Role>;
  /** Branch protection: status contexts that must be `success` before a merge into the branch. */
  protections: Map<string, { requiredContexts: string[] }>;
  labels: LabelRecord[];
  /** The next number of an issue or PR (shared numbering, as Gitea and GitHub do). */
  nextNumber: number;
  createdAt: string;
}

export interface AutoMergeRecord {
  style: MergeStyle;
  /** Who scheduled it (the merge is done as them). */
  by: string;
  message: string;
  deleteBranch: boolean;
}

export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  head: string;
  base: string;
  /** Read from the head branch while the PR is open; frozen when it closes or merges. */
  headSha: string;
  /** The base's head when the PR was last read or merged. */
  baseSha: string;
  author: string;
  labels: number[];
  assignees: string[];
  reviewers: string[];
  autoMerge?: AutoMergeRecord;
  mergedSha?: string;
  mergedBy?: string;
  mergedAt?: string;
  closedBy?: string;
  closedAt?: string;
  createdAt: string;
  updatedAt: string;
  /** Merge attempts still answered "mergeability is being checked" (a test hook; 0 = checked). */
  checkingFor: number;
  /** Reviews submitted, oldest first (`hooks.review`). */
  reviews?: ReviewRecord[];
}

export type ReviewState = 'approved' | 'changes_requested' | 'commented';

export interface ReviewRecord {
  id: number;
  by: string;
  state: ReviewState;
  body: string;
  /** The head the review was made on. */
  commitSha: string;
  submittedAt: string;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  author: string;
  labels: number[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  closedBy?: string;
}

export interface CommentRecord {
  id: number;
  /** The issue or PR it belongs to. */
  number: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

/** Gitea's set; GitHub's (`error, failure, pending, success`) and GitLab's map onto it. */
export type StatusState = 'pending' | 'success' | 'error' | 'failure' | 'warning' | 'skipped';

export interface StatusRecord {
  id: number;
  sha: string;
  context: string;
  state: StatusState;
  description: string;
  targetUrl: string;
  creator: string;
  createdAt: string;
}

/** GitHub's check-run lifecycle (`status`) and result (`conclusion`, once completed). */
export type CheckRunStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type CheckRunConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

/** A check run (GitHub Actions and other apps report only these, not statuses). */
export interface CheckRunRecord {
  id: number;
  sha: string;
  name: string;
  status: CheckRunStatus;
  conclusion: CheckRunConclusion | null;
  title: string;
  summary: string;
  detailsUrl: string;
  /** The app that ran it (`github-actions`). */
  app: string;
  startedAt: string;
  completedAt: string | null;
}

/** Everything a repository holds besides git. */
export interface RepoWorld {
  repo: RepoRecord;
  pulls: Map<number, PullRecord>;
  issues: Map<number, IssueRecord>;
  comments: CommentRecord[];
  statuses: StatusRecord[];
  /** Check runs per sha, beside statuses (GitHub). */
  checkRuns: CheckRunRecord[];
}
