/**
 * Renovate reads a single string where a list of strings is expected (`"matchDepTypes": "dependencies"`,
 * `"labels": "deps"`) as a one-item list; so does Upkeep, before the schema sees the config. Only the
 * options whose value is a list of strings, at the top level, in each manager's and update type's options
 * and in each package rule.
 */
const LIST_OPTIONS = new Set([
  'labels',
  'suppressNotifications',
  'gitIgnoredAuthors',
  'addLabels',
  'assignees',
  'reviewers',
  'matchManagers',
  'matchDatasources',
  'matchPackageNames',
  'matchDepNames',
  'matchDepTypes',
  'matchFileNames',
  'matchUpdateTypes',
  'matchBaseBranches',
  'fileMatch',
  'managerFilePatterns',
  'enabledManagers',
  'ignorePaths',
  'ignoreDeps',
  'baseBranches',
  'dependencyDashboardLabels',
]);

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function listifyLevel(level: Obj): void {
  for (const [key, value] of Object.entries(level)) {
    if (typeof value === 'string' && LIST_OPTIONS.has(key)) level[key] = [value];
    else if (isObject(value) && key !== 'registryAliases' && key !== 'hostRules') listifyLevel(value);
  }
  if (Array.isArray(level.packageRules)) for (const rule of level.packageRules) if (isObject(rule)) listifyLevel(rule);
}

/** The config with every single string in a list option made a one-item list (changed in place). */
export function listifyStrings(config: Obj): Obj {
  listifyLevel(config);
  return config;
}
