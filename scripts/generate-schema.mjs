#!/usr/bin/env node
/**
 * Writes config/schema.json — the JSON Schema of the repository config — from the zod schema
 * (src/config/schema.ts, read from its build in dist/: `npm run schema` builds first). Never edit the
 * JSON by hand: test/config/validate.test.ts fails when it differs from what this script writes.
 *
 *   node scripts/generate-schema.mjs           write config/schema.json
 *   node scripts/generate-schema.mjs --stdout  print it instead
 *
 * An editor autocompletes a config that names it: `"$schema": "<where Upkeep is>/config/schema.json"`.
 * Draft 7, which every editor's JSON support reads. The options object shared by every manager, and
 * the one shared by every update type, are written once under `definitions`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = new URL('../', import.meta.url);

/**
 * Descriptions for the options whose zod schema carries none (an option's `.describe()` in schema.ts
 * wins). Upkeep's wording; the meaning is Renovate's.
 */
const DESCRIPTIONS = {
  $schema: 'The JSON Schema this file follows (for editors).',
  extends: 'Presets to start from, e.g. "config:recommended", ":semanticCommits", "local>owner/repo".',
  description: 'Free text for people reading the config.',
  enabledManagers:
    'Only these managers run (kubernetes, flux, helm-values, helmv3, kustomize, docker-compose, dockerfile, github-actions, gitea-actions, argocd).',
  ignorePaths: 'Files and directories never read (globs, e.g. "**/archive/**").',
  ignoreDeps: 'Dependency names never updated.',
  baseBranches: 'Branches to update instead of the default branch (e.g. "flux", "production"); /regex/ allowed.',
  dependencyDashboard: 'Keep a dashboard issue listing every update and its state.',
  dependencyDashboardTitle: 'Title of the dashboard issue.',
  dependencyDashboardLabels: 'Labels of the dashboard issue.',
  packageRules: 'Rules applied in order to the updates they match; later rules win.',
  fileMatch: 'Extra files for this manager: regular expressions on the path (older form of managerFilePatterns).',
  managerFilePatterns: 'Extra files for this manager: "/regex/" or globs on the path.',
  matchManagers: 'The rule applies to deps found by these managers.',
  matchDatasources: 'The rule applies to deps looked up with these datasources (docker, helm, github-tags, …).',
  matchPackageNames: 'Package names: exact, glob, "/regex/", "!" to exclude.',
  matchDepNames: 'Dependency names as written in the file: exact, glob, "/regex/", "!" to exclude.',
  matchDepTypes: 'Dependency types.',
  matchFileNames: 'Files the deps are in: globs or "/regex/".',
  matchUpdateTypes: 'Kinds of update: major, minor, patch, digest, pin, pinDigest.',
  matchCurrentVersion: 'A version range ("<2.0.0") or "/regex/" the current version must match.',
  matchCurrentValue: 'A glob or "/regex/" on the current value as written.',
  matchBaseBranches: 'Base branches the rule applies to; /regex/ allowed.',
  rangeStrategy: 'How version ranges are changed (auto, pin, replace, bump, widen, …).',
  minimumReleaseAgeBehaviour: 'Whether a release without a timestamp is held back by minimumReleaseAge.',
  separateMajorMinor: 'Major updates get their own branch.',
  separateMinorPatch: 'Patch updates get a branch apart from minor ones.',
  separateMultipleMajor: 'One branch per major version ahead, not only the latest.',
  groupSlug: 'Branch name part for the group (default: from groupName).',
  branchPrefix: 'Start of every branch name (default "upkeep/"; "renovate/" adopts Renovate\'s branches).',
  additionalBranchPrefix: 'Added after branchPrefix.',
  branchTopic: 'Branch name part after the prefixes.',
  labels: 'Labels of the pull requests (replaces earlier ones).',
  addLabels: 'Labels added to those already set.',
  assignees: 'Users assigned to the pull requests.',
  reviewers: 'Users asked to review the pull requests.',
  commitMessagePrefix: 'Text before the commit message.',
  commitMessageAction: 'Verb of the commit message ("Update").',
  commitMessageTopic: 'What is updated, in the commit message.',
  commitMessageExtra: 'Text after the topic (usually the new version).',
  commitMessageSuffix: 'Text at the end of the commit message.',
  semanticCommits: 'Conventional-commit messages ("chore(deps): …"): auto, enabled or disabled.',
  semanticCommitType: 'Type of semantic commits ("chore").',
  semanticCommitScope: 'Scope of semantic commits ("deps").',
  prTitle: 'Pull request title (default: the commit message).',
  prHeader: 'Text at the top of pull request bodies.',
  prFooter: 'Text at the bottom of pull request bodies.',
  automerge: 'Merge the update without a person once checks pass.',
  automergeType: '"pr": merge the pull request; "branch": push the branch to the base without a pull request.',
  automergeStrategy: 'How a pull request is merged.',
  platformAutomerge: "Use the forge's own auto-merge when it has one.",
  automergeSchedule: 'When automerging may happen (same forms as schedule).',
  timezone: 'IANA time zone for schedules (e.g. "Europe/Berlin").',
  prConcurrentLimit: 'Most pull requests open at once (0 or null: no limit).',
  prHourlyLimit: 'Most pull requests created per hour (0 or null: no limit).',
  branchConcurrentLimit: 'Most update branches at once (default: prConcurrentLimit).',
  dependencyDashboardApproval: 'Updates wait for a tick on the dashboard before a branch is made.',
  recreateWhen: 'Whether a closed pull request is opened again for the same update.',
  rebaseWhen: 'When an update branch is rebuilt on its base.',
  registryAliases: 'Registry names to replace when looking up ("docker.io": "mirror.example.com").',
  major: 'Options for major updates.',
  minor: 'Options for minor updates.',
  patch: 'Options for patch updates.',
  digest: 'Options for digest updates (same tag, new digest).',
  pin: 'Options for updates that pin a version.',
  pinDigest: 'Options for updates that add a digest.',
};

/** Adds a description to every property that has none, wherever the option appears. */
function describe(node, managerIds) {
  if (Array.isArray(node)) return node.forEach((child) => describe(child, managerIds));
  if (typeof node !== 'object' || node === null) return;
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    const text = DESCRIPTIONS[name] ?? (managerIds.includes(name) ? `Options for the ${name} manager.` : undefined);
    if (text && typeof property === 'object' && property.description === undefined) property.description = text;
  }
  for (const value of Object.values(node)) describe(value, managerIds);
}

/** Properties `names` (all the same schema) point to one definition instead of repeating it. */
function share(document, names, definition) {
  const present = names.filter((name) => document.properties[name]);
  if (present.length === 0) return;
  const bodies = present.map((name) => {
    const { description, ...body } = document.properties[name];
    return JSON.stringify(body);
  });
  if (bodies.some((body) => body !== bodies[0])) throw new Error(`${present.join(', ')} no longer share one schema`);
  document.definitions[definition] = JSON.parse(bodies[0]);
  for (const name of present) {
    const { description } = document.properties[name];
    document.properties[name] = { allOf: [{ $ref: `#/definitions/${definition}` }], ...(description ? { description } : {}) };
  }
}

/** The JSON Schema of the repository config (from dist/), as the text written to config/schema.json. */
export async function schemaText() {
  const { repoConfigSchema, UPDATE_TYPES } = await import(new URL('dist/config/schema.js', ROOT).href);
  const { MANAGER_IDS } = await import(new URL('dist/meta/managers.js', ROOT).href);
  const generated = z.toJSONSchema(repoConfigSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  describe(generated, MANAGER_IDS);
  const { $schema, ...rest } = generated;
  const document = {
    $schema,
    title: 'Upkeep repository config',
    description: 'upkeep.json (or a Renovate config: renovate.json, .github/renovate.json5, …). Generated from src/config/schema.ts by `npm run schema`.',
    ...rest,
    definitions: {},
  };
  share(document, MANAGER_IDS, 'managerOptions');
  share(document, UPDATE_TYPES, 'updateTypeOptions');
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await schemaText();
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else writeFileSync(new URL('config/schema.json', ROOT), text);
}
