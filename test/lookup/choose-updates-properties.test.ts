/**
 * Issue 3's invariants at the level users see — the updates chooseUpdates proposes — over the real tag
 * families in test/fixtures/tags: for every current tag, with every option that changes the choice, no
 * proposal is lower than the current tag, and none changes its shape (prefix, number of numeric parts,
 * suffix). The shape is read here, independently of the versioning scheme.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseUpdates, type LookupOptions } from '../../src/lookup/choose-updates.js';
import { getVersioning } from '../../src/versioning/registry.js';

const DIR = new URL('../fixtures/tags/', import.meta.url);
const LISTS = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => [f.replace(/\.txt$/, ''), readFileSync(new URL(f, DIR), 'utf8').split('\n').filter(Boolean)] as const);

const skeleton = (tag: string) => tag.replace(/\d+/g, '#');
const suffixOf = (tag: string) => (tag.includes('-') ? tag.slice(tag.indexOf('-')) : '');

function shape(tag: string): { prefix: string; parts: number } | undefined {
  const m = /^(v?)(\d+(?:\.\d+)*)/.exec(tag);
  return m ? { prefix: m[1]!, parts: m[2]!.split('.').length } : undefined;
}

const OPTION_SETS: LookupOptions[] = [
  { separateMinorPatch: true, separateMultipleMajor: true },
  { ignoreUnstable: false, separateMajorMinor: false },
];

/** linuxserver.io tags (`4.0.5.1710-ls240`) carry a build number after `-ls`: users give them a regex scheme. */
const SCHEME: Record<string, string> = {
  'linuxserver-sonarr': String.raw`regex:^(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)\.(?<build>\d+)-ls(?<revision>\d+)$`,
};

/** Every third current tag keeps the run short; the candidates are always the whole list. */
const STRIDE = 3;

describe('chooseUpdates never proposes a lower version or a different shape', () => {
  for (const [name, tags] of LISTS) {
    it(`${name} (${tags.length} tags)`, () => {
      const versioning = SCHEME[name] ?? 'docker';
      const scheme = getVersioning(versioning);
      const releases = tags.map((version) => ({ version }));
      let proposals = 0;
      for (const current of tags.filter((t) => scheme.isVersion(t)).filter((_, i) => i % STRIDE === 0)) {
        const was = shape(current)!;
        for (const config of OPTION_SETS) {
          for (const update of chooseUpdates({ currentValue: current, releases, config: { versioning, ...config } })) {
            proposals++;
            const now = shape(update.newValue);
            const label = `${current} → ${update.newValue}`;
            expect(tags, label).toContain(update.newValue);
            expect(scheme.isGreaterThan(update.newValue, current), label).toBe(true);
            expect(now?.prefix, label).toBe(was.prefix);
            expect(now?.parts, label).toBe(was.parts);
            if (SCHEME[name]) expect(skeleton(update.newValue), label).toBe(skeleton(current));
            else expect(suffixOf(update.newValue), label).toBe(suffixOf(current));
          }
        }
      }
      // The property is about something: every family offers updates for some of its tags.
      expect(proposals).toBeGreaterThan(10);
    });
  }
});
