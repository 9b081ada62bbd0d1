/**
 * Extraction shared by the github-actions and gitea-actions managers: find the sites of a workflow or
 * action file, turn each into a dep, and list them in file order (an anchored value reached twice
 * through an alias is listed once, where it is written).
 */
import type { Dep, ExtractWarning, ManagerId } from '../../deps/dep.js';
import { imageDep, type WrittenText } from '../image-dep.js';
import type { ExtractOptions, FileExtract, PackageFile } from '../types.js';
import type { ScalarText } from '../yaml/nodes.js';
import { actionDep } from './action-dep.js';
import { usesLineSites } from './uses-lines.js';
import { runnerDep } from './runner-dep.js';
import { toolInputDep } from './tool-input-dep.js';
import { parseUsesRef } from './uses-ref.js';
import { workflowSites, type Site, type ToolSite } from './workflow-sites.js';

const DOCKER_DEP_TYPE = { uses: 'docker', 'runs-image': 'docker', container: 'container', service: 'service' } as const;

/**
 * The value's text as written. For a templated quoted scalar `scalarText().written` still holds the
 * quotes, which would end up in the dep's name; they are removed here.
 */
function sourceOf(text: ScalarText): string {
  if (!text.templated) return text.value;
  const q = text.quote;
  const w = text.written;
  return (q === '"' || q === "'") && w.length >= 2 && w.startsWith(q) && w.endsWith(q) ? w.slice(1, -1) : w;
}

/** The image part of a value, `skip` characters into it (after `docker://`). */
function imageText(text: ScalarText, source: string, skip: number): WrittenText {
  return {
    value: text.value.slice(skip),
    span: { start: text.span.start + skip, end: text.span.end },
    editable: text.editable,
    templated: text.templated,
    written: source.slice(skip),
  };
}

function siteDep(manager: ManagerId, file: PackageFile, site: Site, options: ExtractOptions, warnings: ExtractWarning[]): Dep | null {
  const { text } = site;
  const source = sourceOf(text);
  const line = file.lineAt(text.span.start);
  if (site.role === 'runs-on') return runnerDep(manager, file, text);
  if (site.role === 'container' || site.role === 'service') {
    return imageDep(manager, file, imageText(text, source, 0), options, { depType: DOCKER_DEP_TYPE[site.role] });
  }
  const ref = parseUsesRef(source);
  switch (ref.kind) {
    case 'local':
      return null;
    case 'docker': {
      const dep = imageDep(manager, file, imageText(text, source, ref.imageStart), options, { depType: DOCKER_DEP_TYPE[site.role] });
      if (!dep && source.trim() === 'docker://') warnings.push({ file: file.path, line, message: 'uses: docker:// names no image' });
      return dep;
    }
    case 'repository':
      // `runs.image` of a container action is a Dockerfile path or a docker:// image, never a repository.
      return site.role === 'uses' ? actionDep(manager, file, text, source, ref) : null;
    case 'invalid':
      if (site.role !== 'uses' || source.trim() === '') return null;
      if (/\{\{|\{%/.test(source)) return null;
      return {
        manager,
        file: file.path,
        line,
        depName: source.trim(),
        depType: 'action',
        skipReason: 'invalid-ref',
        skipDetail: ref.problem,
        location: {},
      };
  }
}

export function extractActions(manager: ManagerId, file: PackageFile, options: ExtractOptions): FileExtract {
  const yaml = file.yaml();
  const warnings: ExtractWarning[] = [];
  let sites: Site[] = [];
  const tools: ToolSite[] = [];
  if (yaml.warning && yaml.docs.length === 0) {
    sites = usesLineSites(file.content);
    warnings.push({ ...yaml.warning, message: `${yaml.warning.message} (uses: lines were still read)` });
  } else {
    if (yaml.warning) warnings.push(yaml.warning);
    for (const { root, doc } of yaml.docs) {
      const found = workflowSites(file, yaml, doc, root);
      sites.push(...found.sites);
      tools.push(...found.tools);
      warnings.push(...found.warnings);
    }
  }
  const seen = new Set<number>();
  const deps: Array<{ at: number; dep: Dep }> = [];
  for (const site of sites) {
    const at = site.text.span.start;
    if (seen.has(at)) continue;
    seen.add(at);
    const dep = siteDep(manager, file, site, options, warnings);
    if (dep) deps.push({ at, dep });
  }
  for (const tool of tools) {
    if (seen.has(tool.at)) continue;
    seen.add(tool.at);
    deps.push({ at: tool.at, dep: toolInputDep(manager, file, tool) });
  }
  deps.sort((a, b) => a.at - b.at);
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { deps: deps.map((d) => d.dep), warnings };
}
