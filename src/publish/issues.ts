/**
 * The two issues the bot keeps in a repository: the dependency dashboard, and "Action required: fix the
 * Upkeep configuration" while the config has errors. One open issue per title (duplicates closed), its
 * body written only when the text changed, so a rerun over an unchanged world writes nothing.
 */
import type { EnsureOutcome, Issue, RepoPlatform } from '../platforms/types.js';

export const CONFIG_ERROR_TITLE = 'Action required: fix the Upkeep configuration';

export type IssueOutcome = EnsureOutcome | 'closed' | 'absent';

function fit(body: string, max: number): string {
  if (body.length <= max) return body;
  const note = "\n\n… (cut to the forge's size limit)";
  return body.slice(0, max - note.length) + note;
}

/** One open issue with this title and body: reuse the newest (reopened if closed), close the others. */
export async function ensureIssue(platform: RepoPlatform, title: string, body: string, options: { dryRun?: boolean } = {}): Promise<IssueOutcome> {
  const text = fit(body, platform.maxBodyLength);
  const found = await platform.findIssues(title);
  const [newest, ...duplicates] = found;
  if (options.dryRun) return !newest ? 'created' : newest.body.trim() === text.trim() && newest.state === 'open' ? 'unchanged' : 'updated';
  for (const duplicate of duplicates.filter((i) => i.state === 'open')) await platform.updateIssue(duplicate.number, { state: 'closed' });
  if (!newest) {
    await platform.createIssue({ title, body: text });
    return 'created';
  }
  const change: { body?: string; state?: 'open' } = {};
  // Forges trim trailing whitespace on save; comparing trimmed text keeps reruns write-free.
  if (newest.body.trim() !== text.trim()) change.body = text;
  if (newest.state !== 'open') change.state = 'open';
  if (Object.keys(change).length === 0) return 'unchanged';
  await platform.updateIssue(newest.number, change);
  return 'updated';
}

/** Close every open issue with this title (the config was fixed; the dashboard was turned off). */
export async function closeIssues(platform: RepoPlatform, title: string, options: { dryRun?: boolean } = {}): Promise<IssueOutcome> {
  const open: Issue[] = (await platform.findIssues(title)).filter((i) => i.state === 'open');
  if (open.length === 0) return 'absent';
  if (!options.dryRun) for (const issue of open) await platform.updateIssue(issue.number, { state: 'closed' });
  return 'closed';
}

/** `dependencyDashboardFooter`: the text last in the dashboard, after a rule; the body as it is without one. */
export function withFooter(body: string, footer: string | undefined): string {
  return footer?.trim() ? `${body.trimEnd()}\n\n---\n\n${footer.trim()}\n` : body;
}

/** The config-error issue's body: what is wrong, where, and that nothing is updated until it is fixed. */
export function configErrorBody(file: string | undefined, errors: readonly string[]): string {
  return [
    `Upkeep found errors in the repository's configuration${file ? ` (\`${file}\`)` : ''}, so it is not opening or updating any pull request until they are fixed:`,
    '',
    ...errors.map((e) => `- ${e.replace(/`/g, "'")}`),
    '',
    'Run `upkeep validate` in the repository to check a fix before pushing it. This issue closes by itself on the first run after the configuration is valid.',
  ].join('\n');
}
