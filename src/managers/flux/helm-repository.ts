/**
 * HelmRepository resources: no dep of their own, but the link data charts are resolved against
 * (`metadata.name`, `metadata.namespace`, `spec.url`, `spec.type`).
 */
import { getString, mapGet } from '../yaml/nodes.js';
import { warn, type FluxWalk, type HelmRepositorySource, type Resource } from './common.js';

export function collectHelmRepository(w: FluxWalk, res: Resource): void {
  const spec = mapGet(res.root, 'spec', w.doc);
  const urlNode = mapGet(spec, 'url', w.doc);
  const url = getString(spec, 'url', w.doc, w.yaml)?.trim();
  if (!res.name || !url) {
    warn(w, urlNode ?? spec ?? res.root, `${res.label}: ${res.name ? 'spec.url' : 'metadata.name'} is missing; charts cannot be linked to it`);
    return;
  }
  const type = getString(spec, 'type', w.doc, w.yaml);
  const source: HelmRepositorySource = {
    name: res.name,
    url,
    oci: type === 'oci' || url.startsWith('oci://'),
    file: w.file.path,
    line: w.file.lineAt(urlNode?.range?.[0] ?? 0),
  };
  if (res.namespace !== undefined) source.namespace = res.namespace;
  w.helmRepositories.push(source);
}
