/**
 * What every part of the flux manager shares: the walk over one document, the link data handed from
 * `extractFile` to `linkFiles`, and small readers for Flux resources.
 */
import type { Document, Node } from 'yaml';
import type { Dep, ExtractWarning, SkipReason } from '../../deps/dep.js';
import type { ExtractOptions, PackageFile } from '../types.js';
import type { ValuesWalk } from '../values-images.js';
import { getString, mapGet, scalarText, type ScalarText } from '../yaml/nodes.js';
import type { YamlFile } from '../yaml/parse.js';

/** A HelmRepository found in some file: what a chart's `sourceRef` can point at. */
export interface HelmRepositorySource {
  name: string;
  /** `metadata.namespace`; absent when a Kustomization sets it. */
  namespace?: string;
  url: string;
  /** `type: oci` or an `oci://` URL: charts are OCI artifacts. */
  oci: boolean;
  file: string;
  line: number;
}

export interface Skip {
  reason: SkipReason;
  detail: string;
}

/** A chart dep waiting for its HelmRepository (`sourceRef` kind HelmRepository). */
export interface ChartSourceRef {
  /** Index of the dep in its file's `deps`. */
  dep: number;
  /** `sourceRef.name`. */
  name: string;
  /** `sourceRef.namespace`, else the namespace of the HelmRelease/HelmChart; absent when neither is written. */
  namespace?: string;
  chart: string;
  /** A reason the dep is skipped whatever its source (an unversioned chart, a variable version). */
  skip?: Skip;
}

/** Plain data for `linkFiles`. */
export interface FluxLink {
  helmRepositories: HelmRepositorySource[];
  charts: ChartSourceRef[];
}

/** One document being read; `charts` keys are deps of `deps` (indices are taken after de-duplication). */
export interface FluxWalk extends ValuesWalk {
  warnings: ExtractWarning[];
  helmRepositories: HelmRepositorySource[];
  charts: Map<Dep, Omit<ChartSourceRef, 'dep'>>;
}

export function newWalk(file: PackageFile, yaml: YamlFile, doc: Document, options: ExtractOptions, into: FluxWalk | null): FluxWalk {
  return {
    manager: 'flux',
    file,
    yaml,
    doc,
    options,
    deps: into?.deps ?? [],
    warnings: into?.warnings ?? [],
    helmRepositories: into?.helmRepositories ?? [],
    charts: into?.charts ?? new Map(),
  };
}

export interface Resource {
  kind: string;
  name?: string;
  namespace?: string;
  root: Node;
  /** `Kind "name"` for messages. */
  label: string;
}

/**
 * A namespace as written, or undefined when it is not written as a plain name (`${NAMESPACE}`,
 * `{{ .Release.Namespace }}`): then it is unknown, like one a Kustomization sets.
 */
export function readNamespace(w: FluxWalk, map: unknown): string | undefined {
  const text = scalarText(mapGet(map, 'namespace', w.doc), w.yaml);
  if (!text || text.value.trim() === '' || textProblem(text, 'namespace')) return undefined;
  return text.value;
}

export function readResource(w: FluxWalk, root: Node, kind: string): Resource {
  const metadata = mapGet(root, 'metadata', w.doc);
  const name = getString(metadata, 'name', w.doc, w.yaml);
  const namespace = readNamespace(w, metadata);
  const resource: Resource = { kind, root, label: name ? `${kind} "${name}"` : kind };
  if (name) resource.name = name;
  if (namespace) resource.namespace = namespace;
  return resource;
}

export function warn(w: FluxWalk, at: Node | null, message: string): void {
  const offset = at?.range?.[0];
  const warning: ExtractWarning = { file: w.file.path, message };
  if (offset !== undefined) warning.line = w.file.lineAt(offset);
  w.warnings.push(warning);
}

/** Flux post-build substitution (`${cluster_domain}`) or a shell-style `$VAR`. */
const VARIABLE = /\$\{[^}]*\}?|\$[A-Za-z_]/;

/** Why a scalar read from the file cannot be used or edited as written, if it cannot. */
export function textProblem(text: ScalarText, what: string): Skip | undefined {
  if (text.templated) return { reason: 'templated', detail: `${what} is templated: "${text.written}"` };
  if (VARIABLE.test(text.value)) return { reason: 'contains-variable', detail: `${what} contains a variable: "${text.value}"` };
  if (!text.editable) return { reason: 'not-editable', detail: `${what} is written with escapes or folding and cannot be edited in place` };
  return undefined;
}

export function skip(dep: Dep, s: Skip): Dep {
  dep.skipReason = s.reason;
  dep.skipDetail = s.detail;
  return dep;
}
