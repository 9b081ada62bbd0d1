/**
 * A setup action's tool version (`actions/setup-python` `with: python-version: "3.12"`) as a dep of the
 * tool's datasource (depType `uses-with`, as Renovate calls it). Only the value is rewritten. A step whose
 * `with:` does not set the input is listed as unpinned; an expression (`${{ matrix.python }}`) as a
 * variable; a datasource Upkeep does not have (npm, java-version, …) as unsupported.
 */
import type { Dep, ManagerId } from '../../deps/dep.js';
import { isBuiltinDatasource } from '../../meta/datasources.js';
import type { PackageFile } from '../types.js';
import type { ToolSite } from './workflow-sites.js';

export function toolInputDep(manager: ManagerId, file: PackageFile, site: ToolSite): Dep {
  const { tool, text } = site;
  const dep: Dep = {
    manager,
    file: file.path,
    line: file.lineAt(site.at),
    datasource: tool.datasource,
    depName: tool.depName,
    packageName: tool.packageName,
    depType: 'uses-with',
    ...(tool.versioning ? { versioning: tool.versioning } : {}),
    ...(tool.extractVersion ? { extractVersion: tool.extractVersion } : {}),
    location: {},
  };
  const skip = (reason: NonNullable<Dep['skipReason']>, detail: string): Dep => Object.assign(dep, { skipReason: reason, skipDetail: detail });
  if (!text) return skip('unspecified-version', `with: sets no ${tool.input}, so the action picks the ${tool.depName} version`);
  const value = text.value.trim();
  dep.currentValue = value;
  if (text.templated || value.includes('${{')) return skip('contains-variable', `${tool.input}: ${text.written.trim()} is an expression`);
  if (!isBuiltinDatasource(tool.datasource)) return skip('unsupported-datasource', `${tool.input}: Upkeep has no ${tool.datasource} datasource`);
  if (value === '' || /\s/.test(value)) return skip('invalid-version', `${tool.input}: "${value}" is not a version`);
  if (!text.editable) return skip('not-editable', `${tool.input} is written with escapes or folding and cannot be edited in place`);
  const start = text.span.start + text.value.indexOf(value);
  dep.location = { value: { start, end: start + value.length } };
  return dep;
}
