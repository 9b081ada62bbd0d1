import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the dockerfile manager. */
export const dockerfileDifferences: Differences = {};
