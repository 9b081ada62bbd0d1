/**
 * `allowedVersions` as Renovate reads it: `/regex/` or `!/regex/` on the version; a value the versioning
 * scheme understands (a version or range: `matches`); otherwise an npm semver range such as `<2` applied
 * to the version's numbers.
 */
import semver from 'semver';
import { compileUserRegex } from '../util/safe-regex.js';
import { InputError } from '../util/errors.js';
import type { VersioningApi } from '../versioning/types.js';

export function compileAllowedVersions(allowed: string, versioning: VersioningApi): (version: string) => boolean {
  const regex = /^(!?)\/(.+)\/([a-z]*)$/s.exec(allowed.trim());
  if (regex) {
    const re = compileUserRegex(regex[2]!, regex[3] ?? '', 'allowedVersions');
    const negate = regex[1] === '!';
    return (version) => re.test(version) !== negate;
  }
  if (versioning.isValid(allowed)) return (version) => versioning.matches(version, allowed);
  if (semver.validRange(allowed)) {
    return (version) => {
      const coerced = semver.coerce(versioning.valueToVersion?.(version) ?? version);
      return coerced !== null && semver.satisfies(coerced, allowed);
    };
  }
  throw new InputError(`allowedVersions: "${allowed}" is neither a /regex/ nor a version range`);
}
