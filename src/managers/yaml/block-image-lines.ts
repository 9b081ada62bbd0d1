/**
 * `image: <reference>` lines written inside block scalars (`|`, `>`), such as a runner's job pod spec
 * kept as a string in Helm values (`podspec.yaml: |`). Renovate's kubernetes manager reads every line of
 * a manifest file this way, so it finds these; a YAML walk sees one string. The line is read as Renovate
 * reads it (an optional `- `, `image:`, the reference, optionally quoted), but only a line that holds
 * nothing else (a trailing comment aside) and no template action counts, so prose and templates are not
 * taken for references. Which strings are read is the caller's choice (values-images.ts: Helm values).
 *
 * Lines inside a block scalar stand in the file exactly as they read, so the reference's range is where
 * it is written and can be edited in place.
 */
import { isScalar, Scalar, visit, type Node } from 'yaml';
import type { WrittenText } from '../image-dep.js';
import type { YamlFile } from './parse.js';

const IMAGE_LINE = /^([ \t]*(?:-[ \t]+)?image:[ \t]*)(["']?)([^\s"'#]+)\2[ \t]*(?:[ \t]#.*)?$/;
/** A field of a CEL object literal (`image: "repo:tag",` in a MutatingAdmissionPolicy's JSONPatch): always quoted. */
const CEL_IMAGE_LINE = /^([ \t]*image:[ \t]*)(")([^\s"'#]+)"[ \t]*,?[ \t]*$/;
const TEMPLATE = /\{\{|\{%|\$\{\{/;

/**
 * The references on `image:` lines inside the block scalars below `root`, in document order. `cel`: the
 * strings are CEL expressions, whose object fields read `image: "repo:tag",`.
 */
export function blockImageLines(root: Node | null, file: YamlFile, cel = false): WrittenText[] {
  const found: WrittenText[] = [];
  if (root === null) return found;
  visit(root, {
    Scalar(_key, node) {
      if (isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && node.range) {
        found.push(...imageLines(file.content, node.range[0], node.range[1], cel ? CEL_IMAGE_LINE : IMAGE_LINE));
      }
    },
  });
  return found;
}

function imageLines(content: string, start: number, end: number, pattern: RegExp): WrittenText[] {
  const found: WrittenText[] = [];
  // The first line holds the header (`|-`, `>2`); the scalar's text starts on the next one.
  let lineStart = content.indexOf('\n', start) + 1;
  while (lineStart > 0 && lineStart < end) {
    const nl = content.indexOf('\n', lineStart);
    const lineEnd = nl < 0 || nl > end ? end : nl;
    const line = content.slice(lineStart, lineEnd).replace(/\r$/, '');
    const [, before = '', quote = '', value = ''] = pattern.exec(line) ?? [];
    if (value !== '' && !TEMPLATE.test(line)) {
      const at = lineStart + before.length + quote.length;
      found.push({ value, span: { start: at, end: at + value.length }, editable: true });
    }
    lineStart = nl < 0 ? -1 : nl + 1;
  }
  return found;
}
