/**
 * What a custom datasource's last transform must give, in Renovate's shape:
 * `{ releases: [{ version, releaseTimestamp?, digest?, isDeprecated?, isStable?, … }], sourceUrl?, homepage? }`.
 * A release without a string version, or a field of the wrong type, makes the whole answer wrong (as in
 * Renovate), said with the path of the first problem; a date that cannot be read is left out. Fields
 * Upkeep has no use for (`changelogUrl`, `sourceDirectory`, …) are accepted and dropped.
 */
import { InputError } from '../../util/errors.js';
import type { ReleaseResult } from '../types.js';
import type { ForgeRelease } from '../github-releases.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optional(entry: Record<string, unknown>, field: string, type: 'string' | 'boolean', path: string): void {
  const value = entry[field];
  if (value !== undefined && value !== null && typeof value !== type)
    throw new InputError(`${path}.${field}: expected a ${type}, got ${JSON.stringify(value)?.slice(0, 80)}`);
}

/** The release date as ISO 8601, or undefined when it is not a date (a number is epoch milliseconds). */
function timestampOf(value: unknown): string | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** `data` as a ReleaseResult; throws an InputError starting with `key` when it is not one. */
export function toReleaseResult(data: unknown, key: string): ReleaseResult {
  try {
    return convert(data);
  } catch (err) {
    throw new InputError(`${key}: the transformed answer is not { releases: [{ version }] }: ${(err as Error).message}`);
  }
}

function convert(data: unknown): ReleaseResult {
  if (!isObject(data)) throw new InputError(`expected an object, got ${data === undefined ? 'nothing' : JSON.stringify(data).slice(0, 80)}`);
  if (!Array.isArray(data.releases)) throw new InputError('releases: expected a list');
  const releases = data.releases.map((entry: unknown, i): ForgeRelease => {
    const path = `releases[${i}]`;
    if (!isObject(entry)) throw new InputError(`${path}: expected an object`);
    if (typeof entry.version !== 'string') throw new InputError(`${path}.version: expected a string, got ${JSON.stringify(entry.version) ?? 'nothing'}`);
    for (const field of ['digest', 'sourceUrl', 'changelogUrl', 'sourceDirectory']) optional(entry, field, 'string', path);
    for (const field of ['isDeprecated', 'isStable']) optional(entry, field, 'boolean', path);
    const release: ForgeRelease = { version: entry.version.trim() };
    const timestamp = timestampOf(entry.releaseTimestamp);
    if (timestamp) release.releaseTimestamp = timestamp;
    if (typeof entry.digest === 'string' && entry.digest) release.digest = entry.digest;
    if (entry.isDeprecated === true) release.isDeprecated = true;
    if (entry.isStable === false) release.isStable = false;
    return release;
  });
  for (const field of ['sourceUrl', 'homepage', 'changelogUrl', 'sourceDirectory']) optional(data, field, 'string', '$');
  const result: ReleaseResult = { releases: releases.filter((r) => r.version !== '') };
  if (typeof data.sourceUrl === 'string' && data.sourceUrl) result.sourceUrl = data.sourceUrl;
  if (typeof data.homepage === 'string' && data.homepage) result.homepage = data.homepage;
  return result;
}
