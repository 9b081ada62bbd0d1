// PLACEHOLDER: to be implemented.
import type { Datasource } from '../types.js';

export const dockerDatasource: Datasource = {
  id: 'docker',
  defaultVersioning: 'docker',
  getReleases: async () => null,
};
