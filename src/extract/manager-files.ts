/**
 * Which managers read which file: each manager's default patterns plus the user's `fileMatch` /
 * `managerFilePatterns`, and — for managers that read manifests — any YAML file that turns out to be a
 * Kubernetes-style manifest. Each custom manager of the config reads the files of its own patterns.
 */
import type { ManagerId, RegexManagerDefinition } from '../deps/dep.js';
import { CUSTOM_REGEX_NAMES } from '../meta/managers.js';
import { regexManager } from '../managers/custom/regex.js';
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
  customManagers?: RegexManagerDefinition[];
}

export interface SelectedManager {
  manager: Manager;
  matchesName: PathTest;
  /** For a custom manager: its index in `customManagers`. */
  custom?: number;
}

/** A manager that may read a file: `custom` names the custom manager (index in `customManagers`). */
export interface Candidate {
  manager: Manager;
  needsManifest: boolean;
  custom?: number;
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
    if (manager === regexManager) continue;
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
  // Custom managers run after the built-in ones, in config order. `enabledManagers` names them as a kind
  // (Renovate's `custom.regex`, formerly `regex`); `"regex": { "enabled": false }` turns them all off.
  const customEnabled = !enabled || CUSTOM_REGEX_NAMES.some((name) => enabled.has(name));
  if (customEnabled && config.managers?.regex?.enabled !== false) {
    for (const [index, definition] of (config.customManagers ?? []).entries()) {
      const tests: PathTest[] = [];
      for (const [i, p] of (definition.managerFilePatterns ?? []).entries()) tests.push(compilePattern(p, `${definition.key}.managerFilePatterns[${i}]`));
      for (const [i, p] of (definition.fileMatch ?? []).entries()) tests.push(compileFileMatch(p, `${definition.key}.fileMatch[${i}]`));
      if (tests.length > 0) selected.push({ manager: regexManager, matchesName: anyOf(tests), custom: index });
    }
  }
  return selected;
}

/** The managers that may read `path`, and whether a manifest check on its content is still needed. */
export function candidatesFor(path: string, selected: readonly SelectedManager[]): Candidate[] {
  const yaml = YAML_FILE.test(path);
  const out: Candidate[] = [];
  for (const { manager, matchesName, custom } of selected) {
    if (matchesName(path)) out.push(custom !== undefined ? { manager, needsManifest: false, custom } : { manager, needsManifest: false });
    else if (yaml && manager.readsManifests) out.push({ manager, needsManifest: true });
  }
  return out;
}
