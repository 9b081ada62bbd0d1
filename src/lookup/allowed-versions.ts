/**
 * `allowedVersions` as Renovate reads it: `/regex/` or `!/regex/` on the version (on RE2, like every user
 * pattern: `util/user-regex.ts`); a value the versioning scheme understands (a version or range:
 * `matches`); otherwise an npm semver range such as `<2` applied to the version's numbers.
 */
import semver from 'semver';
import { InputError } from '../util/errors.js';
import { compileRegexLiteral, parseRegexLiteral } from '../util/user-regex.js';
import type { VersioningApi } from '../versioning/types.js';

export function compileAllowedVersions(allowed: string, versioning: VersioningApi): (version: string) => boolean {
  const literal = parseRegexLiteral(allowed.trim());
  if (literal) {
    // Compiled once per pattern (user-regex remembers it); tested on every tag of every dep.
    const re = compileRegexLiteral(literal, 'allowedVersions');
    return (version) => re.test(version) !== literal.negated;
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
