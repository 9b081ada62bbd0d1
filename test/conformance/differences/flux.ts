import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the flux manager. */
export const fluxDifferences: Differences = {};
