/**
 * Build a docker dep from an image reference written somewhere in a file: the shared step of every
 * manager that finds images (kubernetes, compose, values, workflows, …).
 */
import type { Dep, DepLocation, ManagerId } from '../deps/dep.js';
import { locateImageRef, type ImageRef } from '../images/image-ref.js';
import type { ExtractOptions, PackageFile } from './types.js';

export interface WrittenText {
  /** The text as it stands between `span.start` and `span.end` (the value, quotes excluded). */
  value: string;
  span: { start: number; end: number };
  /** False when the file's text differs from `value` (escapes, folded scalars): listed but not updated. */
  editable?: boolean;
  /** True when template actions stand in or beside the value; `written` then holds the full text. */
  templated?: boolean;
  written?: string;
}

/**
 * A dep for the image reference `text`, or null when nothing nameable is there (an empty value, or a
 * reference whose name is entirely a template). `extra` fields (depType, …) are copied onto the dep.
 */
export function imageDep(manager: ManagerId, file: PackageFile, text: WrittenText, options: ExtractOptions, extra: Partial<Dep> = {}): Dep | null {
  const source = text.templated ? (text.written ?? text.value) : text.value;
  if (source.trim() === '') return null;
  const { ref, parts } = locateImageRef(source, { registryAliases: options.registryAliases });
  if (ref.skipReason === 'templated' && /\{\{|\{%/.test(ref.depName)) return null;
  const dep: Dep = {
    manager,
    file: file.path,
    line: file.lineAt(text.span.start),
    datasource: 'docker',
    depName: ref.depName,
    packageName: ref.packageName,
    ...extra,
    location: {},
  };
  if (ref.tag !== undefined) dep.currentValue = ref.tag;
  if (ref.digest !== undefined) dep.currentDigest = ref.digest;
  if (ref.skipReason) {
    dep.skipReason = ref.skipReason;
    dep.skipDetail = ref.problem;
    return dep;
  }
  if (text.editable === false) {
    dep.skipReason = 'not-editable';
    dep.skipDetail = 'the reference is written with escapes or folding and cannot be edited in place';
    return dep;
  }
  dep.location = refLocation(text.span.start, parts);
  return dep;
}

/** Where tag and digest stand (or would go) for a reference whose text starts at `base`. */
export function refLocation(base: number, parts: { nameEnd: number; tag?: string; tagStart?: number; digest?: string; digestStart?: number }): DepLocation {
  const location: DepLocation = {};
  if (parts.tag !== undefined && parts.tagStart !== undefined) {
    location.value = { start: base + parts.tagStart, end: base + parts.tagStart + parts.tag.length };
  } else {
    location.valueInsert = { at: base + parts.nameEnd, before: ':' };
  }
  if (parts.digest !== undefined && parts.digestStart !== undefined) {
    location.digest = { start: base + parts.digestStart, end: base + parts.digestStart + parts.digest.length };
  } else {
    location.digestInsert = { at: location.value?.end ?? base + parts.nameEnd, before: '@' };
  }
  return location;
}

/**
 * A docker dep for an image whose name, tag and digest are written in separate places (Helm values
 * maps, kustomize `images`): the reference they make together, read as one, with no location yet — the
 * caller knows where each part stands. `anchor` is the offset the dep's line is taken from.
 */
export function composedImageDep(
  manager: ManagerId,
  file: PackageFile,
  options: ExtractOptions,
  parts: { name: string; tag?: string | undefined; digest?: string | undefined },
  anchor: number,
): { dep: Dep; ref: ImageRef } {
  const refText = `${parts.name}${parts.tag !== undefined ? `:${parts.tag}` : ''}${parts.digest !== undefined ? `@${parts.digest}` : ''}`;
  const { ref } = locateImageRef(refText, { registryAliases: options.registryAliases });
  const dep: Dep = {
    manager,
    file: file.path,
    line: file.lineAt(anchor),
    datasource: 'docker',
    depName: ref.depName,
    packageName: ref.packageName,
    versioning: 'docker',
    location: {},
  };
  if (ref.tag !== undefined) dep.currentValue = ref.tag;
  if (ref.digest !== undefined) dep.currentDigest = ref.digest;
  return { dep, ref };
}
