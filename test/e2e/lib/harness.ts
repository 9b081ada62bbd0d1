/**
 * Running Upkeep on the home-lab repository the way users run it, and reading what it did on the forge.
 *
 *   const run = homelabRunner(world, services);          // in process: runForgeRepository
 *   const result = await run({ at: '2026-06-01T10:00:00Z' });
 *   await greenChecks(world);                            // CI: every bot branch head without a status → success
 *   await openPrs(world) … await dashboard(world) …
 *
 * The run is the real path (clone over git HTTP, config from the repository, real registry and Helm
 * repository lookups) with one injected clock; only GitHub's tag API is pointed at the loopback fake
 * (services.githubApi) instead of api.github.com.
 */
import { createGithubTagsDatasource } from '../../../src/datasources/github-tags.js';
import { getDatasource } from '../../../src/datasources/registry.js';
import type { GlobalConfig } from '../../../src/config/global-config.js';
import { runForgeRepository, type ForgeRunResult } from '../../../src/repo/forge-run.js';
import { createClock } from '../../../src/util/clock.js';
import { REPO, type ForgeWorld } from '../../platforms/world.js';
import { requireCommands } from '../../services/require.js';
import { HOMELAB_COMMANDS, type HomelabServices } from './services.js';

export { REPO };
export const homelabGate = requireCommands(HOMELAB_COMMANDS);

/** The operator's config for a run against `services` (host rules for the plain-HTTP registry). */
export function globalConfig(world: ForgeWorld, services: HomelabServices, extra: Partial<GlobalConfig> = {}): GlobalConfig {
  return { hostRules: services.hostRules, registryAliases: {}, token: world.token, ...extra };
}

export interface RunOptions {
  /** The run's clock (ISO instant). */
  at: string;
  dryRun?: boolean;
}

/** `runForgeRepository` on `acme/app` of `world`, github-tags asked at the loopback fake. */
export function homelabRunner(world: ForgeWorld, services: HomelabServices): (options: RunOptions) => Promise<ForgeRunResult> {
  const githubTags = createGithubTagsDatasource({ apiBaseUrl: services.githubApi });
  return async ({ at, dryRun }) =>
    runForgeRepository({
      platform: await world.repo(),
      forge: world.platform,
      bot: await world.platform.currentUser(),
      global: globalConfig(world, services),
      clock: createClock(new Date(at)),
      dryRun: dryRun ?? false,
      datasourceFor: (id) => (id === 'github-tags' ? githubTags : getDatasource(id)),
    });
}

/** What CI does after a push: every bot branch whose head has no status yet gets `success`. Returns the branches made green. */
export async function greenChecks(world: ForgeWorld, prefix = 'upkeep/'): Promise<string[]> {
  const greened: string[] = [];
  for (const [branch, sha] of await world.fake.model.git.branches(REPO)) {
    if (!branch.startsWith(prefix)) continue;
    const statuses = world.fake.model.statuses.list(REPO, sha);
    if (statuses.length > 0) continue;
    await world.fake.model.hooks.setStatus(REPO, sha, 'ci/kubeconform', 'success');
    greened.push(branch);
  }
  return greened.sort();
}

/** Open PRs as `head → base: title`, sorted. */
export async function openPrs(world: ForgeWorld): Promise<string[]> {
  return (await world.fake.model.pulls.list(REPO))
    .filter((p) => p.state === 'open')
    .map((p) => `${p.head} → ${p.base}: ${p.title}`)
    .sort();
}

/** The PR whose head is `branch` (any state). */
export async function prOf(world: ForgeWorld, branch: string) {
  return (await world.fake.model.pulls.list(REPO)).find((p) => p.head === branch);
}

/** The bot's branches that exist now, sorted. */
export async function botBranches(world: ForgeWorld, prefix = 'upkeep/'): Promise<string[]> {
  return [...(await world.fake.model.git.branches(REPO)).keys()].filter((b) => b.startsWith(prefix)).sort();
}

/** The dependency dashboard issue's body ('' when there is none). */
export async function dashboardBody(world: ForgeWorld): Promise<string> {
  const [issue] = await (await world.repo()).findIssues('Dependency Dashboard');
  return issue?.body ?? '';
}

/** A file on a branch of `acme/app`. */
export function readFile(world: ForgeWorld, branch: string, path: string): Promise<string | null> {
  return world.fake.model.git.readFile(REPO, branch, path);
}
