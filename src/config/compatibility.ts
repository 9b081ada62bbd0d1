/**
 * What Upkeep does with each of Renovate's repository options, as data: `acted` (and what Upkeep does) or
 * `not-acted` (and why not). The one source of the "Upkeep does not act on: …" warning of `upkeep validate`
 * and of every run (clean-keys.ts), and of README's compatibility section (scripts/compatibility-doc.mjs
 * writes it; test/config/compatibility.test.ts fails when the two differ, or when an option Renovate has is
 * missing here, or when this table says `acted` of an option the schema does not read).
 *
 * Old names Renovate migrates (`RENOVATE_RENAMES`) are read under their new name; Renovate's self-hosted
 * options (`RENOVATE_GLOBAL_OPTIONS`) are the operator's, never a repository's; manager names are acted on
 * when Upkeep has that manager. Texts are Upkeep's own words; the meanings are Renovate's.
 */
import { CUSTOM_REGEX_NAMES, MANAGER_IDS } from '../meta/managers.js';
import { RENOVATE_GLOBAL_OPTIONS, RENOVATE_MANAGERS, RENOVATE_OPTIONS, RENOVATE_RENAMES } from './renovate-options.js';

export type OptionStatus = { status: 'acted'; does: string } | { status: 'not-acted'; why: string };

const acted = (does: string): OptionStatus => ({ status: 'acted', does });
const notActed = (why: string): OptionStatus => ({ status: 'not-acted', why });

// Reasons shared by several options.
const NO_LOCK_FILES = 'no package manager is run and no lock file updated: only references in files are edited';
const NO_COMMANDS = 'no commands are run in the repository';
const NOT_ITS_FORGE = (forge: string) => `concerns ${forge}, which Upkeep does not run on`;
const NO_CODE_OWNERS = 'assignees and reviewers are the ones listed; CODEOWNERS is not read';
const OWN_PR_BODY = "the PR body is Upkeep's own: a table of the updates, links, how it merges";
const OWN_DASHBOARD = "the dashboard's sections and wording are Upkeep's own";
const NO_RULE = (why: string) => `${why}: a rule with this condition is left out whole`;
const NO_REPLACEMENTS = 'an update keeps the same image or chart; none is replaced by another';
const NO_VULNERABILITIES = 'no vulnerability data is read';
const NO_NPM = 'there is no npm manager';

/** Every option of `RENOVATE_OPTIONS` that is not an old name, by name. */
export const OPTION_STATUS: Readonly<Record<string, OptionStatus>> = {
  abandonmentThreshold: notActed('registries are not asked when a package last had a release'),
  addLabels: acted('labels added to the PR, on top of `labels`, from every rule that matches (templates allowed)'),
  additionalBranchPrefix: acted('a part of the branch name after `branchPrefix` (templates allowed)'),
  additionalReviewers: notActed('reviewers come from `reviewers` only'),
  allowedVersions: acted('new versions must be in this range, or match this `/regex/` (`!/regex/`: must not)'),
  assignAutomerge: notActed('automerging PRs get assignees and reviewers only when their checks fail'),
  assignees: acted('people assigned to the PR (not to automerging PRs unless checks fail)'),
  assigneesFromCodeOwners: notActed(NO_CODE_OWNERS),
  assigneesSampleSize: notActed('every assignee listed is assigned'),
  autoApprove: notActed('the bot never approves its own PRs'),
  autoReplaceGlobalMatch: notActed('an update writes exactly the text its match strings read, never other copies of it in the file'),
  automerge: acted('merges the branch or PR once its checks pass (never in the run that pushed it, unless `ignoreTests`)'),
  automergeComment: notActed('`automergeType: pr-comment` is not supported'),
  automergeSchedule: acted('automerge happens only within this schedule'),
  automergeStrategy: acted('how a PR is merged: merge commit, squash, rebase or fast-forward'),
  automergeType: acted('`pr` merges the PR; `branch` fast-forwards the base branch without a PR'),
  azureWorkItemId: notActed(NOT_ITS_FORGE('Azure DevOps')),
  baseBranches: acted('the branches updates are proposed against (each gets its own branches and PRs)'),
  bbAutoResolvePrTasks: notActed(NOT_ITS_FORGE('Bitbucket')),
  bbUseDefaultReviewers: notActed(NOT_ITS_FORGE('Bitbucket')),
  branchConcurrentLimit: acted('how many update branches may exist at once'),
  branchName: notActed('branch names are always `branchPrefix` + `additionalBranchPrefix` + `branchTopic`'),
  branchNameStrict: notActed("branch names are cleaned as Renovate's default does"),
  branchPrefix: acted("the start of every branch name (default `upkeep/`; `renovate/` adopts Renovate's branches)"),
  branchPrefixOld: notActed('branches under an earlier prefix are not looked for'),
  branchTopic: acted('the branch name after the prefixes (templates allowed)'),
  bumpVersion: notActed("the repository's own version is never bumped"),
  bumpVersions: notActed("the repository's own version is never bumped"),
  changelogUrl: acted('a "changelog" link beside the dep in the PR body (templates allowed)'),
  cloneSubmodules: notActed('submodules are not cloned: their files are not read'),
  cloneSubmodulesFilter: notActed('submodules are not cloned: their files are not read'),
  commitBody: notActed('commit messages get no free-text body'),
  commitBodyTable: acted('a table of the updates (datasource, package, from, to) below the commit message'),
  commitMessage: notActed('commit messages are always built from the prefix, action, topic, extra and suffix options'),
  commitMessageAction: acted('the verb of the commit message and PR title (`Update`, `Pin`)'),
  commitMessageExtra: acted('the end of the commit message and PR title (`to v1.2.3`; templates allowed)'),
  commitMessageLowerCase: notActed('the first line is lowercased exactly when semantic commits are used'),
  commitMessagePrefix: acted('the start of the commit message and PR title'),
  commitMessageSuffix: acted('text after the commit message and PR title'),
  commitMessageTopic: acted('what is updated, in the commit message and PR title (templates allowed)'),
  composerIgnorePlatformReqs: notActed(NO_LOCK_FILES),
  confidential: notActed("issues are created as the forge's default"),
  configMigration: notActed('old option names are read as they are, with a warning saying what to write; no migration PR is opened'),
  configWarningReuseIssue: notActed('the config-error issue is always reused, reopened if closed'),
  constraints: notActed(NO_LOCK_FILES),
  constraintsFiltering: notActed('images and charts declare no language constraints'),
  customDatasources: acted(
    'datasources of your own, named `custom.<name>`: a URL (template), an answer in json, yaml, plain or html, and JSONata transforms, each run within time and size bounds; toml is not read',
  ),
  customManagers: acted('regex custom managers (match strings with named groups, templates, the three strategies); jsonata ones are not read'),
  customizeDashboard: notActed(OWN_DASHBOARD),
  defaultRegistryUrls: notActed('registries come from the files (and `registryAliases`), not from a default list'),
  dependencyDashboard: acted('keeps the dependency dashboard issue'),
  dependencyDashboardApproval: acted('branches wait for their box on the dashboard to be ticked'),
  dependencyDashboardAutoclose: acted('closes the dashboard issue when there is no branch to list'),
  dependencyDashboardCategory: notActed(OWN_DASHBOARD),
  dependencyDashboardFooter: acted('text at the end of the dashboard issue, after a rule (not a template)'),
  dependencyDashboardHeader: notActed(OWN_DASHBOARD),
  dependencyDashboardLabels: acted('labels of the dashboard issue'),
  dependencyDashboardOSVVulnerabilitySummary: notActed(NO_VULNERABILITIES),
  dependencyDashboardReportAbandonment: notActed('registries are not asked when a package last had a release'),
  dependencyDashboardTitle: acted('the title of the dashboard issue'),
  description: acted('notes for people reading the config; they change nothing'),
  digest: acted('options for digest updates'),
  draftPR: notActed('PRs are opened ready for review'),
  enabled: acted('`false` leaves the matching deps (or the whole repository) alone'),
  enabledManagers: acted('only these managers read files'),
  encrypted: notActed('secrets come from the operator, never from a repository'),
  env: notActed(NO_COMMANDS),
  excludeCommitPaths: notActed('a branch commits exactly the files its updates edit'),
  expandCodeOwnersGroups: notActed(NO_CODE_OWNERS),
  extends: acted("presets: Renovate's built-in ones and files in this or another repository"),
  extractVersion: acted(
    'a pattern whose `version` group is the version in each registry tag (`v1.2.3` compared as `1.2.3`); tags it does not match are left out',
  ),
  fetchChangeLogs: notActed('the PR body links to release notes; it does not copy them in'),
  fileMatch: acted('more files for that manager to read (added to its defaults)'),
  filterUnavailableUsers: notActed('every assignee and reviewer listed is asked'),
  followTag: notActed('updates follow versions, not a moving tag'),
  forkModeDisallowMaintainerEdits: notActed('Upkeep pushes to the repository itself, never to a fork'),
  forkProcessing: notActed('the operator chooses which repositories Upkeep runs on, forks or not'),
  gitAuthor: acted('the author of the commits Upkeep makes in this repository'),
  gitIgnoredAuthors: acted("commits by these e-mail addresses (exact, glob or /regex/) on a bot branch are not someone else's edits"),
  gitLabIgnoreApprovals: notActed("approval rules are left as they are; automerge waits for them like a person's merge"),
  goGetDirs: notActed(NO_LOCK_FILES),
  group: acted("settings of a group's branch (branchTopic, the commit message options, prTitle), over the built-in ones"),
  groupName: acted('updates with the same group name share one branch and PR'),
  groupSlug: acted("the group's part of the branch name (default: from `groupName`)"),
  hashedBranchLength: notActed('branch names are never hashed'),
  hostRules: notActed("hosts and credentials come from the operator's config, never from a repository"),
  ignoreDeprecated: acted(
    'releases the registry marks deprecated (Helm chart versions, retired runner images, custom datasources) are not proposed unless the current one is deprecated too',
  ),
  ignoreDeps: acted('these deps are never updated'),
  ignorePaths: acted('files and directories never read'),
  ignorePlugins: notActed(NO_COMMANDS),
  ignorePresets: acted('presets left out wherever they are extended'),
  ignoreReviewers: notActed('reviewers come from `reviewers` only'),
  ignoreScripts: notActed(NO_COMMANDS),
  ignoreTests: acted('automerge does not wait for checks (none, pending or failing), even in the run that pushed'),
  ignoreUnstable: acted('pre-releases are not proposed unless the current version is one'),
  includePaths: notActed('every file is read except `ignorePaths`'),
  internalChecksAsSuccess: notActed('the bot sets no status checks of its own, so there are none to count'),
  internalChecksFilter: notActed('releases younger than `minimumReleaseAge` are always left out (Renovate\'s "strict"); no pending checks'),
  keepUpdatedLabel: notActed('labels on a PR do not change how it is rebased (see `rebaseWhen`)'),
  labels: acted('labels of the PR (templates allowed)'),
  lockFileMaintenance: notActed(NO_LOCK_FILES),
  logLevelRemap: notActed("log levels are the operator's choice"),
  major: acted('options for major updates'),
  managerFilePatterns: acted('more files for that manager to read (added to its defaults)'),
  maxMajorIncrement: notActed('any major increment is proposed (limit majors with `allowedVersions`)'),
  milestone: notActed('PRs get no milestone'),
  minimumGroupSize: acted(
    'a branch is not created until it holds this many updates (an existing one is kept current; the dashboard lists it with a box that creates it now)',
  ),
  minimumReleaseAge: acted('releases younger than this are held back'),
  minimumReleaseAgeBehaviour: acted('whether a release without a date is held back or let through'),
  minor: acted('options for minor updates'),
  mode: notActed('updates are always proposed; there is no silent mode'),
  npmToken: notActed(NO_NPM),
  npmrc: notActed(NO_NPM),
  npmrcMerge: notActed(NO_NPM),
  osvVulnerabilityAlerts: notActed(NO_VULNERABILITIES),
  packageRules: acted('rules matching deps by name, manager, datasource, file, type, version or update type'),
  patch: acted('options for patch updates'),
  pin: acted('options for pin updates'),
  pinDigest: acted('options for pinDigest updates'),
  pinDigests: acted('image references get their digest pinned (`tag@sha256:…`)'),
  platformAutomerge: acted("asks the forge's own auto-merge to merge the PR when its required checks pass"),
  platformCommit: notActed("commits are pushed with git, not made through the forge's API"),
  postUpdateOptions: notActed(NO_COMMANDS),
  postUpgradeTasks: notActed(NO_COMMANDS),
  prBodyColumns: notActed(OWN_PR_BODY),
  prBodyDefinitions: notActed(OWN_PR_BODY),
  prBodyHeadingDefinitions: notActed(OWN_PR_BODY),
  prBodyNotes: notActed(OWN_PR_BODY),
  prBodyTemplate: notActed(OWN_PR_BODY),
  prConcurrentLimit: acted('how many update PRs may be open at once'),
  prCreation: notActed('the PR is opened with its branch (or never, for branch automerge)'),
  prFooter: acted('text at the end of the PR body'),
  prHeader: acted('text at the start of the PR body'),
  prHourlyLimit: acted('how many PRs may be opened per hour'),
  prNotPendingHours: notActed('the PR is opened with its branch (or never, for branch automerge)'),
  prPriority: notActed('branches are taken in a fixed order: pins, digests, patches, minors, majors'),
  prTitle: acted('the PR title (default: the first line of the commit message; templates allowed)'),
  prTitleStrict: notActed('titles get ` (major)` and friends for groups, as by default'),
  printConfig: notActed('`upkeep explain` shows the options in force for a dep'),
  pruneBranchAfterAutomerge: notActed('a merged branch is always deleted'),
  pruneStaleBranches: notActed('branches no longer needed are always closed and deleted, unless someone committed to them'),
  rangeStrategy: acted('how a value that is a range moves (for charts)'),
  rebaseLabel: notActed('a rebuild is asked for with the box on the dependency dashboard'),
  rebaseWhen: acted('when a branch is rebuilt on its moved base'),
  recreateWhen: acted('whether an update whose PR was closed unmerged is proposed again'),
  registryAliases: acted('registry prefixes read as another registry (the file keeps what it says)'),
  registryUrls: notActed('registries come from the files (and `registryAliases`)'),
  replacement: notActed(NO_REPLACEMENTS),
  replacementApproach: notActed(NO_REPLACEMENTS),
  respectLatest: notActed('images and charts have no "latest" marker to respect'),
  reviewers: acted('people asked to review the PR (not on automerging PRs unless checks fail)'),
  reviewersFromCodeOwners: notActed(NO_CODE_OWNERS),
  reviewersSampleSize: notActed('every reviewer listed is asked'),
  rollback: notActed('an older version is never proposed'),
  rollbackPrs: notActed('an older version is never proposed'),
  schedule: acted('when branches may be created (cron, or text such as "before 6am on monday")'),
  semanticCommitScope: acted('the scope of semantic commit messages (`chore(deps):`)'),
  semanticCommitType: acted('the type of semantic commit messages (`chore`, `fix`)'),
  semanticCommits: acted('commit messages start with `type(scope):` (`auto`: when the history does)'),
  separateMajorMinor: acted('major updates get their own branch'),
  separateMinorPatch: acted('patch updates get their own branch'),
  separateMultipleMajor: acted('each major version gets its own branch'),
  separateMultipleMinor: notActed('minor updates share one branch per major'),
  skipArtifactsUpdate: notActed(NO_LOCK_FILES),
  skipInstalls: notActed(NO_LOCK_FILES),
  statusCheckNames: notActed('the bot sets no status checks of its own'),
  stopUpdatingLabel: notActed('to stop updates of a branch, commit to it or close its PR'),
  suppressNotifications: acted(
    'leaves out the comments named: prEditedNotification, prIgnoreNotification, branchAutomergeFailure (configErrorIssue: a config with errors is not read, as in Renovate; other values: nothing to leave out)',
  ),
  timezone: acted('the time zone of `schedule` and `automergeSchedule`'),
  toolSettings: notActed(NO_COMMANDS),
  transitiveRemediation: notActed(NO_LOCK_FILES),
  updateInternalDeps: notActed('images and charts have no workspaces'),
  updateLockFiles: notActed(NO_LOCK_FILES),
  updateNotScheduled: notActed('branches that exist are kept current whatever the schedule'),
  updatePinnedDependencies: notActed('pinned versions are updated like any other'),
  useBaseBranchConfig: notActed('the config is read from the default branch only'),
  userStrings: notActed("comments are Upkeep's own words"),
  versionCompatibility: notActed('compatibility suffixes are handled by the versioning scheme (`1.2-alpine`)'),
  versioning: acted('the versioning scheme: docker, semver, loose, helm or regex:…'),
  vulnerabilityAlerts: notActed(NO_VULNERABILITIES),
  matchBaseBranches: acted('a rule condition: the base branch'),
  matchCategories: notActed(NO_RULE('deps have no language categories')),
  matchConfidence: notActed(NO_RULE('there is no merge confidence data')),
  matchCurrentAge: notActed(NO_RULE("the current release's age is not looked up")),
  matchCurrentValue: acted('a rule condition: the value as written'),
  matchCurrentVersion: acted('a rule condition: the current version (a range, or a /regex/)'),
  matchDatasources: acted('a rule condition: the datasource'),
  matchDepNames: acted('a rule condition: the dep name'),
  matchDepTypes: acted('a rule condition: the dep type'),
  matchFileNames: acted('a rule condition: the file'),
  matchJsonata: notActed(NO_RULE('JSONata is not evaluated')),
  matchManagers: acted('a rule condition: the manager (a manager Upkeep lacks matches nothing)'),
  matchNewValue: notActed(NO_RULE('the new value is not matched')),
  matchPackageNames: acted('a rule condition: the package name'),
  matchRegistryUrls: notActed(NO_RULE('registry URLs are not matched')),
  matchRepositories: notActed(NO_RULE("the repository's name is not matched")),
  matchSourceUrls: notActed(NO_RULE('source URLs are known only after the lookup')),
  matchUpdateTypes: acted('a rule condition: the update type'),
  excludeRepositories: notActed(NO_RULE("the repository's name is not matched")),
  overrideDatasource: notActed("each dep's datasource comes from its manager"),
  overrideDepName: acted(
    'the dep name in branch names, commit messages and PRs (templates allowed; the file is unchanged; later rules match the name as written)',
  ),
  overridePackageName: acted(
    'the package the lookup asks the registry for, and the name templates and the commit body table show (templates allowed; the file is unchanged)',
  ),
  replacementName: notActed(NO_REPLACEMENTS),
  replacementNameTemplate: notActed(NO_REPLACEMENTS),
  replacementVersion: notActed(NO_REPLACEMENTS),
  replacementVersionTemplate: notActed(NO_REPLACEMENTS),
  sourceDirectory: notActed('source links point at the repository, not a directory in it'),
  sourceUrl: acted("the dep's source repository, for links and release notes in the PR body (templates allowed)"),
};

const RENAMED = new Map(RENOVATE_RENAMES.map((r) => [r.from, r.to]));
const GLOBAL = new Set(RENOVATE_GLOBAL_OPTIONS);
const UPKEEP_MANAGERS = new Set<string>([...MANAGER_IDS, ...CUSTOM_REGEX_NAMES]);
const RENOVATE_MANAGER_SET = new Set(RENOVATE_MANAGERS);

/**
 * Renovate's old names that Upkeep does not read under their new name, because it does not act on the new
 * one either (the old name of an option Upkeep acts on is a rename, read as the new name).
 */
const OLD_NAMES: Readonly<Record<string, string>> = {
  fetchReleaseNotes: 'old name of fetchChangeLogs: the PR body links to release notes; it does not copy them in',
  matchSourceUrlPrefixes: `old name of matchSourceUrls: ${NO_RULE('source URLs are known only after the lookup')}`,
};

/** Old names Upkeep reads under their new name itself (the schema keeps them; check-values.ts says what to write). */
const OWN_RENAMES: Readonly<Record<string, string>> = { regexManagers: 'customManagers' };

/** Where a Renovate name stands with Upkeep; undefined for a name Renovate does not have. */
export type NameStatus =
  OptionStatus | { status: 'renamed'; to: string } | { status: 'operator' } | { status: 'manager'; upkeep: boolean } | { status: 'old-name'; why: string };

export function statusOf(name: string): NameStatus | undefined {
  const to = RENAMED.get(name) ?? (Object.hasOwn(OWN_RENAMES, name) ? OWN_RENAMES[name] : undefined);
  if (to !== undefined) return { status: 'renamed', to };
  const own = Object.hasOwn(OPTION_STATUS, name) ? OPTION_STATUS[name] : undefined;
  if (own) return own;
  if (GLOBAL.has(name)) return { status: 'operator' };
  if (RENOVATE_MANAGER_SET.has(name) || UPKEEP_MANAGERS.has(name)) return { status: 'manager', upkeep: UPKEEP_MANAGERS.has(name) };
  const old = Object.hasOwn(OLD_NAMES, name) ? OLD_NAMES[name] : undefined;
  return old !== undefined ? { status: 'old-name', why: old } : undefined;
}

/** Why Upkeep does not act on `name` (a Renovate option or manager name it does not read). */
export function whyNotActedOn(name: string): string {
  const status = statusOf(name);
  if (status?.status === 'not-acted' || status?.status === 'old-name') return status.why;
  if (status?.status === 'manager' && !status.upkeep) return 'not a manager Upkeep has';
  return 'not read here';
}

/** Every Renovate repository option name, for the test that each has a status. */
export const ALL_RENOVATE_NAMES: readonly string[] = [...new Set([...RENOVATE_OPTIONS, ...RENOVATE_RENAMES.map((r) => r.from), ...RENOVATE_GLOBAL_OPTIONS])];
