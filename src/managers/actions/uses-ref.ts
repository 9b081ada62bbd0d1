/**
 * What a workflow's `uses:` value names: a local action (`./…`), a container image (`docker://…`), or
 * an action / reusable workflow in a repository (`owner/repo[/path]@ref`, on Gitea and Forgejo also
 * `https://host/owner/repo[/path]@ref`). Pure string parsing; offsets are relative to the value.
 */

export interface RepositoryUses {
  kind: 'repository';
  /** `https://host` when the reference names its forge, undefined for the short form. */
  origin?: string;
  /** Host name when `origin` is set (lowercase). */
  hostname?: string;
  owner: string;
  repo: string;
  /** Sub-path inside the repository (`/init`, `/.github/workflows/build.yml`), or ''. */
  path: string;
  /** End of `[origin/]owner/repo`: where the name stops and the path (or `@`) begins. */
  nameEnd: number;
  /** The ref after `@` (tag, branch or commit sha); undefined when no `@` is written. */
  ref?: string;
  refStart?: number;
}

export type UsesRef =
  | { kind: 'local' }
  | { kind: 'docker'; /** Where the image reference starts (after `docker://`). */ imageStart: number }
  | RepositoryUses
  | { kind: 'invalid'; problem: string };

const DOCKER_PREFIX = 'docker://';
const NAME_PART = '[A-Za-z0-9_.-]+';
// [scheme://host/]owner/repo[/path][@ref]; the ref is everything after the first `@`.
const REPOSITORY = new RegExp(`^(?:(https?://)([^/\\s@]+)/)?(${NAME_PART})/(${NAME_PART})((?:/[^@\\s]*)?)(?:@(.*))?$`, 's');

export function parseUsesRef(value: string): UsesRef {
  if (value.startsWith('./') || value.startsWith('../')) return { kind: 'local' };
  if (value.startsWith(DOCKER_PREFIX)) return { kind: 'docker', imageStart: DOCKER_PREFIX.length };
  const m = REPOSITORY.exec(value);
  if (!m) {
    return { kind: 'invalid', problem: `"${value}" is not owner/repo@ref, ./path or docker://image` };
  }
  const [, scheme, host, owner, repo, path = '', ref] = m;
  if (owner === '.' || owner === '..' || repo === '.' || repo === '..') {
    return { kind: 'invalid', problem: `"${value}" is not owner/repo@ref, ./path or docker://image` };
  }
  // `"owner/repo@<sha> # v1"`: a comment written inside the quotes is part of the value.
  if (ref !== undefined && /\s/.test(ref) && !/\{\{|\{%/.test(ref)) return { kind: 'invalid', problem: `the ref "${ref}" contains whitespace` };
  const prefixLength = scheme && host ? scheme.length + host.length + 1 : 0;
  const nameEnd = prefixLength + owner!.length + 1 + repo!.length;
  const result: RepositoryUses = { kind: 'repository', owner: owner!, repo: repo!, path, nameEnd };
  if (scheme && host) {
    result.origin = `${scheme}${host}`;
    result.hostname = host.replace(/:\d+$/, '').toLowerCase();
  }
  if (ref !== undefined) {
    result.ref = ref;
    result.refStart = nameEnd + path.length + 1;
  }
  return result;
}

/** True for github.com itself: the short form and `https://github.com/…` are looked up the same way. */
export function isGitHubHost(hostname: string | undefined): boolean {
  return hostname === undefined || hostname === 'github.com' || hostname === 'www.github.com';
}

/** A full commit id (SHA-1, or SHA-256 for repositories using the newer object format). */
export function isFullCommitSha(ref: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(ref);
}

/** An abbreviated commit id, which GitHub no longer accepts in `uses:`. */
export function isShortCommitSha(ref: string): boolean {
  return /^[0-9a-f]{7,39}$/.test(ref) && /[a-f]/.test(ref);
}
