/** The part of a repository config that decides which files are read and how (the extract stage's input). */
import type { RepoConfig } from '../config/schema.js';
import { MANAGER_IDS } from '../meta/managers.js';
import { DEFAULT_IGNORE_PATHS, type ExtractConfig } from '../extract/extract-repository.js';

export function extractConfigOf(config: RepoConfig): ExtractConfig {
  const out: ExtractConfig = { ignorePaths: config.ignorePaths ?? DEFAULT_IGNORE_PATHS, managers: {} };
  if (config.enabledManagers) out.enabledManagers = config.enabledManagers;
  if (config.registryAliases) out.registryAliases = config.registryAliases;
  for (const id of MANAGER_IDS) {
    const own = config[id];
    if (!own) continue;
    out.managers![id] = {
      ...(own.enabled !== undefined ? { enabled: own.enabled } : {}),
      ...(own.fileMatch ? { fileMatch: own.fileMatch } : {}),
      ...(own.managerFilePatterns ? { managerFilePatterns: own.managerFilePatterns } : {}),
    };
  }
  return out;
}
