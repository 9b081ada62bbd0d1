import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the helm-values manager (none so far). */
export const helmValuesDifferences: Differences = {};
