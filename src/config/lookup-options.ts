/**
 * The options the lookup acts on, as config resolves them for one dep (`toLookupOptions`) and as
 * `chooseUpdates` takes them. Defined with config, which produces them; the lookup reads them.
 */
import type { RangeStrategy } from '../versioning/types.js';

export interface LookupOptions {
  versioning?: string;
  allowedVersions?: string;
  ignoreUnstable?: boolean;
  separateMajorMinor?: boolean;
  separateMultipleMajor?: boolean;
  separateMinorPatch?: boolean;
  pinDigests?: boolean;
  rangeStrategy?: RangeStrategy;
  /** `3 days`, `12h`, `1 week`: releases younger than this are held back. */
  minimumReleaseAge?: string;
  /** What to do with a release whose date is unknown: hold it (default, like Renovate) or let it through. */
  minimumReleaseAgeBehaviour?: 'timestamp-required' | 'timestamp-optional';
  /** A pattern whose `version` group is the version in each registry tag. */
  extractVersion?: string;
  /** Releases the registry marks deprecated are no update unless the current one is (default on). */
  ignoreDeprecated?: boolean;
}
