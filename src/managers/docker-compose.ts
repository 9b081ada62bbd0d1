/**
 * docker-compose: `image` of Compose services.
 *
 * - `services.<name>.image` (Compose v2/v3 and the Compose Specification); a file without `services`
 *   is a v1 file whose top-level keys are the services;
 * - top-level `x-*` extension fragments with an `image`, and anything merged from them or from another
 *   service with `<<: *anchor`: one dep per place an image is written, however many services share it;
 * - `${VAR:-default}` as the whole reference: the default is what is pulled and what is edited;
 * - a service with `build:` builds its image locally; its `image` names the result and is not a dep.
 */
import { isMap, isScalar, type Document, type Node } from 'yaml';
import type { Dep, ExtractWarning } from '../deps/dep.js';
import { imageDep } from './image-dep.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from './types.js';
import { mapEntries, mapGet, scalarText } from './yaml/nodes.js';
import type { YamlFile } from './yaml/parse.js';
import { MANAGER_META } from '../meta/managers.js';

/** Top-level keys of a Compose file that are never services (for v1 files without `services`). */
const NOT_SERVICES = new Set(['version', 'name', 'services', 'networks', 'volumes', 'configs', 'secrets', 'include', 'models']);

interface Walk {
  file: PackageFile;
  yaml: YamlFile;
  doc: Document;
  options: ExtractOptions;
  /** Deps by the offset where their image is written, so a merged-in image is listed once. */
  found: Map<number, Dep>;
  warnings: ExtractWarning[];
}

function lineOf(w: Walk, node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? w.file.lineAt(range[0]) : undefined;
}

function warn(w: Walk, node: unknown, message: string): void {
  w.warnings.push({ file: w.file.path, line: lineOf(w, node), message });
}

/** A `build:` with a value (Compose ignores `build:` left empty). */
function builds(w: Walk, service: Node): boolean {
  const build = mapGet(service, 'build', w.doc);
  return build !== null && !(isScalar(build) && build.value === null);
}

function readService(w: Walk, path: string, service: Node | null): void {
  if (!isMap(service)) {
    if (service !== null && !(isScalar(service) && service.value === null)) warn(w, service, `${path} is not a map`);
    return;
  }
  const image = mapGet(service, 'image', w.doc);
  if (image === null || builds(w, service)) return;
  const at = image.range?.[0];
  if (at === undefined || w.found.has(at)) return;
  const text = scalarText(image, w.yaml);
  if (!text) {
    if (!isScalar(image)) warn(w, image, `${path}.image is not a string`);
    return;
  }
  const dep = imageDep('docker-compose', w.file, text, w.options);
  if (dep) w.found.set(at, dep);
}

function readDocument(w: Walk, root: Node | null): void {
  if (root === null) return;
  if (!isMap(root)) {
    warn(w, root, 'not a Compose file: the top level is not a map');
    return;
  }
  const entries = mapEntries(root, w.doc);
  const services = entries.find(([key]) => key === 'services');
  if (services) {
    const [, node] = services;
    if (isMap(node)) {
      for (const [name, service] of mapEntries(node, w.doc)) readService(w, `services.${name}`, service);
    } else if (node !== null && !(isScalar(node) && node.value === null)) {
      warn(w, node, 'services is not a map');
    }
  } else {
    for (const [name, service] of entries) {
      if (!NOT_SERVICES.has(name) && !name.startsWith('x-') && isMap(service)) readService(w, name, service);
    }
  }
  for (const [name, fragment] of entries) {
    if (name.startsWith('x-') && isMap(fragment)) readService(w, name, fragment);
  }
}

export const dockerComposeManager: Manager = {
  id: 'docker-compose',
  ...MANAGER_META['docker-compose'],
  mightContain: (content) => /\bimage["']?\s*:/.test(content),
  extractFile(file: PackageFile, options: ExtractOptions): FileExtract {
    const yaml = file.yaml();
    const warnings: ExtractWarning[] = yaml.warning ? [yaml.warning] : [];
    const found = new Map<number, Dep>();
    for (const { root, doc } of yaml.docs) readDocument({ file, yaml, doc, options, found, warnings }, root);
    // File order, whatever order services, fragments and merge keys reached the images in.
    const deps = [...found.entries()].sort(([a], [b]) => a - b).map(([, dep]) => dep);
    return { deps, warnings };
  },
};
