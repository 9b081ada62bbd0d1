/** Every datasource, one line each; and the `custom.<name>` datasources of a repository config. */
import type { DatasourceId } from '../deps/dep.js';
import { createCustomDatasource } from './custom/index.js';
import type { CustomDatasources } from './custom/definition.js';
import { dockerDatasource } from './docker/index.js';
import { gitRefsDatasource } from './git-refs.js';
import { giteaReleasesDatasource } from './gitea-releases.js';
import { giteaTagsDatasource } from './gitea-tags.js';
import { gitTagsDatasource } from './git-tags.js';
import { githubReleasesDatasource } from './github-releases.js';
import { githubRunnersDatasource } from './github-runners.js';
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
  githubRunnersDatasource,
];

const BY_ID = new Map<string, Datasource>(DATASOURCES.map((d) => [d.id, d]));

export function getDatasource(id: DatasourceId | string): Datasource | undefined {
  return BY_ID.get(id);
}

/**
 * Which datasource answers for an id in one repository's run: `custom.<name>` from that repository's
 * `customDatasources`, every other id from `base` (the built-in ones unless a caller gives its own).
 * Made per run, from the run's config: nothing is kept between repositories.
 */
export function datasourcesFor(
  customDatasources: CustomDatasources | undefined,
  base: (id: string) => Datasource | undefined = getDatasource,
): (id: string) => Datasource | undefined {
  const custom = new Map<string, Datasource>();
  for (const [name, definition] of Object.entries(customDatasources ?? {})) {
    const datasource = createCustomDatasource(name, definition);
    custom.set(datasource.id, datasource);
  }
  return custom.size === 0 ? base : (id) => custom.get(id) ?? base(id);
}
