/**
 * One file through the managers that may read it: the YAML is parsed once and shared, a Helm chart
 * template is skipped with a warning, and a manager that fails on the file costs only that manager.
 */
import type { ExtractWarning } from '../deps/dep.js';
import { createPackageFile } from '../managers/package-file.js';
import type { RegexExtractOptions } from '../managers/custom/regex.js';
import type { ExtractOptions, FileExtract, Manager } from '../managers/types.js';
import { AliasBudgetError } from '../managers/yaml/nodes.js';
import type { ExtractConfig } from './extract-config.js';
import { isManifest, type Candidate } from './manager-files.js';

export interface FileExtraction {
  results: Array<{ manager: Manager; result: FileExtract }>;
  /** Problems with the file itself (not a manager's). */
  warnings: ExtractWarning[];
}

const HELM_TEMPLATE_DIR = /(^|\/)templates\/[^/]*\.(ya?ml|tpl)$/;

/**
 * A Helm chart's template (`templates/*.yaml` with `{{ }}`): its images come from the chart's values,
 * and the file only becomes YAML once rendered, so it is not read.
 */
export function isHelmTemplate(path: string, content: string): boolean {
  return HELM_TEMPLATE_DIR.test(path) && content.includes('{{');
}

/** What a manager is told along with the file: for a custom manager, its definition. */
function optionsFor(candidate: Candidate, config: ExtractConfig): ExtractOptions {
  if (candidate.custom === undefined) return { registryAliases: config.registryAliases };
  const options: RegexExtractOptions = { custom: config.customManagers?.[candidate.custom], customDatasources: config.customDatasources ?? [] };
  return options;
}

/** Extract one file's content with the given managers (already chosen for its path). */
export function extractContent(path: string, content: string, candidates: readonly Candidate[], config: ExtractConfig): FileExtraction {
  const warnings: ExtractWarning[] = [];
  if (isHelmTemplate(path, content)) {
    // Custom managers read text, not YAML: they still read a chart's templates, as Renovate's do.
    const custom = candidates.filter((c) => c.custom !== undefined);
    if (custom.length < candidates.length) warnings.push({ file: path, message: 'Helm template, skipped (its images come from the chart values)' });
    if (custom.length === 0) return { results: [], warnings };
    candidates = custom;
  }
  const file = createPackageFile(path, content);
  const manifest = candidates.some((c) => c.needsManifest) ? isManifest(content) : false;
  const results: FileExtraction['results'] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const { manager, needsManifest } = candidate;
    if (needsManifest && !manifest) continue;
    if (manager.mightContain && !manager.mightContain(content)) continue;
    let result: FileExtract;
    try {
      result = manager.extractFile(file, optionsFor(candidate, config));
    } catch (err) {
      // A file whose aliases explode is given up whole, once: no other manager walks it again.
      if (err instanceof AliasBudgetError) return { results: [], warnings: [{ file: path, message: err.message }] };
      result = { deps: [], warnings: [{ file: path, message: `${manager.id}: could not read the file: ${(err as Error).message.split('\n')[0]}` }] };
    }
    // Several managers share one YAML parse: a broken document is reported once per file.
    result.warnings = result.warnings.filter((w) => {
      const key = `${w.line ?? ''}\0${w.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    results.push({ manager, result });
  }
  return { results, warnings };
}
