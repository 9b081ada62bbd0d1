import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the helm-values manager. */
export const helmValuesDifferences: Differences = {
  'helm-values-multidoc-alias': [
    {
      reason:
        'Not a behaviour difference: this matchObject case lists `versioning`, which the harness strips from actual deps ' +
        '(it compares only the fields Dep shares with Renovate). Upkeep does set versioning "docker" on both deps; ' +
        'test/managers/helm-values.test.ts asserts it on this very file.',
      adjustExpected: (dep) => {
        const { versioning: _versioning, ...rest } = dep;
        return rest;
      },
    },
  ],
};
