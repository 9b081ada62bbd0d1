/**
 * The write stage's git: `GitCheckout.clone({ url, credentials, baseBranches, branchPrefix, redactor })`
 * gives a temporary clone (removed by `close()`) that reads branches (`branchSha`, `botBranches`,
 * `readFile`, `authorsSince`, `isAncestor`, `conflicts`, `treeOf`), builds one commit without touching
 * the working tree (`buildCommit`), and writes only with a lease (`push`, `deleteBranch`) or as a
 * fast-forward (`fastForward`). Credentials travel as an HTTP header in git's environment only.
 */
export { blobId, GitCheckout, type GitIdentity } from './checkout.js';
