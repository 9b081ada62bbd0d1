// PLACEHOLDER: to be implemented.
import type { Manager } from './types.js';

export const githubActionsManager: Manager = {
  id: 'github-actions',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};

export const giteaActionsManager: Manager = {
  id: 'gitea-actions',
  filePatterns: [],
  readsManifests: false,
  datasources: [],
  extractFile: () => ({ deps: [], warnings: [] }),
};
