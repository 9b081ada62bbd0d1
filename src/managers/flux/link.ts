/**
 * Chart → HelmRepository linking. A chart's `sourceRef` names a HelmRepository by name and namespace
 * (the HelmRelease's own namespace when `sourceRef.namespace` is absent); the HelmRepository may be in
 * any file of the repository. Exact matches win. Beyond Renovate, which never infers namespaces: when
 * the namespace is not written on one side (a Kustomization sets it) and the repository holds exactly
 * one HelmRepository of that name, the chart is linked to it.
 */
import type { Dep } from '../../deps/dep.js';
import { applyRegistryAliases } from '../../images/image-ref.js';
import type { ExtractOptions, FileExtract } from '../types.js';
import type { ChartSourceRef, FluxLink, HelmRepositorySource } from './common.js';

const VARIABLE_OR_TEMPLATE = /\$\{|\$[A-Za-z_]|\{\{/;

/** The HelmRepositories `ref` points at: exact matches, else the one unambiguous namespace-less match. */
export function findSources(ref: ChartSourceRef, sources: readonly HelmRepositorySource[]): HelmRepositorySource[] {
  const named = sources.filter((s) => s.name === ref.name);
  const exact = named.filter((s) => s.namespace === ref.namespace);
  if (exact.length > 0) return exact;
  // The same HelmRepository written twice (two clusters' copies) still counts as one.
  const distinct = new Map(named.map((s) => [`${s.namespace ?? ''}\n${s.url}\n${s.oci}`, s]));
  if (distinct.size !== 1) return [];
  const only = named[0]!;
  return ref.namespace === undefined || only.namespace === undefined ? [only] : [];
}

function ociPackageName(url: string, chart: string, options: ExtractOptions): string {
  const base = url.replace(/^oci:\/\//, '').replace(/\/+$/, '');
  return applyRegistryAliases(`${base}/${chart}`, options.registryAliases);
}

function setOci(dep: Dep, url: string, chart: string, options: ExtractOptions): void {
  dep.datasource = 'docker';
  dep.packageName = ociPackageName(url, chart, options);
  // A chart version is the tag; Flux has no place for a chart digest.
  dep.pinDigests = false;
}

function unknownDetail(ref: ChartSourceRef, sources: readonly HelmRepositorySource[]): string {
  const where = ref.namespace ? ` in namespace "${ref.namespace}"` : '';
  const elsewhere = sources.filter((s) => s.name === ref.name).map((s) => s.namespace ?? '(no namespace)');
  if (elsewhere.length === 0) return `no HelmRepository "${ref.name}"${where} in the repository and no registryAliases entry for it`;
  return `HelmRepository "${ref.name}"${where} not found; namespaces with that name: ${[...new Set(elsewhere)].join(', ')}`;
}

/**
 * Set a chart dep's datasource, registryUrls or packageName from its HelmRepository. `final` is false
 * while only one file is known: a source that is not found then leaves the dep unresolved, without a
 * skip reason (it may be in another file; `linkFiles` decides).
 */
export function resolveChart(dep: Dep, ref: ChartSourceRef, sources: readonly HelmRepositorySource[], options: ExtractOptions, final: boolean): void {
  delete dep.packageName;
  delete dep.registryUrls;
  delete dep.skipReason;
  delete dep.skipDetail;
  delete dep.pinDigests;
  dep.datasource = 'helm';
  const found = findSources(ref, sources);
  const alias = options.registryAliases?.[ref.name];
  if (found.length > 0) {
    const templated = found.find((s) => VARIABLE_OR_TEMPLATE.test(s.url));
    const oci = found.find((s) => s.oci);
    if (templated) {
      dep.skipReason = 'contains-variable';
      dep.skipDetail = `the URL of HelmRepository "${ref.name}" (${templated.file}:${templated.line}) contains a variable`;
    } else if (oci) {
      setOci(dep, oci.url, ref.chart, options);
    } else {
      dep.registryUrls = [...new Set(found.map((s) => s.url))];
    }
  } else if (alias) {
    if (alias.startsWith('oci://')) setOci(dep, alias, ref.chart, options);
    else dep.registryUrls = [alias];
  } else if (final) {
    dep.skipReason = 'unknown-registry';
    dep.skipDetail = unknownDetail(ref, sources);
  }
  if (ref.skip) {
    dep.skipReason = ref.skip.reason;
    dep.skipDetail = ref.skip.detail;
  }
}

/** Resolve every waiting chart of every file against the HelmRepositories of all files. */
export function linkFluxFiles(files: Array<FileExtract<FluxLink>>, options: ExtractOptions): void {
  const sources = files.flatMap((f) => f.link?.helmRepositories ?? []);
  for (const file of files) {
    for (const ref of file.link?.charts ?? []) {
      const dep = file.deps[ref.dep];
      if (dep) resolveChart(dep, ref, sources, options, true);
    }
  }
}
