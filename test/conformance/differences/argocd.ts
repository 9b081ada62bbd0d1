import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the argocd manager. */
export const argocdDifferences: Differences = {};
