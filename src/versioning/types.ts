/**
 * The versioning plug-in contract. Method names and meanings follow Renovate's versioning modules of the
 * same names, so users' expectations carry over (see ../shared/DESIGN.md, "Contracts").
 */
export type RangeStrategy = 'auto' | 'pin' | 'replace' | 'bump' | 'widen' | 'update-lockfile' | 'in-range-only';

export interface NewValueConfig {
  currentValue: string;
  newVersion: string;
  rangeStrategy?: RangeStrategy;
  /** The version the current value resolves to (for ranges). */
  currentVersion?: string;
}

export interface VersioningApi {
  /** `docker`, `semver`, `loose`, `helm`, `regex:<pattern>`. */
  readonly id: string;
  /** A version or a range this scheme understands. */
  isValid(input: string): boolean;
  /** A single version (not a range). */
  isVersion(input: string): boolean;
  isSingleVersion(input: string): boolean;
  /** Not a pre-release. */
  isStable(version: string): boolean;
  /** `version` may replace `current` without changing its shape (same suffix, same number of parts, …). */
  isCompatible(version: string, current?: string): boolean;
  isGreaterThan(version: string, other: string): boolean;
  equals(version: string, other: string): boolean;
  getMajor(version: string): number | null;
  getMinor(version: string): number | null;
  getPatch(version: string): number | null;
  /** `version` satisfies `range` (for single-version schemes: equality). */
  matches(version: string, range: string): boolean;
  /** Comparator for `Array.prototype.sort`: ascending. */
  sortVersions(a: string, b: string): number;
  /** The value to write for `newVersion`, keeping the current value's style (`v` prefix, range operator). */
  getNewValue(config: NewValueConfig): string | null;
  /** The version a value stands for, without a compatibility suffix (`18.19.0-alpine` → `18.19.0`). */
  valueToVersion?(value: string): string;
  /** Whether going from `current` to `version` may break users (a new major, or a 0.x change). */
  isBreaking?(current: string, version: string): boolean;
  /** Highest of `versions` that satisfies `range`, or null. */
  getSatisfyingVersion?(versions: string[], range: string): string | null;
  /** Lowest of `versions` that satisfies `range`, or null. */
  minSatisfyingVersion?(versions: string[], range: string): string | null;
  /** `version` is lower than every version `range` allows. */
  isLessThanRange?(version: string, range: string): boolean;
}
