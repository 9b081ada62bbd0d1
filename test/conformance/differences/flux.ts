import type { Differences } from './types.js';

/**
 * Deliberate differences from Renovate for the flux manager. No conformance case hits one, so the list
 * is empty; the differences, each tested in test/managers/flux.test.ts, are:
 *   - a chart whose HelmRepository has no exact kind+name+namespace match is linked to the only
 *     HelmRepository of that name when the namespace is not written on one side (a Kustomization sets it);
 *   - unquoted `version: 1.0` is read as written ("1.0"); Renovate drops such a HelmRelease;
 *   - a HelmRelease chart from a GitRepository or Bucket is `local-chart` (Renovate: unknown-registry), and
 *     a HelmChart from a GitRepository is listed as `local-chart` (Renovate: not listed);
 *   - OCIRepository and GitRepository `ref.semver` ranges are listed (Renovate: unversioned / ignored);
 *   - a HelmRelease chart without a version is listed as `unversioned-reference`;
 *   - bitbucket.org GitRepository tags use git-tags (Upkeep has no bitbucket-tags datasource).
 */
export const fluxDifferences: Differences = {};
