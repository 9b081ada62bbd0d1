/**
 * Presets: every built-in preset is a valid config with the content Renovate gives it (as far as it
 * concerns images, charts and actions), `extends` merges in order with the config itself winning, and
 * presets from the repository's own files resolve relative to the file naming them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePresets, type ResolvePresetsOptions } from '../../src/config/presets.js';
import { repoConfigSchema, type RepoConfig } from '../../src/config/schema.js';
import { formatProblem, validateRepoConfig } from '../../src/config/validate.js';
import { ConfigError } from '../../src/util/errors.js';
import { compileRegexLiteral, parseRegexLiteral } from '../../src/util/user-regex.js';
import { getVersioning } from '../../src/versioning/registry.js';

const PRESETS_DIR = resolve(import.meta.dirname, '../../config/presets');
const FIXTURES = resolve(import.meta.dirname, '../fixtures/presets');

type Obj = Record<string, unknown>;
const NAMESPACE_OF_FILE: Record<string, string> = { 'merge-confidence': 'mergeConfidence', 'custom-managers': 'customManagers' };

/**
 * Every built-in preset Upkeep adapted by hand (`:semanticCommits`, `config:recommended`): those with a
 * description of Upkeep's. The rest of Renovate's catalogue is its data as published (preset-catalogue.test.ts).
 */
function builtinPresets(): Array<[string, Obj]> {
  const all: Array<[string, Obj]> = [];
  for (const file of readdirSync(PRESETS_DIR).sort()) {
    const base = file.replace(/\.json$/, '');
    const namespace = NAMESPACE_OF_FILE[base] ?? base;
    const presets = JSON.parse(readFileSync(join(PRESETS_DIR, file), 'utf8')) as Record<string, Obj>;
    for (const [name, content] of Object.entries(presets)) {
      if (base !== 'renamed' && typeof content?.description === 'string') all.push([namespace === 'default' ? `:${name}` : `${namespace}:${name}`, content]);
    }
  }
  return all;
}

/** Reads the fixture repository, as `--platform local` reads the working directory. */
function reader(root: string): Required<Pick<ResolvePresetsOptions, 'readLocal'>> & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readLocal: async (path) => {
      reads.push(path);
      return readFile(join(root, path), 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
    },
  };
}

const resolveWith = (config: Obj, options: ResolvePresetsOptions = {}) => resolvePresets(config as RepoConfig, { file: 'renovate.json', ...options });

async function failure(config: Obj, options: ResolvePresetsOptions = {}): Promise<ConfigError> {
  const err = await resolveWith(config, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('built-in presets as data', () => {
  const presets = builtinPresets();

  it('are all valid repository configs', () => {
    expect(presets.length).toBe(120);
    for (const [name, content] of presets) {
      const result = repoConfigSchema.safeParse(content);
      expect(result.success ? name : `${name}: ${JSON.stringify(result.error.issues[0])}`).toBe(name);
      expect(typeof content.description, name).toBe('string');
    }
  });

  it("pass Upkeep's own validation without an error or a warning", () => {
    for (const [name, content] of presets) {
      const withArgs = JSON.parse(JSON.stringify(content).replace(/\{\{arg\d\}\}/g, 'Europe/Berlin')) as Obj;
      const { errors, warnings } = validateRepoConfig(withArgs, name);
      expect([...errors, ...warnings].map(formatProblem), name).toEqual([]);
    }
  });

  it('all resolve, with an argument for the parameterised ones', async () => {
    for (const [name, content] of presets) {
      const needs = JSON.stringify(content).match(/\{\{arg(\d)\}\}/g)?.length ?? 0;
      const ref = needs ? `${name}(Europe/Berlin, Europe/Paris)` : name;
      const { config } = await resolveWith({ extends: [ref] });
      expect(JSON.stringify(config), name).not.toMatch(/\{\{arg\d\}\}|"extends"/);
    }
  });

  it('name versionings Upkeep has, and regular expressions RE2 runs', () => {
    const regexKeys = ['matchPackageNames', 'matchDepNames', 'matchCurrentValue', 'matchCurrentVersion', 'allowedVersions'];
    let versionings = 0;
    let regexes = 0;
    for (const [name, content] of presets) {
      for (const rule of (content.packageRules as Obj[] | undefined) ?? []) {
        if (typeof rule.versioning === 'string') {
          expect(() => getVersioning(rule.versioning as string), name).not.toThrow();
          versionings++;
        }
        for (const key of regexKeys) {
          for (const value of [rule[key]].flat()) {
            const literal = typeof value === 'string' ? parseRegexLiteral(value) : undefined;
            if (!literal) continue;
            expect(() => compileRegexLiteral(literal, `${name} ${key}`)).not.toThrow();
            regexes++;
          }
        }
      }
    }
    expect([versionings, regexes]).toEqual([10, 20]);
  });

  it('say, when they set nothing, why (nothing to do for images and charts, or not acted on)', async () => {
    for (const [name, content] of presets) {
      if (Object.keys(content).some((k) => k !== 'description')) continue;
      expect(content.description, name).toMatch(/^Accepted, (nothing to do|not acted on)/);
    }
  });
});

describe('the presets users write', () => {
  it(':dependencyDashboard, :semanticCommits, :automergeDigest, :automergePatch, :automergeMinor', async () => {
    expect((await resolveWith({ extends: [':dependencyDashboard'] })).config).toEqual({ dependencyDashboard: true });
    expect((await resolveWith({ extends: [':semanticCommits'] })).config).toEqual({ semanticCommits: 'enabled' });
    expect((await resolveWith({ extends: [':automergeDigest'] })).config).toEqual({ digest: { automerge: true } });
    expect((await resolveWith({ extends: [':automergePatch'] })).config).toEqual({
      separateMinorPatch: true,
      patch: { automerge: true },
      pin: { automerge: true },
    });
    expect((await resolveWith({ extends: [':automergeMinor'] })).config).toEqual({
      minor: { automerge: true },
      patch: { automerge: true },
      pin: { automerge: true },
    });
  });

  it('schedule:weekly is schedule:earlyMondays; :timezone takes the zone as its argument', async () => {
    const weekly = await resolveWith({ extends: ['schedule:weekly', ':timezone(Europe/Berlin)'] });
    expect(weekly.config).toEqual({ schedule: ['* 0-3 * * 1'], timezone: 'Europe/Berlin' });
    expect(weekly.presets).toEqual(['schedule:weekly', 'schedule:earlyMondays', ':timezone(Europe/Berlin)']);
    expect((await resolveWith({ extends: ['schedule:earlyMondays'] })).config).toEqual({ schedule: ['* 0-3 * * 1'] });
    expect((await resolveWith({ extends: [':timezone( America/New_York )'] })).config).toEqual({ timezone: 'America/New_York' });
  });

  it('group:allNonMajor, docker:pinDigests and helpers:pinGitHubActionDigests are package rules', async () => {
    const { config } = await resolveWith({ extends: ['group:allNonMajor', 'docker:pinDigests', 'helpers:pinGitHubActionDigests'] });
    expect(config).toEqual({
      packageRules: [
        {
          description: 'preset group:allNonMajor',
          matchPackageNames: ['*'],
          matchUpdateTypes: ['minor', 'patch'],
          groupName: 'all non-major dependencies',
          groupSlug: 'all-minor-patch',
        },
        { description: 'preset docker:pinDigests', matchDatasources: ['docker'], pinDigests: true },
        { description: 'preset docker:pinDigests', matchManagers: ['argocd', 'helmv3'], pinDigests: false },
        { description: 'preset helpers:pinGitHubActionDigests', matchDepTypes: ['action', 'workflow'], pinDigests: true },
      ],
    });
  });

  it('config:recommended: dashboard, commit types, ignored folders, groups and workarounds — no automerge, schedule or limits', async () => {
    const { config, presets, withoutEffect } = await resolveWith({ extends: ['config:recommended'] });
    expect(Object.keys(config).sort()).toEqual(['dependencyDashboard', 'ignorePaths', 'packageRules']);
    expect(config.dependencyDashboard).toBe(true);
    expect(config.ignorePaths).toEqual([
      '**/node_modules/**',
      '**/bower_components/**',
      '**/vendor/**',
      '**/examples/**',
      '**/__tests__/**',
      '**/test/**',
      '**/tests/**',
      '**/__fixtures__/**',
    ]);
    const rules = config.packageRules!;
    expect(rules.map((r) => r.description)).toEqual([
      'preset :semanticPrefixFixDepsChoreOthers',
      'preset :semanticPrefixFixDepsChoreOthers',
      'preset group:nodeJs',
      'preset group:gradle',
      'preset group:githubArtifactActions',
      ...Array(2).fill('preset workarounds:doNotUpgradeFromAlpineStableToEdge'),
      ...Array(5).fill('preset workarounds:javaLTSVersions'),
      'preset workarounds:bitnamiDockerImageVersioning',
      'preset workarounds:clamavDockerImageVersioning',
      'preset workarounds:grafanaDockerImageVersioning',
      ...Array(3).fill('preset workarounds:libericaJdkDockerVersioning'),
    ]);
    expect(rules[0]).toEqual({ description: 'preset :semanticPrefixFixDepsChoreOthers', matchPackageNames: ['*'], semanticCommitType: 'chore' });
    expect(rules[2]).toMatchObject({ matchDatasources: ['docker', 'node-version'], commitMessageTopic: 'Node.js' });
    expect(rules[5]).toEqual({
      description: 'preset workarounds:doNotUpgradeFromAlpineStableToEdge',
      matchDatasources: ['docker'],
      matchDepNames: ['alpine'],
      matchCurrentVersion: '!/^\\d{8}$/',
      allowedVersions: '<20000000',
    });
    expect(presets).toEqual([
      'config:recommended',
      ':dependencyDashboard',
      ':semanticPrefixFixDepsChoreOthers',
      ':ignoreModulesAndTests',
      'group:monorepos',
      'group:recommended',
      'group:nodeJs',
      'group:gradle',
      'group:githubArtifactActions',
      'mergeConfidence:age-confidence-badges',
      'replacements:all',
      'workarounds:all',
      'workarounds:nodeDockerVersioning',
      'workarounds:doNotUpgradeFromAlpineStableToEdge',
      'workarounds:supportRedHatImageVersion',
      'workarounds:javaLTSVersions',
      'workarounds:containerbase',
      'workarounds:bitnamiDockerImageVersioning',
      'workarounds:clamavDockerImageVersioning',
      'workarounds:grafanaDockerImageVersioning',
      'workarounds:libericaJdkDockerVersioning',
      'workarounds:ubuntuDockerVersioning',
      'helpers:forgejoDigestChangelogs',
      'helpers:giteaDigestChangelogs',
      'helpers:githubDigestChangelogs',
      'helpers:gitlabDigestChangelogs',
      'helpers:goXPackagesChangelogLink',
      'helpers:goXPackagesNameLink',
    ]);
    expect(withoutEffect).toEqual([
      'group:monorepos',
      'mergeConfidence:age-confidence-badges',
      'replacements:all',
      'workarounds:nodeDockerVersioning',
      'workarounds:supportRedHatImageVersion',
      'workarounds:containerbase',
      'workarounds:ubuntuDockerVersioning',
      'helpers:forgejoDigestChangelogs',
      'helpers:giteaDigestChangelogs',
      'helpers:githubDigestChangelogs',
      'helpers:gitlabDigestChangelogs',
      'helpers:goXPackagesChangelogLink',
      'helpers:goXPackagesNameLink',
    ]);
  });

  it('config:base is config:recommended; config:best-practices adds digest pinning for images and actions', async () => {
    const recommended = await resolveWith({ extends: ['config:recommended'] });
    const base = await resolveWith({ extends: ['config:base'] });
    expect(base.config).toEqual(recommended.config);
    expect(base.presets).toEqual(['config:base', ...recommended.presets.slice(1)]);
    expect(base.warnings).toEqual(['preset "config:base": Renovate\'s old name, read as "config:recommended" (write that instead)']);
    const best = await resolveWith({ extends: ['config:best-practices'] });
    expect(best.config.packageRules!.slice(0, -3)).toEqual(recommended.config.packageRules);
    expect(best.config.packageRules!.slice(-3).map(({ description, ...rule }) => rule)).toEqual([
      { matchDatasources: ['docker'], pinDigests: true },
      { matchManagers: ['argocd', 'helmv3'], pinDigests: false },
      { matchDepTypes: ['action', 'workflow'], pinDigests: true },
    ]);
    expect(best.withoutEffect.slice(-5)).toEqual([
      ':configMigration',
      ':pinDevDependencies',
      'abandonments:recommended',
      'security:minimumReleaseAgeNpm',
      ':maintainLockFilesWeekly',
    ]);
  });

  it('a homelab config: presets first, in order, then the config itself wins', async () => {
    const input = {
      $schema: 'https://docs.renovatebot.com/renovate-schema.json',
      extends: ['config:recommended', ':semanticCommits', ':automergeDigest', ':automergePatch', 'schedule:earlyMondays', ':timezone(Europe/Berlin)'],
      description: 'homelab',
      schedule: ['every weekend'],
      patch: { automergeType: 'branch' },
      ignorePaths: ['archive/**'],
      packageRules: [{ matchManagers: ['flux'], matchUpdateTypes: ['minor'], automerge: true }],
      flux: { fileMatch: ['cluster/.+\\.ya?ml$'] },
    };
    const frozen = JSON.stringify(input);
    const { config } = await resolveWith(input);
    expect(JSON.stringify(input)).toBe(frozen);
    expect(config).toMatchObject({
      $schema: 'https://docs.renovatebot.com/renovate-schema.json',
      description: 'homelab',
      dependencyDashboard: true,
      semanticCommits: 'enabled',
      separateMinorPatch: true,
      digest: { automerge: true },
      patch: { automerge: true, automergeType: 'branch' },
      pin: { automerge: true },
      schedule: ['every weekend'],
      timezone: 'Europe/Berlin',
      ignorePaths: ['archive/**'],
      flux: { fileMatch: ['cluster/.+\\.ya?ml$'] },
    });
    expect(config.packageRules!.at(-1)).toEqual({ matchManagers: ['flux'], matchUpdateTypes: ['minor'], automerge: true });
    expect(config.packageRules).toHaveLength(19);
    expect('extends' in config).toBe(false);
  });

  it('a later preset wins over an earlier one; extends may be a single string', async () => {
    expect((await resolveWith({ extends: [':semanticCommits', ':semanticCommitsDisabled'] })).config).toEqual({ semanticCommits: 'disabled' });
    expect((await resolveWith({ extends: ':automergeBranch' })).config).toEqual({ automergeType: 'branch' });
    expect((await resolveWith({ extends: [':semanticPrefixChore'] })).presets).toEqual([':semanticPrefixChore', ':semanticCommitType(chore)']);
    expect((await resolveWith({ extends: [':semanticPrefixChore'] })).config).toEqual({ semanticCommitType: 'chore' });
    expect((await resolveWith({ extends: [':assignAndReview(alice)'] })).config).toEqual({ assignees: ['alice'], reviewers: ['alice'] });
    expect((await resolveWith({})).config).toEqual({});
  });

  it('ignorePresets leaves a preset out, wherever it is named', async () => {
    const { config, presets } = await resolveWith({ extends: ['config:recommended'], ignorePresets: [':ignoreModulesAndTests', 'workarounds:all'] });
    expect(config).not.toHaveProperty('ignorePaths');
    expect(config).not.toHaveProperty('ignorePresets');
    expect(config.packageRules).toHaveLength(5);
    expect(presets).not.toContain(':ignoreModulesAndTests');
  });

  it('after validation: ignorePresets and presets inside rules reach the resolution', async () => {
    const validated = validateRepoConfig(
      {
        extends: ['config:recommended'],
        ignorePresets: [':ignoreModulesAndTests'],
        packageRules: [{ matchDatasources: ['helm'], extends: ['schedule:weekly'] }],
      },
      'renovate.json',
    );
    expect(validated.errors).toEqual([]);
    const { config } = await resolveWith(validated.config);
    expect(config).not.toHaveProperty('ignorePaths');
    expect(config.packageRules!.at(-1)).toEqual({ schedule: ['* 0-3 * * 1'], matchDatasources: ['helm'] });
  });

  it('presets named inside a package rule apply to that rule', async () => {
    const { config } = await resolveWith({
      packageRules: [{ matchPackageNames: ['ghcr.io/home-assistant/**'], extends: ['schedule:weekly', ':automergeBranch'], automerge: true }],
    });
    expect(config).toEqual({
      packageRules: [{ schedule: ['* 0-3 * * 1'], automergeType: 'branch', matchPackageNames: ['ghcr.io/home-assistant/**'], automerge: true }],
    });
    const err = await failure({ packageRules: [{ matchDatasources: ['docker'], extends: ['group:allNonMajor'] }] });
    expect(err.message).toBe('renovate.json: packageRules[0].packageRules: after presets: Unrecognized key: "packageRules"');
  });
});

describe('errors', () => {
  it('an unknown preset is named, with a suggestion when one is close', async () => {
    const err = await failure({ extends: ['config:recomended'] });
    expect(err.message).toBe('renovate.json: extends: unknown preset "config:recomended" (did you mean config:recommended?)');
    expect([err.file, err.key]).toEqual(['renovate.json', 'extends']);
    expect((await failure({ extends: [':automergeMinorr'] })).message).toBe(
      'renovate.json: extends: unknown preset ":automergeMinorr" (did you mean :automergeMinor?)',
    );
    expect((await failure({ extends: ['recommended'] })).message).toBe(
      'renovate.json: extends: unknown preset "recommended" (did you mean config:recommended?) (a bare name means an npm package (renovate-config-NAME), which Upkeep does not read)',
    );
    expect((await failure({ extends: ['monorepo:angulr'] })).message).toBe(
      'renovate.json: extends: unknown preset "monorepo:angulr" (did you mean monorepo:angular?)',
    );
    expect((await failure({ extends: ['nonsense:thing'] })).message).toBe('renovate.json: extends: unknown preset "nonsense:thing"');
  });

  it('presets from other repositories need a forge to read them; URLs and npm packages are refused', async () => {
    for (const [ref, file] of [
      ['github>org/renovate-config', 'default.json of github>org/renovate-config'],
      ['gitlab>org/presets:base', 'base.json of gitlab>org/presets'],
      ['gitea>org/presets//ci/images.json5#v2', 'ci/images.json5 of gitea>org/presets at v2'],
      ['forgejo>org/presets', 'default.json of forgejo>org/presets'],
    ]) {
      expect((await failure({ extends: [ref] })).message).toBe(`renovate.json: extends: preset "${ref}": could not read ${file}: this run reads no forge`);
    }
    expect((await failure({ extends: ['https://example.com/preset.json'] })).message).toBe(
      'renovate.json: extends: preset "https://example.com/preset.json": presets from URLs are not read (name a repository instead)',
    );
    expect((await failure({ extends: ['local>org/renovate-config'] }, { repository: 'me/homelab' })).message).toBe(
      'renovate.json: extends: preset "local>org/renovate-config": could not read default.json of local>org/renovate-config: this run reads no forge',
    );
    expect((await failure({ extends: ['@org/renovate-config'] })).message).toBe(
      'renovate.json: extends: preset "@org/renovate-config": presets from npm packages are not read',
    );
  });

  it('a parameterised preset without its argument', async () => {
    expect((await failure({ extends: [':timezone'] })).message).toBe('renovate.json: extends: preset ":timezone" needs an argument: write :timezone(<arg0>)');
    expect((await failure({ extends: [':timezone()'] })).message).toBe(
      'renovate.json: extends: preset ":timezone()" needs an argument: write :timezone(<arg0>)',
    );
    expect((await failure({ extends: [':labels(a)'] })).message).toBe(
      'renovate.json: extends: preset ":labels(a)" needs 2 arguments: write :labels(<arg0>, <arg1>)',
    );
    expect((await failure({ extends: [':timezone(Europe/Berlin'] })).message).toBe(
      'renovate.json: extends: preset ":timezone(Europe/Berlin": arguments must end with ")"',
    );
  });
});

describe('presets from the repository', () => {
  const repo = join(FIXTURES, 'repo');

  it('local>owner/repo reads default.json, which may extend built-in and relative presets', async () => {
    const read = reader(repo);
    const { config, presets } = await resolveWith({ extends: ['local>me/homelab'], prHourlyLimit: 4 }, { ...read, repository: 'Me/Homelab' });
    expect(presets.slice(0, 2)).toEqual(['local>me/homelab', 'config:recommended']);
    expect(presets.slice(-2)).toEqual(['./presets/labels.json', './common']);
    expect(read.reads).toEqual(['default.json', 'presets/labels.json', 'presets/common.json']);
    expect(config).toMatchObject({ timezone: 'Europe/Berlin', prHourlyLimit: 4, labels: ['dependencies'], addLabels: ['upkeep'], dependencyDashboard: true });
    expect(config).not.toHaveProperty('description');
  });

  it('named presets in a file (JSON5), a subdirectory file, and a relative path from the config', async () => {
    const read = reader(repo);
    const named = await resolveWith({ extends: ['local>me/homelab:named.json5/flux', 'local>me/homelab:named.json5/images'] }, read);
    expect(named.config).toEqual({
      packageRules: [
        { description: 'Flux chart patches', matchManagers: ['flux'], matchUpdateTypes: ['patch'], automerge: true, automergeType: 'branch' },
        { description: 'preset docker:pinDigests', matchDatasources: ['docker'], pinDigests: true },
        { description: 'preset docker:pinDigests', matchManagers: ['argocd', 'helmv3'], pinDigests: false },
      ],
    });
    expect((await resolveWith({ extends: ['local>me/homelab//presets/nested/child'] }, read)).config).toEqual({
      addLabels: ['upkeep'],
      automergeType: 'branch',
    });
    expect((await resolveWith({ extends: ['./presets/nested/child.json'] }, read)).config).toEqual({ addLabels: ['upkeep'], automergeType: 'branch' });
    expect((await resolveWith({ extends: ['./presets/root-ref.json'] }, read)).config).toEqual({ addLabels: ['upkeep'] });
    // Arguments are put in before the file is validated (a "{{arg1}}" time zone would not be valid).
    expect((await resolveWith({ extends: ['./presets/team.json(team-web, Europe/Paris)'] }, read)).config).toEqual({
      labels: ['team-web'],
      timezone: 'Europe/Paris',
    });
    expect((await failure({ extends: ['./presets/team.json(team-web, Mars/Olympus)'] }, read)).message).toMatch(/^presets\/team\.json:1: timezone: /);
    expect((await resolveWith({ extends: ['me/homelab:named.json5/images'] }, read)).config.packageRules).toHaveLength(2);
  });

  it("a repository's default preset falls back to renovate.json, as in Renovate", async () => {
    const { config } = await resolveWith({ extends: ['local>me/other'] }, { ...reader(join(FIXTURES, 'fallback')), repository: 'me/other' });
    expect(config).toEqual({ semanticCommits: 'enabled' });
  });

  it('unknown keys in a preset file are dropped with a warning; wrong values are errors naming file and key', async () => {
    const read = reader(repo);
    const { config, warnings } = await resolveWith({ extends: ['./presets/unknown-key.json'] }, read);
    expect(config).toEqual({
      automerge: true,
      packageRules: [{ description: 'preset ./presets/unknown-key.json', matchPackageNames: ['nginx'], labels: ['web'] }],
    });
    expect(warnings).toEqual([
      'presets/unknown-key.json: Upkeep does not act on: postUpgradeTasks (no commands are run in the repository), packageRules[0].prPriority (branches are taken in a fixed order: pins, digests, patches, minors, majors)',
    ]);
    const wrong = await failure({ extends: ['./presets/wrong-type.json'] }, read);
    expect([wrong.file, wrong.key]).toEqual(['presets/wrong-type.json', 'packageRules[0].matchUpdateTypes[0]']);
    expect(wrong.message).toBe(
      'presets/wrong-type.json:2: packageRules[0].matchUpdateTypes[0]: "mayor" is not one of major, minor, patch, digest, pin, pinDigest (and 1 more problem)',
    );
    const bad = await failure({ extends: ['./presets/bad.json'] }, read);
    expect([bad.file, bad.line, bad.column]).toEqual(['presets/bad.json', 3, 18]);
    expect((await failure({ extends: ['./presets/array.json'] }, read)).message).toBe('renovate.json: extends: presets/array.json does not hold a JSON object');
  });

  it('cycles, missing files, paths outside the repository, tags, and remote presets inside a local one', async () => {
    const read = reader(repo);
    expect((await failure({ extends: ['./presets/cycle-a.json'] }, read)).message).toBe(
      'presets/cycle-b.json: extends: preset cycle: ./presets/cycle-a.json → ./cycle-b.json → ./cycle-a.json',
    );
    expect((await failure({ extends: ['./presets/nope.json'] }, read)).message).toBe(
      'renovate.json: extends: preset "./presets/nope.json": presets/nope.json not found in this repository',
    );
    expect((await failure({ extends: ['local>me/homelab:named.json5/nothing'] }, read)).message).toBe(
      'renovate.json: extends: preset "nothing" not found in named.json5',
    );
    expect((await failure({ extends: ['./presets/escape.json'] }, read)).message).toBe(
      'presets/escape.json: extends: preset "../../outside.json" points outside the repository',
    );
    // Another revision of this repository is not in the checkout: it is read through the forge.
    expect((await failure({ extends: ['local>me/homelab#v1.2.0'] }, read)).message).toBe(
      'renovate.json: extends: preset "local>me/homelab#v1.2.0": could not read default.json of local>me/homelab at v1.2.0: this run reads no forge',
    );
    expect((await failure({ extends: ['./presets/remote.json'] }, read)).message).toBe(
      'presets/remote.json: extends: preset "github>someone/renovate-config": could not read default.json of github>someone/renovate-config: this run reads no forge',
    );
    expect((await failure({ extends: ['local>me/homelab//../../etc/passwd'] }, read)).message).toBe(
      'renovate.json: extends: preset "local>me/homelab//../../etc/passwd" points outside the repository',
    );
    const broken = { readLocal: () => Promise.reject(new Error('EACCES: permission denied')) };
    expect((await failure({ extends: ['./presets/common.json'] }, broken)).message).toBe(
      'renovate.json: extends: preset "./presets/common.json": cannot read presets/common.json: EACCES: permission denied',
    );
    expect((await failure({ extends: ['local>me/homelab'] })).message).toBe(
      'renovate.json: extends: preset "local>me/homelab": could not read default.json of local>me/homelab: this run reads no forge',
    );
  });
});

describe('the package layout', () => {
  it('the built code finds config/presets/ too (dist/config/presets.js, after npm run build)', async () => {
    const built = (await import(resolve(import.meta.dirname, '../../dist/config/presets.js'))) as typeof import('../../src/config/presets.js');
    const { config } = await built.resolvePresets({ extends: ['schedule:weekly'] });
    expect(config).toEqual({ schedule: ['* 0-3 * * 1'] });
  });
});
