// PLACEHOLDER: to be implemented.
import type { Datasource } from './types.js';

export const giteaTagsDatasource: Datasource = {
  id: 'gitea-tags',
  defaultVersioning: 'semver',
  getReleases: async () => null,
};
