import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse.js';
import { compilePatternList } from '../../src/config/string-match.js';
import { formatProblem, validateRepoConfig } from '../../src/config/validate.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/configs');

function check(path: string) {
  const content = readFileSync(join(FIXTURES, path), 'utf8');
  const file = path.split('/').pop()!;
  const result = validateRepoConfig(parseConfigText(file, content), file, content);
  return { ...result, errorLines: result.errors.map(formatProblem), warningLines: result.warnings.map(formatProblem) };
}

/** Validate a value given as an object (its text written as JSON, so problems carry lines). */
function checkValue(value: unknown, file = 'renovate.json') {
  const content = JSON.stringify(value, null, 2);
  const result = validateRepoConfig(value, file, content);
  return { ...result, errorLines: result.errors.map(formatProblem), warningLines: result.warnings.map(formatProblem) };
}

describe('validateRepoConfig: configs users write', () => {
  it('an Upkeep config: no problems, returned as written', () => {
    const { config, errors, warnings } = check('good/upkeep.json');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    const written = JSON.parse(readFileSync(join(FIXTURES, 'good/upkeep.json'), 'utf8'));
    expect(config).toEqual(written);
  });

  it('a home-lab Flux Renovate config works unchanged: old names read as new, one warning for what Upkeep ignores', () => {
    const { config, errorLines, warningLines } = check('good/flux-homelab.json5');
    expect(errorLines).toEqual([]);
    expect(warningLines).toEqual([
      'flux-homelab.json5:34: packageRules[1].matchPackagePatterns: Renovate\'s old name: read as "matchPackageNames": ["/rook.ceph/"] (write that instead)',
    ]);
    expect(config.packageRules?.[1]).toEqual({
      description: 'Group the Rook-Ceph chart and its images',
      matchDatasources: ['helm', 'docker'],
      matchPackageNames: ['/rook.ceph/'],
      groupName: 'rook-ceph-suite',
      additionalBranchPrefix: '',
      separateMinorPatch: true,
    });
    expect(config.flux).toEqual({ fileMatch: ['(^|/)kubernetes/.+\\.ya?ml$'] });
    expect(config.extends).toEqual(['config:recommended', 'docker:pinDigests', ':semanticCommits', ':timezone(Europe/Berlin)']);
  });

  it('a current home-operations style config: group settings, minimumGroupSize, ignoreTests and custom managers read', () => {
    const { config, errorLines, warningLines } = check('good/home-ops.json5');
    expect(errorLines).toEqual([]);
    expect(warningLines).toEqual([]);
    expect(config.kubernetes).toEqual({ managerFilePatterns: ['/(^|/)kubernetes/.+\\.ya?ml$/'] });
    expect(config.packageRules).toHaveLength(9);
    expect(config.packageRules?.[0]).toEqual({
      description: 'Flux Operator and its instance in one PR',
      matchDatasources: ['docker'],
      matchPackageNames: ['/flux-operator/', '/flux-instance/'],
      groupName: 'flux-operator',
      group: { commitMessageTopic: '{{{groupName}}} group' },
      minimumGroupSize: 2,
    });
  });

  it('a Gitea home-lab config with base branches, a regex versioning and a group', () => {
    const { config, errorLines, warningLines } = check('good/gitea-homelab.json');
    expect(errorLines).toEqual([]);
    expect(warningLines).toEqual([]);
    const written = JSON.parse(readFileSync(join(FIXTURES, 'good/gitea-homelab.json'), 'utf8'));
    expect(config).toEqual(written);
  });

  it('an empty config is valid', () => {
    expect(validateRepoConfig({}, 'renovate.json', '')).toEqual({ config: {}, errors: [], warnings: [] });
  });
});

describe('validateRepoConfig: errors name file, line and key path', () => {
  it('values not among the allowed ones', () => {
    const { config, errorLines, warningLines } = check('bad/unknown-values.json');
    expect(errorLines).toEqual([
      'unknown-values.json:2: rangeStrategy: "pinn" is not one of auto, pin, replace, bump, widen, update-lockfile, in-range-only',
      'unknown-values.json:5: packageRules[1].automergeType: "prs" is not one of pr, branch',
      'unknown-values.json:6: packageRules[2].matchUpdateTypes[2]: "mayor" is not one of major, minor, patch, digest, pin, pinDigest',
    ]);
    expect(warningLines).toEqual([]);
    // Never act on a half-read config.
    expect(config).toEqual({});
  });

  it('wrong types', () => {
    expect(check('bad/wrong-types.json').errorLines).toEqual([
      'wrong-types.json:2: automerge: expected a boolean, not a string "yes"',
      'wrong-types.json:4: prConcurrentLimit: -1 is too small (at least 0)',
      'wrong-types.json:5: prHourlyLimit: expected a whole number, not a number 2.5',
      'wrong-types.json:6: schedule[1]: expected a string, not a number 1',
      'wrong-types.json:7: registryAliases.docker.io: expected a string, not a number 5',
      'wrong-types.json:8: packageRules: expected a list, not an object',
    ]);
    expect(checkValue({ schedule: 5, extends: { a: 1 } }).errorLines).toEqual([
      'renovate.json:2: schedule: expected a string or a list, not a number 5',
      'renovate.json:3: extends: expected a string or a list, not an object {"a":1}',
    ]);
  });

  it('values the schema cannot judge: patterns, schedules, time zone, ages, versioning, managers, datasources', () => {
    const { errorLines, warningLines } = check('bad/values.json');
    expect(errorLines).toEqual([
      'values.json:2: timezone: "Europe/Amsterdm" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")',
      'values.json:3: minimumReleaseAge: "3 dayz" is not an age (e.g. "3 days", "12 hours")',
      'values.json:4: enabledManagers[0]: "kubernets" is not a manager (did you mean "kubernetes"?)',
      // fileMatch[2] (`^(\w+)*$`) is fine: patterns run on RE2, where it cannot backtrack.
      'values.json:5: flux.fileMatch[1]: invalid pattern "/[unclosed/": error parsing regexp: missing closing ]: `[unclosed`',
      'values.json:6: schedule[1]: "befor 6am on mondey" cannot be read as a schedule (stopped at "befor 6:00am on mondey"): use cron ("* 0-3 * * 1") or text such as "before 6am on monday", "every weekend", "after 10pm every weekday"',
      'values.json:8: packageRules[0].matchPackageNames[0]: invalid pattern "/^(?!nginx)/": error parsing regexp: invalid or unsupported Perl syntax: `(?!` (look-around is not supported: patterns run on RE2)',
      'values.json:9: packageRules[1].matchDepNames[0]: invalid pattern "/^ghcr\\\\.io\\\\/(?<name/": error parsing regexp: invalid named capture: `(?<name`',
      'values.json:10: packageRules[2].versioning: versioning "regex:^(?<major>\\d+": invalid pattern: error parsing regexp: missing closing ): `^(?<major>\\d+`',
      'values.json:10: packageRules[2].matchDatasources[0]: "dockr" is not a datasource (did you mean "docker"?)',
      // A pattern that would hang a backtracking engine (`(\d+)+$`) is fine; one RE2 lacks (look-behind) is not.
      'values.json:11: packageRules[3].allowedVersions: invalid pattern "/^(?<!v)(\\\\d+)+$/": error parsing regexp: invalid named capture: `(?<!v)(\\d+)+$` (look-around is not supported: patterns run on RE2)',
    ]);
    expect(warningLines).toEqual([
      'values.json:4: enabledManagers[2]: Upkeep has no "npm" manager (it has flux, argocd, kubernetes, kustomize, helm-values, helmv3, helmfile, docker-compose, dockerfile, github-actions, gitea-actions, regex)',
      // Renovate accepts an unknown name in a condition (the rule matches nothing): a warning saying what it probably meant.
      'values.json:10: packageRules[2].matchManagers[0]: "helm" is not a manager: this rule matches nothing (did you mean matchDatasources: ["helm"], or the managers "helm-values", "helmv3", "helmfile"?)',
      'values.json:11: packageRules[3].versioning: Upkeep has no versioning "node": the deps it applies to are not updated',
    ]);
  });

  it('a single string where Renovate takes a list is a one-item list, at the top, in manager options and in rules', () => {
    const result = checkValue({
      ignorePaths: 'archive/**',
      kubernetes: { fileMatch: '^k8s/.+\\.yaml$' },
      packageRules: [{ matchDepTypes: 'dependencies', matchPackageNames: 'nginx', labels: 'deps' }],
    });
    expect(result.errorLines).toEqual([]);
    expect(result.config).toMatchObject({
      ignorePaths: ['archive/**'],
      kubernetes: { fileMatch: ['^k8s/.+\\.yaml$'] },
      packageRules: [{ matchDepTypes: ['dependencies'], matchPackageNames: ['nginx'], labels: ['deps'] }],
    });
    // Options whose value is text stay text.
    expect(checkValue({ packageRules: [{ matchCurrentVersion: '>=1.0.0', description: 'one line' }] }).config).toMatchObject({
      packageRules: [{ matchCurrentVersion: '>=1.0.0', description: 'one line' }],
    });
  });

  it('a pattern RE2 runs in linear time is fine, even one that would hang a backtracking engine', () => {
    expect(checkValue({ packageRules: [{ matchPackageNames: ['/^(a+)+$/'], enabled: false }] }).errors).toEqual([]);
  });

  it('every pattern a run compiles is checked, with file, line and key: ignorePaths, fileMatch, allowedVersions', () => {
    const { errorLines } = checkValue({
      ignorePaths: ['**/node_modules/**', '/(?<=x)y/'],
      kubernetes: { fileMatch: ['(a)\\1'] },
      allowedVersions: '!/^(?!1)/',
      packageRules: [{ matchDepNames: ['nginx'], allowedVersions: '/^(\\d+)+$/' }],
    });
    expect(errorLines).toEqual([
      'renovate.json:4: ignorePaths[1]: invalid pattern "/(?<=x)y/": error parsing regexp: invalid named capture: `(?<=x)y` (look-around is not supported: patterns run on RE2)',
      'renovate.json:8: kubernetes.fileMatch[0]: invalid pattern "/(a)\\\\1/": error parsing regexp: invalid escape sequence: `\\1` (back-references are not supported: patterns run on RE2)',
      'renovate.json:11: allowedVersions: invalid pattern "!/^(?!1)/": error parsing regexp: invalid or unsupported Perl syntax: `(?!` (look-around is not supported: patterns run on RE2)',
    ]);
  });

  it('gitIgnoredAuthors: e-mails, globs and /regex/ are fine; a pattern RE2 cannot run is an error at its key, not at run time', () => {
    const good = ['bot@example.com', '*@users.noreply.github.com', '/^ci-.*@example\\.com$/'];
    expect(checkValue({ gitIgnoredAuthors: good }).errors).toEqual([]);
    const bad = ['bot@example.com', '/(?<=ci)@example\\.com/'];
    expect(checkValue({ gitIgnoredAuthors: bad }).errorLines).toEqual([
      'renovate.json:4: gitIgnoredAuthors[1]: invalid pattern "/(?<=ci)@example\\\\.com/": error parsing regexp: invalid named capture: `(?<=ci)@example\\.com` (look-around is not supported: patterns run on RE2)',
    ]);
    // The same message a run would fail with, from the same compiler.
    expect(() => compilePatternList(bad, 'gitIgnoredAuthors')).toThrow('gitIgnoredAuthors[1]: invalid pattern');
  });

  it('a config that is not an object', () => {
    expect(check('bad/not-object.json').errorLines).toEqual(['not-object.json: the config must be a JSON object, not a list']);
    expect(validateRepoConfig(null, 'renovate.json').errors.map(formatProblem)).toEqual(['renovate.json: the config must be a JSON object, not null']);
    expect(validateRepoConfig('config:recommended', 'renovate.json').errors.map(formatProblem)).toEqual([
      'renovate.json: the config must be a JSON object, not a string',
    ]);
  });

  it('without the file text, problems name the key but no line', () => {
    expect(validateRepoConfig({ automerge: 'yes' }, 'renovate.json').errors).toEqual([
      { file: 'renovate.json', key: 'automerge', message: 'expected a boolean, not a string "yes"' },
    ]);
  });
});

describe('validateRepoConfig: unknown keys are never fatal', () => {
  it('Renovate options, global options, hostRules, typos, old names, rules Upkeep cannot evaluate', () => {
    const { config, errorLines, warningLines } = check('warn/renovate-extras.json');
    expect(errorLines).toEqual([]);
    expect(warningLines).toEqual([
      "renovate-extras.json:5: hostRules: ignored: hosts and credentials come from the operator's config (UPKEEP_HOST_RULES / --config), never from a repository",
      'renovate-extras.json:8: automerg: unknown option, ignored (did you mean "automerge"?)',
      'renovate-extras.json:9: stabilityDays: Renovate\'s old name: read as "minimumReleaseAge": "3 days" (write that instead)',
      'renovate-extras.json:11: packageRules[0].matchUpdateTypes: Upkeep never makes lockFileMaintenance updates: left out',
      'renovate-extras.json:12: packageRules[1]: rule ignored: it matches only update types Upkeep never makes (lockFileMaintenance)',
      'renovate-extras.json:13: packageRules[2]: rule ignored: Upkeep cannot evaluate matchConfidence (acting on the rest would apply the rule to more updates than it names)',
      'renovate-extras.json:14: packageRules[3]: rule ignored: unknown condition "matchPackageName" (did you mean "matchPackageNames"?): acting on the rest would apply the rule to more updates than it names',
      'renovate-extras.json:15: packageRules[4].matchPackagePrefixes: Renovate\'s old name: read as "matchPackageNames": ["/^ghcr\\\\.io\\\\/home-operations\\\\//"] (write that instead)',
      'renovate-extras.json:15: packageRules[4].excludePackageNames: Renovate\'s old name: read as "matchPackageNames": ["!ghcr.io/home-operations/plex"] (write that instead)',
      'renovate-extras.json:18: labels: written twice: the one on line 18 wins, line 17 is ignored',
      "renovate-extras.json: only the operator's config can set platform, token: ignored here",
      'renovate-extras.json: Upkeep does not act on: lockFileMaintenance (no package manager is run and no lock file updated: only references in files are edited), postUpgradeTasks (no commands are run in the repository), packageRules[4].prPriority (branches are taken in a fixed order: pins, digests, patches, minors, majors)',
    ]);
    expect(config).toEqual({
      extends: ['config:recommended'],
      minimumReleaseAge: '3 days',
      labels: ['deps'],
      packageRules: [
        { matchUpdateTypes: ['minor', 'patch'], automerge: true },
        { matchPackageNames: ['/^ghcr\\.io\\/home-operations\\//', '!ghcr.io/home-operations/plex'], labels: ['home-ops'] },
      ],
    });
    // Credentials never reach a message.
    expect(warningLines.join('\n')).not.toMatch(/secret|not-a-real-token/);
  });

  it("old matchers keep Renovate's meaning: (names or patterns or prefixes) and not excluded", () => {
    const { config } = checkValue({
      packageRules: [
        {
          matchPackageNames: ['nginx'],
          matchPackagePatterns: ['^quay\\.io/'],
          matchPackagePrefixes: ['ghcr.io/home-operations/'],
          excludePackagePatterns: ['-rc$'],
          excludePackagePrefixes: ['ghcr.io/home-operations/plex'],
          automerge: true,
        },
      ],
    });
    const names = config.packageRules![0]!.matchPackageNames!;
    expect(names).toEqual(['nginx', '/^quay\\.io//', '/^ghcr\\.io\\/home-operations\\//', '!/-rc$/', '!/^ghcr\\.io\\/home-operations\\/plex/']);
    const matches = compilePatternList(names, 'matchPackageNames');
    expect(
      [
        'nginx',
        'quay.io/prometheus/node-exporter',
        'ghcr.io/home-operations/sonarr',
        'ghcr.io/home-operations/plex',
        'ghcr.io/home-operations/plex-beta',
        'quay.io/x-rc',
        'ghcr.io/home-operations',
        'docker.io/nginx',
      ].map(matches),
    ).toEqual([true, true, true, false, false, false, false, false]);
  });

  it('more renamed options and old values', () => {
    const { config, errors, warningLines } = checkValue({
      baseBranchPatterns: ['main', '/^release\\/.*/'],
      semanticCommits: true,
      recreateClosed: true,
      rebaseStalePrs: false,
      packageRules: [
        { matchPaths: ['clusters/**'], depTypeList: ['HelmRelease'], updateTypes: ['patch'], automergeType: 'branch-push', automerge: true },
        { matchPackageNames: ['minio'], customChangelogUrl: 'https://github.com/minio/minio/releases' },
      ],
    });
    expect(errors).toEqual([]);
    expect(config).toEqual({
      baseBranches: ['main', '/^release\\/.*/'],
      semanticCommits: 'enabled',
      recreateWhen: 'always',
      rebaseWhen: 'conflicted',
      packageRules: [
        { matchFileNames: ['clusters/**'], matchDepTypes: ['HelmRelease'], matchUpdateTypes: ['patch'], automergeType: 'branch', automerge: true },
        { matchPackageNames: ['minio'], changelogUrl: 'https://github.com/minio/minio/releases' },
      ],
    });
    expect(warningLines).toEqual([
      'renovate.json:2: baseBranchPatterns: Renovate\'s old name: read as "baseBranches": ["main","/^release\\\\/.*/"] (write that instead)',
      'renovate.json:6: semanticCommits: Renovate\'s old value true: read as "enabled" (write that instead)',
      'renovate.json:7: recreateClosed: Renovate\'s old name: read as "recreateWhen": "always" (write that instead)',
      'renovate.json:8: rebaseStalePrs: Renovate\'s old name: read as "rebaseWhen": "conflicted" (write that instead)',
      'renovate.json:11: packageRules[0].matchPaths: Renovate\'s old name: read as "matchFileNames": ["clusters/**"] (write that instead)',
      'renovate.json:14: packageRules[0].depTypeList: Renovate\'s old name: read as "matchDepTypes": ["HelmRelease"] (write that instead)',
      'renovate.json:17: packageRules[0].updateTypes: Renovate\'s old name: read as "matchUpdateTypes": ["patch"] (write that instead)',
      'renovate.json:20: packageRules[0].automergeType: Renovate\'s old value "branch-push": read as "branch" (write that instead)',
      'renovate.json:27: packageRules[1].customChangelogUrl: Renovate\'s old name: read as "changelogUrl": "https://github.com/minio/minio/releases" (write that instead)',
    ]);
  });

  it('errors in a rule after a dropped one name the rule as written in the file', () => {
    const { errorLines, warningLines } = checkValue({
      packageRules: [{ matchRepositories: ['org/*'], enabled: false }, { matchUpdateTypes: ['mayor'] }],
    });
    expect(warningLines).toEqual([
      'renovate.json:3: packageRules[0]: rule ignored: Upkeep cannot evaluate matchRepositories (acting on the rest would apply the rule to more updates than it names)',
    ]);
    expect(errorLines).toEqual(['renovate.json:11: packageRules[1].matchUpdateTypes[0]: "mayor" is not one of major, minor, patch, digest, pin, pinDigest']);
  });

  it('typos in manager and update-type objects, and Renovate managers Upkeep does not have; descriptions anywhere are fine', () => {
    const { config, warningLines } = checkValue({
      flux: { description: 'Flux manifests', fileMatch: ['^clusters/'], automerg: true },
      major: { dependencyDashboardApprovl: true },
      npm: { enabled: false },
      AutoMerge: true,
    });
    expect(warningLines).toEqual([
      'renovate.json:7: flux.automerg: unknown option, ignored (did you mean "automerge"?)',
      'renovate.json:10: major.dependencyDashboardApprovl: unknown option, ignored (did you mean "dependencyDashboardApproval"?)',
      'renovate.json:15: AutoMerge: unknown option, ignored (did you mean "automerge"?)',
      'renovate.json: Upkeep does not act on: npm (not a manager Upkeep has)',
    ]);
    expect(config).toEqual({ flux: { fileMatch: ['^clusters/'] }, major: {} });
  });

  it('keeps presets named inside rules, and ignorePresets, for presets.ts, and checks their form', () => {
    const { config, errors } = checkValue({ packageRules: [{ matchFileNames: ['examples/**'], extends: [':semanticCommitTypeAll(chore)'] }] });
    expect(errors).toEqual([]);
    expect(config.packageRules).toEqual([{ matchFileNames: ['examples/**'], extends: [':semanticCommitTypeAll(chore)'] }]);
    expect(checkValue({ packageRules: [{ extends: [1] }] }).errorLines).toEqual([
      'renovate.json:4: packageRules[0].extends: expected a preset name or a list of them, not a list',
    ]);
    // ignorePresets is read by presets.ts too.
    const ignoring = checkValue({ extends: ['config:recommended'], ignorePresets: [':dependencyDashboard'] });
    expect([ignoring.config, ignoring.warnings]).toEqual([{ extends: ['config:recommended'], ignorePresets: [':dependencyDashboard'] }, []]);
    expect(checkValue({ ignorePresets: 5 }).errorLines).toEqual(['renovate.json:2: ignorePresets: expected a preset name or a list of them, not a number']);
  });

  it('a value given twice is reported, and hostRules are never taken from a repository', () => {
    const content = '{\n  "hostRules": [{"matchHost": "ghcr.io", "token": "ghp_canary"}],\n  "automerge": false,\n  "automerge": true\n}\n';
    const result = validateRepoConfig(JSON.parse(content), 'renovate.json', content);
    expect(result.config).toEqual({ automerge: true });
    expect(result.warnings.map(formatProblem)).toEqual([
      "renovate.json:2: hostRules: ignored: hosts and credentials come from the operator's config (UPKEEP_HOST_RULES / --config), never from a repository",
      'renovate.json:4: automerge: written twice: the one on line 4 wins, line 3 is ignored',
    ]);
    expect(JSON.stringify(result)).not.toContain('ghp_canary');
  });
});
