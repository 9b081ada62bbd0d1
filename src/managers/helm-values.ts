// PLACEHOLDER: to be implemented.
import type { Manager } from './types.js';

export const helmValuesManager: Manager = {
  id: 'helm-values',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};
