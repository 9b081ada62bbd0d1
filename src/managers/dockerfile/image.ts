/**
 * A docker dep from an image reference in a Dockerfile, after ARG expansion. The tag and digest are
 * edited where they are written: in the FROM line, or in the ARG default they came from. A version
 * from an ARG with literal text around it (`FROM node:${NODE}-alpine`) is edited in the ARG, the text
 * around it kept (`valueAffix`). When the number itself is put together from several places
 * (`${MAJOR}.${MINOR}`), no single range holds it, and the dep is listed as `not-editable`.
 */
import type { Dep, DepLocation, Span } from '../../deps/dep.js';
import { locateImageRef } from '../../images/image-ref.js';
import type { ExtractOptions, PackageFile } from '../types.js';
import type { Expansion } from './expand.js';

/** The file range of `exp[from, to)` when those characters stand side by side in the file. */
function fileSpan(exp: Expansion, from: number, to: number): Span | undefined {
  if (to <= from) return undefined;
  const start = exp.offsets[from]!;
  for (let k = from + 1; k < to; k++) if (exp.offsets[k] !== start + (k - from)) return undefined;
  return { start, end: start + (to - from) };
}

/**
 * For a tag put together from a version in one place and literal text around it
 * (`FROM node:${NODE_VERSION}-alpine`, `FROM app:v${VERSION}`): the span of the run of characters
 * holding the version's first digit, and the text before and after it. Refused when the text around
 * continues the number (`${MAJOR}.${MINOR}`): then no single place holds the version.
 */
function affixedSpan(exp: Expansion, tagStart: number, tag: string): { span: Span; affix: { prefix: string; suffix: string } } | undefined {
  const digit = tag.search(/\d/);
  if (digit < 0) return undefined;
  let from = digit;
  while (from > 0 && exp.offsets[tagStart + from - 1] === exp.offsets[tagStart + from]! - 1) from--;
  let to = digit + 1;
  while (to < tag.length && exp.offsets[tagStart + to] === exp.offsets[tagStart + to - 1]! + 1) to++;
  const prefix = tag.slice(0, from);
  const suffix = tag.slice(to);
  if (/\d$/.test(prefix) || /^\.?\d/.test(suffix)) return undefined;
  const span = fileSpan(exp, tagStart + from, tagStart + to);
  return span && { span, affix: { prefix, suffix } };
}

function locate(exp: Expansion, parts: ReturnType<typeof locateImageRef>['parts']): DepLocation | string {
  const location: DepLocation = {};
  if (parts.tag !== undefined && parts.tagStart !== undefined) {
    const whole = fileSpan(exp, parts.tagStart, parts.tagStart + parts.tag.length);
    if (whole) location.value = whole;
    else {
      const affixed = affixedSpan(exp, parts.tagStart, parts.tag);
      if (!affixed) return `the tag "${parts.tag}" is put together from several places (ARG values and the line using them)`;
      location.value = affixed.span;
      location.valueAffix = affixed.affix;
    }
  } else if (parts.nameEnd > 0) {
    // A tag goes right after the last character of the name, wherever that one is written.
    location.valueInsert = { at: exp.offsets[parts.nameEnd - 1]! + 1, before: ':' };
  }
  if (parts.digest !== undefined && parts.digestStart !== undefined) {
    const span = fileSpan(exp, parts.digestStart, parts.digestStart + parts.digest.length);
    if (!span) return `the digest is put together from several places (ARG values and the line using them)`;
    location.digest = span;
  } else {
    const at = location.value?.end ?? location.valueInsert?.at;
    if (at !== undefined) location.digestInsert = { at, before: '@' };
  }
  return location;
}

/**
 * The dep for `exp`, the expanded text of an image reference. `line` is used when no character of the
 * reference comes from the file (an empty expansion).
 */
export function dockerfileImageDep(file: PackageFile, exp: Expansion, options: ExtractOptions, line: number, depType?: string): Dep {
  const { ref, parts } = locateImageRef(exp.text, { registryAliases: options.registryAliases });
  const at = exp.offsets[parts.tagStart ?? parts.nameStart];
  const dep: Dep = {
    manager: 'dockerfile',
    file: file.path,
    line: at !== undefined ? file.lineAt(at) : line,
    datasource: 'docker',
    depName: ref.depName,
    packageName: ref.packageName,
    location: {},
  };
  if (depType) dep.depType = depType;
  if (ref.tag !== undefined) dep.currentValue = ref.tag;
  if (ref.digest !== undefined) dep.currentDigest = ref.digest;
  if (ref.skipReason) {
    dep.skipReason = ref.skipReason;
    dep.skipDetail = ref.problem;
    return dep;
  }
  const location = locate(exp, parts);
  if (typeof location === 'string') {
    dep.skipReason = 'not-editable';
    dep.skipDetail = `${ref.depName}: ${location}; edit it by hand`;
    return dep;
  }
  dep.location = location;
  return dep;
}
