import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the kubernetes manager. */
export const kubernetesDifferences: Differences = {};
