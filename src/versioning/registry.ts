/** Every versioning scheme, one line each, behind `getVersioning(name)`. */
import { InputError } from '../util/errors.js';
import { dockerVersioning } from './docker.js';
import { helmVersioning } from './helm.js';
import { looseVersioning } from './loose.js';
import { createRegexVersioning } from './regex.js';
import { semverVersioning } from './semver.js';
import type { VersioningApi } from './types.js';

const SCHEMES: ReadonlyMap<string, VersioningApi> = new Map(
  [dockerVersioning, semverVersioning, looseVersioning, helmVersioning, { ...helmVersioning, id: 'npm' }].map((api) => [api.id, Object.freeze(api)]),
);

const REGEX_PREFIX = 'regex:';
/**
 * Compiled `regex:` schemes by pattern. Process-wide on purpose: an instance is a pure function of
 * its pattern (its memo only saves work), so repositories may share it. Bounded: oldest out first.
 */
const REGEX_CACHE_LIMIT = 64;
const regexSchemes = new Map<string, VersioningApi>();

function regexScheme(pattern: string): VersioningApi {
  const cached = regexSchemes.get(pattern);
  if (cached) return cached;
  const api = Object.freeze(createRegexVersioning(pattern));
  if (regexSchemes.size >= REGEX_CACHE_LIMIT) regexSchemes.delete(regexSchemes.keys().next().value!);
  regexSchemes.set(pattern, api);
  return api;
}

/**
 * The scheme called `name`: `docker`, `semver`, `loose`, `helm`, `npm` (= helm) or
 * `regex:<pattern>`. Throws an `InputError` naming an unknown scheme or a bad pattern.
 */
export function getVersioning(name: string): VersioningApi {
  if (typeof name === 'string' && name.startsWith(REGEX_PREFIX)) return regexScheme(name.slice(REGEX_PREFIX.length));
  const api = typeof name === 'string' ? SCHEMES.get(name) : undefined;
  if (!api) throw new InputError(`unknown versioning "${String(name)}" (known: ${[...SCHEMES.keys()].join(', ')}, regex:<pattern>)`);
  return api;
}
