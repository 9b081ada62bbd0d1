/**
 * What every datasource is, as data: its id, the versioning scheme its versions follow when neither the
 * manager nor the config says, and what kind of registry address it takes. Config, lookup and plan read
 * this table; the datasource implementations take their defaults from it (each is written once here),
 * and nothing needs to load an implementation (HTTP client, git) to learn a default.
 */
import type { BuiltinDatasourceId } from '../deps/dep.js';

export interface DatasourceMeta {
  /** Versioning scheme when neither manager nor config names one. */
  defaultVersioning: string;
  /** What `registryUrls` holds for it: an image registry, a Helm repository, a forge API, a git URL; none for a list kept in the project. */
  registryKind: 'image-registry' | 'helm-repository' | 'forge-api' | 'git-url' | 'none';
}

/** `custom.<name>` datasources are the repository config's own: they have no entry, and their versions default to the fallback. */
export const DATASOURCE_META: Readonly<Record<BuiltinDatasourceId, DatasourceMeta>> = {
  docker: { defaultVersioning: 'docker', registryKind: 'image-registry' },
  helm: { defaultVersioning: 'helm', registryKind: 'helm-repository' },
  'github-tags': { defaultVersioning: 'loose', registryKind: 'forge-api' },
  'gitea-tags': { defaultVersioning: 'loose', registryKind: 'forge-api' },
  'gitlab-tags': { defaultVersioning: 'loose', registryKind: 'forge-api' },
  'git-tags': { defaultVersioning: 'loose', registryKind: 'git-url' },
  'git-refs': { defaultVersioning: 'loose', registryKind: 'git-url' },
  'github-releases': { defaultVersioning: 'loose', registryKind: 'forge-api' },
  'gitea-releases': { defaultVersioning: 'loose', registryKind: 'forge-api' },
  'gitlab-releases': { defaultVersioning: 'loose', registryKind: 'forge-api' },
  // A list kept in the project (meta/github-runners.ts): runner image versions compare as docker tags (`24.04-arm`).
  'github-runners': { defaultVersioning: 'docker', registryKind: 'none' },
};

export const DATASOURCE_IDS = Object.keys(DATASOURCE_META) as readonly BuiltinDatasourceId[];

/** Renovate's fallback when a dep names no datasource this table knows. */
const FALLBACK_VERSIONING = 'semver';

/** The versioning a dep's versions follow by default: its datasource's, or Renovate's fallback. */
export function defaultVersioning(datasource: string | undefined): string {
  return (
    (datasource !== undefined && Object.hasOwn(DATASOURCE_META, datasource)
      ? DATASOURCE_META[datasource as BuiltinDatasourceId].defaultVersioning
      : undefined) ?? FALLBACK_VERSIONING
  );
}

/** A datasource Upkeep has (not a custom one, not one only Renovate has). */
export function isBuiltinDatasource(datasource: string): datasource is BuiltinDatasourceId {
  return Object.hasOwn(DATASOURCE_META, datasource);
}
