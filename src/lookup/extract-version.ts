/**
 * `extractVersion` (a dep's, from a custom manager, or a rule's): a pattern whose named group `version`
 * is the version inside each registry tag, so `v1.2.3` or `release-1.2.3` is compared as `1.2.3`. A tag
 * the pattern does not match is not a release of the dep (as in Renovate). The pattern runs on RE2.
 */
import type { Release } from '../datasources/types.js';
import { compileUserRegex } from '../util/user-regex.js';

export interface ExtractedReleases {
  releases: Release[];
  /** The registry's own tag for each extracted version, to ask digests and dates with. */
  tagOf: Map<string, string>;
}

/** Throws an `InputError` naming `extractVersion` when the pattern cannot run. */
export function extractVersions(releases: readonly Release[], pattern: string): ExtractedReleases {
  const re = compileUserRegex(pattern, '', 'extractVersion');
  const out: Release[] = [];
  const tagOf = new Map<string, string>();
  for (const release of releases) {
    const version = re.exec(release.version)?.groups.version;
    // The first tag giving a version wins (`v1.2.3` and `1.2.3` may both be offered).
    if (!version || tagOf.has(version)) continue;
    tagOf.set(version, release.version);
    out.push({ ...release, version });
  }
  return { releases: out, tagOf };
}
