/** Every manager, one line each. The order is the order in which a file's managers run. */
import type { ManagerId } from '../deps/dep.js';
import type { Manager } from './types.js';
import { argocdManager } from './argocd.js';
import { dockerComposeManager } from './docker-compose.js';
import { dockerfileManager } from './dockerfile.js';
import { fluxManager } from './flux/index.js';
import { giteaActionsManager, githubActionsManager } from './github-actions.js';
import { helmfileManager } from './helmfile.js';
import { helmValuesManager } from './helm-values.js';
import { helmv3Manager } from './helmv3.js';
import { kubernetesManager } from './kubernetes.js';
import { kustomizeManager } from './kustomize.js';
import { regexManager } from './custom/regex.js';

export const MANAGERS: readonly Manager[] = [
  fluxManager as Manager,
  argocdManager,
  kubernetesManager,
  kustomizeManager,
  helmValuesManager,
  helmv3Manager,
  helmfileManager,
  dockerComposeManager,
  dockerfileManager,
  githubActionsManager,
  giteaActionsManager,
  // Runs once per custom manager of the config, with its definition (extract/manager-files.ts).
  regexManager,
];

const BY_ID = new Map<string, Manager>(MANAGERS.map((m) => [m.id, m]));

export function getManager(id: ManagerId | string): Manager {
  const manager = BY_ID.get(id);
  if (!manager) throw new Error(`unknown manager "${id}"`);
  return manager;
}
