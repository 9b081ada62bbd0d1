/**
 * `loose` versioning: an optional `v`/`V`, one to six numeric parts, then anything (`1.2.3.Final`,
 * `2.4.1b`, `1.0-alpine`). Every version is stable. Unlike `docker`, a shorter release is *smaller*
 * (`2.1` < `2.1.0`) and a suffix sorts below no suffix.
 *
 * Deliberately stricter than Renovate (where every loose version is compatible with every other): a
 * candidate must keep the written prefix, the number of numeric parts and the suffix, because Upkeep
 * never changes a value's shape.
 */
import { compareDigits, compareNatural, looksLikeCommitHash, sameMagnitude } from './compare.js';
import { createGenericVersioning, type GenericVersion } from './generic.js';

interface LooseVersion extends GenericVersion {
  prefix: string;
  suffix: string;
}

const MAX_LENGTH = 256;
const MAX_PARTS = 6;
const PATTERN = /^([vV]?)(\d+(?:\.\d+)*)(.*)$/s;

function parse(input: string): LooseVersion | null {
  if (input.length === 0 || input.length > MAX_LENGTH || looksLikeCommitHash(input)) return null;
  const match = PATTERN.exec(input);
  if (!match) return null;
  const release = match[2]!.split('.');
  if (release.length > MAX_PARTS) return null;
  return { prefix: match[1]!, release, prerelease: '', suffix: match[3]! };
}

function compare(a: LooseVersion, b: LooseVersion): number {
  for (let i = 0; i < Math.max(a.release.length, b.release.length); i += 1) {
    const x = a.release[i];
    const y = b.release[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = compareDigits(x, y);
    if (c !== 0) return c;
  }
  if (a.suffix && b.suffix) return compareNatural(a.suffix, b.suffix);
  if (a.suffix) return -1;
  if (b.suffix) return 1;
  return 0;
}

export const looseVersioning = createGenericVersioning<LooseVersion>({
  id: 'loose',
  parse,
  compare,
  isCompatible: (version, current) =>
    version.prefix === current.prefix &&
    version.release.length === current.release.length &&
    version.suffix === current.suffix &&
    sameMagnitude(version.release[0]!, current.release[0]!),
});
