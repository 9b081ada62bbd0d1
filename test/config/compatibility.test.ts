/**
 * What Upkeep does with each of Renovate's options (src/config/compatibility.ts) is complete and true, and
 * README's compatibility section is exactly what scripts/compatibility-doc.mjs makes of it; the one "does
 * not act on" warning comes from the same data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compatibilitySection, END, replaceSection, START } from '../../scripts/compatibility-doc.mjs';
import { KNOWN_KEYS } from '../../src/config/clean-keys.js';
import * as compatibility from '../../src/config/compatibility.js';
import * as renovate from '../../src/config/renovate-options.js';
import { formatProblem, validateRepoConfig } from '../../src/config/validate.js';
import { MANAGER_IDS } from '../../src/meta/managers.js';
import { presetCoverage } from '../../src/config/preset-coverage.js';

const { ALL_RENOVATE_NAMES, OPTION_STATUS, statusOf } = compatibility;
const ROOT = join(import.meta.dirname, '../..');
/** Options the schema has no place for that Upkeep still reads: presets.ts takes `ignorePresets` out first. */
const READ_OUTSIDE_THE_SCHEMA = new Set(['ignorePresets']);
const readSomewhere = (name: string) => READ_OUTSIDE_THE_SCHEMA.has(name) || Object.values(KNOWN_KEYS).some((keys) => keys.has(name));

describe('every Renovate option has a status', () => {
  it('every option, old name and self-hosted option of renovate-options.ts', () => {
    const missing = ALL_RENOVATE_NAMES.filter((name) => statusOf(name) === undefined);
    expect(missing).toEqual([]);
    expect(ALL_RENOVATE_NAMES.length).toBeGreaterThan(300);
  });

  it('"acted" exactly for the options the config schema reads; old names are renames, not statuses of their own', () => {
    const wrong = Object.entries(OPTION_STATUS)
      .filter(([name, status]) => (status.status === 'acted') !== readSomewhere(name))
      .map(([name, status]) => `${name}: ${status.status}`);
    expect(wrong).toEqual([]);
    const stray = Object.keys(OPTION_STATUS).filter((name) => !renovate.RENOVATE_OPTIONS.includes(name));
    expect(stray).toEqual([]);
    const renamed = renovate.RENOVATE_RENAMES.map((r) => r.from).filter((name) => Object.hasOwn(OPTION_STATUS, name));
    expect(renamed).toEqual([]);
  });

  it('every Renovate option the schema reads is listed as acted on', () => {
    const read = renovate.RENOVATE_OPTIONS.filter((name) => readSomewhere(name) && statusOf(name)?.status !== 'renamed');
    expect(read.filter((name) => statusOf(name)?.status !== 'acted')).toEqual([]);
  });

  it('texts are short phrases of their own (one line in a warning)', () => {
    const texts = Object.values(OPTION_STATUS).map((s) => (s.status === 'acted' ? s.does : s.why));
    expect(texts.filter((t) => t.length > 220 || t.endsWith('.') || t.includes('\n'))).toEqual([]);
  });
});

describe("README's compatibility section", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const presets = await presetCoverage();
  const section = compatibilitySection({ compatibility, renovate, managerIds: MANAGER_IDS, presets });

  it("counts Renovate's built-in presets by what a config naming each gets, every one of them", () => {
    expect(presets.reduce((n, row) => n + row.presets, 0)).toBe(1288);
    for (const row of presets) expect(row.whole + row.partly + row.nothing, row.namespace).toBe(row.presets);
    // What home-lab configs name is acted on whole: config:, schedule:, docker:.
    for (const namespace of ['config', 'schedule', 'docker'])
      expect(presets.find((r) => r.namespace === namespace)?.whole).toBe(presets.find((r) => r.namespace === namespace)?.presets);
  });

  it('is what scripts/compatibility-doc.mjs writes from the data (run `npm run compat-doc` after changing it)', () => {
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(readme.indexOf('## Compatibility with Renovate configs'));
    expect(readme.slice(start, end + END.length)).toBe(section.trimEnd());
    expect(replaceSection(readme, section)).toBe(readme);
  });

  it('names every option with its status, and each of them once', () => {
    for (const [name, status] of Object.entries(OPTION_STATUS)) {
      const row = `| \`${name}\` | ${(status.status === 'acted' ? status.does : status.why).replace(/\|/g, '\\|')} |`;
      expect(section.split('\n').filter((line) => line === row)).toHaveLength(1);
    }
    expect(section).toContain('- `changelogUrl` ← `customChangelogUrl`');
    expect(section).toContain('`npm`');
    expect(section).toContain('`platform`');
  });
});

describe('the "does not act on" warning', () => {
  const warningsOf = (value: Record<string, unknown>) => {
    const result = validateRepoConfig(value, 'renovate.json', JSON.stringify(value, null, 2));
    return { errors: result.errors.map(formatProblem), warnings: result.warnings.map(formatProblem) };
  };

  it('a config with every option the corpus of real configs uses: no error, one warning saying why for what is not acted on', () => {
    const { errors, warnings } = warningsOf({
      $schema: 'https://docs.renovatebot.com/renovate-schema.json',
      gitAuthor: 'home-bot[bot] <101597957+home-bot[bot]@users.noreply.github.com>',
      gitIgnoredAuthors: ['noreply@github.com', '227055450+renohate[bot]@users.noreply.github.com'],
      platformCommit: 'enabled',
      configMigration: true,
      forkProcessing: 'disabled',
      dependencyDashboard: true,
      dependencyDashboardAutoclose: false,
      dependencyDashboardFooter: 'This dashboard is automatically maintained by Renovate.',
      suppressNotifications: ['prEditedNotification', 'prIgnoreNotification'],
      commitBodyTable: true,
      ignoreDeprecated: true,
      internalChecksAsSuccess: true,
      internalChecksFilter: 'none',
      vulnerabilityAlerts: { enabled: true, labels: ['security'] },
      osvVulnerabilityAlerts: false,
      lockFileMaintenance: { enabled: true, automerge: true },
      group: { commitMessageTopic: '{{{groupName}}} group' },
      packageRules: [
        {
          matchDatasources: ['docker'],
          matchPackageNames: ['/cilium/'],
          groupName: 'Cilium',
          group: { commitMessageTopic: '{{{groupName}}} group' },
          minimumGroupSize: 2,
        },
        { matchUpdateTypes: ['minor', 'patch', 'digest'], automerge: true, automergeType: 'branch', ignoreTests: true, addLabels: ['automerge'] },
        {
          matchDatasources: ['docker'],
          commitMessageTopic: 'image {{depName}}',
          commitMessageExtra: '( {{currentVersion}} → {{newVersion}} )',
          semanticCommitScope: 'container',
        },
        {
          matchPackageNames: ['/cloudflared/'],
          changelogUrl: 'https://github.com/cloudflare/cloudflared/blob/master/RELEASE_NOTES',
          sourceUrl: 'https://github.com/cloudflare/cloudflared',
        },
        { matchPackageNames: ['/minio/'], customChangelogUrl: 'https://github.com/minio/minio/releases' },
        { matchManagers: ['flux'], overrideDepName: '{{packageName}}' },
        { matchPackageNames: ['/factory\\.talos\\.dev/'], overridePackageName: 'ghcr.io/siderolabs/installer' },
      ],
    });
    expect(errors).toEqual([]);
    const notActed = warnings.filter((w) => w.includes('does not act on'));
    expect(notActed).toEqual([
      'renovate.json: Upkeep does not act on: ' +
        [
          "platformCommit (commits are pushed with git, not made through the forge's API)",
          'configMigration (old option names are read as they are, with a warning saying what to write; no migration PR is opened)',
          'forkProcessing (the operator chooses which repositories Upkeep runs on, forks or not)',
          'internalChecksAsSuccess (the bot sets no status checks of its own, so there are none to count)',
          'internalChecksFilter (releases younger than `minimumReleaseAge` are always left out (Renovate\'s "strict"); no pending checks)',
          'vulnerabilityAlerts (no vulnerability data is read)',
          'osvVulnerabilityAlerts (no vulnerability data is read)',
          'lockFileMaintenance (no package manager is run and no lock file updated: only references in files are edited)',
        ].join(', '),
    ]);
    // The old name is read as the new one, in its own warning.
    expect(warnings.filter((w) => !w.includes('does not act on'))).toEqual([
      'renovate.json:82: packageRules[4].customChangelogUrl: Renovate\'s old name: read as "changelogUrl": "https://github.com/minio/minio/releases" (write that instead)',
    ]);
  });

  it('an option in several places is named once with each place; where Upkeep reads it elsewhere, it says where', () => {
    const { errors, warnings } = warningsOf({
      group: { commitMessageTopic: 'x', labels: ['grouped'] },
      packageRules: [
        { matchPackageNames: ['a'], prPriority: 5, gitAuthor: 'Bot <bot@example.com>' },
        { matchPackageNames: ['b'], prPriority: 1 },
      ],
      npm: { enabled: false },
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'renovate.json: Upkeep does not act on: group.labels (in group, Upkeep reads only branchTopic, commitMessagePrefix, commitMessageAction, commitMessageTopic, commitMessageExtra, commitMessageSuffix, prTitle), npm (not a manager Upkeep has), packageRules[0].prPriority, packageRules[1].prPriority (branches are taken in a fixed order: pins, digests, patches, minors, majors), packageRules[0].gitAuthor (read only at the top level)',
    ]);
  });
});
