/**
 * `helm` (alias `npm`) versioning: node-semver versions and ranges (`^1.2.0`, `~1.2`, `>=1 <2`,
 * `1.x`, `2.x.x`, `1.0.0 - 2.0.0`, `a || b`), as Helm charts and Flux `HelmRelease` versions use them.
 * Chart versions may carry a `v` (`v1.14.4`): a single version is written back with the `v` as the
 * current value has it. `getNewValue` follows Renovate's npm versioning (see npm-new-value.ts).
 */
import semver from 'semver';
import { getNpmNewValue } from './npm-new-value.js';
import { compareSemver, isBreakingSemver, isSemver, isStableSemver, parseVersion, semverPart, sortSemver } from './semver-common.js';
import type { VersioningApi } from './types.js';

const MAX_RANGE = 256;

function isRange(input: string): boolean {
  if (typeof input !== 'string' || input.trim() === '' || input.length > MAX_RANGE) return false;
  return semver.validRange(input) !== null;
}

function matches(version: string, range: string): boolean {
  return isSemver(version) && isRange(range) && semver.satisfies(version, range);
}

export const helmVersioning: VersioningApi = {
  id: 'helm',
  isValid: isRange,
  isVersion: isSemver,
  isSingleVersion(input) {
    if (isSemver(input)) return true;
    return typeof input === 'string' && input.startsWith('=') && isSemver(input.slice(1).trim());
  },
  isStable: isStableSemver,
  isCompatible: (version) => isSemver(version),
  isGreaterThan: (version, other) => (compareSemver(version, other) ?? 0) > 0,
  equals: (a, b) => compareSemver(a, b) === 0,
  getMajor: (version) => semverPart(version, 'major'),
  getMinor: (version) => semverPart(version, 'minor'),
  getPatch: (version) => semverPart(version, 'patch'),
  matches,
  sortVersions: sortSemver,
  getNewValue: getNpmNewValue,
  isBreaking: isBreakingSemver,
  getSatisfyingVersion(versions, range) {
    if (!isRange(range)) return null;
    let best: string | null = null;
    for (const v of versions) {
      if (matches(v, range) && (best === null || parseVersion(v)!.compare(best) > 0)) best = v;
    }
    return best;
  },
};
