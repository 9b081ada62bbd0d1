/** Manager ids as data (the config schema names them without loading the managers). */
import type { ManagerId } from '../deps/dep.js';

export const MANAGER_IDS: readonly ManagerId[] = [
  'kubernetes',
  'flux',
  'helm-values',
  'helmv3',
  'kustomize',
  'docker-compose',
  'dockerfile',
  'github-actions',
  'gitea-actions',
  'argocd',
];
