// PLACEHOLDER: to be implemented.
import type { Datasource } from './types.js';

export const helmDatasource: Datasource = {
  id: 'helm',
  defaultVersioning: 'helm',
  getReleases: async () => null,
};
