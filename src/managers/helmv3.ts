/**
 * helmv3: the chart dependencies of a Helm 3 chart, `dependencies[]` in an `apiVersion: v2` Chart.yaml.
 *
 * Each dependency is one dep whose value is its `version` (a version or a range, read as written).
 * Where the chart comes from decides how it is looked up:
 *   - `https://…` (or `http://`): a Helm repository, datasource helm, `registryUrls: [url]`;
 *   - `oci://host/path`: an OCI registry, datasource docker, packageName `host/path/<name>`, no digest pinning;
 *   - `@alias` / `alias:alias`: a repository the user named in `registryAliases` (built in: `stable`);
 *   - `file://…`: a chart in the repository itself, skipped (`local-dependency`); none: `no-repository`.
 * A Chart.yaml that is not `apiVersion: v2` or lacks the chart's own name or version gets one warning
 * and yields no deps. `Chart.lock` is not rewritten.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import type { Dep, ExtractWarning, SkipReason } from '../deps/dep.js';
import { applyRegistryAliases } from '../images/image-ref.js';
import { dedupeByLocation } from './dedupe.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from './types.js';
import { asMap, mapGet, resolve, scalarText, scalarValue, type ScalarText } from './yaml/nodes.js';
import type { YamlDoc, YamlFile } from './yaml/parse.js';
import { MANAGER_META } from '../meta/managers.js';

/** Repository aliases every Helm user knows; a user's `registryAliases` add to and override them. */
export const DEFAULT_CHART_ALIASES: Readonly<Record<string, string>> = {
  stable: 'https://charts.helm.sh/stable',
};

/** How a dependency's `repository` is looked up, or why it cannot be. */
export interface ChartSource {
  datasource: 'helm' | 'docker';
  registryUrls?: string[];
  packageName?: string;
  pinDigests?: false;
  skipReason?: SkipReason;
  skipDetail?: string;
}

const ALIAS = /^(?:@|alias:)(.+)$/;

function skip(skipReason: SkipReason, skipDetail: string): ChartSource {
  return { datasource: 'helm', skipReason, skipDetail };
}

/** Aliases usable for image names: those whose target is a registry host/path, not a URL. */
function imageAliases(aliases: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(aliases).filter(([, target]) => !target.includes('://')));
}

function ociSource(chart: string, url: string, aliases: Record<string, string>): ChartSource {
  const path = url.slice('oci://'.length).replace(/\/+$/, '');
  if (path === '' || /\s/.test(path) || path.startsWith('/')) return skip('invalid-url', `invalid OCI repository "${url}"`);
  return {
    datasource: 'docker',
    packageName: applyRegistryAliases(`${path}/${chart}`, imageAliases(aliases)),
    pinDigests: false,
  };
}

/** Where chart `chart` comes from, given its `repository` as written (undefined when absent). */
export function resolveChartSource(chart: string, repository: string | undefined, aliases: Record<string, string>): ChartSource {
  let repo = repository?.trim() ?? '';
  if (repo === '') return skip('no-repository', `dependency "${chart}" has no repository`);
  const alias = ALIAS.exec(repo);
  if (alias) {
    const target = aliases[alias[1]!];
    if (target === undefined) {
      return skip('placeholder-url', `repository "${repo}" is an alias that registryAliases does not define`);
    }
    repo = target.trim();
  }
  if (repo.startsWith('file://')) return skip('local-dependency', `dependency "${chart}" is the local chart ${repo}`);
  if (repo.startsWith('oci://')) return ociSource(chart, repo, aliases);
  if (repo.startsWith('git+')) return skip('unknown-registry', `git repository "${repo}" (helm-git plugin) is not a chart repository`);
  let url: URL;
  try {
    url = new URL(repo);
  } catch {
    return skip('invalid-url', `repository "${repo}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return skip('unsupported-datasource', `repository "${repo}" needs a Helm plugin (${url.protocol}//)`);
  }
  return { datasource: 'helm', registryUrls: [repo] };
}

interface ChartWalk {
  file: PackageFile;
  yaml: YamlFile;
  doc: YamlDoc['doc'];
  aliases: Record<string, string>;
  deps: Dep[];
  warnings: ExtractWarning[];
}

function warn(w: ChartWalk, node: unknown, message: string): void {
  const range = (node as Node | null)?.range;
  const warning: ExtractWarning = { file: w.file.path, message };
  warning.line = range ? w.file.lineAt(range[0]) : 1;
  w.warnings.push(warning);
}

/** A scalar that holds text (a string, or a number read as written): never a boolean, null or map. */
function textOf(node: Node | null, yaml: YamlFile): ScalarText | null {
  const text = scalarText(node, yaml);
  if (!text || text.value.trim() === '') return null;
  const value = (node as { value?: unknown }).value;
  return text.templated || typeof value === 'string' || typeof value === 'number' ? text : null;
}

/** The chart's own `apiVersion`, `name`, `version`; a warning and false when it is not a Helm 3 chart. */
function checkChart(w: ChartWalk, root: Node | null): boolean {
  if (!asMap(root, w.doc)) {
    warn(w, root, 'not a Helm chart (Chart.yaml is not a map); dependencies not read');
    return false;
  }
  const apiVersion = scalarValue(mapGet(root, 'apiVersion', w.doc), w.yaml);
  if (apiVersion !== 'v2') {
    const what = apiVersion === undefined ? 'has no apiVersion' : `apiVersion is "${apiVersion}", not v2`;
    const v1 = apiVersion === 'v1' ? ' (v1 charts list dependencies in requirements.yaml, which is not read)' : '';
    warn(w, mapGet(root, 'apiVersion', w.doc) ?? root, `${what}: dependencies are read only from Helm 3 charts${v1}`);
    return false;
  }
  for (const key of ['name', 'version']) {
    if (!textOf(mapGet(root, key, w.doc), w.yaml)) {
      warn(w, mapGet(root, key, w.doc) ?? root, `the chart has no "${key}"; dependencies not read`);
      return false;
    }
  }
  return true;
}

function extractDependency(w: ChartWalk, item: Node | null, index: number): void {
  const where = `dependencies[${index}]`;
  if (!asMap(item, w.doc)) {
    warn(w, item, `${where} is not a map; skipped`);
    return;
  }
  const nameNode = mapGet(item, 'name', w.doc);
  const name = textOf(nameNode, w.yaml);
  if (!name || name.templated) {
    warn(w, nameNode ?? item, `${where} has no "name"; skipped`);
    return;
  }
  const repositoryNode = mapGet(item, 'repository', w.doc);
  const repository = scalarText(repositoryNode, w.yaml);
  const versionNode = mapGet(item, 'version', w.doc);
  const version = textOf(versionNode, w.yaml);
  const dep: Dep = {
    manager: 'helmv3',
    file: w.file.path,
    line: w.file.lineAt(version?.span.start ?? name.span.start),
    datasource: 'helm',
    depName: name.value,
    location: {},
  };
  // A templated version is blanked for parsing: it has no value to report.
  if (version && !version.templated) dep.currentValue = version.value;

  const source =
    repositoryNode !== null && !repository
      ? skip('invalid-url', `${where}.repository is not a string`)
      : resolveChartSource(name.value, repository?.value, w.aliases);
  dep.datasource = source.datasource;
  dep.packageName = source.packageName ?? name.value;
  if (source.registryUrls) dep.registryUrls = source.registryUrls;
  if (source.pinDigests === false) dep.pinDigests = false;

  if (source.skipReason) {
    dep.skipReason = source.skipReason;
    if (source.skipDetail) dep.skipDetail = source.skipDetail;
  } else if (!version) {
    dep.skipReason = 'invalid-value';
    dep.skipDetail = `${where} ("${name.value}") has no version`;
  } else if (version.templated) {
    dep.skipReason = 'templated';
    dep.skipDetail = `${where}.version is templated: "${version.written.trim()}"`;
  } else if (!version.editable) {
    dep.skipReason = 'not-editable';
    dep.skipDetail = `${where}.version is written with escapes or folding and cannot be edited in place`;
  } else {
    dep.location = { value: version.span };
  }
  w.deps.push(dep);
}

export const helmv3Manager: Manager = {
  id: 'helmv3',
  ...MANAGER_META['helmv3'],
  extractFile(file: PackageFile, options: ExtractOptions): FileExtract {
    const yaml = file.yaml();
    const warnings: ExtractWarning[] = yaml.warning ? [yaml.warning] : [];
    // A chart file is one document; a broken one has already been reported.
    const first = yaml.docs[0];
    if (!first) {
      if (!yaml.warning) warnings.push({ file: file.path, line: 1, message: 'empty Chart.yaml; dependencies not read' });
      return { deps: [], warnings };
    }
    const aliases = { ...DEFAULT_CHART_ALIASES, ...options.registryAliases };
    const w: ChartWalk = { file, yaml, doc: first.doc, aliases, deps: [], warnings };
    if (!checkChart(w, first.root)) return { deps: [], warnings };
    const dependencies = mapGet(first.root, 'dependencies', first.doc);
    if (dependencies === null || (isScalar(dependencies) && dependencies.value === null)) return { deps: [], warnings };
    if (!isSeq(dependencies)) {
      warn(w, dependencies, '"dependencies" is not a list; dependencies not read');
      return { deps: [], warnings };
    }
    dependencies.items.forEach((item, index) => extractDependency(w, resolve(item, first.doc), index));
    return { deps: dedupeByLocation(w.deps), warnings };
  },
};
