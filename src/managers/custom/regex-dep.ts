/**
 * One match of a regex custom manager → one dep, as Renovate builds it: each field from its template
 * (`depNameTemplate`, …, rendered with the match's named groups as fields) or else from the named group
 * of that name. A dep needs a name (`depName` or `packageName`) and a value (`currentValue` or
 * `currentDigest`); a match without them is not a dep. A datasource Upkeep lacks is kept, skipped.
 */
import { CUSTOM_TEMPLATE_FIELDS, type CustomTemplateField, type Dep, type RegexManagerDefinition } from '../../deps/dep.js';
import { DATASOURCE_META } from '../../meta/datasources.js';
import type { createTemplateEngine } from '../../util/templates.js';
import type { PackageFile } from '../types.js';
import type { MatchExtraction } from './match-strategies.js';

type TemplateEngine = ReturnType<typeof createTemplateEngine>;

/** Renovate's datasource renames, applied to names read from files (`datasource=node`). */
const DATASOURCE_RENAMES: Readonly<Record<string, string>> = {
  'adoptium-java': 'java-version',
  dotnet: 'dotnet-version',
  node: 'node-version',
};

export interface RegexDepContext {
  definition: RegexManagerDefinition;
  file: PackageFile;
  engine: TemplateEngine;
  /** Names of the config's `customDatasources` (`custom.<name>` is then a datasource Upkeep has). */
  customDatasources: readonly string[];
}

/** The dep for one extraction, or null when it has no name or no value. Throws `InputError` on a broken template. */
export function regexDep(extraction: MatchExtraction, context: RegexDepContext): Dep | null {
  const { definition, file, engine } = context;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(extraction.groups)) if (value !== undefined) fields[name] = value;
  const values: Partial<Record<CustomTemplateField, string>> = {};
  const fromGroup = new Set<CustomTemplateField>();
  for (const field of CUSTOM_TEMPLATE_FIELDS) {
    const template = definition.templates?.[field];
    if (template !== undefined) values[field] = engine.render(template, fields, `${definition.key}.${field}Template`);
    else if (fields[field]) {
      values[field] = fields[field];
      fromGroup.add(field);
    }
  }
  const field = (key: CustomTemplateField) => nonBlank(values[key]);
  const name = field('depName') ?? field('packageName');
  if (name === undefined || (field('currentValue') === undefined && field('currentDigest') === undefined)) return null;

  const valueSpan = fromGroup.has('currentValue') ? extraction.spans.currentValue : undefined;
  const digestSpan = fromGroup.has('currentDigest') ? extraction.spans.currentDigest : undefined;
  const at = valueSpan?.start ?? digestSpan?.start ?? extraction.match?.start ?? 0;
  const dep: Omit<Dep, 'location'> = { manager: 'regex', file: file.path, line: file.lineAt(at), depName: name };
  const packageName = field('packageName');
  if (packageName !== undefined) dep.packageName = packageName;
  if (values.currentValue) dep.currentValue = values.currentValue;
  if (values.currentDigest) dep.currentDigest = values.currentDigest;
  const datasource = field('datasource');
  if (datasource !== undefined) dep.datasource = DATASOURCE_RENAMES[datasource] ?? datasource;
  for (const key of ['versioning', 'extractVersion', 'depType'] as const) {
    const value = field(key);
    if (value !== undefined) dep[key] = value;
  }

  const location: Dep['location'] = {};
  if (valueSpan && dep.currentValue !== undefined) location.value = valueSpan;
  if (digestSpan && dep.currentDigest !== undefined) location.digest = digestSpan;
  if (extraction.match) location.custom = { definition, match: extraction.match, groups: fields };
  // A digest is written only where the file has one or the template writes one.
  const template = definition.autoReplaceStringTemplate;
  if (!location.digest && !(template !== undefined && template.includes('newDigest'))) dep.pinDigests = false;

  const registryUrl = nonBlank(values.registryUrl);
  if (registryUrl !== undefined) {
    const url = parseUrl(registryUrl);
    if (url) dep.registryUrls = [url];
    else skip(dep, 'invalid-url', `registryUrl "${registryUrl}" is not a URL`);
  }
  if (dep.datasource === undefined) skip(dep, 'unsupported-datasource', `${definition.key} names no datasource (a datasource group or datasourceTemplate)`);
  else if (!knownDatasource(dep.datasource, context.customDatasources)) skip(dep, 'unsupported-datasource', `Upkeep has no "${dep.datasource}" datasource`);
  return { ...dep, location };
}

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function skip(dep: Omit<Dep, 'location'>, reason: NonNullable<Dep['skipReason']>, detail: string): void {
  if (dep.skipReason) return;
  dep.skipReason = reason;
  dep.skipDetail = detail;
}

function knownDatasource(id: string, customDatasources: readonly string[]): boolean {
  if (Object.hasOwn(DATASOURCE_META, id)) return true;
  return id.startsWith('custom.') && customDatasources.includes(id.slice('custom.'.length));
}

/** As Renovate normalises it (`https://host` → `https://host/`); undefined when it is not a URL. */
function parseUrl(text: string): string | undefined {
  try {
    return new URL(text).toString();
  } catch {
    return undefined;
  }
}
