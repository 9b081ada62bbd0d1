/**
 * OCIRepository `spec.url` (`oci://host/path`) with `spec.ref.{tag,semver,digest}`: one docker dep.
 *
 *   tag            value = the tag; pinning a digest adds a `digest:` line under `ref:`
 *   tag + digest   value and digest, each where it is written
 *   digest         digest only
 *   semver         value = the range (`versioning: helm`: npm-style ranges); Flux picks the tag, nothing is pinned
 *   none           listed as `unversioned-reference`
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { Dep, DepLocation, Insertion } from '../../deps/dep.js';
import { locateImageRef, splitImageRef } from '../../images/image-ref.js';
import { mapEntries, mapGet, scalarText, type ScalarText } from '../yaml/nodes.js';
import { skip, textProblem, warn, type FluxWalk, type Resource } from './common.js';

function nonEmpty(text: ScalarText | null): ScalarText | null {
  return text && text.value.trim() !== '' ? text : null;
}

export function extractOciRepository(w: FluxWalk, res: Resource): void {
  const spec = mapGet(res.root, 'spec', w.doc);
  const urlNode = mapGet(spec, 'url', w.doc);
  const url = nonEmpty(scalarText(urlNode, w.yaml));
  if (!url) {
    warn(w, urlNode ?? spec ?? res.root, `${res.label}: spec.url is ${urlNode ? 'not a URL' : 'missing'}`);
    return;
  }
  const ref = mapGet(spec, 'ref', w.doc);
  const tagNode = mapGet(ref, 'tag', w.doc);
  const tag = nonEmpty(scalarText(tagNode, w.yaml));
  const semver = nonEmpty(scalarText(mapGet(ref, 'semver', w.doc), w.yaml));
  const digest = nonEmpty(scalarText(mapGet(ref, 'digest', w.doc), w.yaml));
  // A tag may carry its digest (`tag: v1.8.2@sha256:…`).
  const tagParts = tag && !semver ? splitImageRef(`x:${tag.value}`) : undefined;
  const value = semver?.value ?? tagParts?.tag;
  const digestValue = digest?.value ?? tagParts?.digest;

  const name = url.value.replace(/^oci:\/\//, '').replace(/\/+$/, '');
  // The range is not a tag: validate the name and digest only.
  const refText = `${name}${!semver && value !== undefined ? `:${value}` : ''}${digestValue !== undefined ? `@${digestValue}` : ''}`;
  const parsed = locateImageRef(refText, { registryAliases: w.options.registryAliases }).ref;
  const dep: Dep = {
    manager: 'flux',
    file: w.file.path,
    line: w.file.lineAt((semver ?? tag ?? digest ?? url).span.start),
    datasource: 'docker',
    depName: parsed.depName,
    packageName: parsed.packageName,
    location: {},
  };
  if (semver) {
    dep.versioning = 'helm'; // npm-style ranges, as Flux reads them
    if (!semver.templated) dep.currentValue = semver.value;
  } else if (parsed.tag !== undefined) dep.currentValue = parsed.tag;
  if (parsed.digest !== undefined) dep.currentDigest = parsed.digest;
  w.deps.push(dep);

  // The URL is never edited, so only a variable or template in it matters; the ref must be editable.
  const urlProblem = textProblem(url, 'spec.url');
  const problem =
    (urlProblem?.reason === 'not-editable' ? undefined : urlProblem) ??
    [semver, tag, digest].map((t) => (t ? textProblem(t, 'spec.ref') : undefined)).find((p) => p !== undefined);
  if (problem) {
    skip(dep, problem);
    return;
  }
  if (!url.value.startsWith('oci://')) {
    skip(dep, { reason: 'invalid-url', detail: `spec.url "${url.value}" is not an oci:// URL` });
    return;
  }
  if (parsed.skipReason) {
    skip(dep, { reason: parsed.skipReason, detail: parsed.problem ?? `invalid reference "${refText}"` });
    return;
  }
  if (value === undefined && digestValue === undefined) {
    skip(dep, { reason: 'unversioned-reference', detail: 'spec.ref has no tag, semver or digest (Flux follows latest)' });
    return;
  }
  const location: DepLocation = {};
  if (semver) location.value = semver.span;
  else if (tag && tagParts?.tag !== undefined) {
    location.value = { start: tag.span.start, end: tag.span.start + tagParts.tag.length };
  }
  if (digest) location.digest = digest.span;
  else if (tag && tagParts?.digestStart !== undefined) {
    location.digest = { start: tag.span.start + tagParts.digestStart - 2, end: tag.span.end };
  } else if (tag && tagNode && !semver) {
    const insert = digestLine(w, ref, tagNode);
    if (insert) location.digestInsert = insert;
  }
  dep.location = location;
}

/**
 * Where a pinned digest goes: a new `digest:` key after the tag, as its own line with the tag key's
 * indent and the file's line end (after any trailing comment), or `, digest: …` in a flow map.
 */
function digestLine(w: FluxWalk, ref: Node | null, tagNode: Node): Insertion | undefined {
  const content = w.file.content;
  const tagEnd = tagNode.range?.[1];
  if (tagEnd === undefined || !isMap(ref)) return undefined;
  // A `digest: ""` or bare `digest:` key is already there: fill it in (a second key would be a duplicate).
  const digestKey = mapEntries(ref, w.doc).find(([key]) => key === 'digest');
  if (digestKey) return emptyDigestSlot(w, digestKey[1]);
  if (ref.flow) return { at: tagEnd, before: ', digest: ' };
  const keyNode = mapEntries(ref, w.doc).find(([key]) => key === 'tag')?.[2];
  const keyStart = isScalar(keyNode) ? keyNode.range?.[0] : undefined;
  if (keyStart === undefined) return undefined;
  const lineStart = content.lastIndexOf('\n', keyStart - 1) + 1;
  const lead = content.slice(lineStart, keyStart);
  const indent = /^[ \t]*$/.test(lead) ? lead : ' '.repeat(lead.length);
  const newline = content.indexOf('\n', tagEnd);
  if (newline < 0) return { at: content.length, before: `${content.includes('\r\n') ? '\r\n' : '\n'}${indent}digest: ` };
  const crlf = content[newline - 1] === '\r';
  return { at: crlf ? newline - 1 : newline, before: `${crlf ? '\r\n' : '\n'}${indent}digest: ` };
}

/** Inside `digest: ""`, or right after a bare `digest:`; a null written out (`digest: ~`) is left alone. */
function emptyDigestSlot(w: FluxWalk, node: Node | null): Insertion | undefined {
  const text = scalarText(node, w.yaml);
  if (text) return text.value === '' && text.quote !== '' && text.editable && !text.templated ? { at: text.span.start, before: '' } : undefined;
  if (!isScalar(node) || node.value !== null || !node.range || node.range[0] !== node.range[1]) return undefined;
  return { at: node.range[0], before: ' ' };
}
