// PLACEHOLDER: to be implemented.
import type { Manager } from './types.js';

export const dockerComposeManager: Manager = {
  id: 'docker-compose',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};
