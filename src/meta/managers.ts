/**
 * What every manager is, as data: its id, the files it reads by default (globs or `/regex/` strings; a
 * user's `fileMatch` / `managerFilePatterns` add to these), whether it reads any Kubernetes-style
 * manifest by content, and the datasources its deps use. Config validates names and file patterns
 * against this table without loading the managers; each manager takes its own entry from here.
 */
import type { DatasourceId, ManagerId } from '../deps/dep.js';

export interface ManagerMeta {
  filePatterns: readonly string[];
  /** Reads any `*.yaml`/`*.yml` with `apiVersion` and `kind`, wherever it is. */
  readsManifests: boolean;
  datasources: readonly DatasourceId[];
}

/** Files below a chart's `templates/` are never values files (Helm renders every one of them). */
export const HELM_VALUES_PATTERN = '/^(?!(?:.*\\/)?templates\\/)(?:.*\\/)?values[^/]*\\.ya?ml$/';
const ACTION_DATASOURCES: readonly DatasourceId[] = ['github-tags', 'gitea-tags', 'docker', 'github-runners'];

/** In the order a file's managers run. */
export const MANAGER_META: Readonly<Record<ManagerId, ManagerMeta>> = {
  flux: { filePatterns: [], readsManifests: true, datasources: ['helm', 'docker', 'github-tags', 'gitlab-tags', 'git-tags', 'git-refs'] },
  argocd: { filePatterns: [], readsManifests: true, datasources: ['docker', 'helm', 'git-tags'] },
  kubernetes: { filePatterns: [], readsManifests: true, datasources: ['docker'] },
  kustomize: {
    filePatterns: ['/(^|/)kustomization\\.ya?ml$/', '/(^|/)Kustomization$/'],
    readsManifests: false,
    datasources: ['docker', 'helm', 'github-tags', 'git-tags'],
  },
  'helm-values': { filePatterns: [HELM_VALUES_PATTERN], readsManifests: false, datasources: ['docker'] },
  helmv3: { filePatterns: ['/(^|/)Chart\\.ya?ml$/'], readsManifests: false, datasources: ['helm', 'docker'] },
  helmfile: {
    filePatterns: ['/(^|/)helmfile\\.ya?ml(?:\\.gotmpl)?$/', '/(^|/)helmfile\\.d/.+\\.ya?ml(?:\\.gotmpl)?$/'],
    readsManifests: false,
    datasources: ['helm', 'docker'],
  },
  'docker-compose': { filePatterns: ['/(^|/)(?:docker-)?compose[^/]*\\.ya?ml$/'], readsManifests: false, datasources: ['docker'] },
  dockerfile: {
    filePatterns: ['/(^|/|\\.)([Dd]ocker|[Cc]ontainer)file$/', '/(^|/)([Dd]ocker|[Cc]ontainer)file[^/]*$/'],
    readsManifests: false,
    datasources: ['docker'],
  },
  'github-actions': {
    filePatterns: [
      '/(?:^|/)(?:workflow-templates|\\.github/(?:workflows|actions))/.+\\.ya?ml$/',
      // Composite and container actions anywhere, except under .gitea/ and .forgejo/ (gitea-actions reads those).
      '/^(?!(?:.*/)?\\.(?:gitea|forgejo)/)(?:.*/)?action\\.ya?ml$/',
    ],
    readsManifests: false,
    datasources: ACTION_DATASOURCES,
  },
  'gitea-actions': {
    filePatterns: ['/(?:^|/)\\.(?:gitea|forgejo)/(?:workflows|actions)/.+\\.ya?ml$/', '/(?:^|/)\\.(?:gitea|forgejo)/(?:.+/)?action\\.ya?ml$/'],
    readsManifests: false,
    datasources: ACTION_DATASOURCES,
  },
  // The config's regex custom managers: files and datasources come from each definition, not from here.
  regex: { filePatterns: [], readsManifests: false, datasources: [] },
};

/** Renovate's names for the regex custom managers' deps in `matchManagers` / `enabledManagers` (the second is the old one). */
export const CUSTOM_REGEX_NAMES: readonly string[] = ['custom.regex', 'regex'];

/** Manager ids in the order a file's managers run. */
export const MANAGER_IDS = Object.keys(MANAGER_META) as readonly ManagerId[];
