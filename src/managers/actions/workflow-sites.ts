/**
 * Where a workflow or action file names something to update ("sites"), read from its YAML:
 *
 * - workflows: `jobs.<id>.uses` (reusable workflows), `jobs.<id>.steps[].uses`,
 *   `jobs.<id>.container` (string or `{ image }`), `jobs.<id>.services.<id>` (string or `{ image }`),
 *   `jobs.<id>.runs-on` (a label, a list of labels, or `{ group, labels }`);
 * - actions (`action.yml`): `runs.steps[].uses` (composite) and `runs.image` (container actions);
 * - a step's `with:` input that pins a tool version for a setup action (meta/action-tool-inputs.ts).
 *
 * A key holding the wrong kind of value yields a warning naming the key path and line; the other keys
 * are still read.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { ExtractWarning } from '../../deps/dep.js';
import { toolInputOf, type ToolInput } from '../../meta/action-tool-inputs.js';
import type { PackageFile } from '../types.js';
import { mapEntries, mapGet, scalarText, seqItems, type ScalarText } from '../yaml/nodes.js';
import type { YamlFile } from '../yaml/parse.js';

export type SiteRole = 'uses' | 'container' | 'service' | 'runs-image' | 'runs-on';

export interface Site {
  role: SiteRole;
  text: ScalarText;
}

/** A setup action's tool input: its value as written, or none when the step's `with:` does not set it. */
export interface ToolSite {
  tool: ToolInput;
  /** Offset of the value (or of the `with:` map when the input is absent), for ordering and the line. */
  at: number;
  text?: ScalarText;
}

interface Walk {
  file: PackageFile;
  yaml: YamlFile;
  doc: Document;
  sites: Site[];
  tools: ToolSite[];
  warnings: ExtractWarning[];
}

function kindOf(node: Node): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  return 'a scalar';
}

function warn(w: Walk, node: Node, message: string): void {
  const at = node.range?.[0];
  w.warnings.push({ file: w.file.path, ...(at !== undefined ? { line: w.file.lineAt(at) } : {}), message });
}

/** A present, non-null scalar as written; warns (and returns null) for maps and lists. */
function stringAt(w: Walk, node: Node | null, key: string): ScalarText | null {
  if (node === null) return null;
  if (!isScalar(node)) {
    warn(w, node, `${key} should be a string, found ${kindOf(node)}`);
    return null;
  }
  return scalarText(node, w.yaml);
}

function isAbsent(node: Node | null): node is null {
  return node === null || (isScalar(node) && node.value === null);
}

function addUses(w: Walk, node: Node | null, key: string): void {
  if (node === null) return;
  if (isAbsent(node)) {
    warn(w, node, `${key} is empty`);
    return;
  }
  const text = stringAt(w, node, key);
  if (text) w.sites.push({ role: 'uses', text });
}

function addSteps(w: Walk, steps: Node | null, key: string): void {
  if (isAbsent(steps)) return;
  if (!isSeq(steps)) {
    warn(w, steps, `${key} should be a list of steps, found ${kindOf(steps)}`);
    return;
  }
  seqItems(steps, w.doc).forEach((step, i) => {
    if (isAbsent(step)) return;
    if (!isMap(step)) {
      warn(w, step, `${key}[${i}] should be a map, found ${kindOf(step)}`);
      return;
    }
    const uses = mapGet(step, 'uses', w.doc);
    addUses(w, uses, `${key}[${i}].uses`);
    if (isScalar(uses) && typeof uses.value === 'string') addToolInput(w, uses.value, mapGet(step, 'with', w.doc));
  });
}

/** The tool version a setup action's `with:` pins; Renovate lists the tool as unpinned when `with:` is there without it. */
function addToolInput(w: Walk, uses: string, inputs: Node | null): void {
  const tool = toolInputOf(uses);
  if (!tool || !isMap(inputs)) return;
  const value = mapGet(inputs, tool.input, w.doc);
  if (isAbsent(value)) {
    w.tools.push({ tool, at: inputs.range?.[0] ?? 0 });
    return;
  }
  if (!isScalar(value)) return;
  const text = scalarText(value, w.yaml);
  if (text) w.tools.push({ tool, at: text.span.start, text });
}

/** `container:` and each service: an image string, or a map whose `image` is one. */
function addImage(w: Walk, node: Node | null, role: 'container' | 'service', key: string): void {
  if (isAbsent(node)) return;
  if (isMap(node)) {
    const image = mapGet(node, 'image', w.doc);
    if (isAbsent(image)) return;
    const text = stringAt(w, image, `${key}.image`);
    if (text) w.sites.push({ role, text });
    return;
  }
  if (!isScalar(node)) {
    warn(w, node, `${key} should be an image or a map with an image, found ${kindOf(node)}`);
    return;
  }
  const text = scalarText(node, w.yaml);
  if (text) w.sites.push({ role, text });
}

/** Each runner label of `runs-on`: one label, a list of them, or the `labels` of a runner group. */
function addRunsOn(w: Walk, node: Node | null, key: string): void {
  if (isAbsent(node)) return;
  if (isMap(node)) {
    addRunsOn(w, mapGet(node, 'labels', w.doc), `${key}.labels`);
    return;
  }
  const labels = isSeq(node) ? seqItems(node, w.doc) : [node];
  labels.forEach((label, i) => {
    if (isAbsent(label)) return;
    const text = stringAt(w, label, isSeq(node) ? `${key}[${i}]` : key);
    if (text) w.sites.push({ role: 'runs-on', text });
  });
}

function walkJob(w: Walk, id: string, job: Node | null): void {
  if (isAbsent(job)) return;
  const key = `jobs.${id}`;
  if (!isMap(job)) {
    warn(w, job, `${key} should be a map, found ${kindOf(job)}`);
    return;
  }
  addUses(w, mapGet(job, 'uses', w.doc), `${key}.uses`);
  addRunsOn(w, mapGet(job, 'runs-on', w.doc), `${key}.runs-on`);
  addImage(w, mapGet(job, 'container', w.doc), 'container', `${key}.container`);
  const services = mapGet(job, 'services', w.doc);
  if (!isAbsent(services)) {
    if (!isMap(services)) warn(w, services, `${key}.services should be a map, found ${kindOf(services)}`);
    for (const [name, service] of mapEntries(services, w.doc)) {
      if (name !== '<<') addImage(w, service, 'service', `${key}.services.${name}`);
    }
  }
  addSteps(w, mapGet(job, 'steps', w.doc), `${key}.steps`);
}

function walkRuns(w: Walk, runs: Node | null): void {
  if (isAbsent(runs)) return;
  if (!isMap(runs)) {
    warn(w, runs, `runs should be a map, found ${kindOf(runs)}`);
    return;
  }
  addSteps(w, mapGet(runs, 'steps', w.doc), 'runs.steps');
  const image = mapGet(runs, 'image', w.doc);
  if (isAbsent(image)) return;
  const text = stringAt(w, image, 'runs.image');
  if (text) w.sites.push({ role: 'runs-image', text });
}

/** Sites of one YAML document. Files that are neither workflows nor actions yield nothing and no warning. */
export function workflowSites(
  file: PackageFile,
  yaml: YamlFile,
  doc: Document,
  root: Node | null,
): { sites: Site[]; tools: ToolSite[]; warnings: ExtractWarning[] } {
  const w: Walk = { file, yaml, doc, sites: [], tools: [], warnings: [] };
  if (!isMap(root)) return w;
  const jobs = mapGet(root, 'jobs', doc);
  if (!isAbsent(jobs)) {
    if (!isMap(jobs)) warn(w, jobs, `jobs should be a map of job ids to jobs, found ${kindOf(jobs)}`);
    for (const [id, job] of mapEntries(jobs, doc)) if (id !== '<<') walkJob(w, id, job);
  }
  walkRuns(w, mapGet(root, 'runs', doc));
  return w;
}
