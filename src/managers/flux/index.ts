// PLACEHOLDER: to be implemented.
import type { Manager } from '../types.js';

export const fluxManager: Manager = {
  id: 'flux',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};
