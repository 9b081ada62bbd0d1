/** The part of a repository config that decides which files are read and how (the extract stage's input). */
import type { CustomManagerConfig, RepoConfig } from '../config/schema.js';
import { CUSTOM_TEMPLATE_FIELDS, type RegexManagerDefinition } from '../deps/dep.js';
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
  const customManagers = customManagersOf(config);
  if (customManagers.length > 0) out.customManagers = customManagers;
  // Another part of the config (customDatasources) names the `custom.<name>` datasources a run has.
  const customDatasources = (config as { customDatasources?: unknown }).customDatasources;
  if (customDatasources && typeof customDatasources === 'object') out.customDatasources = Object.keys(customDatasources);
  return out;
}

/**
 * The config's regex custom managers as plain definitions: `customManagers` entries of `customType:
 * "regex"` (or none: read as regex, as Renovate migrates them), then the old `regexManagers` entries.
 * `jsonata` custom managers are not read (validation says so).
 */
export function customManagersOf(config: RepoConfig): RegexManagerDefinition[] {
  const out: RegexManagerDefinition[] = [];
  const add = (entries: readonly CustomManagerConfig[] | undefined, name: string) => {
    for (const [i, entry] of (entries ?? []).entries()) {
      if (entry.customType !== undefined && entry.customType !== 'regex') continue;
      out.push(definitionOf(entry, `${name}[${i}]`));
    }
  };
  add(config.customManagers, 'customManagers');
  add(config.regexManagers, 'regexManagers');
  return out;
}

function definitionOf(entry: CustomManagerConfig, key: string): RegexManagerDefinition {
  const definition: RegexManagerDefinition = { key, matchStrings: entry.matchStrings };
  if (entry.fileMatch) definition.fileMatch = entry.fileMatch;
  if (entry.managerFilePatterns) definition.managerFilePatterns = entry.managerFilePatterns;
  if (entry.matchStringsStrategy) definition.matchStringsStrategy = entry.matchStringsStrategy;
  const templates: NonNullable<RegexManagerDefinition['templates']> = {};
  for (const field of CUSTOM_TEMPLATE_FIELDS) {
    const template = entry[`${field}Template`];
    if (typeof template === 'string') templates[field] = template;
  }
  if (Object.keys(templates).length > 0) definition.templates = templates;
  if (entry.autoReplaceStringTemplate !== undefined) definition.autoReplaceStringTemplate = entry.autoReplaceStringTemplate;
  return definition;
}
