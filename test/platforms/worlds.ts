/**
 * The forge test worlds by platform, for scenarios that run on every forge (test/repo/lib/forge-run-scenarios.ts).
 * Validators are loaded once per test file (GitHub's description takes about half a second to parse).
 */
import type { PlatformId } from '../../src/platforms/types.js';
import { loadGiteaValidator } from '../fakes/gitea.js';
import { loadGitHubValidator } from '../fakes/github.js';
import { loadGitLabValidator } from '../fakes/gitlab.js';
import type { ApiValidator } from '../fakes/openapi-validator.js';
import { giteaWorld } from './gitea/setup.js';
import { githubWorld } from './github/setup.js';
import { gitlabWorld } from './gitlab/setup.js';
import type { ForgeWorld, WorldOptions } from './world.js';

export interface ForgeKind {
  id: PlatformId;
  make(options?: WorldOptions): Promise<ForgeWorld>;
}

const once = <T>(load: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= load());
};

const giteaValidator = once<ApiValidator>(loadGiteaValidator);
const githubValidator = once<ApiValidator>(loadGitHubValidator);
const gitlabValidator = once<ApiValidator>(loadGitLabValidator);

export const FORGES: ForgeKind[] = [
  { id: 'gitea', make: (options) => giteaWorld(giteaValidator(), options) },
  { id: 'github', make: (options) => githubWorld(githubValidator(), options) },
  { id: 'gitlab', make: (options) => gitlabWorld(gitlabValidator(), options) },
];
