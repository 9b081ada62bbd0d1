import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the argocd manager. */
export const argocdDifferences: Differences = {
  'argocd-applications': [
    {
      reason:
        'Repository names must be lowercase in an image reference (`docker pull` and kustomize reject `somecontainer.registry.io/someContainer`), so Upkeep lists the kustomize.images override as invalid-ref instead of proposing updates that cannot be pulled.',
      adjustExpected: (d) => (d.depName === 'somecontainer.registry.io/someContainer' ? { ...d, skipReason: 'invalid-ref' } : d),
    },
  ],
};
