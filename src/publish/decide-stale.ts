/**
 * A bot branch (under `branchPrefix`, on this base) that the plan no longer produces: its update was
 * done by hand, its dep removed, or it moved to another branch. Renovate's pruning: an unmodified branch
 * is deleted and its open PR closed with a comment; a branch someone committed to is left alone, its PR
 * told why it is no longer updated.
 */
import type { PullRequest } from '../platforms/types.js';

export interface StaleDecision {
  closePr: boolean;
  deleteBranch: boolean;
  comment?: 'autoclosed' | 'abandoned';
  summary: string;
}

export function decideStale(branch: { name: string; modified: boolean }, openPr: PullRequest | undefined): StaleDecision {
  if (branch.modified) {
    return {
      closePr: false,
      deleteBranch: false,
      ...(openPr ? { comment: 'abandoned' as const } : {}),
      summary: 'no longer needed, but someone committed to it: left alone',
    };
  }
  if (openPr)
    return { closePr: true, deleteBranch: true, comment: 'autoclosed', summary: `no longer needed: close PR #${openPr.number} and delete the branch` };
  return { closePr: false, deleteBranch: true, summary: 'no longer needed: delete the branch' };
}
