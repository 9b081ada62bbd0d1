/**
 * What the server's version (`GET /version`) allows. Forgejo answers e.g. `11.0.1+gitea-1.22.0` (what
 * Renovate detects it by) and has its own gates; it forked before Gitea renamed the merge fields.
 *
 * - Merge fields: `do` always (Go decodes names case-insensitively); `merge_title_field` /
 *   `merge_message_field` from Gitea 1.26, `MergeTitleField` / `MergeMessageField` up to 1.25 and on
 *   Forgejo (each generation ignores the other's spelling).
 * - Native auto-merge (`merge_when_checks_succeed` + `delete_branch_after_merge`): Gitea 1.24, Forgejo 10;
 *   below, the branch would survive the merge and confuse the next run.
 * - `poster` filter on the PR list: Gitea 1.23 (Forgejo: not relied on; the list is filtered here anyway).
 * - Review requests: Gitea 1.14.
 */
export interface GiteaVersion {
  text: string;
  /** Gitea's version; for Forgejo, the Gitea version it reports compatibility with. */
  gitea: [number, number, number];
  forgejo?: [number, number, number];
}

const triple = (text: string): [number, number, number] => {
  const [a = 0, b = 0, c = 0] = text.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return [a, b, c];
};

export function parseGiteaVersion(text: string): GiteaVersion {
  const trimmed = text.trim().replace(/^v/, '');
  const forgejo = /^(\d+(?:\.\d+){0,2})[^+]*\+gitea-(\d+(?:\.\d+){0,2})/.exec(trimmed);
  if (forgejo) return { text: trimmed, gitea: triple(forgejo[2]!), forgejo: triple(forgejo[1]!) };
  return { text: trimmed, gitea: triple(trimmed) };
}

function atLeast(have: [number, number, number], want: string): boolean {
  const w = triple(want);
  for (let i = 0; i < 3; i++) if (have[i] !== w[i]) return have[i]! > w[i]!;
  return true;
}

/** True when the server is at least Gitea `gitea`, or Forgejo `forgejo` (Forgejo never passes a Gitea-only gate). */
export function since(version: GiteaVersion, gitea: string, forgejo?: string): boolean {
  if (version.forgejo) return forgejo !== undefined && atLeast(version.forgejo, forgejo);
  return atLeast(version.gitea, gitea);
}

export interface GiteaFeatures {
  forgejo: boolean;
  /** The merge body's title/message keys. */
  mergeTitleField: 'merge_title_field' | 'MergeTitleField';
  mergeMessageField: 'merge_message_field' | 'MergeMessageField';
  nativeAutomerge: boolean;
  posterFilter: boolean;
  reviewers: boolean;
}

export function featuresOf(version: GiteaVersion): GiteaFeatures {
  const snake = since(version, '1.26.0');
  return {
    forgejo: version.forgejo !== undefined,
    mergeTitleField: snake ? 'merge_title_field' : 'MergeTitleField',
    mergeMessageField: snake ? 'merge_message_field' : 'MergeMessageField',
    nativeAutomerge: since(version, '1.24.0', '10.0.0'),
    posterFilter: since(version, '1.23.0'),
    reviewers: since(version, '1.14.0', '0.0.0'),
  };
}
