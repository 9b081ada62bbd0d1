import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the helmv3 manager. */
export const helmv3Differences: Differences = {
  'helmv3-chart-oci': [
    {
      reason:
        'Renovate sets `datasource: "helm"` once on the package file and only OCI deps carry their own (docker); ' +
        'an Upkeep Dep always names its datasource, so chart deps from Helm repositories say "helm" themselves.',
      adjustExpected: (dep) => (dep.datasource === undefined ? { ...dep, datasource: 'helm' } : dep),
    },
  ],
};
