/**
 * Updates through a regex custom manager: the matched value and digest ranges are spliced (or the match is
 * replaced by `autoReplaceStringTemplate`), the file is read back with the same definition, and nothing
 * else in the file changes. Includes a property test over random annotation files (a seeded generator:
 * the project has no property-testing library).
 */
import { describe, expect, it } from 'vitest';
import type { Dep, RegexManagerDefinition } from '../../../src/deps/dep.js';
import { applyCustomUpdate } from '../../../src/managers/custom/apply.js';
import { extractWithDefinition } from '../../../src/managers/custom/regex.js';
import { createPackageFile } from '../../../src/managers/package-file.js';
import { EditError } from '../../../src/util/errors.js';

const ANNOTATIONS: RegexManagerDefinition = {
  key: 'customManagers[0]',
  managerFilePatterns: ['**'],
  matchStrings: [
    '# renovate: datasource=(?<datasource>\\S+) depName=(?<depName>\\S+)\\n.+(:\\s|=)["\']?(?<currentValue>[^"\'\\s@]+)(?:@(?<currentDigest>sha256:[a-f0-9]{64}))?["\']?',
  ],
};
const read = (definition: RegexManagerDefinition, content: string, path = 'f.yaml') => extractWithDefinition(definition, createPackageFile(path, content)).deps;
const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe('splicing the matched ranges', () => {
  const content = [
    '# keep this comment',
    '# renovate: datasource=docker depName=nginx',
    'nginx_tag: "1.27.0"   # trailing',
    '# renovate: datasource=docker depName=redis',
    `REDIS=7.2.5@${digest('a')}`,
    '',
  ].join('\n');

  it('writes the new value where the currentValue group matched, and only there', () => {
    const [nginx] = read(ANNOTATIONS, content);
    const next = applyCustomUpdate(content, nginx!, { newValue: '1.27.1' });
    expect(next).toBe(content.replace('"1.27.0"', '"1.27.1"'));
    expect(read(ANNOTATIONS, next)[0]!.currentValue).toBe('1.27.1');
  });

  it('writes value and digest together, and a digest alone', () => {
    const [, redis] = read(ANNOTATIONS, content);
    expect(applyCustomUpdate(content, redis!, { newValue: '7.4.0', newDigest: digest('b') })).toBe(
      content.replace(`7.2.5@${digest('a')}`, `7.4.0@${digest('b')}`),
    );
    expect(applyCustomUpdate(content, redis!, { newDigest: digest('c') })).toBe(content.replace(digest('a'), digest('c')));
  });

  it('no change asked: the same content', () => {
    const [nginx] = read(ANNOTATIONS, content);
    expect(applyCustomUpdate(content, nginx!, { newValue: '1.27.0' })).toBe(content);
  });

  it('refuses what it cannot verify: a changed file, a skipped dep, a digest the file has no place for, an empty value', () => {
    const [nginx] = read(ANNOTATIONS, content);
    expect(() => applyCustomUpdate(content.replace('1.27.0', '1.26.0'), nginx!, { newValue: '1.27.1' })).toThrow(/the file changed since extraction/);
    expect(() => applyCustomUpdate(content, { ...nginx!, skipReason: 'unsupported-datasource' }, { newValue: '1.27.1' })).toThrow(EditError);
    expect(() => applyCustomUpdate(content, nginx!, { newDigest: digest('d') })).toThrow(/read no currentDigest/);
    expect(() => applyCustomUpdate(content, nginx!, { newValue: ' ' })).toThrow(/empty value/);
  });

  it('refuses a new value the match strings would not read back the same (here: it breaks the pattern)', () => {
    const [nginx] = read(ANNOTATIONS, content);
    expect(() => applyCustomUpdate(content, nginx!, { newValue: '1.27.1 extra' })).toThrow(/could not be verified \(read back nginx 1\.27\.1\)/);
  });

  it('a value that came from a template cannot be spliced (no range in the file)', () => {
    const definition: RegexManagerDefinition = {
      key: 'customManagers[0]',
      managerFilePatterns: ['**'],
      matchStrings: ['node(?<major>\\d+)'],
      templates: { depName: 'node', currentValue: '{{{major}}}', datasource: 'docker' },
    };
    const [dep] = read(definition, 'base: node20\n');
    expect(() => applyCustomUpdate('base: node20\n', dep!, { newValue: '22' })).toThrow(/currentValueTemplate/);
  });
});

describe('autoReplaceStringTemplate', () => {
  it('replaces the whole match with the rendered template (groups, dep fields and the new value as fields)', () => {
    const definition: RegexManagerDefinition = {
      key: 'customManagers[0]',
      managerFilePatterns: ['**'],
      matchStrings: ['depName="(?<depName>.*)"\\n(?<indentation>\\s+)gnetId: (?<packageName>\\d+)\\n.+revision: (?<currentValue>\\d+)'],
      templates: { datasource: 'docker' },
      autoReplaceStringTemplate: 'depName="{{{depName}}}"\n{{{indentation}}}gnetId: {{{packageName}}}\n{{{indentation}}}revision: {{{newValue}}}',
    };
    const content = 'dashboards:\n  # renovate: depName="Node Exporter"\n  gnetId: 1860\n  revision: 36\n  datasource: Prometheus\n';
    const [dep] = read(definition, content);
    expect([dep!.depName, dep!.packageName, dep!.currentValue]).toEqual(['Node Exporter', '1860', '36']);
    expect(applyCustomUpdate(content, dep!, { newValue: '37' })).toBe(content.replace('revision: 36', 'revision: 37'));
  });

  it('can write a digest the file did not have, and sees newVersion apart from newValue', () => {
    const definition: RegexManagerDefinition = {
      key: 'customManagers[0]',
      managerFilePatterns: ['**'],
      matchStrings: ['image: (?<depName>[^:\\s]+):(?<currentValue>[^@\\s]+)(?:@(?<currentDigest>sha256:[a-f0-9]+))?'],
      templates: { datasource: 'docker' },
      autoReplaceStringTemplate: 'image: {{{depName}}}:{{{newValue}}}{{#if newDigest}}@{{{newDigest}}}{{/if}} # {{{newVersion}}}',
    };
    const content = 'spec:\n  image: ghcr.io/org/app:v1.2.3\n  pullPolicy: Always\n';
    const [dep] = read(definition, content);
    expect(dep!.pinDigests).toBeUndefined();
    const next = applyCustomUpdate(content, dep!, { newValue: 'v1.3.0', newVersion: '1.3.0', newDigest: digest('e') });
    expect(next).toBe(`spec:\n  image: ghcr.io/org/app:v1.3.0@${digest('e')} # 1.3.0\n  pullPolicy: Always\n`);
  });

  it('a template that does not write the new value fails verification', () => {
    const definition: RegexManagerDefinition = {
      ...ANNOTATIONS,
      autoReplaceStringTemplate: '# renovate: datasource={{{datasource}}} depName={{{depName}}}\nv: {{{currentValue}}}',
    };
    const content = '# renovate: datasource=docker depName=nginx\nv: 1.0.0\n';
    const [dep] = read(definition, content);
    expect(() => applyCustomUpdate(content, dep!, { newValue: '1.0.1' })).toThrow(/could not be verified/);
  });
});

describe('strategies', () => {
  it('recursive: the innermost value is written; combination: the value from the match that held it', () => {
    const recursive: RegexManagerDefinition = {
      key: 'customManagers[0]',
      managerFilePatterns: ['**'],
      matchStrings: ['tools:\\n(?:  .*\\n)+', '- name: (?<depName>\\S+)\\n\\s+version: \\S+', 'version: (?<currentValue>\\S+)'],
      matchStringsStrategy: 'recursive',
      templates: { datasource: 'github-tags' },
    };
    const content = 'tools:\n  - name: a/b\n    version: 1.0.0\n  - name: c/d\n    version: 2.0.0\nversion: 9\n';
    const deps = read(recursive, content);
    expect(applyCustomUpdate(content, deps[1]!, { newValue: '2.1.0' })).toBe(content.replace('2.0.0', '2.1.0'));

    const combination: RegexManagerDefinition = {
      key: 'customManagers[1]',
      managerFilePatterns: ['**'],
      matchStrings: ['image_name: (?<depName>\\S+)', 'image_tag: (?<currentValue>\\S+)'],
      matchStringsStrategy: 'combination',
      templates: { datasource: 'docker' },
    };
    const vars = 'image_tag: 1.0\nother: 1.0\nimage_name: nginx\n';
    const [dep] = read(combination, vars);
    expect(applyCustomUpdate(vars, dep!, { newValue: '1.1' })).toBe('image_tag: 1.1\nother: 1.0\nimage_name: nginx\n');
  });
});

/** A small deterministic generator (mulberry32), so a failing case can be replayed from its seed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { int, pick };
}

const VERSION_SHAPES = [
  (r: ReturnType<typeof random>) => `${r.int(30)}.${r.int(30)}.${r.int(30)}`,
  (r: ReturnType<typeof random>) => `v${r.int(10)}.${r.int(40)}.${r.int(9)}`,
  (r: ReturnType<typeof random>) => `${r.int(5)}.${r.int(9)}-alpine`,
  (r: ReturnType<typeof random>) => `release-${r.int(3)}.${r.int(20)}`,
];

/** A random file of annotations in several syntaxes, with unrelated lines (and lookalikes) between them. */
function annotationFile(seed: number): { content: string; count: number } {
  const r = random(seed);
  const lines: string[] = [];
  let count = 0;
  const n = 1 + r.int(6);
  for (let i = 0; i < n; i++) {
    const noise = r.int(3);
    for (let k = 0; k < noise; k++) lines.push(r.pick(['# just a comment', 'key: value', '  nested: 1.2.3', 'renovate: datasource=docker', '', 'x=1']));
    const name = r.pick(['nginx', 'ghcr.io/org/app', 'kubernetes/kubernetes', 'postgres', 'a/b-c']);
    const version = r.pick(VERSION_SHAPES)(r);
    const indent = r.pick(['', '  ', '    ']);
    const quote = r.pick(['', '"', "'"]);
    const pin = r.int(3) === 0 ? `@${digest(r.pick(['a', 'b', 'c']))}` : '';
    lines.push(`${indent}# renovate: datasource=${r.pick(['docker', 'github-tags', 'helm'])} depName=${name}`);
    lines.push(
      r.pick([`${indent}${'k'.repeat(1 + r.int(3))}_version: ${quote}${version}${pin}${quote}`, `${indent}EXPORT_${i}=${quote}${version}${pin}${quote}`]),
    );
    count++;
  }
  lines.push(r.pick(['', 'tail: true', '# end']));
  return { content: lines.join(r.pick(['\n', '\n'])), count };
}

describe('property: extract → apply an update → read back', () => {
  it('finds the new value at the same dep, and nothing else in the file changed (500 random files)', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const { content, count } = annotationFile(seed);
      const deps = read(ANNOTATIONS, content);
      expect(deps, `seed ${seed}`).toHaveLength(count);
      const r = random(seed * 7919);
      const index = r.int(deps.length);
      const dep: Dep = deps[index]!;
      const newValue = r.pick(VERSION_SHAPES)(r);
      const newDigest = dep.currentDigest ? digest(r.pick(['d', 'e', 'f'])) : undefined;
      const next = applyCustomUpdate(content, dep, { newValue, ...(newDigest ? { newDigest } : {}) });
      const again = read(ANNOTATIONS, next);
      expect(again, `seed ${seed}`).toHaveLength(count);
      expect([again[index]!.depName, again[index]!.currentValue, again[index]!.currentDigest], `seed ${seed}`).toEqual([
        dep.depName,
        newValue,
        newDigest ?? dep.currentDigest,
      ]);
      // Every other dep reads as before, and the text outside the edited ranges is byte-identical.
      for (const [i, other] of deps.entries())
        if (i !== index)
          expect([again[i]!.depName, again[i]!.currentValue, again[i]!.currentDigest]).toEqual([other.depName, other.currentValue, other.currentDigest]);
      const start = dep.location.value!.start;
      const end = (dep.location.digest ?? dep.location.value)!.end;
      const tail = content.length - end;
      expect(next.slice(0, start), `seed ${seed}`).toBe(content.slice(0, start));
      expect(next.slice(next.length - tail), `seed ${seed}`).toBe(content.slice(end));
    }
  });
});
