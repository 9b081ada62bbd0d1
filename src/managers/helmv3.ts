// PLACEHOLDER: to be implemented.
import type { Manager } from './types.js';

export const helmv3Manager: Manager = {
  id: 'helmv3',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};
