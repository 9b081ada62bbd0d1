/**
 * Merging configs the way Renovate does: a later config wins key by key, except "mergeable" options,
 * which combine — lists that add up (`packageRules`, `extends`, `addLabels`, `ignoreDeps`), lists that
 * unite (`suppressNotifications`: each notification once), maps that merge key by key (`registryAliases`,
 * `group`), and nested option objects (`flux: {…}`, `major: {…}`) merged recursively.
 * Used for presets (`extends`) and for applying package rules on top of a dep's config.
 */
import { MANAGER_IDS } from '../meta/managers.js';
import { UPDATE_TYPES } from './schema.js';

const CONCATENATED = new Set(['packageRules', 'extends', 'addLabels', 'ignoreDeps', 'customManagers', 'regexManagers']);
/** Lists whose entries are names: a later config adds the ones it lacks, never a second copy. */
const UNITED = new Set(['suppressNotifications']);
const MERGED_MAPS = new Set(['registryAliases', 'customDatasources', 'group']);
const NESTED = new Set<string>([...MANAGER_IDS, ...UPDATE_TYPES]);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** `override` on top of `base`; neither is modified. */
export function mergeConfig<T extends Record<string, unknown>>(base: T, override: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = out[key];
    if (CONCATENATED.has(key)) out[key] = [...asList(current), ...asList(value)];
    else if (UNITED.has(key)) out[key] = [...new Set([...asList(current), ...asList(value)])];
    else if (MERGED_MAPS.has(key) && isObject(current) && isObject(value)) out[key] = { ...current, ...value };
    else if (NESTED.has(key) && isObject(current) && isObject(value)) out[key] = mergeConfig(current, value);
    else out[key] = value;
  }
  return out as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
