// PLACEHOLDER: to be implemented.
import type { Datasource } from './types.js';

export const gitTagsDatasource: Datasource = {
  id: 'git-tags',
  defaultVersioning: 'semver',
  getReleases: async () => null,
};
