// PLACEHOLDER: to be implemented.
import type { Manager } from './types.js';

export const argocdManager: Manager = {
  id: 'argocd',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};
