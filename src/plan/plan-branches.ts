/**
 * The plan stage's entry point: upgrades → branches, each with its name, commit message, PR title and
 * body, labels, assignees, reviewers and automerge settings. Pure: the same upgrades (in any order) give
 * byte-identical branches. Whether a branch is due now is decided later (schedule, limits): every branch
 * leaves here with `due: true`.
 *
 * A broken template in an option (`branchTopic`, `commitMessageTopic`, `prTitle`, `groupName`, …) is a
 * config error: an `InputError` naming the option.
 */
import { commitBodyTable } from './commit-body.js';
import { branchMessages } from './commit-message.js';
import { bucketUpgrades, prepareUpgrade, type PreparedUpgrade, type Render } from './group.js';
import { prBody } from './pr-body.js';
import { createTemplateEngine } from './templates.js';
import type { PlannedBranch, Upgrade } from './types.js';

export interface PlanOptions {
  /**
   * Whether the repository's recent commits follow Conventional Commits: decides `semanticCommits: "auto"`,
   * which Renovate detects from the history. Without it, `auto` means no semantic prefix.
   */
  semanticCommits?: boolean;
  /**
   * The configured base branches. With more than one, branch names carry the base branch
   * (`upkeep/production-nginx-1.x`) and titles end in ` (production)`, as Renovate does. Defaults to the
   * base branches the upgrades target, which is only right when every configured base branch has one.
   */
  baseBranches?: string[];
}

const sortedUnique = (values: string[]): string[] => [...new Set(values.filter((v) => v !== ''))].sort();

export function planBranches(upgrades: Upgrade[], options: PlanOptions = {}): PlannedBranch[] {
  const engine = createTemplateEngine();
  const render: Render = engine.render;
  const bases = options.baseBranches ?? upgrades.map((u) => u.baseBranch);
  const multipleBaseBranches = new Set(bases).size > 1;
  const prepared = upgrades.map((upgrade) => prepareUpgrade(upgrade, { multipleBaseBranches, render, check: engine.check }));
  return bucketUpgrades(prepared).map((list) => toBranch(list, options, multipleBaseBranches, render));
}

/** An upgrade as the PR body shows it: under the names and with the links the config gives it. */
function shown({ upgrade, fields, changelogUrl }: PreparedUpgrade): Upgrade {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const dep: Upgrade['dep'] = { ...upgrade.dep, depName: text(fields.depName) ?? upgrade.dep.depName };
  const packageName = text(fields.packageName);
  if (packageName) dep.packageName = packageName;
  const sourceUrl = text(fields.sourceUrl);
  if (sourceUrl) dep.sourceUrl = sourceUrl;
  if (changelogUrl) dep.changelogUrl = changelogUrl;
  return { ...upgrade, dep };
}

function toBranch(list: PreparedUpgrade[], options: PlanOptions, multipleBaseBranches: boolean, render: Render): PlannedBranch {
  const first = list[0]!;
  const { config, baseBranch } = first.upgrade;
  const semantic = config.semanticCommits === 'enabled' || (config.semanticCommits === 'auto' && options.semanticCommits === true);
  const messages = branchMessages(list, { semantic, multipleBaseBranches, render });
  const { title } = messages;
  const table = commitBodyTable(list.map((p) => ({ fields: p.fields, table: p.upgrade.config.commitBodyTable })));
  const commitMessage = table ? `${messages.commitMessage}\n\n${table}\n` : messages.commitMessage;
  const labels = list.flatMap((p) => [...p.upgrade.config.labels, ...p.upgrade.config.addLabels].map((l) => render(l, p.fields, 'labels').trim()));
  const automerge = list.every((p) => p.upgrade.config.automerge);
  const ignoreTests = list.every((p) => p.upgrade.config.ignoreTests);
  const suppressNotifications = sortedUnique(list.flatMap((p) => p.upgrade.config.suppressNotifications));
  const upgrades = list.map((p) => p.upgrade);
  return {
    branchName: first.branchName,
    baseBranch,
    title,
    commitMessage,
    prBody: prBody({
      upgrades: list.map(shown),
      baseBranch,
      header: render(config.prHeader, first.fields, 'prHeader'),
      footer: render(config.prFooter, first.fields, 'prFooter'),
      automerge,
      automergeType: config.automergeType,
      automergeStrategy: config.automergeStrategy,
      platformAutomerge: config.platformAutomerge,
      automergeSchedule: config.automergeSchedule,
      timezone: config.timezone,
    }),
    labels: sortedUnique(labels),
    assignees: sortedUnique(list.flatMap((p) => p.upgrade.config.assignees)),
    reviewers: sortedUnique(list.flatMap((p) => p.upgrade.config.reviewers)),
    automerge,
    automergeType: config.automergeType,
    automergeStrategy: config.automergeStrategy,
    ...(first.groupName !== undefined ? { groupName: first.groupName } : {}),
    ...(ignoreTests ? { ignoreTests } : {}),
    ...(suppressNotifications.length > 0 ? { suppressNotifications } : {}),
    upgrades,
    due: true,
  };
}
