/**
 * Charts of HelmRelease (`spec.chart.spec.{chart,version,sourceRef}`) and HelmChart
 * (`spec.{chart,version,sourceRef}`), plus the images in a HelmRelease's `spec.values` and
 * `spec.postRenderers[].kustomize.images`.
 *
 * A chart from a HelmRepository waits for its source (see link.ts). A chart that is a path (`./charts/x`,
 * or any chart of a GitRepository or Bucket source) is a local chart. A HelmRelease with `spec.chartRef`
 * has no chart of its own: the OCIRepository or HelmChart it names is read on its own.
 */
import type { Node } from 'yaml';
import type { Dep } from '../../deps/dep.js';
import { extractKustomizeImages } from '../kustomize-images.js';
import { extractValuesImages } from '../values-images.js';
import { getString, mapGet, mapPath, scalarText, seqItems } from '../yaml/nodes.js';
import { readNamespace, skip, textProblem, warn, type FluxWalk, type Resource, type Skip } from './common.js';

/** Where the chart fields stand, for messages. */
interface ChartSpec {
  node: Node;
  path: string;
  /** HelmChart has no `sourceRef.namespace`: its source is always in its own namespace. */
  sourceNamespaceAllowed: boolean;
}

export function extractHelmRelease(w: FluxWalk, res: Resource): void {
  const spec = mapGet(res.root, 'spec', w.doc);
  if (mapGet(spec, 'chartRef', w.doc) === null) {
    const chartSpec = mapPath(spec, ['chart', 'spec'], w.doc);
    if (chartSpec === null) warn(w, spec ?? res.root, `${res.label}: neither spec.chart.spec nor spec.chartRef is set`);
    else addChartDep(w, res, { node: chartSpec, path: 'spec.chart.spec', sourceNamespaceAllowed: true });
  }
  extractValuesImages(w, mapGet(spec, 'values', w.doc));
  // Post-renderers patch the rendered chart with kustomize `images:` entries.
  for (const renderer of seqItems(mapGet(spec, 'postRenderers', w.doc), w.doc)) {
    extractKustomizeImages(w, mapPath(renderer, ['kustomize', 'images'], w.doc));
  }
}

export function extractHelmChart(w: FluxWalk, res: Resource): void {
  const spec = mapGet(res.root, 'spec', w.doc);
  if (spec === null) warn(w, res.root, `${res.label}: no spec`);
  else addChartDep(w, res, { node: spec, path: 'spec', sourceNamespaceAllowed: false });
}

function isPath(chart: string): boolean {
  return chart.startsWith('./') || chart.startsWith('../');
}

function addChartDep(w: FluxWalk, res: Resource, at: ChartSpec): void {
  const chartNode = mapGet(at.node, 'chart', w.doc);
  const chart = scalarText(chartNode, w.yaml);
  if (!chart || chart.value.trim() === '') {
    warn(w, chartNode ?? at.node, `${res.label}: ${at.path}.chart is ${chartNode ? 'not a chart name' : 'missing'}`);
    return;
  }
  const versionNode = mapGet(at.node, 'version', w.doc);
  const version = scalarText(versionNode, w.yaml);
  const dep: Dep = {
    manager: 'flux',
    file: w.file.path,
    line: w.file.lineAt((version ?? chart).span.start),
    depName: chart.templated ? chart.written : chart.value,
    location: {},
  };
  // A version that is a variable or template has no current value to compare.
  const versionProblem = version ? textProblem(version, 'version') : undefined;
  if (version && (!versionProblem || versionProblem.reason === 'not-editable')) dep.currentValue = version.value;
  w.deps.push(dep);

  const chartProblem = textProblem(chart, `${at.path}.chart`);
  if (chartProblem && chartProblem.reason !== 'not-editable') {
    skip(dep, chartProblem);
    return;
  }
  const sourceRef = mapGet(at.node, 'sourceRef', w.doc);
  const kind = getString(sourceRef, 'kind', w.doc, w.yaml) ?? 'HelmRepository';
  const sourceName = getString(sourceRef, 'name', w.doc, w.yaml);
  if (isPath(chart.value)) {
    skip(dep, { reason: 'local-chart', detail: `the chart is the path "${chart.value}" in ${kind} "${sourceName ?? '?'}"` });
    return;
  }
  if (kind === 'GitRepository' || (kind === 'Bucket' && res.kind === 'HelmRelease')) {
    skip(dep, { reason: 'local-chart', detail: `the chart is a path in ${kind} "${sourceName ?? '?'}", updated with that source` });
    return;
  }
  if (kind !== 'HelmRepository') {
    skip(dep, { reason: 'unsupported-datasource', detail: `charts from a ${kind} source cannot be looked up` });
    return;
  }
  dep.datasource = 'helm';
  if (!sourceName) {
    warn(w, sourceRef ?? at.node, `${res.label}: ${at.path}.sourceRef.name is missing`);
    skip(dep, { reason: 'unknown-registry', detail: `${at.path}.sourceRef.name is missing` });
    return;
  }
  const written = at.sourceNamespaceAllowed ? readNamespace(w, sourceRef) : undefined;
  const namespace = written ?? res.namespace;
  const versionSkip = readVersion(w, res, at, dep, versionNode);
  w.charts.set(dep, {
    name: sourceName,
    ...(namespace !== undefined ? { namespace } : {}),
    chart: chart.value,
    ...(versionSkip ? { skip: versionSkip } : {}),
  });
}

/** Record the version's span; return why the chart cannot be updated when the version is not usable. */
function readVersion(w: FluxWalk, res: Resource, at: ChartSpec, dep: Dep, versionNode: Node | null): Skip | undefined {
  const version = scalarText(versionNode, w.yaml);
  if (versionNode !== null && !version) {
    warn(w, versionNode, `${res.label}: ${at.path}.version is not a version string`);
    return { reason: 'invalid-value', detail: `${at.path}.version is not a version string` };
  }
  if (!version || version.value.trim() === '') {
    // Flux then installs the newest chart on every reconcile; there is no version to update.
    return { reason: 'unversioned-reference', detail: `${at.path}.version is not set (Flux installs the latest chart)` };
  }
  const problem = textProblem(version, `${at.path}.version`);
  if (problem) return problem;
  dep.location = { value: version.span };
  return undefined;
}
