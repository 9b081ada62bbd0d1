// PLACEHOLDER: to be implemented.
import type { Manager } from './types.js';

export const dockerfileManager: Manager = {
  id: 'dockerfile',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};
