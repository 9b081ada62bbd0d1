/**
 * parseYaml on files that are valid YAML once templated: template actions are blanked in place (line
 * structure and columns kept), and an alias key written `*app:` is read as Go's YAML parser reads it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlias, isMap, type Node } from 'yaml';
import { githubActionsManager } from '../../../src/managers/github-actions.js';
import { fluxManager } from '../../../src/managers/flux/index.js';
import { createPackageFile } from '../../../src/managers/package-file.js';
import { blankTemplates, parseYaml } from '../../../src/managers/yaml/parse.js';
import { mapPath, resolve as follow, scalarText, scalarValue } from '../../../src/managers/yaml/nodes.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/yaml-templates');
const fixture = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');

/** Line breaks, and where each line's first character stands. */
function lineShape(text: string): Array<[number, number]> {
  let offset = 0;
  return text.split('\n').map((line) => {
    const shape: [number, number] = [offset, line.length - line.trimStart().length];
    offset += line.length + 1;
    return shape;
  });
}

describe('blankTemplates', () => {
  it('keeps the length, every line break and the indentation of every line an action continues on', () => {
    const content = fixture('.github/workflows/manifests-diff.yaml');
    const { text, templates } = blankTemplates(content);
    expect(text).toHaveLength(content.length);
    expect(lineShape(text)).toEqual(lineShape(content));
    expect(text).not.toMatch(/\{\{|\}\}/);
    // Outside the actions nothing changed.
    let last = 0;
    for (const [start, end] of templates) {
      expect(text.slice(last, start)).toBe(content.slice(last, start));
      last = end;
    }
    expect(text.slice(last)).toBe(content.slice(last));
  });

  it('blanks an action inside a value with `_`, one alone on its line as a comment', () => {
    expect(blankTemplates('image: repo:{{ .Values.tag }}\n').text).toBe('image: repo:_________________\n');
    expect(blankTemplates('a: 1\n  {{- if .x }}\nb: 2\n').text).toBe('a: 1\n  #           \nb: 2\n');
    expect(blankTemplates('if: >-\n  ${{\n    a\n  }}\n').text).toBe('if: >-\n  $__\n    _\n  __\n');
  });
});

describe('parseYaml on templated files that are valid YAML', () => {
  const cases = [
    '.github/workflows/manifests-diff.yaml',
    'kubernetes/apps/observability/alerting/helmrelease.yaml',
    'kubernetes/apps/storage/ceph/helmrelease.yaml',
    '.taskfiles/backup/Taskfile.yaml',
  ];
  for (const path of cases) {
    it(`reads ${path} without a warning`, () => {
      const yaml = parseYaml(fixture(path), path);
      expect(yaml.warning).toBeUndefined();
      expect(yaml.docs).toHaveLength(1);
    });
  }

  it('a workflow with ${{ }} over several lines: every job and step after it is read', () => {
    const path = '.github/workflows/manifests-diff.yaml';
    const { deps, warnings } = githubActionsManager.extractFile(createPackageFile(path, fixture(path)), {});
    expect(warnings).toEqual([]);
    expect(deps.filter((d) => d.depType === 'action').map((d) => [d.depName, d.line])).toEqual([
      ['actions/checkout', 25],
      ['actions/github-script', 58],
    ]);
    expect(deps.find((d) => d.depName === 'ghcr.io/allenporter/flux-local')?.currentValue).toBe('v7.5.6');
  });

  it('Helm values with actions wrapped inside plain and quoted scalars: the images after them are found', () => {
    for (const [path, depName, line] of [
      ['kubernetes/apps/observability/alerting/helmrelease.yaml', 'quay.io/prometheus/prometheus', 35],
      ['kubernetes/apps/storage/ceph/helmrelease.yaml', 'quay.io/ceph/ceph', 26],
    ] as const) {
      const { deps, warnings } = fluxManager.extractFile(createPackageFile(path, fixture(path)), {});
      expect(warnings, path).toEqual([]);
      expect(deps.filter((d) => d.depName === depName).map((d) => d.line)).toEqual([line]);
    }
  });

  it('a templated scalar wrapped over two lines keeps its place: the keys after it are read', () => {
    const path = 'kubernetes/apps/storage/ceph/helmrelease.yaml';
    const yaml = parseYaml(fixture(path), path);
    const { root, doc } = yaml.docs[0]!;
    const pool = mapPath(root, ['spec', 'values', 'cephBlockPools'], doc) as Node & { items: Node[] };
    const params = mapPath(pool.items[0], ['storageClass', 'parameters'], doc);
    const wrapped = scalarText(mapPath(params, ['csi.storage.k8s.io/provisioner-secret-namespace'], doc), yaml);
    expect(wrapped?.templated).toBe(true);
    expect(wrapped?.written).toBe('{{ .Release.Namespace\n              }}');
    expect(scalarValue(mapPath(params, ['csi.storage.k8s.io/fstype'], doc), yaml)).toBe('ext4');
  });
});

describe('parseYaml: an alias key written `*name:`', () => {
  const release = (key: string) =>
    [
      'metadata:',
      '  name: &app paperless',
      'values:',
      '  controllers:',
      `    ${key}`,
      '      containers:',
      '        app:',
      '          image: { repository: ghcr.io/paperless-ngx/paperless-ngx, tag: 2.16.3 }',
      '  service:',
      '    app: { controller: *app, ports: { http: { port: 8000 } } }',
      '  persistence:',
      '    data: { existingClaim: *app }',
      '',
    ].join('\n');

  function controllersKey(content: string) {
    const yaml = parseYaml(content, 'helmrelease.yaml');
    expect(yaml.warning).toBeUndefined();
    const { root, doc } = yaml.docs[0]!;
    const controllers = mapPath(root, ['values', 'controllers'], doc);
    expect(isMap(controllers)).toBe(true);
    const pair = (controllers as unknown as { items: Array<{ key: unknown }> }).items[0]!;
    return { key: pair.key, doc, content };
  }

  it('reads `*app:` as the alias app, like `*app :`, with the same text and offsets', () => {
    for (const written of ['*app:', '*app :']) {
      const { key, doc, content } = controllersKey(release(written));
      expect(isAlias(key), written).toBe(true);
      const alias = key as Node;
      expect(content.slice(alias.range![0], alias.range![1])).toBe('*app');
      expect(scalarValue(follow(alias, doc), parseYaml(content, 'x.yaml'))).toBe('paperless');
    }
  });

  it('reads `*app:` in a flow map and before a value on the same line', () => {
    const content = 'a: &app x\nb: { *app: 1, c: *app }\nc:\n  *app: 2\n';
    const yaml = parseYaml(content, 'x.yaml');
    expect(yaml.warning).toBeUndefined();
    expect(yaml.docs[0]!.doc.toJS()).toEqual({ a: 'x', b: { x: 1, c: 'x' }, c: { x: 2 } });
  });

  it('leaves an alias alone when the file defines an anchor whose name ends in a colon', () => {
    const content = 'a: &app: x\nb: *app:\n';
    const yaml = parseYaml(content, 'x.yaml');
    expect(yaml.warning).toBeUndefined();
    expect(yaml.docs[0]!.doc.toJS()).toEqual({ a: 'x', b: 'x' });
  });

  it('still reports YAML that is broken for any reader', () => {
    const yaml = parseYaml('a: &app x\nb:\n  *app: 1\n   c: 2\n', 'x.yaml');
    expect(yaml.warning?.message).toMatch(/not valid YAML/);
  });
});
