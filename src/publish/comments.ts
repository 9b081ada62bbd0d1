/**
 * What the bot tells people in PR comments, one text per topic (each posted once: reruns find it by topic
 * and leave it, or update it when the text changed). Plain wording: say what happened, what the bot will
 * do next, and what the reader can do.
 */
export type CommentTopic = 'edited' | 'ignored' | 'automerge-failed' | 'merge-blocked' | 'autoclosed' | 'abandoned';

export interface CommentContext {
  /** The update's new value, for the "ignored" text (`v1.27.0`). */
  newValue?: string;
  /** `major` updates block the whole major line when closed. */
  updateType?: string;
  newMajor?: number | null;
  /** Checks that were not green, one line each. */
  checks?: string[];
  /** Why the forge refused a merge (`merge conflict with main`). */
  reason?: string;
}

export function commentText(topic: CommentTopic, context: CommentContext = {}): string {
  switch (topic) {
    case 'edited':
      return [
        '### Updates stopped: this branch was edited',
        '',
        'Someone other than Upkeep committed to this branch, so Upkeep will not push to it again and will not merge it: their work stays as it is.',
        '',
        'To let Upkeep take over again (dropping those commits), tick the box for this branch under "Rebase" on the dependency dashboard, or delete the branch.',
      ].join('\n');
    case 'ignored': {
      const what =
        context.updateType === 'major' && context.newMajor != null
          ? `You will not get a PR for any \`${context.newMajor}.x\` release again unless you reopen this one or tick "recreate" on the dependency dashboard.`
          : `You will get a PR again once a newer version than \`${context.newValue ?? 'this one'}\` is released, or when you tick "recreate" on the dependency dashboard.`;
      return ['### This update is ignored', '', 'This PR was closed without merging, so Upkeep will not propose this same update again.', what].join('\n');
    }
    case 'automerge-failed':
      return [
        '### Automerge stopped: checks failed',
        '',
        'This branch was set to merge by itself once its checks passed, but they failed, so this PR asks a human to look:',
        '',
        ...(context.checks?.length ? context.checks.map((c) => `- ${c}`) : ['- (no details from the forge)']),
      ].join('\n');
    case 'merge-blocked':
      return [
        '### Automerge waits for a human',
        '',
        `Upkeep tried to merge this PR because its checks passed, but could not: ${context.reason ?? 'the forge refused the merge'}.`,
        '',
        'It tries again on later runs once that is resolved; you can also merge or close it yourself.',
      ].join('\n');
    case 'autoclosed':
      return [
        '### Closed: no longer needed',
        '',
        'The update this PR proposed no longer applies (the dependency was changed or removed), so Upkeep closed it and deleted its branch.',
      ].join('\n');
    case 'abandoned':
      return [
        '### No longer updated',
        '',
        'The update this PR proposed no longer applies, but someone committed to the branch, so Upkeep leaves the PR and the branch as they are. Close it when it is no longer useful.',
      ].join('\n');
  }
}
