import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the helm-values manager. */
export const helmValuesDifferences: Differences = {};
