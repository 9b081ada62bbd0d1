/** Which lines inside block scalars are read as image references, and where their ranges stand. */
import { describe, expect, it } from 'vitest';
import { blockImageLines } from '../../../src/managers/yaml/block-image-lines.js';
import { parseYaml } from '../../../src/managers/yaml/parse.js';

function found(content: string): string[] {
  const yaml = parseYaml(content, 'x.yaml');
  expect(yaml.warning).toBeUndefined();
  return yaml.docs
    .flatMap(({ root }) => blockImageLines(root, yaml))
    .map((t) => {
      expect(content.slice(t.span.start, t.span.end)).toBe(t.value);
      return t.value;
    });
}

describe('blockImageLines', () => {
  it('reads `image:` lines of literal and folded scalars: plain, quoted, list items, trailing comments, CRLF', () => {
    const block = [
      'a: |',
      '  image: nginx:1.27',
      '  - image: "ghcr.io/x/y:1.0" # pinned',
      "  -   image:   'quay.io/z:2'",
      'b: >-',
      '  image: busybox:1.37',
      '',
    ];
    expect(found(block.join('\n'))).toEqual(['nginx:1.27', 'ghcr.io/x/y:1.0', 'quay.io/z:2', 'busybox:1.37']);
    expect(found(block.join('\r\n'))).toEqual(['nginx:1.27', 'ghcr.io/x/y:1.0', 'quay.io/z:2', 'busybox:1.37']);
  });

  it('skips lines holding anything else: prose, templates, JSON keys, mismatched quotes, plain strings', () => {
    const content = [
      'a: |',
      '  image: the picture on the left',
      '  image: ghcr.io/x/y:{{ .Values.tag }}',
      '  image: ghcr.io/x/y:${{ inputs.tag }}',
      '  "image": "nginx:1.27"',
      '  image: "nginx:1.27\'',
      '  image: nginx:1.27#not-a-comment',
      '  myimage: nginx:1.27',
      'image: nginx:1.27',
      'c: "image: nginx:1.27"',
      '',
    ].join('\n');
    expect(found(content)).toEqual([]);
  });

  it('reads a block scalar reached through an alias once', () => {
    expect(found('a: &s |\n  image: nginx:1.27\nb: *s\n')).toEqual(['nginx:1.27']);
  });
});
