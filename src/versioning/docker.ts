/**
 * `docker` versioning: a tag is a numeric prefix of one or more parts, an optional attached pre-release
 * word, and an optional compatibility suffix after the first `-`:
 *
 *   v 1.25.5 rc1 - alpine3.19-slim
 *   │ │      │     └ suffix: only a tag with the same suffix may replace it
 *   │ │      └ pre-release (`3.7.0b1`); `1.2.3-rc1` is stable, `-rc1` being a suffix (as Renovate)
 *   │ └ release: compared part by part; when one runs out the shorter is greater (`8` > `8.2.5`)
 *   └ optional lowercase `v`, kept: `v1.2.3` only moves to `v…` tags (Renovate would allow `1.3.0`)
 *
 * Words (`latest`, `stable`, `bookworm`) and commit-hash-like tags are not versions. A date-stamp
 * tag (`20240606`) is a version but never a candidate for `3` (stricter than Renovate).
 */
import { compareDigits, compareNatural, compareText, looksLikeCommitHash, sameMagnitude } from './compare.js';
import { createGenericVersioning, type GenericVersion } from './generic.js';

interface DockerVersion extends GenericVersion {
  prefix: '' | 'v';
  suffix: string;
}

/** Tags are at most 128 characters in the distribution spec. */
const MAX_TAG = 128;
const HEAD = /^(\d+(?:\.\d+)*)(\w*)$/;

function parse(tag: string): DockerVersion | null {
  if (tag.length === 0 || tag.length > MAX_TAG || looksLikeCommitHash(tag)) return null;
  const prefix = tag.startsWith('v') ? 'v' : '';
  const rest = tag.slice(prefix.length);
  const dash = rest.indexOf('-');
  const head = dash === -1 ? rest : rest.slice(0, dash);
  const match = HEAD.exec(head);
  if (!match) return null;
  return {
    prefix,
    release: match[1]!.split('.'),
    prerelease: match[2]!,
    suffix: dash === -1 ? '' : rest.slice(dash + 1),
  };
}

function compare(a: DockerVersion, b: DockerVersion): number {
  for (let i = 0; i < Math.max(a.release.length, b.release.length); i += 1) {
    const x = a.release[i];
    const y = b.release[i];
    // `2.1` names the newest 2.1.x, so it is greater than any 2.1.x.
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    const c = compareDigits(x, y);
    if (c !== 0) return c;
  }
  if (a.prerelease !== b.prerelease) {
    if (!a.prerelease) return 1;
    if (!b.prerelease) return -1;
    return compareNatural(a.prerelease, b.prerelease);
  }
  // No suffix sorts above any suffix; suffixes in reverse code-point order (as Renovate).
  return compareText(b.suffix, a.suffix);
}

export const dockerVersioning = createGenericVersioning<DockerVersion>({
  id: 'docker',
  parse,
  compare,
  isCompatible: (version, current) =>
    version.suffix === current.suffix &&
    version.release.length === current.release.length &&
    version.prefix === current.prefix &&
    sameMagnitude(version.release[0]!, current.release[0]!),
  // `18.19.0-alpine` stands for version `18.19.0` (PR titles, update types).
  valueToVersion: (value) => (typeof value === 'string' ? value.split('-')[0]! : value),
});
