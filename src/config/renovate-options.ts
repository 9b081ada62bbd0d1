/**
 * Renovate's configuration option names, as data, so `upkeep validate` can tell a Renovate option that
 * Upkeep does not act on (a warning listing them) from a typo (a "did you mean" warning).
 *
 * Compiled from Renovate's "Configuration Options" documentation page (docs/usage/configuration-options.md:
 * every `##` option and the `###` options under `packageRules`, `customManagers`, `hostRules`,
 * `postUpgradeTasks`, `customDatasources`), completed with the options later versions added and their
 * `globalOnly` flags (lib/config/options). Names only: no text of Renovate's is reproduced here.
 */

/** Options a repository config may hold in Renovate (any level: top, packageRules, manager objects…). */
export const RENOVATE_OPTIONS: readonly string[] = [
  // Top-level and shared options.
  'abandonmentThreshold', 'addLabels', 'additionalBranchPrefix', 'additionalReviewers', 'assignAutomerge',
  'assignees', 'assigneesFromCodeOwners', 'assigneesSampleSize', 'autoApprove', 'autoReplaceGlobalMatch',
  'automerge', 'automergeComment', 'automergeSchedule', 'automergeStrategy', 'automergeType', 'azureWorkItemId',
  'baseBranches', 'baseBranchPatterns', 'bbAutoResolvePrTasks', 'bbUseDefaultReviewers', 'branchConcurrentLimit',
  'branchName', 'branchNameStrict', 'branchPrefix', 'branchPrefixOld', 'branchTopic', 'bumpVersion', 'bumpVersions',
  'changelogUrl', 'cloneSubmodules', 'cloneSubmodulesFilter', 'commitBody', 'commitBodyTable', 'commitMessage',
  'commitMessageAction', 'commitMessageExtra', 'commitMessageLowerCase', 'commitMessagePrefix',
  'commitMessageSuffix', 'commitMessageTopic', 'composerIgnorePlatformReqs', 'confidential', 'configMigration',
  'configWarningReuseIssue', 'constraints', 'constraintsFiltering', 'customDatasources', 'customManagers',
  'customizeDashboard', 'defaultRegistryUrls', 'dependencyDashboard', 'dependencyDashboardApproval',
  'dependencyDashboardAutoclose', 'dependencyDashboardCategory', 'dependencyDashboardFooter',
  'dependencyDashboardHeader', 'dependencyDashboardLabels', 'dependencyDashboardOSVVulnerabilitySummary',
  'dependencyDashboardReportAbandonment', 'dependencyDashboardTitle', 'description', 'digest', 'draftPR',
  'enabled', 'enabledManagers', 'encrypted', 'env', 'excludeCommitPaths', 'expandCodeOwnersGroups', 'extends',
  'extractVersion', 'fetchChangeLogs', 'fileMatch', 'filterUnavailableUsers', 'followTag',
  'forkModeDisallowMaintainerEdits', 'forkProcessing', 'gitAuthor', 'gitIgnoredAuthors', 'gitLabIgnoreApprovals',
  'goGetDirs', 'group', 'groupName', 'groupSlug', 'hashedBranchLength', 'hostRules', 'ignoreDeprecated',
  'ignoreDeps', 'ignorePaths', 'ignorePlugins', 'ignorePresets', 'ignoreReviewers', 'ignoreScripts', 'ignoreTests',
  'ignoreUnstable', 'includePaths', 'internalChecksAsSuccess', 'internalChecksFilter', 'keepUpdatedLabel',
  'labels', 'lockFileMaintenance', 'logLevelRemap', 'major', 'managerFilePatterns', 'maxMajorIncrement',
  'milestone', 'minimumGroupSize', 'minimumReleaseAge', 'minimumReleaseAgeBehaviour', 'minor', 'mode', 'npmToken',
  'npmrc', 'npmrcMerge', 'osvVulnerabilityAlerts', 'packageRules', 'patch', 'pin', 'pinDigest', 'pinDigests',
  'platformAutomerge', 'platformCommit', 'postUpdateOptions', 'postUpgradeTasks', 'prBodyColumns',
  'prBodyDefinitions', 'prBodyHeadingDefinitions', 'prBodyNotes', 'prBodyTemplate', 'prConcurrentLimit',
  'prCreation', 'prFooter', 'prHeader', 'prHourlyLimit', 'prNotPendingHours', 'prPriority', 'prTitle',
  'prTitleStrict', 'printConfig', 'pruneBranchAfterAutomerge', 'pruneStaleBranches', 'rangeStrategy',
  'rebaseLabel', 'rebaseWhen', 'recreateWhen', 'registryAliases', 'registryUrls', 'replacement',
  'replacementApproach', 'respectLatest', 'reviewers', 'reviewersFromCodeOwners', 'reviewersSampleSize',
  'rollback', 'rollbackPrs', 'schedule', 'semanticCommitScope', 'semanticCommitType', 'semanticCommits',
  'separateMajorMinor', 'separateMinorPatch', 'separateMultipleMajor', 'separateMultipleMinor',
  'skipArtifactsUpdate', 'skipInstalls', 'statusCheckNames', 'stopUpdatingLabel', 'suppressNotifications',
  'timezone', 'toolSettings', 'transitiveRemediation', 'updateInternalDeps', 'updateLockFiles',
  'updateNotScheduled', 'updatePinnedDependencies', 'useBaseBranchConfig', 'userStrings',
  'versionCompatibility', 'versioning', 'vulnerabilityAlerts',
  // Only inside packageRules.
  'allowedVersions', 'matchBaseBranches', 'matchCategories', 'matchConfidence', 'matchCurrentAge',
  'matchCurrentValue', 'matchCurrentVersion', 'matchDatasources', 'matchDepNames', 'matchDepTypes',
  'matchFileNames', 'matchJsonata', 'matchManagers', 'matchNewValue', 'matchPackageNames', 'matchRegistryUrls',
  'matchRepositories', 'matchSourceUrls', 'matchUpdateTypes', 'excludeRepositories', 'overrideDatasource',
  'overrideDepName', 'overridePackageName', 'replacementName', 'replacementNameTemplate', 'replacementVersion',
  'replacementVersionTemplate', 'sourceDirectory', 'sourceUrl',
  // Older names Renovate still reads (and migrates) that Upkeep does not read itself.
  'customChangelogUrl', 'fetchReleaseNotes', 'matchSourceUrlPrefixes', 'regexManagers',
];

/** Options only the operator (Renovate's self-hosted/global config) may set; ignored in a repository. */
export const RENOVATE_GLOBAL_OPTIONS: readonly string[] = [
  'allowCustomCrateRegistries', 'allowPlugins', 'allowPostUpgradeCommandTemplating', 'allowScripts',
  'allowShellExecutorForPostUpgradeCommands', 'allowedCommands', 'allowedEnv', 'allowedHeaders',
  'allowedPostUpgradeCommands', 'allowedUnsafeExecutions', 'autodiscover', 'autodiscoverFilter',
  'autodiscoverNamespaces', 'autodiscoverProjects', 'autodiscoverRepoOrder', 'autodiscoverRepoSort',
  'autodiscoverTopics', 'baseDir', 'bbUseDevelopmentBranch', 'binarySource', 'cacheDir', 'cacheHardTtlMinutes',
  'cachePrivatePackages', 'cacheTtlOverride', 'checkedBranches', 'configFileNames', 'configValidationError',
  'containerbaseDir', 'customEnvVariables', 'deleteAdditionalConfigFile', 'deleteConfigFile',
  'detectGlobalManagerConfig', 'detectHostRulesFromEnv', 'dockerChildPrefix', 'dockerCliOptions',
  'dockerMaxPages', 'dockerSidecarImage', 'dockerUser', 'dryRun', 'encryptedWarning', 'endpoint',
  'executionTimeout', 'exposeAllEnv', 'force', 'forceCli', 'forkCreation', 'forkOrg', 'forkToken',
  'gitNoVerify', 'gitPrivateKey', 'gitPrivateKeyPassphrase', 'gitTimeout', 'gitUrl', 'githubTokenWarn',
  'globalExtends', 'httpCacheTtlDays', 'ignorePrAuthor', 'includeMirrors', 'inheritConfig',
  'inheritConfigFileName', 'inheritConfigRepoName', 'inheritConfigStrict', 'logContext', 'logFile',
  'logFileLevel', 'mergeConfidenceDatasources', 'mergeConfidenceEndpoint', 'migratePresets', 'onboarding',
  'onboardingAutoCloseAge', 'onboardingBranch', 'onboardingCommitMessage', 'onboardingConfig',
  'onboardingConfigFileName', 'onboardingNoDeps', 'onboardingPrTitle', 'onboardingRebaseCheckbox',
  'optimizeForDisabled', 'password', 'persistRepoData', 'platform', 'prCommitsPerRunLimit',
  'presetCachePersistence', 'privateKey', 'privateKeyOld', 'privateKeyPath', 'privateKeyPathOld', 'processEnv',
  'productLinks', 'redisPrefix', 'redisUrl', 'reportPath', 'reportType', 'repositories', 'repositoryCache',
  'repositoryCacheType', 'requireConfig', 's3Endpoint', 's3PathStyle', 'secrets', 'token', 'unicodeEmoji',
  'useCloudMetadataServices', 'userAgent', 'username', 'variables', 'writeDiscoveredRepos',
];

/**
 * Renovate's manager ids (a repository config may hold `"npm": {…}`, `enabledManagers: ["npm"]`,
 * `matchManagers: ["regex"]`), from its "Supported Managers" page and manager list.
 */
export const RENOVATE_MANAGERS: readonly string[] = [
  'ansible', 'ansible-galaxy', 'argocd', 'asdf', 'azure-pipelines', 'batect', 'batect-wrapper', 'bazel',
  'bazel-module', 'bazelisk', 'bicep', 'bitbucket-pipelines', 'bitrise', 'buildkite', 'buildpacks', 'bun',
  'bun-version', 'bundler', 'cake', 'cargo', 'cdnurl', 'circleci', 'cloudbuild', 'cocoapods', 'composer', 'conan',
  'copier', 'cpanfile', 'crossplane', 'crow', 'custom.jsonata', 'custom.regex', 'deps-edn', 'devbox',
  'devcontainer', 'docker-compose', 'dockerfile', 'droneci', 'fleet', 'flux', 'fvm', 'git-submodules',
  'github-actions', 'gitlabci', 'gitlabci-include', 'glasskube', 'gleam', 'gomod', 'gradle', 'gradle-wrapper',
  'haskell-cabal', 'helm-requirements', 'helm-values', 'helmfile', 'helmsman', 'helmv3', 'hermit', 'homebrew',
  'html', 'jenkins', 'jsonata', 'jsonnet-bundler', 'kotlin-script', 'kubernetes', 'kustomize', 'leiningen',
  'maven', 'maven-wrapper', 'meteor', 'mint', 'mise', 'mix', 'nix', 'nodenv', 'npm', 'nuget', 'nvm', 'ocb',
  'osgi', 'pep621', 'pep723', 'pip-compile', 'pip_requirements', 'pip_setup', 'pipenv', 'pixi', 'poetry',
  'pre-commit', 'pub', 'puppet', 'pyenv', 'quadlet', 'regex', 'ruby-version', 'runtime-version', 'sbt',
  'scalafmt', 'setup-cfg', 'sveltos', 'swift', 'tekton', 'terraform', 'terraform-version', 'terragrunt',
  'terragrunt-version', 'tflint-plugin', 'travis', 'typst', 'unity3d', 'velaci', 'vendir', 'woodpecker',
  'xcodegen',
];

/** Update types Renovate has that never occur in Upkeep (lock files, rollbacks, replacements, bumps). */
export const RENOVATE_ONLY_UPDATE_TYPES: readonly string[] = ['lockFileMaintenance', 'rollback', 'bump', 'replacement'];

/**
 * Options Renovate renamed and migrates by itself, so old configs keep working; Upkeep reads them the
 * same way (and says so). How the old value becomes the new one:
 * - `same`: as it is (a string becomes a one-item list when the new option is a list);
 * - `regex` / `prefix`: each entry becomes `/entry/` or `/^escaped-entry/` (exactly the old meaning);
 * - `not`, `not-regex`, `not-prefix`: the same, negated with `!` (the old "exclude" lists);
 * - `days`: a number of days becomes a duration (`3` → `"3 days"`, `0` → none);
 * - `values`: the listed values map to new ones (`true` → `"always"`).
 * List results are appended to the new option when both are present (old and new lists combined, as
 * Renovate's migration does).
 */
export type RenameKind = 'same' | 'regex' | 'prefix' | 'not' | 'not-regex' | 'not-prefix' | 'days' | 'values';

export interface RenovateRename {
  from: string;
  to: string;
  kind: RenameKind;
  values?: Readonly<Record<string, string>>;
}

export const RENOVATE_RENAMES: readonly RenovateRename[] = [
  { from: 'baseBranchPatterns', to: 'baseBranches', kind: 'same' },
  { from: 'baseBranch', to: 'baseBranches', kind: 'same' },
  { from: 'matchPackagePatterns', to: 'matchPackageNames', kind: 'regex' },
  { from: 'matchPackagePrefixes', to: 'matchPackageNames', kind: 'prefix' },
  { from: 'excludePackageNames', to: 'matchPackageNames', kind: 'not' },
  { from: 'excludePackagePatterns', to: 'matchPackageNames', kind: 'not-regex' },
  { from: 'excludePackagePrefixes', to: 'matchPackageNames', kind: 'not-prefix' },
  { from: 'matchDepPatterns', to: 'matchDepNames', kind: 'regex' },
  { from: 'matchDepPrefixes', to: 'matchDepNames', kind: 'prefix' },
  { from: 'excludeDepNames', to: 'matchDepNames', kind: 'not' },
  { from: 'excludeDepPatterns', to: 'matchDepNames', kind: 'not-regex' },
  { from: 'excludeDepPrefixes', to: 'matchDepNames', kind: 'not-prefix' },
  { from: 'packageNames', to: 'matchPackageNames', kind: 'same' },
  { from: 'packagePatterns', to: 'matchPackageNames', kind: 'regex' },
  { from: 'depTypeList', to: 'matchDepTypes', kind: 'same' },
  { from: 'managers', to: 'matchManagers', kind: 'same' },
  { from: 'datasources', to: 'matchDatasources', kind: 'same' },
  { from: 'updateTypes', to: 'matchUpdateTypes', kind: 'same' },
  { from: 'baseBranchList', to: 'matchBaseBranches', kind: 'same' },
  { from: 'paths', to: 'matchFileNames', kind: 'same' },
  { from: 'matchPaths', to: 'matchFileNames', kind: 'same' },
  { from: 'matchFiles', to: 'matchFileNames', kind: 'same' },
  { from: 'stabilityDays', to: 'minimumReleaseAge', kind: 'days' },
  { from: 'versionScheme', to: 'versioning', kind: 'same' },
  { from: 'separateMajorReleases', to: 'separateMajorMinor', kind: 'same' },
  { from: 'separatePatchReleases', to: 'separateMinorPatch', kind: 'same' },
  { from: 'recreateClosed', to: 'recreateWhen', kind: 'values', values: { true: 'always', false: 'auto' } },
  { from: 'rebaseStalePrs', to: 'rebaseWhen', kind: 'values', values: { true: 'behind-base-branch', false: 'conflicted' } },
  { from: 'rebaseConflictedPrs', to: 'rebaseWhen', kind: 'values', values: { false: 'never' } },
];

/** Old values of current options that Renovate migrates in place. */
export const RENOVATE_VALUE_RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  semanticCommits: { true: 'enabled', false: 'disabled' },
  automergeType: { 'branch-push': 'branch', 'branch-merge-commit': 'branch' },
};
