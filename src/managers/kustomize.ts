/**
 * kustomize: `kustomization.yaml` / `kustomization.yml` / `Kustomization` files (kind `Kustomization`
 * or `Component`; a missing kind means Kustomization). Deps, in this order:
 *
 *   - remote `bases`, `resources` and `components` pinned with `?ref=` (or the older `?version=`):
 *     github.com → github-tags `owner/repo`, other hosts → git-tags `<host>/<path>`;
 *   - `images[]` (see kustomize-images.ts);
 *   - `helmCharts[]` (`name`, `repo`, `version`): an `oci://` repo is a docker dep (no digest pinning),
 *     any other repo a helm dep with the repo as registry URL;
 *   - the images in each chart's `valuesInline`, found as in a Helm values file (values-images.ts).
 *
 * depType is the file's kind, `HelmChart` for helmCharts; images of inline values have none, as images
 * of a HelmRelease's values.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Dep } from '../deps/dep.js';
import { dedupeByLocation } from './dedupe.js';
import { applyRegistryAliases, locateImageRef } from '../images/image-ref.js';
import { extractKustomizeImages } from './kustomize-images.js';
import { extractValuesImages } from './values-images.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from './types.js';
import { getString, mapGet, resolve, scalarText, seqItems, type ScalarText } from './yaml/nodes.js';
import type { WarningWalk } from './yaml/walk.js';
import { MANAGER_META } from '../meta/managers.js';

const KINDS = new Set(['Kustomization', 'Component']);
const REMOTE_LISTS = ['bases', 'resources', 'components'] as const;

type Walk = WarningWalk;

/** A remote kustomization reference: where it is looked up and where its ref stands in the text. */
export interface RemoteRef {
  datasource: 'github-tags' | 'git-tags';
  depName: string;
  packageName: string;
  currentValue: string;
  /** Offset of the ref value in the text that was parsed. */
  valueStart: number;
}

/** The value of the first `ref`, else `version`, query parameter, with its offset. */
function refParameter(text: string, queryStart: number): { value: string; start: number } | null {
  const params: Array<{ key: string; value: string; start: number }> = [];
  let offset = queryStart + 1;
  for (const param of text.slice(queryStart + 1).split('&')) {
    const eq = param.indexOf('=');
    if (eq > 0) params.push({ key: param.slice(0, eq), value: param.slice(eq + 1), start: offset + eq + 1 });
    offset += param.length + 1;
  }
  const found = params.find((p) => p.key === 'ref') ?? params.find((p) => p.key === 'version');
  return found && found.value !== '' ? { value: found.value, start: found.start } : null;
}

/** Where the repository ends in a path: after `_git/<repo>`, after `.git`, before `//`, else `owner/repo`. */
function repositoryEnd(path: string): number | null {
  const azure = /(?:^|\/)_git\/[^/]+/.exec(path);
  if (azure) return azure.index + azure[0].length;
  const dotGit = /\.git(?=\/|$)/.exec(path);
  if (dotGit) return dotGit.index + dotGit[0].length;
  const subdir = path.indexOf('//');
  if (subdir > 0) return subdir;
  const plain = /^[^/]+(?:\/[^/]+)?/.exec(path);
  return plain ? plain[0].length : null;
}

/**
 * Parse a remote resource in go-getter / kustomize syntax (`github.com/org/repo/deploy?ref=v1`,
 * `git@github.com:org/repo.git?ref=v1`, `https://host/org/repo.git//sub?ref=v1`,
 * `ssh://git@host:7999/org/repo?ref=v1`). Local paths and remote refs without a ref give null.
 */
export function parseRemoteRef(text: string): RemoteRef | null {
  const queryStart = text.indexOf('?');
  if (queryStart < 0) return null;
  const ref = refParameter(text, queryStart);
  if (!ref) return null;
  const url = text.slice(0, queryStart).replace(/^git::/, '');
  const m = /^([a-z][a-z0-9+.-]*:\/\/)?([^@/:]+@)?([^/:]+)(:\d+(?=\/))?([:/])(.+)$/i.exec(url);
  if (!m) return null;
  const [, scheme = '', user = '', host = '', port = '', separator = '', path = ''] = m;
  // Without a scheme or user, only a name that looks like a host makes this remote (not `../base`).
  if (!scheme && !user && !host.includes('.')) return null;
  if (scheme && !/^(?:https?|ssh|git):\/\/$/i.test(scheme)) return null;
  const end = repositoryEnd(path);
  if (end === null) return null;
  const repoPath = path.slice(0, end);
  const name = repoPath.replace(/\.git$/, '');
  if (/^(?:www\.)?github\.com$/i.test(host)) {
    const ownerRepo = /^[^/]+\/[^/]+/.exec(name)?.[0];
    if (!ownerRepo) return null;
    return { datasource: 'github-tags', depName: ownerRepo, packageName: ownerRepo, currentValue: ref.value, valueStart: ref.start };
  }
  // git cannot clone `host/path`; kustomize reads a scheme-less remote as https.
  const cloneUrl = `${scheme || user ? scheme : 'https://'}${user}${host}${port}${separator}${repoPath}`;
  return { datasource: 'git-tags', depName: `${host}${port}/${name}`, packageName: cloneUrl, currentValue: ref.value, valueStart: ref.start };
}

function warn(w: Walk, node: Node, message: string): void {
  const line = node.range ? w.file.lineAt(node.range[0]) : undefined;
  w.warnings.push(line !== undefined ? { file: w.file.path, line, message } : { file: w.file.path, message });
}

/** The items of a list field, or [] with a warning when it is not a list. */
function listField(w: Walk, root: Node, key: string): Node[] {
  const node = mapGet(root, key, w.doc);
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    warn(w, node, `${key} must be a list`);
    return [];
  }
  return seqItems(node, w.doc);
}

function remoteDep(w: Walk, item: Node, depType: string): Dep | null {
  const text = scalarText(item, w.yaml);
  if (!text || text.templated || text.quote === '|' || text.quote === '>') return null;
  const remote = parseRemoteRef(text.value);
  if (!remote) return null;
  const { valueStart, ...fields } = remote;
  const dep: Dep = { manager: 'kustomize', file: w.file.path, line: w.file.lineAt(text.span.start), depType, ...fields, location: {} };
  if (!text.editable) {
    return { ...dep, skipReason: 'not-editable', skipDetail: 'the reference is written with escapes and cannot be edited in place' };
  }
  dep.location.value = { start: text.span.start + valueStart, end: text.span.start + valueStart + remote.currentValue.length };
  return dep;
}

/** A field read as written; null when absent, not a scalar, `null`/`~` or empty (a template is kept). */
function readText(w: Walk, map: Node, key: string): ScalarText | null {
  const node = mapGet(map, key, w.doc);
  if (!isScalar(node)) return null;
  const text = scalarText(node, w.yaml);
  if (!text || text.templated) return text;
  return node.value === null || text.value === '' ? null : text;
}

function helmChartDep(w: Walk, item: Node, index: number): Dep | null {
  if (!isMap(item)) {
    warn(w, item, `helmCharts[${index}] must be a map with name, repo and version`);
    return null;
  }
  const name = readText(w, item, 'name');
  if (!name || name.templated) {
    warn(w, item, `helmCharts[${index}] has no name`);
    return null;
  }
  const repo = readText(w, item, 'repo');
  const version = readText(w, item, 'version');
  const anchor = version ?? name;
  const dep: Dep = {
    manager: 'kustomize',
    file: w.file.path,
    line: w.file.lineAt(anchor.span.start),
    datasource: 'helm',
    depType: 'HelmChart',
    depName: name.value,
    packageName: name.value,
    location: {},
  };
  const skip = (reason: Dep['skipReason'], detail: string): Dep => ({ ...dep, skipReason: reason, skipDetail: `helmCharts[${index}]: ${detail}` });

  if (repo?.templated) return skip('templated', 'templated repo');
  if (version && !version.templated) dep.currentValue = version.value;
  if (!repo) return skip('local-chart', 'no repo: kustomize renders the chart from the local chart home');
  if (repo.value.startsWith('oci://')) {
    const packageName = applyRegistryAliases(`${repo.value.slice('oci://'.length).replace(/\/+$/, '')}/${name.value}`, w.options.registryAliases);
    Object.assign(dep, { datasource: 'docker', packageName, pinDigests: false });
    const invalid = locateImageRef(packageName).ref;
    if (invalid.skipReason) return skip(invalid.skipReason, invalid.problem ?? 'not a valid OCI reference');
  } else {
    dep.registryUrls = [repo.value];
  }
  if (version?.templated) return skip('templated', 'templated version');
  if (!version) return skip('unversioned-reference', 'no version: kustomize renders the latest chart');
  if (!version.editable) return skip('not-editable', 'the version is written with escapes or folding and cannot be edited in place');
  dep.location.value = version.span;
  return dep;
}

function extractKustomization(w: Walk, root: Node): void {
  const kind = getString(root, 'kind', w.doc, w.yaml) ?? 'Kustomization';
  const apiVersion = getString(root, 'apiVersion', w.doc, w.yaml);
  // A Flux Kustomization (or any other object) that happens to live in kustomization.yaml is not ours.
  if (!KINDS.has(kind) || (apiVersion !== undefined && !apiVersion.startsWith('kustomize.config.k8s.io/'))) return;
  for (const list of REMOTE_LISTS) {
    for (const item of listField(w, root, list)) {
      const dep = remoteDep(w, item, kind);
      if (dep) w.deps.push(dep);
    }
  }
  extractKustomizeImages({ ...w, manager: 'kustomize', depType: kind }, mapGet(root, 'images', w.doc));
  listField(w, root, 'helmCharts').forEach((item, index) => {
    const dep = helmChartDep(w, item, index);
    if (dep) w.deps.push(dep);
    // The chart's inline values are Helm values: their images are found as in a values file.
    extractValuesImages({ ...w, manager: 'kustomize' }, mapGet(item, 'valuesInline', w.doc));
  });
}

export const kustomizeManager: Manager = {
  id: 'kustomize',
  ...MANAGER_META['kustomize'],
  extractFile(file: PackageFile, options: ExtractOptions): FileExtract {
    const yaml = file.yaml();
    const w: Walk = { file, yaml, doc: undefined as unknown as Document, options, deps: [], warnings: yaml.warning ? [yaml.warning] : [] };
    const docs = yaml.docs.filter((d) => d.root !== null);
    const first = docs[0];
    if (!first) return { deps: [], warnings: w.warnings };
    const root = resolve(first.root, first.doc);
    if (!isMap(root)) {
      warn(w, first.root!, 'not a kustomization: the file must hold a map');
      return { deps: [], warnings: w.warnings };
    }
    if (docs.length > 1) warn(w, docs[1]!.root!, 'a kustomization file holds one document; the others are not read');
    extractKustomization({ ...w, doc: first.doc }, root);
    // Inline values shared between charts through an anchor are one place in the file: one dep.
    return { deps: dedupeByLocation(w.deps), warnings: w.warnings };
  },
};
