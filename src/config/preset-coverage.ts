/**
 * How much of each namespace of Renovate's built-in presets Upkeep acts on, for README's compatibility
 * section: every preset resolved as a config would name it, and counted by what the resolution says —
 * the same settings and the same "left out" warnings a run gives.
 */
import { builtinPresets, resolvePresets } from './presets.js';
import type { RepoConfig } from './schema.js';

export interface NamespaceCoverage {
  namespace: string;
  presets: number;
  /** Everything the preset sets is acted on. */
  whole: number;
  /** Some settings acted on, the rest left out with a warning. */
  partly: number;
  /** Nothing of it concerns Upkeep (npm, pre-commit, rules on source URLs, …): it resolves, sets nothing. */
  nothing: number;
}

/** `:timezone(Europe/Berlin)`; a preset taking a preset name as an argument gets one. */
function asWritten(name: string, content: Record<string, unknown>): string {
  const text = JSON.stringify(content);
  const numbers = [...new Set([...text.matchAll(/\{\{arg(\d+)\}\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  if (numbers.length === 0) return name;
  const presetArg = (n: number) => new RegExp(`"extends":\\[[^\\]]*"\\{\\{arg${n}\\}\\}"`).test(text);
  return `${name}(${numbers.map((n) => (presetArg(n) ? 'packages:linters' : 'Europe/Berlin')).join(', ')})`;
}

export async function presetCoverage(): Promise<NamespaceCoverage[]> {
  const byNamespace = new Map<string, NamespaceCoverage>();
  for (const { name, content } of await builtinPresets()) {
    const namespace = name.startsWith(':') ? 'default' : name.slice(0, name.indexOf(':'));
    const row = byNamespace.get(namespace) ?? { namespace, presets: 0, whole: 0, partly: 0, nothing: 0 };
    byNamespace.set(namespace, row);
    row.presets++;
    const { config, warnings } = await resolvePresets({ extends: [asWritten(name, content)] } as RepoConfig, {});
    // A rule left with conditions only (its setting was left out) sets nothing.
    const acts = (rule: object) => Object.keys(rule).some((key) => !/^(match|exclude)[A-Z]|^description$/.test(key));
    const sets = Object.entries(config).some(([key, value]) => (key === 'packageRules' ? (value as object[]).some(acts) : true));
    const leftOut = warnings.some((w) => w.includes('left out:'));
    if (!sets) row.nothing++;
    else if (leftOut) row.partly++;
    else row.whole++;
  }
  return [...byNamespace.values()];
}
