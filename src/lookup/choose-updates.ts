/**
 * The pure lookup step: given a dep's current value and digest and what the registry offers, decide
 * which updates it should get. No I/O: digests and release dates are whatever `releases` carry.
 *
 * Invariants: never a lower version; never a different tag shape (the versioning scheme's
 * `isCompatible`, plus the `v` prefix kept); never a tag without the digest it needs (a pinned
 * reference is only updated together with its new digest).
 */
import type { Release } from '../datasources/types.js';
import { getVersioning } from '../versioning/registry.js';
import type { LookupOptions } from '../config/lookup-options.js';
import type { UpdateType } from '../deps/dep.js';
import type { VersioningApi } from '../versioning/types.js';
import { compileAllowedVersions } from './allowed-versions.js';
import { parseAge } from '../util/age.js';
import { createClock } from '../util/clock.js';

export type { UpdateType } from '../deps/dep.js';
export type { LookupOptions } from '../config/lookup-options.js';

export interface ChooseUpdatesInput {
  currentValue?: string;
  currentDigest?: string;
  releases: Release[];
  config?: LookupOptions;
  /**
   * The run's instant, against which `minimumReleaseAge` is judged. Required when that option is set;
   * `chooseUpdates` (the exported API, called outside any run) takes the wall clock when it is absent.
   */
  now?: Date;
}

export interface Update {
  updateType: UpdateType;
  newValue: string;
  newDigest?: string;
  newVersion: string;
  newMajor: number | null;
  newMinor: number | null;
  newPatch: number | null;
  isBreaking: boolean;
  releaseTimestamp?: string;
}

/** A release that was offered but not proposed, and why (for `explain` and the report). */
export interface Rejection {
  version: string;
  /**
   * `disabled`: a package rule turned this update off (e.g. majors, by `matchUpdateTypes`); `deprecated`:
   * the registry marks the release deprecated and the current one is not (`ignoreDeprecated`).
   */
  reason:
    | 'not-a-version'
    | 'not-newer'
    | 'incompatible'
    | 'unstable'
    | 'deprecated'
    | 'not-allowed'
    | 'too-young'
    | 'age-unknown'
    | 'digest-unknown'
    | 'superseded'
    | 'disabled';
}

export interface LookupOutcome {
  updates: Update[];
  rejected: Rejection[];
  /** The version the current value stands for, when it is one. */
  currentVersion?: string;
}

/** The updates `currentValue` should get (the exported API; shared/DESIGN.md's contract). */
export function chooseUpdates(input: ChooseUpdatesInput): Update[] {
  // A call from outside a run is a run of its own: its clock is made here.
  return evaluateUpdates({ ...input, now: input.now ?? createClock().startedAt }).updates;
}

function bucketOf(v: VersioningApi, current: string, next: string, config: LookupOptions, type: UpdateType): string {
  if (config.separateMajorMinor === false) return 'latest';
  if (type === 'major') return config.separateMultipleMajor ? `major-${v.getMajor(next)}` : 'major';
  if (config.separateMinorPatch && type === 'patch') return 'patch';
  return config.separateMinorPatch ? 'minor' : 'non-major';
}

function updateTypeOf(v: VersioningApi, current: string, next: string): UpdateType {
  const [cMajor, nMajor] = [v.getMajor(current), v.getMajor(next)];
  if (cMajor !== nMajor) return 'major';
  const [cMinor, nMinor] = [v.getMinor(current), v.getMinor(next)];
  if (cMinor === null || nMinor === null || cMinor !== nMinor) return 'minor';
  return 'patch';
}

/** Keeps a written `v` prefix (or its absence): never change the tag's shape. */
function sameShape(current: string, next: string): boolean {
  return /^v\d/.test(current) === /^v\d/.test(next) && /^V\d/.test(current) === /^V\d/.test(next);
}

/** The versions offered, filtered and bucketed, with the reason each rejected one was dropped. */
export function evaluateUpdates(input: ChooseUpdatesInput): LookupOutcome {
  const config = input.config ?? {};
  const v = getVersioning(config.versioning ?? 'docker');
  const { currentValue, currentDigest } = input;
  const rejected: Rejection[] = [];
  const updates: Update[] = [];
  const needsDigest = Boolean(currentDigest) || config.pinDigests === true;
  const digestOf = (value: string | undefined) => input.releases.find((r) => r.version === value)?.digest;

  // Digest updates first: the same tag, a new digest (or a first digest when pinning).
  if (needsDigest && currentValue !== undefined) {
    const digest = digestOf(currentValue);
    const base = { newValue: currentValue, newVersion: v.valueToVersion?.(currentValue) ?? currentValue, isBreaking: false };
    const parts = v.isVersion(currentValue)
      ? { newMajor: v.getMajor(currentValue), newMinor: v.getMinor(currentValue), newPatch: v.getPatch(currentValue) }
      : { newMajor: null, newMinor: null, newPatch: null };
    // A short commit pin (`adf1fce`) that is the start of the current one has not moved.
    if (digest && currentDigest && digest !== currentDigest && !digest.startsWith(currentDigest)) {
      updates.push({ updateType: 'digest', newDigest: digest, ...base, ...parts });
    }
    if (digest && !currentDigest) updates.push({ updateType: 'pinDigest', newDigest: digest, ...base, ...parts });
  }

  if (currentValue === undefined || !v.isValid(currentValue)) return { updates, rejected };

  const isRange = !v.isVersion(currentValue);
  const versions = input.releases.filter((r) => v.isVersion(r.version));
  const currentVersion = isRange
    ? (v.getSatisfyingVersion?.(
        versions.map((r) => r.version),
        currentValue,
      ) ?? undefined)
    : currentValue;
  if (isRange && config.rangeStrategy === 'pin' && currentVersion) {
    const newValue = v.getNewValue({ currentValue, newVersion: currentVersion, rangeStrategy: 'pin', currentVersion });
    if (newValue && newValue !== currentValue) {
      updates.push({
        updateType: 'pin',
        newValue,
        newVersion: currentVersion,
        newMajor: v.getMajor(currentVersion),
        newMinor: v.getMinor(currentVersion),
        newPatch: v.getPatch(currentVersion),
        isBreaking: false,
      });
    }
  }
  if (!currentVersion) return { updates, rejected };

  const allowed = config.allowedVersions ? compileAllowedVersions(config.allowedVersions, v) : undefined;
  const minAgeMs = config.minimumReleaseAge ? parseAge(config.minimumReleaseAge) : 0;
  if (minAgeMs > 0 && !input.now) throw new Error("minimumReleaseAge needs the run's clock (now)");
  const now = input.now?.getTime() ?? 0;
  // A release the registry marks as a pre-release is unstable whatever its version looks like (Renovate).
  const stable = (release: Release) => release.isStable !== false && v.isStable(release.version);
  const currentRelease = input.releases.find((r) => r.version === currentVersion);
  const currentStable = currentRelease ? stable(currentRelease) : v.isStable(currentVersion);
  // Renovate's ignoreDeprecated (default on): a release the registry marks deprecated is no update, unless
  // the current release is deprecated itself (then any newer one is a way out).
  const skipDeprecated = config.ignoreDeprecated !== false && currentRelease?.isDeprecated !== true;
  const best = new Map<string, { release: Release; type: UpdateType }>();

  for (const release of input.releases) {
    const version = release.version;
    if (!v.isVersion(version)) {
      rejected.push({ version, reason: 'not-a-version' });
      continue;
    }
    if (!v.isGreaterThan(version, currentVersion)) continue;
    if (!v.isCompatible(version, currentValue)) {
      rejected.push({ version, reason: 'incompatible' });
      continue;
    }
    if (skipDeprecated && release.isDeprecated === true) {
      rejected.push({ version, reason: 'deprecated' });
      continue;
    }
    if (config.ignoreUnstable !== false && !stable(release)) {
      // An unstable current version may move to unstable versions of the same release line.
      const sameLine =
        !currentStable &&
        v.getMajor(version) === v.getMajor(currentVersion) &&
        v.getMinor(version) === v.getMinor(currentVersion) &&
        v.getPatch(version) === v.getPatch(currentVersion);
      if (!sameLine) {
        rejected.push({ version, reason: 'unstable' });
        continue;
      }
    }
    if (allowed && !allowed(version)) {
      rejected.push({ version, reason: 'not-allowed' });
      continue;
    }
    if (minAgeMs > 0) {
      const released = release.releaseTimestamp ? Date.parse(release.releaseTimestamp) : NaN;
      if (Number.isNaN(released) && config.minimumReleaseAgeBehaviour !== 'timestamp-optional') {
        rejected.push({ version, reason: 'age-unknown' });
        continue;
      }
      if (!Number.isNaN(released) && now - released < minAgeMs) {
        rejected.push({ version, reason: 'too-young' });
        continue;
      }
    }
    const type = updateTypeOf(v, currentVersion, version);
    const bucket = bucketOf(v, currentVersion, version, config, type);
    const held = best.get(bucket);
    if (!held || v.isGreaterThan(version, held.release.version)) {
      if (held) rejected.push({ version: held.release.version, reason: 'superseded' });
      best.set(bucket, { release, type });
    } else {
      rejected.push({ version, reason: 'superseded' });
    }
  }

  for (const { release, type } of best.values()) {
    const newVersion = release.version;
    const newValue: string | null = isRange
      ? v.getNewValue({ currentValue, newVersion, rangeStrategy: config.rangeStrategy ?? 'auto', currentVersion })
      : v.getNewValue({ currentValue, newVersion, rangeStrategy: 'replace', currentVersion });
    // The written value keeps its shape whatever the registry lists (`1.14.4` stays unprefixed even when
    // a Helm index says `v1.15.0`): the scheme's getNewValue decides, this guard makes sure.
    if (!newValue || newValue === currentValue || !sameShape(currentValue, newValue)) continue;
    let newDigest: string | undefined;
    if (needsDigest) {
      newDigest = digestOf(newValue) ?? release.digest;
      // Writing a new tag beside the old digest would pin the old image: no digest, no update.
      if (!newDigest) {
        rejected.push({ version: newVersion, reason: 'digest-unknown' });
        continue;
      }
    }
    const update: Update = {
      updateType: type,
      newValue,
      newVersion: v.valueToVersion?.(newVersion) ?? newVersion,
      newMajor: v.getMajor(newVersion),
      newMinor: v.getMinor(newVersion),
      newPatch: v.getPatch(newVersion),
      isBreaking: v.isBreaking ? v.isBreaking(currentVersion, newVersion) : type === 'major',
    };
    if (newDigest) update.newDigest = newDigest;
    if (release.releaseTimestamp) update.releaseTimestamp = release.releaseTimestamp;
    updates.push(update);
  }
  updates.sort((a, b) => ORDER[a.updateType] - ORDER[b.updateType] || v.sortVersions(a.newVersion, b.newVersion));
  return { updates, rejected, currentVersion };
}

const ORDER: Record<UpdateType, number> = { pin: 0, pinDigest: 1, digest: 2, patch: 3, minor: 4, major: 5 };
