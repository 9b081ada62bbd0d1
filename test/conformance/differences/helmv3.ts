import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the helmv3 manager. */
export const helmv3Differences: Differences = {};
