/**
 * Renovate's rule options that rename a dep or point at its source: `overrideDepName`, `overridePackageName`
 * and `sourceUrl`, templates rendered against the dep as extracted (Renovate renders them before the
 * lookup, so only the dep's own fields exist then). The file keeps what it says: these names are what
 * branch names, messages and PR bodies show, and `packageName` is the package a lookup should ask for.
 */
import type { EffectiveOptions } from '../config/schema.js';
import type { Dep } from '../deps/dep.js';
import { createTemplateEngine, type TemplateFields } from './templates.js';

type Render = (template: string, fields: TemplateFields, option: string) => string;

export interface DepNames {
  depName: string;
  packageName: string;
  /** Set when the config names the source (`sourceUrl`); otherwise the lookup's, if any. */
  sourceUrl?: string;
}

/** The fields a dep has before its lookup, as Renovate's templates see them then. */
function depFields(dep: Dep): TemplateFields {
  const dir = dep.file.split('/').slice(0, -1);
  return {
    datasource: dep.datasource,
    depName: dep.depName,
    depType: dep.depType,
    manager: dep.manager,
    packageName: dep.packageName ?? dep.depName,
    currentValue: dep.currentValue,
    currentDigest: dep.currentDigest,
    packageFile: dep.file,
    packageFileDir: dir.join('/'),
    parentDir: dir.at(-1) ?? '',
  };
}

/**
 * The dep's names once `overrideDepName` and `overridePackageName` are applied (the package name template
 * sees the new dep name, as in Renovate), and its `sourceUrl` when the config sets one. Without a `render`,
 * a template engine of its own (for callers outside a plan, e.g. the lookup).
 */
export function depNames(
  dep: Dep,
  config: Pick<EffectiveOptions, 'overrideDepName' | 'overridePackageName' | 'sourceUrl'>,
  render: Render = createTemplateEngine().render,
): DepNames {
  const fields: Record<string, unknown> = { ...depFields(dep) };
  const names: DepNames = { depName: dep.depName, packageName: dep.packageName ?? dep.depName };
  const rendered = (option: 'overrideDepName' | 'overridePackageName' | 'sourceUrl') => {
    const template = config[option];
    return template ? render(template, fields, option).trim() : '';
  };
  const depName = rendered('overrideDepName');
  if (depName) names.depName = fields.depName = depName;
  const packageName = rendered('overridePackageName');
  if (packageName) names.packageName = fields.packageName = packageName;
  const sourceUrl = rendered('sourceUrl');
  if (sourceUrl) names.sourceUrl = sourceUrl;
  return names;
}
