import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the docker-compose manager. */
export const dockerComposeDifferences: Differences = {};
