/**
 * The direction between rooms (../shared/DESIGN.md, "The path of one repository run" and "Rooms"): data
 * flows checkout → extract → config → lookup → plan → write → publish, and no stage reaches back into an
 * earlier one's implementation or forward into a later one. Plug-ins (managers, versioning) stay small
 * and self-contained. Type-only imports count: a type is coupling too. `npm run lint:deps` (part of
 * `npm test`) fails on any violation.
 */
const room = (name) => `^src/${name}/`;
const only = (name, allowed, why) => ({
  name: `${name}-imports-only-${allowed.join('-')}`,
  comment: why,
  severity: 'error',
  from: { path: room(name) },
  to: { path: '^src/', pathNot: [room(name), ...allowed.map(room)] },
});
const never = (name, forbidden, why) => ({
  name: `${name}-not-${forbidden.join('-')}`,
  comment: why,
  severity: 'error',
  from: { path: room(name) },
  to: { path: `^src/(${forbidden.join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Cycles make rooms inseparable (../shared/DESIGN.md: each stage a function of the previous stage).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'The CLI is the outermost layer; the library (src/index.ts) must not pull it in.',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    only('managers', ['deps', 'images', 'util', 'meta'], 'A manager is a plug-in: file in, deps out; it knows nothing of config, lookups or the run.'),
    only('versioning', ['util'], 'Versioning schemes are pure functions on version strings.'),
    only('meta', ['deps'], 'Names-only metadata: data that every stage reads without loading implementations.'),
    only('images', ['util', 'deps'], 'Image reference parsing is a pure helper shared by managers and datasources.'),
    only('deps', ['util'], 'The Dep model is the shared vocabulary; it depends on nothing else.'),
    only('util', [], 'Utilities depend on no room.'),
    only('schedule', ['util'], "Schedules (cron and Renovate's text) are read by config (validation) and plan (due or not)."),
    only('git', ['util', 'http'], 'The git CLI wrapper: credentials and redaction only; it knows no forge, plan or config.'),
    never(
      'config',
      ['extract', 'lookup', 'plan', 'datasources', 'managers', 'repo', 'publish', 'platforms', 'git', 'report'],
      'Config resolution reads only names-only metadata, never the code of other stages.',
    ),
    never('extract', ['lookup', 'plan', 'datasources', 'repo', 'publish', 'platforms', 'git', 'report'], 'Extraction is the first stage: files in, deps out.'),
    never(
      'datasources',
      ['managers', 'config', 'plan', 'lookup', 'repo', 'publish', 'platforms', 'extract', 'report'],
      'A datasource answers what exists; it knows nothing of files, rules or branches.',
    ),
    never('lookup', ['git', 'platforms', 'repo', 'publish', 'plan', 'extract', 'report'], 'Lookup turns a dep and its options into updates; it never writes.'),
    never('plan', ['http', 'datasources', 'git', 'platforms', 'repo', 'publish', 'extract', 'report'], 'Planning is pure: upgrades in, branches out.'),
    never(
      'platforms',
      ['managers', 'extract', 'plan', 'lookup', 'repo', 'publish', 'datasources', 'report'],
      'A forge adapter speaks one forge API; it does not know what a dep is.',
    ),
    never(
      'publish',
      ['managers', 'datasources', 'http', 'extract', 'repo'],
      'Publishing applies a plan through git and a platform; it does not look anything up.',
    ),
    never(
      'report',
      ['http', 'datasources', 'git', 'platforms', 'publish', 'extract', 'managers'],
      'The report describes an analysis; it asks no one anything.',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
