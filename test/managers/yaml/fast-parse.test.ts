/**
 * The fast parser must build exactly what the `yaml` library builds (values, ranges, anchors, aliases)
 * for every input it accepts, and give up on inputs it does not read. Checked on every YAML file of
 * the fixtures and conformance cases, and on edge cases written here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Node } from 'yaml';
import { fastParseDocuments } from '../../../src/managers/yaml/fast-parse.js';
import { blankTemplates } from '../../../src/managers/yaml/parse.js';

/** A comparable picture of a node: values, ranges (start and value end), anchors, flow style. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return { alias: node.source };
  const n = node as Node;
  const anchor = n.anchor ? { anchor: n.anchor } : {};
  if (isScalar(n)) {
    const approximate = n.type === Scalar.BLOCK_FOLDED || n.type === Scalar.BLOCK_LITERAL;
    const empty = n.value === null && n.range![0] === n.range![1];
    return {
      ...anchor,
      type: n.type,
      value: approximate ? '(block)' : n.value,
      range: empty ? 'empty' : [n.range![0], approximate ? 'block' : n.range![1]],
    };
  }
  if (isMap(n)) return { ...anchor, flow: !!n.flow, map: n.items.map((p) => [shape(p.key), shape(p.value)]) };
  if (isSeq(n)) return { ...anchor, flow: !!n.flow, seq: n.items.map((i) => shape(i)) };
  return { unknown: String(n) };
}

function reference(text: string): { ok: boolean; docs: unknown[] } {
  const parsed = parseAllDocuments(text, { uniqueKeys: false, strict: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  return { ok: docs.every((d) => d.errors.length === 0), docs: docs.map((d) => shape(d.contents)).filter((d) => d !== null) };
}

function compare(text: string, label: string): 'fast' | 'fallback' {
  const fast = fastParseDocuments(text);
  if (fast === null) return 'fallback';
  const ref = reference(text);
  expect(ref.ok, `${label}: fast parser accepted YAML that the yaml library rejects`).toBe(true);
  expect(
    fast.map(shape).filter((d) => d !== null),
    label,
  ).toEqual(ref.docs);
  return 'fast';
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

describe('fastParseDocuments', () => {
  it('agrees with the yaml library on every fixture and conformance file it reads', () => {
    const files = [
      // The fixtures include the Renovate conformance cases (test/fixtures/conformance).
      ...yamlFiles(resolve(import.meta.dirname, '../../fixtures')),
    ];
    expect(files.length).toBeGreaterThan(60);
    let fast = 0;
    for (const file of files) {
      const { text } = blankTemplates(readFileSync(file, 'utf8'));
      if (compare(text, file) === 'fast') fast++;
    }
    // Nearly every real-looking file is read by the fast path; the rest fall back.
    expect(fast / files.length).toBeGreaterThan(0.85);
  });

  const accepted: Record<string, string> = {
    'block map and sequences at the same indent': 'a:\n- x\n- y\nb: 1\n',
    'compact maps in a sequence': 'items:\n  - name: a\n    image: nginx:1.10 # c\n  - name: b\n    env:\n    - {name: X, value: "1"}\n',
    'numbers, booleans and nulls as YAML types': 'a: 1.10\nb: 010\nc: true\nd: ~\ne:\nf: null\ng: -1e3\nh: 0.\n',
    'quoted scalars with escapes': `a: "x\\ty\\u00e9\\"" # c\nb: 'it''s'\n"q k": v\n`,
    'flow collections': 'a: {b: [1, "two", {c: d}], e: }\nf: []\ng: {}\nh: [a, b,]\n',
    'anchors, aliases and merge keys': 'x: &base\n  image: nginx:1\ny:\n  <<: *base\n  z: &s scalar\nw: *s\n',
    'documents, markers and comments': '# head\n---\na: 1\n--- # second\nb: 2\n...\n---\nc: 3\n',
    'CRLF and a byte-order mark': '\uFEFFa: 1\r\nb:\r\n  - x # c\r\n',
    'block scalars': 'a: |\n  line1\n  # not a comment\n\n  line3\nb: >-\n  folded\n  text\nc: |2\n    indented\nd: 1\n',
    'keys with dots, slashes and colons in values': 'app.kubernetes.io/name: x\nurl: https://example.com:8443/a\nimage: ghcr.io/a/b:1.0@sha256:abc\n',
    'indented root': '  a: 1\n  b:\n    c: 2\n',
    'explicit empty documents': '---\n---\na: 1\n---\n',
    'templates blanked to underscores': 'a: ghcr.io/x:___________\nb: ____\n',
  };
  for (const [name, text] of Object.entries(accepted)) {
    it(`reads ${name} exactly like the yaml library`, () => {
      expect(compare(text, name)).toBe('fast');
    });
  }

  const refused: Record<string, string> = {
    'multi-line plain scalars': 'a: one\n  two\n',
    'multi-line quoted scalars': 'a: "one\n  two"\n',
    'multi-line flow collections': 'a: [1,\n  2]\n',
    tags: 'a: !!str 1\n',
    directives: '%YAML 1.2\n---\na: 1\n',
    'complex keys': '? a\n: b\n',
    'nested compact mappings': 'a: b: c\n',
    'tab indentation': 'a:\n\tb: 1\n',
    'bad indentation': 'a:\n  b: 1\n c: 2\n',
    'unknown aliases': 'a: *nope\n',
    'unclosed quotes': 'a: "x\n',
    'text after a quoted scalar': 'a: "x" y\n',
  };
  for (const [name, text] of Object.entries(refused)) {
    it(`leaves ${name} to the yaml library`, () => {
      expect(fastParseDocuments(text)).toBeNull();
    });
  }
});
