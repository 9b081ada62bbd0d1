/**
 * argocd: Argo CD `Application` (`spec.source`, `spec.sources[]`) and `ApplicationSet`
 * (`spec.template.spec.source`, `…sources[]`) manifests, found by content in any YAML file.
 *
 * Per source (`repoURL`, `targetRevision`, optional `chart`), the value edited is `targetRevision`:
 *   - `chart` with an `oci://` repoURL, or one without a scheme → docker dep `<registry/path>/<chart>`;
 *   - `chart` otherwise → helm dep, `registryUrls: [repoURL]`;
 *   - no chart, `oci://` repoURL → docker dep `<registry/path>`;
 *   - no chart otherwise → git-tags dep on the repoURL.
 * Plus `kustomize.images[]` strings of a non-chart source: `alias=image:tag` or `image:tag`.
 *
 * ApplicationSet placeholders (`{{path.basename}}`) are blanked by the YAML layer: a source whose
 * repoURL or chart is templated yields no dep; a templated targetRevision gives a `templated` skip.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Dep, ExtractWarning } from '../deps/dep.js';
import { applyRegistryAliases, locateImageRef } from '../images/image-ref.js';
import { imageDep, type WrittenText } from './image-dep.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from './types.js';
import { getString, mapGet, mapPath, scalarText, seqItems, type ScalarText } from './yaml/nodes.js';
import type { WarningWalk } from './yaml/walk.js';
import { MANAGER_META } from '../meta/managers.js';

const SPEC_PATH: Record<string, readonly string[]> = {
  Application: ['spec'],
  ApplicationSet: ['spec', 'template', 'spec'],
};

type Walk = WarningWalk;

function warn(w: Walk, node: Node, message: string): void {
  const line = node.range ? w.file.lineAt(node.range[0]) : undefined;
  w.warnings.push(line !== undefined ? { file: w.file.path, line, message } : { file: w.file.path, message });
}

/** A scalar field as written; null when absent, not a scalar, `null` or empty (a template is kept). */
function readText(w: Walk, map: Node, key: string): ScalarText | null {
  const node = mapGet(map, key, w.doc);
  if (!isScalar(node)) return null;
  const text = scalarText(node, w.yaml);
  if (!text || text.templated) return text;
  return node.value === null || text.value.trim() === '' ? null : text;
}

const stripOci = (url: string) => url.replace(/^oci:\/\//, '').replace(/\/+$/, '');

/** Datasource and names of a source, from its repoURL and chart as written. */
function identify(w: Walk, repoURL: string, chart: string | undefined): Pick<Dep, 'datasource' | 'depName' | 'packageName' | 'registryUrls' | 'pinDigests'> {
  if (chart !== undefined && (repoURL.startsWith('oci://') || !repoURL.includes('://'))) {
    const depName = `${stripOci(repoURL)}/${chart}`;
    return { datasource: 'docker', depName, packageName: applyRegistryAliases(depName, w.options.registryAliases), pinDigests: false };
  }
  if (chart !== undefined) return { datasource: 'helm', depName: chart, packageName: chart, registryUrls: [repoURL] };
  if (repoURL.startsWith('oci://')) {
    const depName = stripOci(repoURL);
    return { datasource: 'docker', depName, packageName: applyRegistryAliases(depName, w.options.registryAliases), pinDigests: false };
  }
  return { datasource: 'git-tags', depName: repoURL, packageName: repoURL };
}

function sourceDep(w: Walk, source: Node, where: string): Dep | null {
  const repoURL = readText(w, source, 'repoURL');
  const chart = readText(w, source, 'chart');
  const revision = readText(w, source, 'targetRevision');
  if (!repoURL || repoURL.templated || chart?.templated) return null; // nothing nameable
  if (!revision) {
    // A git source without targetRevision follows HEAD; a chart needs a version.
    if (chart) warn(w, source, `${where}: chart "${chart.value}" has no targetRevision`);
    return null;
  }
  const dep: Dep = {
    manager: 'argocd',
    file: w.file.path,
    line: w.file.lineAt(revision.span.start),
    ...identify(w, repoURL.value, chart?.value),
    location: {},
  };
  if (revision.templated) return { ...dep, skipReason: 'templated', skipDetail: `${where}.targetRevision is templated: ${revision.written}` };
  dep.currentValue = revision.value;
  if (dep.datasource === 'docker') {
    const { ref } = locateImageRef(dep.packageName!);
    if (ref.skipReason) return { ...dep, skipReason: ref.skipReason, ...(ref.problem ? { skipDetail: ref.problem } : {}) };
  }
  if (dep.datasource === 'git-tags' && revision.value === 'HEAD') {
    return { ...dep, skipReason: 'unversioned-reference', skipDetail: `${where} follows HEAD, not a tag` };
  }
  if (!revision.editable) {
    return { ...dep, skipReason: 'not-editable', skipDetail: `${where}.targetRevision is written with escapes or folding and cannot be edited in place` };
  }
  dep.location.value = revision.span;
  return dep;
}

/** `kustomize.images[]` overrides: `alias=image:tag` or `image:tag` (a bare name changes no version). */
function kustomizeImageDeps(w: Walk, source: Node, where: string): void {
  const images = mapPath(source, ['kustomize', 'images'], w.doc);
  if (images === null || (isScalar(images) && images.value === null)) return;
  if (!isSeq(images)) {
    warn(w, images, `${where}.kustomize.images must be a list of strings`);
    return;
  }
  for (const item of seqItems(images, w.doc)) {
    const text = scalarText(item, w.yaml);
    if (!text) continue;
    const raw = text.templated ? text.written : text.value;
    const eq = raw.indexOf('=');
    const image = eq >= 0 ? raw.slice(eq + 1) : raw;
    if (eq < 0 && !/[:@]/.test(image.replace(/^[^/]*[.:][^/]*\//, ''))) continue;
    const start = text.span.start + (eq >= 0 ? eq + 1 : 0);
    const part: WrittenText = { value: image, span: { start, end: text.span.end }, editable: text.editable, templated: text.templated, written: image };
    const dep = imageDep('argocd', w.file, part, w.options);
    if (dep) w.deps.push(dep);
  }
}

function extractSource(w: Walk, source: Node, where: string): void {
  if (!isMap(source)) {
    warn(w, source, `${where} must be a map with repoURL and targetRevision`);
    return;
  }
  const dep = sourceDep(w, source, where);
  if (dep) w.deps.push(dep);
  if (mapGet(source, 'chart', w.doc) === null) kustomizeImageDeps(w, source, where);
}

function extractObject(w: Walk, root: Node | null): void {
  const apiVersion = getString(root, 'apiVersion', w.doc, w.yaml);
  const kind = getString(root, 'kind', w.doc, w.yaml);
  if (!apiVersion?.startsWith('argoproj.io/') || !kind || !SPEC_PATH[kind]) return;
  const spec = mapPath(root, SPEC_PATH[kind], w.doc);
  const name = getString(mapGet(root, 'metadata', w.doc), 'name', w.doc, w.yaml);
  const prefix = `${name ? `"${name}" ` : ''}${SPEC_PATH[kind].join('.')}`;
  const source = mapGet(spec, 'source', w.doc);
  if (source !== null && !(isScalar(source) && source.value === null)) extractSource(w, source, `${kind} ${prefix}.source`);
  const sources = mapGet(spec, 'sources', w.doc);
  if (sources === null || (isScalar(sources) && sources.value === null)) return;
  if (!isSeq(sources)) {
    warn(w, sources, `${kind} ${prefix}.sources must be a list`);
    return;
  }
  seqItems(sources, w.doc).forEach((item, i) => extractSource(w, item, `${kind} ${prefix}.sources[${i}]`));
}

export const argocdManager: Manager = {
  id: 'argocd',
  ...MANAGER_META['argocd'],
  mightContain: (content) => content.includes('argoproj.io'),
  extractFile(file: PackageFile, options: ExtractOptions): FileExtract {
    const yaml = file.yaml();
    const deps: Dep[] = [];
    const warnings: ExtractWarning[] = yaml.warning ? [yaml.warning] : [];
    for (const { root, doc } of yaml.docs) extractObject({ file, yaml, doc, options, deps, warnings }, root);
    return { deps, warnings };
  },
};
