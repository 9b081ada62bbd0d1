/**
 * What the `semver` and `helm` schemes share: strict single versions (node-semver, `v` prefix
 * accepted), their order, and the written `v` prefix kept by `getNewValue`. Every function here
 * answers false/null for input that is not a version instead of throwing as node-semver does.
 */
import semver from 'semver';
import { compareText } from './compare.js';

/** node-semver refuses longer input too. */
const MAX_LENGTH = 256;

export function parseVersion(input: unknown): semver.SemVer | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_LENGTH || input !== input.trim()) return null;
  return semver.parse(input);
}

export const isSemver = (input: string): boolean => parseVersion(input) !== null;

export function isStableSemver(version: string): boolean {
  const parsed = parseVersion(version);
  return parsed !== null && parsed.prerelease.length === 0;
}

export function compareSemver(a: string, b: string): number | null {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x && y ? x.compare(y) : null;
}

export function sortSemver(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return x ? 1 : y ? -1 : compareText(a, b);
  // Equal precedence (`1.2.3+a`, `1.2.3+b`, `v1.2.3`): keep a fixed order.
  return x.compare(y) || compareText(a, b);
}

export const semverPart = (version: string, part: 'major' | 'minor' | 'patch'): number | null => parseVersion(version)?.[part] ?? null;

/** A new major, a change in 0.x, or a pre-release on either side may break users (as Renovate). */
export function isBreakingSemver(current: string, version: string): boolean {
  const x = parseVersion(current);
  const y = parseVersion(version);
  if (!x || !y) return true;
  return x.major !== y.major || x.major === 0 || x.prerelease.length > 0 || y.prerelease.length > 0;
}

/** `newVersion` written the way `currentValue` is: with a `v` prefix only when it has one. */
export function withPrefixOf(currentValue: string, newVersion: string): string {
  const bare = newVersion.replace(/^v/, '');
  return typeof currentValue === 'string' && currentValue.startsWith('v') ? `v${bare}` : bare;
}
