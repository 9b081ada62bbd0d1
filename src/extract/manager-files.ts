/**
 * Which managers read which file: each manager's default patterns plus the user's `fileMatch` /
 * `managerFilePatterns`, and — for managers that read manifests — any YAML file that turns out to be a
 * Kubernetes-style manifest.
 */
import type { ManagerId } from '../deps/dep.js';
import { MANAGERS } from '../managers/registry.js';
import type { Manager } from '../managers/types.js';
import { anyOf, compileBuiltinPattern, compileFileMatch, compilePattern, type PathTest } from '../config/file-patterns.js';

export interface ManagerFileConfig {
  enabled?: boolean;
  /** Legacy Renovate option: regular expressions (no slashes). Added to the defaults. */
  fileMatch?: string[];
  /** Renovate option: `/regex/` or glob entries. Added to the defaults. */
  managerFilePatterns?: string[];
}

export interface ManagerSelectionConfig {
  enabledManagers?: string[];
  managers?: Partial<Record<ManagerId, ManagerFileConfig>>;
}

export interface SelectedManager {
  manager: Manager;
  matchesName: PathTest;
}

const YAML_FILE = /\.ya?ml$/i;
const MANIFEST_API_VERSION = /^[ \t]*(?:-[ \t]+)?["']?apiVersion["']?[ \t]*:/m;
const MANIFEST_KIND = /^[ \t]*(?:-[ \t]+)?["']?kind["']?[ \t]*:/m;

export function isManifest(content: string): boolean {
  return MANIFEST_API_VERSION.test(content) && MANIFEST_KIND.test(content);
}

export function selectManagers(config: ManagerSelectionConfig): SelectedManager[] {
  const enabled = config.enabledManagers && config.enabledManagers.length > 0 ? new Set(config.enabledManagers) : undefined;
  const selected: SelectedManager[] = [];
  for (const manager of MANAGERS) {
    const own = config.managers?.[manager.id];
    if (enabled && !enabled.has(manager.id)) continue;
    if (own?.enabled === false) continue;
    const tests: PathTest[] = manager.filePatterns.map((p) => compileBuiltinPattern(p));
    for (const [i, p] of (own?.managerFilePatterns ?? []).entries()) {
      tests.push(compilePattern(p, `${manager.id}.managerFilePatterns[${i}]`));
    }
    for (const [i, p] of (own?.fileMatch ?? []).entries()) tests.push(compileFileMatch(p, `${manager.id}.fileMatch[${i}]`));
    selected.push({ manager, matchesName: anyOf(tests) });
  }
  return selected;
}

/** The managers that may read `path`, and whether a manifest check on its content is still needed. */
export function candidatesFor(path: string, selected: readonly SelectedManager[]): Array<{ manager: Manager; needsManifest: boolean }> {
  const yaml = YAML_FILE.test(path);
  const out: Array<{ manager: Manager; needsManifest: boolean }> = [];
  for (const { manager, matchesName } of selected) {
    if (matchesName(path)) out.push({ manager, needsManifest: false });
    else if (yaml && manager.readsManifests) out.push({ manager, needsManifest: true });
  }
  return out;
}
