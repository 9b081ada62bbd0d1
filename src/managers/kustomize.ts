// PLACEHOLDER: to be implemented.
import type { Manager } from './types.js';

export const kustomizeManager: Manager = {
  id: 'kustomize',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};
