/**
 * Kustomize `images:` entries (`name`, `newName`, `newTag`, `digest`), shared by the kustomize manager
 * (kustomization.yaml) and Flux Kustomization `spec.images`. One dep per entry that sets something:
 *
 *   - `newTag` (may carry `@digest`): value span = the tag, digest span = the inline digest;
 *   - `digest`: digest span; the tag written in `newName` (or, for lookup only, in `name`) is the value;
 *   - `newTag` and `digest` together: kustomize renders `name:tag@digest` (its image transformer sets
 *     both when both are given), so this is a valid pinned dep — Renovate calls it invalid;
 *   - `newName` alone: the tag/digest written inside `newName` are edited in place.
 *
 * `name` is a selector for the images kustomize rewrites; it is never edited.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Dep, DepLocation, ExtractWarning, Insertion } from '../deps/dep.js';
import { splitImageRef } from '../images/image-ref.js';
import { composedImageDep, imageDep } from './image-dep.js';
import type { ValuesWalk } from './values-images.js';
import { mapGet, resolve, scalarText, seqItems, type ScalarText } from './yaml/nodes.js';

export interface KustomizeImagesWalk extends ValuesWalk {
  /** Copied onto every dep (the kustomization's kind). */
  depType?: string;
  /** Problems with entries (missing name, wrong types) are reported here when given. */
  warnings?: ExtractWarning[];
}

type Field = ScalarText | null | 'wrong-type';

/** Every `images[]` entry below `imagesNode`, appended to `walk.deps` in order. */
export function extractKustomizeImages(walk: KustomizeImagesWalk, imagesNode: Node | null): void {
  const images = resolve(imagesNode, walk.doc);
  if (images === null || (isScalar(images) && images.value === null)) return;
  if (!isSeq(images)) {
    warn(walk, images, 'images must be a list of {name, newName, newTag, digest}');
    return;
  }
  seqItems(images, walk.doc).forEach((item, index) => {
    const dep = entryDep(walk, item, index);
    if (dep) walk.deps.push(walk.depType !== undefined ? { ...dep, depType: walk.depType } : dep);
  });
}

function warn(walk: KustomizeImagesWalk, node: Node, message: string): void {
  const line = node.range ? walk.file.lineAt(node.range[0]) : undefined;
  walk.warnings?.push(line !== undefined ? { file: walk.file.path, line, message } : { file: walk.file.path, message });
}

/** A field read as written; null when absent, `null`/`~` or empty. */
function readField(walk: KustomizeImagesWalk, map: Node, key: string): Field {
  const node = mapGet(map, key, walk.doc);
  if (node === null) return null;
  if (!isScalar(node)) return 'wrong-type';
  const text = scalarText(node, walk.yaml);
  if (!text || (node.value === null && !text.templated) || (text.value === '' && !text.templated)) return null;
  return text;
}

function entryDep(walk: KustomizeImagesWalk, item: Node, index: number): Dep | null {
  if (!isMap(item)) {
    warn(walk, item, `images[${index}] must be a map with name and newName/newTag/digest`);
    return null;
  }
  const name = readField(walk, item, 'name');
  if (name === null || name === 'wrong-type') {
    warn(walk, item, `images[${index}] has no name, so kustomize changes no image with it`);
    return null;
  }
  const fields = { newName: readField(walk, item, 'newName'), newTag: readField(walk, item, 'newTag'), digest: readField(walk, item, 'digest') };
  const wrong = (Object.keys(fields) as Array<keyof typeof fields>).find((k) => fields[k] === 'wrong-type');
  const source = fields.newName !== 'wrong-type' && fields.newName ? fields.newName : name;
  if (wrong) return skipped(walk, source, name, 'invalid-value', `images[${index}].${wrong} must be a string`);
  const newName = fields.newName as ScalarText | null;
  const newTag = fields.newTag as ScalarText | null;
  const digest = fields.digest as ScalarText | null;

  if (!newTag && !digest) {
    if (!newName) return null; // only `name`: the entry changes nothing
    return newNameDep(walk, newName);
  }
  return tagDigestDep(walk, item, index, source, newName, newTag, digest);
}

function skipped(walk: KustomizeImagesWalk, source: ScalarText, anchor: ScalarText, reason: Dep['skipReason'], detail: string): Dep {
  const depName = splitImageRef(source.value).name;
  return {
    manager: walk.manager,
    file: walk.file.path,
    line: walk.file.lineAt(anchor.span.start),
    datasource: 'docker',
    depName,
    packageName: depName,
    skipReason: reason,
    skipDetail: detail,
    location: {},
  };
}

/** `newName` alone: a full reference whose own tag and digest are edited where they stand. */
function newNameDep(walk: KustomizeImagesWalk, newName: ScalarText): Dep | null {
  const dep = imageDep(walk.manager, walk.file, newName, walk.options);
  if (!dep) return null;
  // Nothing is inserted: kustomize keeps the matched image's own tag/digest after `newName`, so a tag
  // or digest added here would render as `name:new:old`.
  delete dep.location.valueInsert;
  delete dep.location.digestInsert;
  if (dep.currentDigest === undefined) dep.pinDigests = false;
  return dep;
}

function tagDigestDep(
  walk: KustomizeImagesWalk,
  map: YAMLMap,
  index: number,
  source: ScalarText,
  newName: ScalarText | null,
  newTag: ScalarText | null,
  digest: ScalarText | null,
): Dep | null {
  const anchor = newTag ?? digest!;
  const skip = (reason: Dep['skipReason'], detail: string) => skipped(walk, source, anchor, reason, `images[${index}]: ${detail}`);
  if (source.templated) return null; // the image cannot be named
  if (newTag?.templated || digest?.templated) return skip('templated', `templated ${newTag?.templated ? 'newTag' : 'digest'}`);
  const base = splitImageRef(source.value);
  if (digest && !digest.value.startsWith('sha256:')) return skip('invalid-value', `digest "${digest.value}" must start with "sha256:"`);
  if (newTag && newTag.value.startsWith('sha256:')) return skip('invalid-value', `newTag "${newTag.value}" is a digest; write it as digest:`);
  const tagParts = newTag ? splitImageRef(`x:${newTag.value}`) : undefined;
  if (tagParts?.digest !== undefined && digest) return skip('invalid-dependency-specification', 'newTag carries a digest and digest is set too');

  // The tag: newTag, else (digest only) the tag written in newName/name.
  const tag = tagParts ? tagParts.tag : base.tag;
  const { dep, ref } = composedImageDep(
    walk.manager,
    walk.file,
    walk.options,
    { name: base.name, tag, digest: digest?.value ?? tagParts?.digest },
    anchor.span.start,
  );
  if (ref.skipReason) return { ...dep, skipReason: ref.skipReason, ...(ref.problem ? { skipDetail: ref.problem } : {}) };
  if ([newName, newTag, digest].some((t) => t !== null && !t.editable)) {
    return { ...dep, skipReason: 'not-editable', skipDetail: `images[${index}] is written with escapes or folding and cannot be edited in place` };
  }
  dep.location = tagDigestLocation(walk, map, newName, newTag, tagParts, digest);
  if (!dep.location.digest && !dep.location.digestInsert) dep.pinDigests = false;
  return dep;
}

function tagDigestLocation(
  walk: KustomizeImagesWalk,
  map: YAMLMap,
  newName: ScalarText | null,
  newTag: ScalarText | null,
  tagParts: ReturnType<typeof splitImageRef> | undefined,
  digest: ScalarText | null,
): DepLocation {
  const location: DepLocation = {};
  if (newTag && tagParts?.tagStart !== undefined) {
    const start = newTag.span.start + tagParts.tagStart - 2; // `x:` was prepended to split it
    location.value = { start, end: start + tagParts.tag!.length };
    if (tagParts.digestStart !== undefined) location.digest = { start: newTag.span.start + tagParts.digestStart - 2, end: newTag.span.end };
  } else if (newName) {
    // Digest only: a tag written in newName is rendered (`newName:tag@digest`); one in `name` only selects.
    const parts = splitImageRef(newName.value);
    if (parts.tag !== undefined && parts.tagStart !== undefined) {
      location.value = { start: newName.span.start + parts.tagStart, end: newName.span.start + parts.tagStart + parts.tag.length };
    }
  }
  if (digest) location.digest = digest.span;
  else if (!location.digest && newTag) {
    const insert = digestFieldInsertion(walk, map, newTag);
    if (insert) location.digestInsert = insert;
  }
  return location;
}

/**
 * Where a digest goes when a newTag-only entry is pinned. kustomize renders both `newTag: 1.2@sha256:…`
 * and `newTag: 1.2` + `digest: sha256:…` as `name:1.2@sha256:…`; the separate `digest:` field is what
 * `kustomize edit set image name:1.2@sha256:…` writes and keeps `newTag` a plain tag, so Upkeep adds
 * that line (same indent as `newTag`, the file's line end). In a flow map (`{name: x, newTag: 1}`) a
 * line cannot be added, so the digest is appended to the tag instead.
 */
function digestFieldInsertion(walk: KustomizeImagesWalk, map: YAMLMap, newTag: ScalarText): Insertion | undefined {
  const content = walk.file.content;
  const existing = mapGet(map, 'digest', walk.doc);
  if (existing !== null) {
    // `digest: ""` is filled in; `digest:` / `digest: ~` cannot take a value without re-writing the key.
    const text = scalarText(existing, walk.yaml);
    return text && (text.quote === '"' || text.quote === "'") && text.value === '' ? { at: text.span.start, before: '' } : undefined;
  }
  if (map.flow) return { at: newTag.span.end, before: '@' };
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === 'newTag');
  const keyStart = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  if (keyStart === undefined) return undefined;
  const lineStart = content.lastIndexOf('\n', keyStart - 1) + 1;
  if (!/^[ -]*$/.test(content.slice(lineStart, keyStart))) return undefined;
  const indent = ' '.repeat(keyStart - lineStart);
  const newline = content.indexOf('\n', newTag.span.end);
  if (newline < 0) {
    const eol = content.includes('\r\n') ? '\r\n' : '\n';
    return { at: content.length, before: `${eol}${indent}digest: ` };
  }
  const eol = content[newline - 1] === '\r' ? '\r\n' : '\n';
  return { at: newline + 1, before: `${indent}digest: `, after: eol };
}
