/**
 * Commit messages and PR titles, as Renovate writes them by default, so titles match those of PRs a
 * Renovate installation opened (closed-PR detection compares titles):
 * `{commitMessagePrefix} {commitMessageAction} {commitMessageTopic} {commitMessageExtra} {commitMessageSuffix}`,
 * with the topic and extra that Renovate's datasources and update types set
 * ("Update nginx Docker tag to v1.26.0", "Update Helm release cert-manager to v1.14.0",
 * "Update nginx:1.25 Docker digest to 5c1d2a3", "Pin nginx Docker tag to 5c1d2a3", "Pin dependencies").
 */
import type { Upgrade } from './types.js';
import type { TemplateFields } from './templates.js';

export const COMMIT_MESSAGE_TEMPLATE =
  '{{{commitMessagePrefix}}} {{{commitMessageAction}}} {{{commitMessageTopic}}} {{{commitMessageExtra}}} {{{commitMessageSuffix}}}';

const TOPIC = {
  default: 'dependency {{depName}}',
  docker: '{{{depName}}} Docker tag',
  helm: 'Helm release {{depName}}',
  action: '{{{depName}}} action',
  digest: '{{{depName}}} digest',
  dockerDigest: '{{{depName}}}{{#if currentValue}}:{{{currentValue}}}{{/if}} Docker digest',
};

const EXTRA = {
  default:
    'to {{#if isPinDigest}}{{{newDigestShort}}}{{else}}{{#if isMajor}}{{prettyNewMajor}}{{else}}{{#if isSingleVersion}}{{prettyNewVersion}}{{else}}{{#if newValue}}{{{newValue}}}{{else}}{{{newDigestShort}}}{{/if}}{{/if}}{{/if}}{{/if}}',
  docker: 'to {{#if isPinDigest}}{{{newDigestShort}}}{{else}}{{#if isMajor}}{{{prettyNewMajor}}}{{else}}{{{prettyNewVersion}}}{{/if}}{{/if}}',
  digest: 'to {{newDigestShort}}',
};

/**
 * What a group's branch uses instead of the upgrade's own settings: Renovate's built-in `group` settings
 * for the datasource and update type, with the config's `group` on top. Undefined keeps the upgrade's own.
 */
export interface GroupSettings {
  branchTopic: string;
  commitMessageTopic: string;
  commitMessageExtra?: string;
  commitMessagePrefix?: string;
  commitMessageAction?: string;
  commitMessageSuffix?: string;
  /** `null` in the config: back to the first line of the commit message. */
  prTitle?: string | null;
}

/** The message options a group's settings replace (besides the topic), in `GroupSettings`. */
const GROUP_MESSAGE_OPTIONS = ['commitMessageExtra', 'commitMessagePrefix', 'commitMessageAction', 'commitMessageSuffix', 'prTitle'] as const;

export interface MessageDefaults {
  action: string;
  topic: string;
  extra: string;
  group: Omit<GroupSettings, 'branchTopic'>;
}

/**
 * Renovate's built-in message settings for an upgrade: its datasource's defaults, then its update type's
 * (`digest`, `pin`, `pinDigest`), which win. A user's own non-default value wins over these.
 */
export function messageDefaults(upgrade: Upgrade): MessageDefaults {
  const { datasource, depType } = upgrade.dep;
  const type = upgrade.update.updateType;
  const docker = datasource === 'docker';
  let topic = docker ? TOPIC.docker : datasource === 'helm' ? TOPIC.helm : depType === 'action' ? TOPIC.action : TOPIC.default;
  let extra = docker ? EXTRA.docker : EXTRA.default;
  let group: MessageDefaults['group'] = { commitMessageTopic: '{{{groupName}}}' };
  if (type === 'digest') {
    topic = docker ? TOPIC.dockerDigest : TOPIC.digest;
    extra = EXTRA.digest;
    if (docker) group = { commitMessageTopic: '{{{groupName}}}', commitMessageExtra: '' };
  }
  if (type === 'pin' || type === 'pinDigest') {
    if (type === 'pin' && docker) extra = '';
    group = { commitMessageTopic: type === 'pin' && docker ? '{{{groupName}}}' : 'dependencies', commitMessageExtra: '' };
  }
  return { action: type === 'pin' || type === 'pinDigest' ? 'Pin' : 'Update', topic, extra, group };
}

/** One upgrade of a branch as the message needs it: its fields, with the message options as templates. */
export interface MessageUpgrade {
  fields: TemplateFields;
  group?: GroupSettings;
}

export interface MessageOptions {
  /** Whether semantic commits apply to this branch (`semanticCommits`, with `auto` decided by the caller). */
  semantic: boolean;
  /** More than one base branch: titles name theirs (` (main)`). */
  multipleBaseBranches: boolean;
  render: (template: string, fields: TemplateFields, option: string) => string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Renders three times: options may hold templates that hold templates. */
function renderNested(template: string, fields: TemplateFields, option: string, render: MessageOptions['render']): string {
  let out = template;
  for (let pass = 0; pass < 3; pass++) out = render(out, fields, option);
  return out;
}

/** Renovate's semantic prefix: `chore(deps):`; the first line is lowercased unless the type has capitals. */
function semanticPrefix(fields: TemplateFields, render: MessageOptions['render']): { prefix: string; lower: boolean } {
  const type = str(fields.semanticCommitType);
  const scope = str(fields.semanticCommitScope);
  let prefix = type + (scope ? `(${render(scope, fields, 'semanticCommitScope')})` : '');
  if (prefix && !prefix.endsWith(':')) prefix += ':';
  return { prefix, lower: !/[A-Z]/.test(type) && !type.startsWith(':') };
}

/**
 * The commit message and PR title of a branch from its upgrades (sorted; the first one speaks for the
 * branch, as in Renovate). Group settings apply when the branch is a group's and holds more than one dep
 * or version; the version is dropped from a group's message when its upgrades go to different versions.
 */
export function branchMessages(upgrades: MessageUpgrade[], options: MessageOptions): { commitMessage: string; title: string; isGroup: boolean } {
  const { render } = options;
  const depNames = new Set(upgrades.map((u) => str(u.fields.depName)));
  const toVersions = [...new Set(upgrades.map((u) => str(u.fields.newVersion)))];
  const toValues = new Set(upgrades.map((u) => str(u.fields.newValue)));
  const extras = new Set<string>();
  for (const u of upgrades) {
    const extra = str(u.fields.commitMessageExtra);
    if (extra) extras.add(render(extra, u.fields, 'commitMessageExtra'));
  }
  const groupEligible = depNames.size > 1 || toVersions.length > 1 || (!toVersions[0] && extras.size > 1);
  const first = upgrades[0]!;
  const fields: Record<string, unknown> = { ...first.fields };
  if (extras.size > 1 && !groupEligible) fields.commitMessageExtra = `to v${toVersions[0]}`;
  const { group } = first;
  const isGroup = group !== undefined && groupEligible;
  if (isGroup) {
    fields.commitMessageTopic = group.commitMessageTopic;
    for (const option of GROUP_MESSAGE_OPTIONS) if (group[option] !== undefined) fields[option] = group[option] ?? undefined;
    fields.isGroup = true;
  } else {
    fields.groupName = undefined;
  }
  if (toVersions.length > 1 && toValues.size > 1 && extras.size > 1) fields.commitMessageExtra = '';
  else if (extras.size > 1 && (fields.isDigest || fields.isPinDigest)) fields.commitMessageExtra = '';

  let lower = false;
  if (options.semantic && !str(fields.commitMessagePrefix)) {
    const semantic = semanticPrefix(fields, render);
    fields.commitMessagePrefix = semantic.prefix;
    lower = semantic.lower;
  }
  let commitMessage = renderNested(COMMIT_MESSAGE_TEMPLATE, fields, 'commitMessageTopic', render)
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/to vv(\d)/, 'to v$1');
  if (lower) commitMessage = commitMessage.toLowerCase();

  const prTitle = str(fields.prTitle);
  let title = prTitle ? renderNested(prTitle, fields, 'prTitle', render).trim().replace(/\s+/g, ' ') : commitMessage;
  if (prTitle && lower) title = title.toLowerCase();
  if (options.multipleBaseBranches) title += ` (${str(fields.baseBranch)})`;
  if (isGroup) {
    const type = fields.updateType;
    if (type === 'major' && fields.separateMajorMinor) title += ' (major)';
    if (type === 'minor' && fields.separateMinorPatch) title += ' (minor)';
    if (type === 'patch' && fields.separateMinorPatch) title += ' (patch)';
  }
  return { commitMessage, title, isGroup };
}
