/**
 * `semver` versioning: strict semantic versions (`1.2.3`, `1.2.3-rc.1`, `v1.2.3`), no ranges.
 * `getNewValue` keeps the `v` prefix as written in the current value (`v4.10.1` → `v4.11.0`, and
 * `4.10.1` → `4.11.0` when the tags are `v4.11.0`).
 */
import { compareSemver, isBreakingSemver, isSemver, isStableSemver, parseVersion, semverPart, sortSemver, withPrefixOf } from './semver-common.js';
import type { VersioningApi } from './types.js';

const equals = (a: string, b: string): boolean => compareSemver(a, b) === 0;

export const semverVersioning: VersioningApi = {
  id: 'semver',
  isValid: isSemver,
  isVersion: isSemver,
  isSingleVersion: isSemver,
  isStable: isStableSemver,
  isCompatible: (version, current) => isSemver(version) && (current === undefined || isSemver(current)),
  isGreaterThan: (version, other) => (compareSemver(version, other) ?? 0) > 0,
  equals,
  getMajor: (version) => semverPart(version, 'major'),
  getMinor: (version) => semverPart(version, 'minor'),
  getPatch: (version) => semverPart(version, 'patch'),
  matches: equals,
  sortVersions: sortSemver,
  getNewValue: ({ currentValue, newVersion }) => (parseVersion(newVersion) ? withPrefixOf(currentValue, newVersion) : null),
  isBreaking: isBreakingSemver,
  getSatisfyingVersion(versions, range) {
    const found = versions.filter((v) => equals(v, range)).sort(sortSemver);
    return found.includes(range) ? range : (found.at(-1) ?? null);
  },
};
