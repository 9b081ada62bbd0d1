/** The forge-neutral model behind the fake forges (see model.ts). */
export { ForgeModel, type RepoOptions } from './model.js';
export { ForgeHooks, type CommitOptions } from './hooks.js';
export { GitStore, type GitIdentity, type CommitInfo } from './git-store.js';
export { performMerge, type MergeStyle, type MergeResult } from './git-merge.js';
export { serveGit, isGitPath, type GitRequestRecord } from './git-backend.js';
export { RunCounters } from './counters.js';
export type { CheckRunInput } from './statuses.js';
export type { MergeOutcome, MergeRefusal, ScheduleOutcome, CreateResult } from './pulls.js';
export type * from './records.js';
