/**
 * github-actions and gitea-actions: actions, reusable workflows and container images in CI workflows.
 *
 * Both read the same workflow syntax (Gitea and Forgejo Actions follow GitHub's) and differ only in the
 * files they own: GitHub's `.github/workflows`, `workflow-templates` and `action.yml` files, versus
 * `.gitea/` and `.forgejo/` workflows and actions. The patterns do not overlap, so no file is read twice.
 *
 * Found: `uses: owner/repo[/path]@ref` (github-tags; `https://host/owner/repo@ref` on another forge →
 * gitea-tags with that registry URL), sha pins with a `# v1.2.3` comment, `uses: docker://image`,
 * job `container:` and `services:` images, `runs.image: docker://…` of container actions, and
 * `runs-on:` labels of GitHub-hosted runner images (github-runners: `ubuntu-22.04` → `ubuntu-24.04`).
 * Local actions (`./…`) and self-hosted runner labels are not deps.
 */
import { extractActions } from './actions/extract-actions.js';
import type { Manager } from './types.js';
import { MANAGER_META } from '../meta/managers.js';

/** A cheap test that a file may name an action, an image or a runner at all. */
function mightContain(content: string): boolean {
  return /\b(?:uses|container|services|image|runs-on)["']?[ \t]*:/.test(content);
}

export const githubActionsManager: Manager = {
  id: 'github-actions',
  ...MANAGER_META['github-actions'],
  mightContain,
  extractFile: (file, options) => extractActions('github-actions', file, options),
};

export const giteaActionsManager: Manager = {
  id: 'gitea-actions',
  ...MANAGER_META['gitea-actions'],
  mightContain,
  extractFile: (file, options) => extractActions('gitea-actions', file, options),
};
