/** Reading maps whose keys are aliases (`*app :`), as the app-template charts are written. */
import { describe, expect, it } from 'vitest';
import { isAlias } from 'yaml';
import { mapEntries, mapGet, mapPath, scalarValue } from '../../../src/managers/yaml/nodes.js';
import { parseYaml } from '../../../src/managers/yaml/parse.js';

const parse = (content: string) => {
  const yaml = parseYaml(content, 'x.yaml');
  expect(yaml.warning).toBeUndefined();
  return { yaml, ...yaml.docs[0]! };
};

describe('alias keys', () => {
  const content = ['name: &app radarr', 'controllers:', '  *app :', '    replicas: 2', '  worker:', '    replicas: 1', ''].join('\n');

  it('mapEntries names an alias key by the scalar it stands for, and gives the alias as the key node', () => {
    const { yaml, root, doc } = parse(content);
    const entries = mapEntries(mapGet(root, 'controllers', doc), doc);
    expect(entries.map(([key, value]) => [key, scalarValue(mapGet(value, 'replicas', doc), yaml)])).toEqual([
      ['radarr', '2'],
      ['worker', '1'],
    ]);
    expect(isAlias(entries[0]![2])).toBe(true);
  });

  it('mapGet and mapPath find a value by the alias key’s text', () => {
    const { yaml, root, doc } = parse(content);
    expect(scalarValue(mapPath(root, ['controllers', 'radarr', 'replicas'], doc), yaml)).toBe('2');
  });

  it('an alias key whose anchor is not a scalar is not a named entry', () => {
    const { root, doc } = parse('base: &base { a: 1 }\nm:\n  *base : x\n  b: y\n');
    expect(mapEntries(mapGet(root, 'm', doc), doc).map(([key]) => key)).toEqual(['b']);
  });

  it('reading many alias keys does not count against the alias budget (keys are never walked into)', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `  *k${i % 3} : ${i}`);
    const { root, doc } = parse(['a: &k0 x', 'b: &k1 y', 'c: &k2 z', 'm:', ...keys, ''].join('\n'));
    const map = mapGet(root, 'm', doc);
    for (let i = 0; i < 5; i++) expect(mapGet(map, 'missing', doc)).toBeNull();
    expect(mapEntries(map, doc)).toHaveLength(3000);
  });
});
