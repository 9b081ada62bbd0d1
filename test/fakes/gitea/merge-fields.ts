/**
 * `MergePullRequestOption` field names by server generation (shared/reference/forge-apis.md §2.3).
 *
 * The description the validator reads is Gitea 1.27's (`do`, `merge_title_field`, `merge_message_field`,
 * `merge_commit_id`, …). Gitea up to 1.25 — and Forgejo, which forked before the rename — decode the form
 * struct `Do, MergeTitleField, MergeMessageField, MergeCommitID` (+ the snake_case keys that never
 * changed). Go's JSON decoding matches names case-insensitively, so `do` works there too, but
 * `merge_title_field` is *not* `MergeTitleField`: the old server silently drops it (and the merge gets a
 * default title). This explicit allow-list makes a fake playing such a server reject what it would
 * ignore, and translates what it accepts into the 1.27 names so the validator checks the rest.
 */
import { atLeast, type FakeVersion } from './context.js';

/** Lower-cased legacy name → the 1.27 name it became. */
const LEGACY_FIELDS: Record<string, string> = {
  do: 'do', // `Do`
  mergetitlefield: 'merge_title_field', // `MergeTitleField`
  mergemessagefield: 'merge_message_field', // `MergeMessageField`
  mergecommitid: 'merge_commit_id', // `MergeCommitID`
  head_commit_id: 'head_commit_id',
  force_merge: 'force_merge',
  merge_when_checks_succeed: 'merge_when_checks_succeed',
  delete_branch_after_merge: 'delete_branch_after_merge',
};

/** Gitea ≤ 1.25 and every Forgejo take the legacy names. */
export const usesLegacyMergeFields = (version: FakeVersion): boolean => version.forgejo !== undefined || !atLeast(version.gitea, '1.26.0');

export function adaptMergeBody(version: FakeVersion, body: unknown): { body: unknown } | { violation: string } {
  if (!usesLegacyMergeFields(version) || !body || typeof body !== 'object' || Array.isArray(body)) return { body };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const renamed = LEGACY_FIELDS[key.toLowerCase()];
    if (!renamed)
      return {
        violation: `request body: "${key}" is not a field of MergePullRequestOption on ${version.text} (legacy names: Do, MergeTitleField, MergeMessageField, MergeCommitID); the server would ignore it`,
      };
    out[renamed] = value;
  }
  return { body: out };
}
