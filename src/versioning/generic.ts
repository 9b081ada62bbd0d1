/**
 * The part of a versioning scheme that follows from "parse a single version, compare two": docker,
 * loose and regex are built from it. No ranges: `matches` is equality.
 */
import { compareText } from './compare.js';
import type { NewValueConfig, VersioningApi } from './types.js';

export interface GenericVersion {
  /** Numeric parts as written (digit strings, so long build numbers compare exactly). */
  release: string[];
  /** Pre-release marker (`b1`, `rc.2`); empty when stable. */
  prerelease: string;
}

export interface GenericScheme<T extends GenericVersion> {
  id: string;
  /** The parsed version, or null when `input` is not a version of this scheme. */
  parse(input: string): T | null;
  compare(a: T, b: T): number;
  /** Whether `version` may replace `current` without changing its shape. */
  isCompatible(version: T, current: T): boolean;
  valueToVersion?(value: string): string;
}

export function createGenericVersioning<T extends GenericVersion>(scheme: GenericScheme<T>): VersioningApi {
  // A lookup compares the same few hundred tags many times over (sorting, bucketing, filtering): each
  // tag is parsed once. Bounded; parsed versions are never modified.
  const memo = new Map<string, T | null>();
  const parse = (input: unknown): T | null => {
    if (typeof input !== 'string') return null;
    let result = memo.get(input);
    if (result === undefined) {
      result = scheme.parse(input);
      if (memo.size >= 20_000) memo.clear();
      memo.set(input, result);
    }
    return result;
  };
  const both = (a: string, b: string): [T, T] | null => {
    const x = parse(a);
    const y = parse(b);
    return x && y ? [x, y] : null;
  };
  const part = (input: string, index: number): number | null => {
    const digits = parse(input)?.release[index];
    return digits === undefined ? null : Number(digits);
  };
  const isVersion = (input: string): boolean => parse(input) !== null;
  const equals = (a: string, b: string): boolean => {
    const pair = both(a, b);
    return pair !== null && scheme.compare(pair[0], pair[1]) === 0;
  };

  /** The version equal to `range`, preferring the one written exactly so. */
  const satisfying = (versions: string[], range: string): string | null =>
    versions.includes(range) && isVersion(range) ? range : (versions.find((v) => equals(v, range)) ?? null);
  const api: VersioningApi = {
    id: scheme.id,
    isValid: isVersion,
    isVersion,
    isSingleVersion: isVersion,
    isStable(version) {
      const parsed = parse(version);
      return parsed !== null && parsed.prerelease === '';
    },
    isCompatible(version, current) {
      const parsed = parse(version);
      if (!parsed) return false;
      if (current === undefined) return true;
      const base = parse(current);
      return base !== null && scheme.isCompatible(parsed, base);
    },
    isGreaterThan(version, other) {
      const pair = both(version, other);
      return pair !== null && scheme.compare(pair[0], pair[1]) > 0;
    },
    equals,
    getMajor: (version) => part(version, 0),
    getMinor: (version) => part(version, 1),
    getPatch: (version) => part(version, 2),
    matches: equals,
    sortVersions(a, b) {
      const x = parse(a);
      const y = parse(b);
      // Anything that is not a version sorts first, in a fixed order, so sorting never throws.
      if (!x || !y) return x ? 1 : y ? -1 : compareText(a, b);
      return scheme.compare(x, y);
    },
    getNewValue({ currentValue, currentVersion, newVersion }: NewValueConfig) {
      if (!isVersion(newVersion)) return null;
      // The registry's tag is `v1.2.3` but the file says `1.2.3` (the prefix is added elsewhere).
      if (currentVersion === `v${currentValue}`) return newVersion.replace(/^v/, '');
      return newVersion;
    },
    isBreaking: (current, version) => part(current, 0) !== part(version, 0),
    // A "range" is a single version in these schemes (Renovate's docker versioning): satisfying it is
    // being equal to it, so the highest and lowest satisfying version are the same one.
    getSatisfyingVersion: satisfying,
    minSatisfyingVersion: satisfying,
    isLessThanRange(version, range) {
      const pair = both(version, range);
      return pair !== null && scheme.compare(pair[0], pair[1]) < 0;
    },
  };
  if (scheme.valueToVersion) api.valueToVersion = scheme.valueToVersion;
  return api;
}
