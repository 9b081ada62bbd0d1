/**
 * The catalogue of built-in presets against Renovate's: every name Renovate 44 has is in config/presets/
 * (test/fixtures/renovate/preset-names.txt, written by scripts/renovate-presets.mjs from an installed
 * Renovate), Upkeep invents none, no preset extends one that does not exist, and every one resolves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePresets } from '../../src/config/presets.js';
import type { RepoConfig } from '../../src/config/schema.js';

const PRESETS_DIR = resolve(import.meta.dirname, '../../config/presets');
const NAMES_FILE = resolve(import.meta.dirname, '../fixtures/renovate/preset-names.txt');
/** Not a namespace: Renovate's removed and renamed presets, old name → new name (null: removed). */
const RENAMED_FILE = 'renamed.json';

type Obj = Record<string, unknown>;

const renovateNames: string[] = readFileSync(NAMES_FILE, 'utf8').trim().split('\n');
const renamed = JSON.parse(readFileSync(join(PRESETS_DIR, RENAMED_FILE), 'utf8')) as Record<string, string | null>;

/** `custom-managers.json` → `customManagers`. */
const namespaceOf = (file: string): string => file.replace(/\.json$/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const fullName = (namespace: string, preset: string): string => (namespace === 'default' ? `:${preset}` : `${namespace}:${preset}`);

/** Every built-in preset in Upkeep's data files, by its full name. */
function upkeepPresets(): Map<string, Obj> {
  const all = new Map<string, Obj>();
  for (const file of readdirSync(PRESETS_DIR).sort()) {
    if (!file.endsWith('.json') || file === RENAMED_FILE) continue;
    const presets = JSON.parse(readFileSync(join(PRESETS_DIR, file), 'utf8')) as Record<string, Obj>;
    for (const [preset, content] of Object.entries(presets)) all.set(fullName(namespaceOf(file), preset), content);
  }
  return all;
}

/** Every `extends` entry anywhere in a preset (top level, inside rules, inside option objects). */
function extendsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) extendsIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'extends') found.push(...[v].flat().filter((ref): ref is string => typeof ref === 'string'));
      else extendsIn(v, found);
    }
  }
  return found;
}

/** The numbers N of the `{{argN}}` placeholders a preset holds, sorted. */
const placeholders = (content: Obj): number[] =>
  [...new Set([...JSON.stringify(content).matchAll(/\{\{arg(\d+)\}\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

/** `:name(a, b)` → `:name`; `default:name` → `:name`. */
const withoutArgs = (ref: string): string => ref.replace(/\(.*\)$/, '').replace(/^default:/, ':');

const presets = upkeepPresets();

describe("the catalogue of built-in presets is Renovate's", () => {
  it('has every name Renovate 44 has', () => {
    expect(renovateNames.length).toBe(1288);
    expect(renovateNames.filter((name) => !presets.has(name))).toEqual([]);
  });

  it('invents no name: what Renovate does not have is one of its removed presets', () => {
    const known = new Set(renovateNames);
    const extra = [...presets.keys()].filter((name) => !known.has(name));
    // Renovate's removed names (config:base, …) are in renamed.json only: a config naming one reads as the new one.
    expect(extra).toEqual([]);
    for (const name of extra) expect(Object.hasOwn(renamed, name), name).toBe(true);
  });

  it('extends only presets that exist', () => {
    const dangling: string[] = [];
    let references = 0;
    for (const [name, content] of presets) {
      for (const ref of extendsIn(content)) {
        if (/^\{\{arg\d+\}\}$/.test(ref)) continue; // `:group(preset, name)`: the preset is the argument
        references++;
        if (!presets.has(withoutArgs(ref))) dangling.push(`${name} → ${ref}`);
      }
    }
    expect(dangling).toEqual([]);
    expect(references).toBeGreaterThan(500); // every group:…Monorepo extends its monorepo:…
  });

  it('renames and removals lead to a preset that exists, or to nothing', () => {
    const nowhere: string[] = [];
    for (const [from, to] of Object.entries(renamed)) {
      let target = to;
      // Chains: :unpublishSafe → npm:unpublishSafe → security:minimumReleaseAgeNpm.
      for (let hops = 0; target !== null && Object.hasOwn(renamed, target) && hops < 5; hops++) target = renamed[target]!;
      if (target !== null && !presets.has(withoutArgs(target))) nowhere.push(`${from} → ${to}`);
    }
    // Renovate 44's own map sends these to a monorepo preset it has since dropped (Renovate fails on them too).
    expect(nowhere).toEqual(['monorepo:HotChocolate → monorepo:hotchocolate', 'group:HotChocolateMonorepo → group:hotchocolateMonorepo']);
  });

  it('takes arguments ({{argN}}) in these presets only', () => {
    const withArgs = [...presets]
      .filter(([, content]) => placeholders(content).length > 0)
      .map(([name, content]) => `${name}(${placeholders(content).length})`);
    expect(withArgs.sort()).toEqual([
      ':assignAndReview(1)',
      ':assignee(1)',
      ':disableDomain(1)',
      ':disableHost(1)',
      ':doNotPinPackage(1)',
      ':enableVulnerabilityAlertsWithAdditionalLabel(1)',
      ':enableVulnerabilityAlertsWithLabel(1)',
      ':followTag(2)',
      ':githubComToken(1)',
      ':group(2)',
      ':label(1)',
      ':labels(2)',
      ':pathSemanticCommitType(2)',
      ':reviewer(1)',
      ':semanticCommitScope(1)',
      ':semanticCommitType(1)',
      ':semanticCommitTypeAll(1)',
      ':timezone(1)',
    ]);
    // Arguments are numbered from 0 without gaps.
    for (const [name, content] of presets) {
      const numbers = placeholders(content);
      expect(numbers, name).toEqual(numbers.map((_, i) => i));
    }
  });
});

/** The name as a config would write it: dummy arguments when it takes some (a preset name where it extends one). */
function reference(name: string, content: Obj): string {
  const numbers = placeholders(content);
  if (numbers.length === 0) return name;
  const presetArgs = new Set(extendsIn(content).flatMap((ref) => [...ref.matchAll(/^\{\{arg(\d+)\}\}$/g)].map((m) => Number(m[1]))));
  return `${name}(${numbers.map((n) => (presetArgs.has(n) ? 'packages:linters' : 'Europe/Berlin')).join(', ')})`;
}

describe('every built-in preset resolves', () => {
  it('by its name, with dummy arguments where it takes some', async () => {
    const failures: string[] = [];
    for (const name of renovateNames) {
      const ref = reference(name, presets.get(name) ?? {});
      try {
        const { config } = await resolvePresets({ extends: [ref] } as RepoConfig, {});
        if (/\{\{arg\d+\}\}|"extends"/.test(JSON.stringify(config))) failures.push(`${ref}: left ${JSON.stringify(config).slice(0, 200)}`);
      } catch (err) {
        failures.push(`${ref}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('by the old regexManagers: name of every customManagers: preset', async () => {
    const custom = renovateNames.filter((name) => name.startsWith('customManagers:'));
    expect(custom.length).toBeGreaterThan(10);
    for (const name of custom) {
      const old = name.replace(/^customManagers:/, 'regexManagers:');
      const [viaOld, viaNew] = await Promise.all([old, name].map((ref) => resolvePresets({ extends: [ref] } as RepoConfig, {})));
      expect(viaOld!.config, old).toEqual(viaNew!.config);
    }
  });

  /**
   * monorepo:<x> names its packages by matchSourceUrls (446 of 467), which Upkeep does not evaluate: the
   * rule group:<x>Monorepo builds from it is left out whole, never left with matchUpdateTypes alone.
   */
  it('a group:…Monorepo preset groups only the packages its monorepo: preset names', async () => {
    const tooWide: string[] = [];
    for (const name of renovateNames.filter((n) => /^group:.+Monorepo$/.test(n))) {
      const { config } = await resolvePresets({ extends: [name] } as RepoConfig, {});
      const rules = (config.packageRules ?? []) as Obj[];
      const narrows = (rule: Obj) => Object.keys(rule).some((key) => key.startsWith('match') && key !== 'matchUpdateTypes');
      if (rules.some((rule) => rule.groupName !== undefined && !narrows(rule))) tooWide.push(name);
    }
    expect(tooWide).toEqual([]);
  }, 60_000);
});
