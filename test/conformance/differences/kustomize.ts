import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the kustomize manager. */
export const kustomizeDifferences: Differences = {};
