/**
 * Image references in Helm values, shared by the helm-values manager and Flux HelmRelease `spec.values`.
 *
 * Under any key ending in `image` (`image`, `initImage`, `coreImage`, …):
 *   - a string: a whole reference (`image: nginx:1.25.5@sha256:…`);
 *   - a map `{ repository, tag }`, `{ registry, repository, tag }`, `{ repository, tag, digest }`,
 *     `{ repository, version }`, `{ name, tag }` or `{ registry, image, tag }` (ingress-nginx): one dep whose tag and digest keys are written
 *     together (a digest key with no tag is still a dep).
 * Everything else is searched recursively.
 *
 * A string of the values may hold more of the pod: a runner's job pod spec (`podspec.yaml: |` in a
 * Forgejo runner's config map), `extraInitContainers: |` that the chart renders with `tpl`. Its
 * `image: <reference>` lines are deps too (yaml/block-image-lines.ts), as Renovate's kubernetes manager
 * reads them. Text outside Helm values (a ConfigMap's config file) is not read this way: there an
 * `image:` line is a setting of some other program.
 */
import { isScalar, type Node } from 'yaml';
import type { Dep, DepLocation, Insertion, ManagerId } from '../deps/dep.js';
import { splitImageRef } from '../images/image-ref.js';
import { composedImageDep, imageDep } from './image-dep.js';
import { blockImageLines } from './yaml/block-image-lines.js';
import { mapEntries, mapGet, scalarText, seqItems, type ScalarText } from './yaml/nodes.js';
import type { YamlWalk } from './yaml/walk.js';

const IMAGE_KEY = /image$/i;
const MAX_DEPTH = 64;

export interface ValuesWalk extends YamlWalk {
  manager: ManagerId;
}

/** Every image reference below `node` (the values), appended to `walk.deps`: keys first, then lines of strings. */
export function extractValuesImages(walk: ValuesWalk, node: Node | null): void {
  extractKeyedImages(walk, node, 0);
  for (const text of blockImageLines(node, walk.yaml)) {
    const dep = imageDep(walk.manager, walk.file, text, walk.options);
    // `image: {` in embedded JSON, `image: https://…/logo.png`: another setting called image.
    if (dep && dep.skipReason !== 'invalid-ref') walk.deps.push(dep);
  }
}

/** The images under keys ending in `image`, in document order. */
function extractKeyedImages(walk: ValuesWalk, node: Node | null, depth: number): void {
  if (node === null || depth > MAX_DEPTH) return;
  for (const [key, value] of mapEntries(node, walk.doc)) {
    if (IMAGE_KEY.test(key) && value !== null) {
      const text = scalarText(value, walk.yaml);
      if (text) {
        // `pullImage: true`, `image: ~`: a flag or a null is not a reference.
        const dep = typed(value, text, false) ? imageDep(walk.manager, walk.file, text, walk.options) : null;
        if (dep) walk.deps.push(dep);
        continue;
      }
      const dep = imageMapDep(walk, value);
      if (dep) {
        walk.deps.push(dep);
        continue;
      }
    }
    extractKeyedImages(walk, value, depth + 1);
  }
  for (const item of seqItems(node, walk.doc)) extractKeyedImages(walk, item, depth + 1);
}

function nonEmpty(text: ScalarText | null): ScalarText | null {
  return text && text.value.trim() !== '' ? text : null;
}

/**
 * Whether a scalar holds text: a string, or (for tags, which are read as written) a number. Booleans
 * and nulls (`repository: ~`, `tag: true`) are never part of a reference. Templated scalars are blanked
 * before parsing, so their YAML type says nothing.
 */
function typed(node: Node | null, text: ScalarText, numberAllowed: boolean): boolean {
  if (text.templated) return true;
  if (!isScalar(node)) return false;
  return typeof node.value === 'string' || (numberAllowed && typeof node.value === 'number');
}

/**
 * Where a digest goes when the map has an empty digest key: inside `digest: ""`, or after a bare
 * `digest:` (an empty plain scalar right after the colon). A null written out (`digest: ~`) is left alone.
 */
function emptyDigestSlot(node: Node | null, text: ScalarText | null): Insertion | undefined {
  if (text) return text.value === '' && text.quote !== '' && text.editable && !text.templated ? { at: text.span.start, before: '' } : undefined;
  if (!isScalar(node) || node.value !== null || !node.range || node.range[0] !== node.range[1]) return undefined;
  return { at: node.range[0], before: ' ' };
}

/** A dep for `{ [registry], repository|name, tag|version, [digest] }`, or null when the map is not that shape. */
export function imageMapDep(walk: ValuesWalk, map: Node): Dep | null {
  const read = (key: string, numberAllowed = false) => {
    const node = mapGet(map, key, walk.doc);
    const text = nonEmpty(scalarText(node, walk.yaml));
    return text && typed(node, text, numberAllowed) ? text : null;
  };
  // ingress-nginx names it `image`: `{ registry, image, tag, digest }`.
  const repository = read('repository') ?? read('name') ?? read('image');
  if (!repository) return null;
  const registry = read('registry');
  const tag = read('tag', true) ?? read('version', true);
  const digestNode = mapGet(map, 'digest', walk.doc);
  const digestText = scalarText(digestNode, walk.yaml);
  const digest = digestText && typed(digestNode, digestText, false) ? nonEmpty(digestText) : null;
  if (!tag && !digest) return null;
  // A name written with a template is not nameable (as for `image: "{{ .Values.registry }}/app:1"`).
  if (registry?.templated || repository.templated) return null;

  // The tag value may itself carry a digest (`tag: 1.2.3@sha256:…`).
  const tagParts = tag && !tag.templated ? splitTagDigest(tag.value) : undefined;
  const name = registry ? `${registry.value.replace(/\/+$/, '')}/${repository.value}` : repository.value;
  const currentDigest = digest && !digest.templated ? digest.value : tagParts?.digest;
  const anchor = tag ?? digest!;
  const { dep, ref } = composedImageDep(walk.manager, walk.file, walk.options, { name, tag: tagParts?.tag, digest: currentDigest }, anchor.span.start);

  const templated = [tag, digest].find((p) => p?.templated);
  if (templated) {
    // Template actions are blanked for parsing: name them as written.
    dep.skipReason = 'templated';
    dep.skipDetail = `templated image value "${templated.written.trim()}" at line ${walk.file.lineAt(templated.span.start)}`;
    return dep;
  }
  if (ref.skipReason) {
    dep.skipReason = ref.skipReason;
    if (ref.problem) dep.skipDetail = ref.problem;
    return dep;
  }
  if ([registry, repository, tag, digest].some((p) => p !== null && !p.editable)) {
    dep.skipReason = 'not-editable';
    dep.skipDetail = 'the image values are written with escapes or folding and cannot be edited in place';
    return dep;
  }
  dep.location = valuesLocation(tag, tagParts, digest, emptyDigestSlot(digestNode, digestText));
  return dep;
}

function splitTagDigest(value: string): { tag?: string; digest?: string; tagEnd: number; digestStart?: number } {
  const at = value.indexOf('@');
  if (at < 0) return { tag: value, tagEnd: value.length };
  const parts = splitImageRef(`x:${value}`);
  return { tag: parts.tag, digest: parts.digest, tagEnd: at, digestStart: at + 1 };
}

function valuesLocation(
  tag: ScalarText | null,
  tagParts: ReturnType<typeof splitTagDigest> | undefined,
  digest: ScalarText | null,
  digestSlot: Insertion | undefined,
): DepLocation {
  const location: DepLocation = {};
  if (tag && tagParts) {
    location.value = { start: tag.span.start, end: tag.span.start + tagParts.tagEnd };
  }
  if (digest) {
    location.digest = digest.span;
  } else if (tag && tagParts?.digestStart !== undefined) {
    location.digest = { start: tag.span.start + tagParts.digestStart, end: tag.span.end };
  } else if (digestSlot) {
    // `digest: ""` is where the chart wants a digest: fill it in.
    location.digestInsert = digestSlot;
  } else if (tag && tagParts) {
    location.digestInsert = { at: tag.span.start + tagParts.tagEnd, before: '@' };
  }
  return location;
}
