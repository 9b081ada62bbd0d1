/** Every datasource, one line each. */
import type { DatasourceId } from '../deps/dep.js';
import { dockerDatasource } from './docker/index.js';
import { gitRefsDatasource } from './git-refs.js';
import { giteaReleasesDatasource } from './gitea-releases.js';
import { giteaTagsDatasource } from './gitea-tags.js';
import { gitTagsDatasource } from './git-tags.js';
import { githubReleasesDatasource } from './github-releases.js';
import { githubTagsDatasource } from './github-tags.js';
import { gitlabReleasesDatasource } from './gitlab-releases.js';
import { gitlabTagsDatasource } from './gitlab-tags.js';
import { helmDatasource } from './helm.js';
import type { Datasource } from './types.js';

const DATASOURCES: readonly Datasource[] = [
  dockerDatasource,
  helmDatasource,
  githubTagsDatasource,
  giteaTagsDatasource,
  gitTagsDatasource,
  gitlabTagsDatasource,
  gitRefsDatasource,
  githubReleasesDatasource,
  giteaReleasesDatasource,
  gitlabReleasesDatasource,
];

const BY_ID = new Map<string, Datasource>(DATASOURCES.map((d) => [d.id, d]));

export function getDatasource(id: DatasourceId | string): Datasource | undefined {
  return BY_ID.get(id);
}
