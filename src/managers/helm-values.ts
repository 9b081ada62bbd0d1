/**
 * helm-values: container images in Helm values files (`values.yaml`, `values-prod.yaml`,
 * `values.production.yml`, …), found with the shared values heuristic (values-images.ts): under any key
 * ending in `image`, a whole reference (`image: nginx:1.27`) or a map `{ [registry], repository|name,
 * tag|version, [digest] }` whose tag and digest keys form one dep.
 *
 * Every YAML document of the file is read. An anchor reached again through an alias or a merge key
 * (`<<: *defaults`) is still one dep: the one place where it is written. Files inside a chart's
 * `templates/` directory are Helm templates, not values, and are never read.
 */
import type { Dep } from '../deps/dep.js';
import { dedupeByLocation } from './dedupe.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from './types.js';
import { extractValuesImages } from './values-images.js';
import { mapGet } from './yaml/nodes.js';
import { MANAGER_META } from '../meta/managers.js';

/** `values*.yaml` / `values*.yml` anywhere, except below a `templates/` directory. */
export { HELM_VALUES_PATTERN } from '../meta/managers.js';

/** Helm renders every file below `templates/`; none of them is a values file. */
export function isHelmTemplatePath(path: string): boolean {
  return /(?:^|\/)templates\//.test(path);
}

/**
 * Skipped deps have no location for `dedupeByLocation` to compare, so an alias of a skipped reference
 * is recognised by what it reads as at the same line.
 */
function dedupeSkipped(deps: Dep[]): Dep[] {
  const seen = new Set<string>();
  return deps.filter((dep) => {
    if (!dep.skipReason) return true;
    const key = JSON.stringify([dep.line, dep.depName, dep.currentValue, dep.currentDigest, dep.skipReason]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const helmValuesManager: Manager = {
  id: 'helm-values',
  ...MANAGER_META['helm-values'],
  mightContain: (content) => /image/i.test(content),
  extractFile(file: PackageFile, options: ExtractOptions): FileExtract {
    if (isHelmTemplatePath(file.path)) return { deps: [], warnings: [] };
    const yaml = file.yaml();
    const deps: Dep[] = [];
    for (const { root, doc } of yaml.docs) {
      const found: Dep[] = [];
      extractValuesImages({ manager: 'helm-values', file, yaml, doc, options, deps: found }, root);
      // In a SOPS-encrypted values file (helm-secrets) an encrypted value reads as `ENC[AES256_GCM,…]`:
      // not a reference, whereas the values left in clear are still read.
      const sops = mapGet(root, 'sops', doc) !== null;
      deps.push(...(sops ? found.filter((d) => !d.depName.startsWith('ENC[')) : found));
    }
    return { deps: dedupeSkipped(dedupeByLocation(deps)), warnings: yaml.warning ? [yaml.warning] : [] };
  },
};
