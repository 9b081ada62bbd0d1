/**
 * helmfile: the charts a helmfile installs — `releases[]` and the release `templates:` — each with its
 * `chart:` and `version:`, in `helmfile.yaml`, `helmfile.yaml.gotmpl` and `helmfile.d/*.yaml(.gotmpl)`.
 *
 * Where a chart comes from:
 *   - `repo/name`: the `repositories:` entry `repo` (a Helm repository URL → datasource helm with
 *     `registryUrls`; `oci: true` → its OCI registry, datasource docker), else a `registryAliases` entry
 *     (built in: `stable`); otherwise the registry is unknown;
 *   - `oci://host/path/name`: an OCI registry; depName is `host/path/name`, as Renovate names it;
 *   - `./charts/x`, `../x`, `/x`: a chart in the repository, skipped (`local-chart`).
 * A later document's `repositories:` replace the earlier ones (helmfile reads each document on its own).
 * Go template actions (`{{ .Values.version }}`, `{{- if … }}`) are blanked by the YAML layer before
 * parsing; a chart or version that is templated is listed, skipped with the template as the reason.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Dep, ExtractWarning, SkipReason } from '../deps/dep.js';
import { dedupeByLocation } from './dedupe.js';
import { DEFAULT_CHART_ALIASES, resolveChartSource, type ChartSource } from './helmv3.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from './types.js';
import { mapEntries, mapGet, scalarText, seqItems, type ScalarText } from './yaml/nodes.js';
import type { YamlDoc, YamlFile } from './yaml/parse.js';
import { MANAGER_META } from '../meta/managers.js';

/** A `repositories:` entry: a Helm repository URL, or with `oci: true` an OCI registry path. */
interface Repository {
  url?: string;
  oci: boolean;
  /** Why its URL cannot be used (a template, not a string). */
  problem?: { reason: SkipReason; detail: string };
}

interface Walk {
  file: PackageFile;
  yaml: YamlFile;
  doc: YamlDoc['doc'];
  aliases: Record<string, string>;
  repositories: Map<string, Repository>;
  deps: Dep[];
  warnings: ExtractWarning[];
}

const LOCAL_PATH = /^(?:\.{1,2})?\//;
/** Characters a chart name is made of (Helm: lowercase letters, digits, dashes; dots and capitals are tolerated). */
const CHART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function warn(w: Walk, node: Node | null, message: string): void {
  const at = node?.range?.[0];
  w.warnings.push({ file: w.file.path, ...(at !== undefined ? { line: w.file.lineAt(at) } : {}), message });
}

function isAbsent(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** A string scalar as written (numbers too: `version: 1.20` is the text 1.20); null for anything else. */
function textOf(node: Node | null, yaml: YamlFile): ScalarText | null {
  const text = scalarText(node, yaml);
  if (!text || (!text.templated && text.value.trim() === '')) return null;
  const value = (node as { value?: unknown }).value;
  return text.templated || typeof value === 'string' || typeof value === 'number' ? text : null;
}

function readRepositories(w: Walk, node: Node | null): void {
  if (isAbsent(node)) return;
  w.repositories = new Map();
  if (!isSeq(node)) {
    warn(w, node, '"repositories" is not a list; its entries are not read');
    return;
  }
  for (const item of seqItems(node, w.doc)) {
    const name = textOf(mapGet(item, 'name', w.doc), w.yaml);
    if (!name || name.templated) continue;
    const oci = mapGet(item, 'oci', w.doc);
    const repository: Repository = { oci: isScalar(oci) && oci.value === true };
    const url = textOf(mapGet(item, 'url', w.doc), w.yaml);
    if (!url) repository.problem = { reason: 'invalid-url', detail: `repository "${name.value}" has no url` };
    else if (url.templated) repository.problem = { reason: 'templated', detail: `the url of repository "${name.value}" is templated: "${url.written.trim()}"` };
    else repository.url = url.value.trim();
    w.repositories.set(name.value, repository);
  }
}

/** Where `repo/name` comes from: the file's repositories, else registryAliases. */
function repositorySource(w: Walk, repo: string, name: string): ChartSource {
  const declared = w.repositories.get(repo);
  if (declared?.problem) return { datasource: 'helm', skipReason: declared.problem.reason, skipDetail: declared.problem.detail };
  if (declared?.url !== undefined) {
    const url = declared.oci && !declared.url.startsWith('oci://') ? `oci://${declared.url}` : declared.url;
    return resolveChartSource(name, url, w.aliases);
  }
  const alias = w.aliases[repo];
  if (alias !== undefined) return resolveChartSource(name, alias, w.aliases);
  return {
    datasource: 'helm',
    skipReason: 'unknown-registry',
    skipDetail: `repository "${repo}" is neither in the file's repositories nor in registryAliases`,
  };
}

function skip(dep: Dep, reason: SkipReason, detail: string): void {
  dep.skipReason = reason;
  dep.skipDetail = detail;
}

/** Sets the dep's name, datasource and lookup fields from `chart:`; false when it is skipped for its chart. */
function readChart(w: Walk, dep: Dep, chart: string, where: string): boolean {
  let source: ChartSource;
  if (chart.startsWith('oci://')) {
    const path = chart.slice('oci://'.length).replace(/\/+$/, '');
    const slash = path.lastIndexOf('/');
    dep.depName = path;
    source = resolveChartSource(path.slice(slash + 1), `oci://${path.slice(0, Math.max(slash, 0))}`, w.aliases);
  } else if (chart.includes('://')) {
    dep.depName = chart;
    source = { datasource: 'helm', skipReason: 'unknown-registry', skipDetail: `${where}.chart "${chart}" is a URL, not a chart of a repository` };
  } else {
    const slash = chart.indexOf('/');
    const repo = slash < 0 ? chart : chart.slice(0, slash);
    dep.depName = slash < 0 ? chart : chart.slice(slash + 1);
    source = repositorySource(w, repo, dep.depName);
    // An OCI registry may hold a chart under a deeper path (`repo/team/chart`); a Helm repository may not.
    const parts = source.datasource === 'docker' ? dep.depName.split('/') : [dep.depName];
    if (!source.skipReason && !parts.every((part) => CHART_NAME.test(part))) {
      source = { datasource: 'helm', skipReason: 'invalid-dependency-specification', skipDetail: `${where}.chart "${chart}" is not repository/chart` };
    }
  }
  dep.datasource = source.datasource;
  dep.packageName = source.packageName ?? dep.depName;
  if (source.registryUrls) dep.registryUrls = source.registryUrls;
  if (source.pinDigests === false) dep.pinDigests = false;
  if (!source.skipReason) return true;
  skip(dep, source.skipReason, source.skipDetail ?? `${where}.chart cannot be looked up`);
  return false;
}

function readVersion(w: Walk, dep: Dep, versionNode: Node | null, where: string): void {
  const version = textOf(versionNode, w.yaml);
  if (version && !version.templated) dep.currentValue = version.value;
  if (dep.skipReason) return;
  if (isAbsent(versionNode)) skip(dep, 'unversioned-reference', `${where}.version is not set (helmfile installs the newest chart)`);
  else if (!version) skip(dep, 'invalid-value', `${where}.version is not a version string`);
  else if (version.templated) skip(dep, 'templated', `${where}.version is templated: "${version.written.trim()}"`);
  else if (!version.editable) skip(dep, 'not-editable', `${where}.version is written with escapes or folding and cannot be edited in place`);
  else dep.location = { value: version.span };
}

function readRelease(w: Walk, release: Node | null, where: string, isTemplate: boolean): void {
  if (!isMap(release)) {
    if (!isAbsent(release) && !isTemplate) warn(w, release, `${where} is not a map; skipped`);
    return;
  }
  const chartNode = mapGet(release, 'chart', w.doc);
  // A release template may set only values or a namespace; a release needs its chart.
  if (isAbsent(chartNode)) {
    if (!isTemplate) warn(w, release, `${where} has no chart; skipped`);
    return;
  }
  const name = textOf(mapGet(release, 'name', w.doc), w.yaml);
  const releaseName = name && !name.templated ? name.value : undefined;
  const chart = textOf(chartNode, w.yaml);
  const versionNode = mapGet(release, 'version', w.doc);
  const dep: Dep = {
    manager: 'helmfile',
    file: w.file.path,
    line: w.file.lineAt((versionNode ?? chartNode)?.range?.[0] ?? 0),
    datasource: 'helm',
    depName: releaseName ?? where,
    location: {},
  };
  if (!chart) skip(dep, 'invalid-value', `${where}.chart is not a string`);
  else if (chart.templated) {
    dep.depName = chart.written.trim();
    skip(dep, 'templated', `${where}.chart is templated: "${dep.depName}"`);
  } else if (LOCAL_PATH.test(chart.value.trim())) {
    // Named after the release, as Renovate names it: the path is in the reason.
    dep.depName = releaseName ?? chart.value.trim();
    skip(dep, 'local-chart', `the chart is the local path "${chart.value.trim()}"`);
  } else readChart(w, dep, chart.value.trim(), where);
  readVersion(w, dep, versionNode, where);
  w.deps.push(dep);
}

function readDocument(w: Walk, root: Node | null): void {
  if (!isMap(root)) return;
  readRepositories(w, mapGet(root, 'repositories', w.doc));
  const releases = mapGet(root, 'releases', w.doc);
  if (!isAbsent(releases)) {
    if (!isSeq(releases)) warn(w, releases, '"releases" is not a list; releases not read');
    seqItems(releases, w.doc).forEach((release, i) => readRelease(w, release, `releases[${i}]`, false));
  }
  for (const [key, template] of mapEntries(mapGet(root, 'templates', w.doc), w.doc)) {
    if (key !== '<<') readRelease(w, template, `templates.${key}`, true);
  }
}

export const helmfileManager: Manager = {
  id: 'helmfile',
  ...MANAGER_META['helmfile'],
  // Values files next to the helmfile (`helmfile.d/templates/values.yaml.gotmpl`) match the patterns too.
  mightContain: (content) => /^[ \t]*["']?(?:releases|templates)["']?[ \t]*:/m.test(content),
  extractFile(file: PackageFile, options: ExtractOptions): FileExtract {
    const yaml = file.yaml();
    const warnings: ExtractWarning[] = yaml.warning ? [yaml.warning] : [];
    const aliases = { ...DEFAULT_CHART_ALIASES, ...options.registryAliases };
    const deps: Dep[] = [];
    let repositories = new Map<string, Repository>();
    for (const { root, doc } of yaml.docs) {
      const w: Walk = { file, yaml, doc, aliases, repositories, deps, warnings };
      readDocument(w, root);
      repositories = w.repositories;
    }
    // A release that merges a template (`<<: *defaults`) reaches the template's chart again.
    return { deps: dedupeByLocation(deps), warnings };
  },
};
