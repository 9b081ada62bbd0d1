/**
 * Branch names, exactly as Renovate forms them, so that with `branchPrefix: "renovate/"` Upkeep finds and
 * adopts the branches (and PRs) a previous Renovate installation left open:
 * `{branchPrefix}{additionalBranchPrefix}{branchTopic}`, templates rendered three times (they may nest),
 * then cleaned into a valid git ref.
 */
import slugify from 'slugify';
import type { TemplateFields } from './templates.js';

/** The template every branch name comes from. */
export const BRANCH_NAME_TEMPLATE = '{{{branchPrefix}}}{{{additionalBranchPrefix}}}{{{branchTopic}}}';

/** The default topic: `nginx-1.x`, with `separateMinorPatch` a patch gets `nginx-1.25.x`. */
export const DEFAULT_BRANCH_TOPIC = '{{{depNameSanitized}}}-{{{newMajor}}}{{#if separateMinorPatch}}{{#if isPatch}}.{{{newMinor}}}{{/if}}{{/if}}.x';
/** Digest updates of images keep the tag in the name (`nginx-1.25`); other digests get `-digest`. */
export const DOCKER_DIGEST_BRANCH_TOPIC = '{{{depNameSanitized}}}-{{{currentValue}}}';
export const DIGEST_BRANCH_TOPIC = '{{{depNameSanitized}}}-digest';
/** A group's topic is its slug. */
export const GROUP_BRANCH_TOPIC = '{{{groupSlug}}}';

/**
 * `depNameSanitized`: `ghcr.io/fluxcd/flux-cli` → `ghcr.io-fluxcd-flux-cli`. Renovate's rules, including
 * their quirks: only the first `@` goes, and only the first run of dashes is collapsed.
 */
export function sanitizeDepName(depName: string): string {
  return depName.replace('@types/', '').replace('@', '').replace(/\//g, '-').replace(/\s+/g, '-').replace(/:/g, '-').replace(/-+/, '-').toLowerCase();
}

/** A group name as a branch-name part: `"Flux apps & tools"` → `flux-apps-and-tools` (Renovate uses slugify). */
export function slugifyGroup(name: string): string {
  return slugify(name, { lower: true });
}

export interface GroupSlugInput {
  /** `groupSlug` rendered, or the rendered `groupName` when no slug is set. */
  slug: string;
  updateType: string;
  newMajor: number | null;
  separateMajorMinor: boolean;
  separateMultipleMajor: boolean;
  separateMinorPatch: boolean;
}

/** A group's slug for one update: majors get their own branch (`major-<slug>`), patches too with `separateMinorPatch`. */
export function groupSlugFor(input: GroupSlugInput): string {
  let slug = slugifyGroup(input.slug);
  if (input.updateType === 'major' && input.separateMajorMinor) {
    slug = input.separateMultipleMajor ? `major-${String(input.newMajor)}-${slug}` : `major-${slug}`;
  }
  if (input.updateType === 'patch' && input.separateMinorPatch) slug = `patch-${slug}`;
  return slug;
}

/** What the `clean-git-ref` package does, which Renovate applies first. */
function cleanGitRef(value: string): string {
  return value
    .replace(/\.\//g, '/')
    .replace(/\.\./g, '.')
    .replace(/ /g, '-')
    .replace(/^[~^:?*\\-]/, '')
    .replace(/[~^:?*\\]/g, '-')
    .replace(/[~^:?*\\-]$/, '')
    .replace(/@\{/g, '-')
    .replace(/\.$/, '')
    .replace(/\/$/, '')
    .replace(/\.lock$/, '');
}

/** A rendered name made into a valid, tidy git branch name (Renovate's `cleanBranchName`). */
export function cleanBranchName(name: string): string {
  return cleanGitRef(name)
    .replace(/^\.|\.$/, '')
    .replace(/\/\./g, '/')
    .replace(/\s/g, '')
    .replace(/[[\]?:\\^~<>]/g, '-')
    .replace(/(^|\/)-+/g, '$1')
    .replace(/-+(\/|$)/g, '$1')
    .replace(/--+/g, '-');
}

/**
 * The branch name for one upgrade. `fields` must carry the (unrendered) `branchPrefix`,
 * `additionalBranchPrefix` and `branchTopic` templates; they are rendered here, three times, as Renovate does.
 */
export function branchNameFor(fields: TemplateFields, render: (template: string, fields: TemplateFields, option: string) => string): string {
  let name = BRANCH_NAME_TEMPLATE;
  for (let pass = 0; pass < 3; pass++) name = render(name, fields, 'branchTopic');
  return cleanBranchName(name);
}
