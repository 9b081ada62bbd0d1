// PLACEHOLDER: to be implemented.
import type { Datasource } from './types.js';

export const githubTagsDatasource: Datasource = {
  id: 'github-tags',
  defaultVersioning: 'semver',
  getReleases: async () => null,
};
