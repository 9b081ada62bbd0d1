/**
 * The `regex` manager: a regex custom manager from the config (`customManagers` with `customType:
 * "regex"`, or an old `regexManagers` entry) reading one file. The definition is plain data handed in with
 * the file; the manager itself knows nothing of config. Deps carry `manager: "regex"` (what Renovate's
 * `matchManagers: ["custom.regex"]` names) and, in `location.custom`, the definition that read them, so an
 * edit can read the file back the same way.
 */
import type { RegexManagerDefinition } from '../../deps/dep.js';
import { MANAGER_META } from '../../meta/managers.js';
import { InputError } from '../../util/errors.js';
import { createTemplateEngine } from '../../util/templates.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from '../types.js';
import { matchExtractions } from './match-strategies.js';
import { regexDep } from './regex-dep.js';

export interface RegexExtractOptions extends ExtractOptions {
  /** The custom manager to read the file with; without one the file holds nothing for this manager. */
  custom?: RegexManagerDefinition;
  /** Names of the config's `customDatasources`, so `custom.<name>` deps are not skipped as unknown. */
  customDatasources?: readonly string[];
}

/** Every dep `definition` finds in `file`; a broken pattern or template is a warning naming its key. */
export function extractWithDefinition(definition: RegexManagerDefinition, file: PackageFile, customDatasources: readonly string[] = []): FileExtract {
  const out: FileExtract = { deps: [], warnings: [] };
  const engine = createTemplateEngine();
  try {
    for (const extraction of matchExtractions(file.content, definition.matchStrings, definition.matchStringsStrategy ?? 'any', definition.key)) {
      const dep = regexDep(extraction, { definition, file, engine, customDatasources });
      if (dep) out.deps.push(dep);
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    out.deps = [];
    out.warnings.push({ file: file.path, message: `${err.message} (the custom manager read nothing here)` });
  }
  return out;
}

export const regexManager: Manager = {
  id: 'regex',
  ...MANAGER_META.regex,
  extractFile(file: PackageFile, options: RegexExtractOptions): FileExtract {
    return options.custom ? extractWithDefinition(options.custom, file, options.customDatasources) : { deps: [], warnings: [] };
  },
};
