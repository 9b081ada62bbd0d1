/**
 * Renovate options real configs use that act on what happens on the forge, each shown on every forge's
 * fake (real git over HTTP, every API call validated): `ignoreTests` (automerge without checks),
 * `minimumGroupSize` (a group too small waits), `suppressNotifications` (the comments named are not written),
 * `gitAuthor` and `gitIgnoredAuthors` (whose commits are the bot's), `dependencyDashboardAutoclose` and
 * `dependencyDashboardFooter`. Registries are in-memory datasources.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Datasource } from '../../src/datasources/types.js';
import { runForgeRepository, type ForgeRunResult } from '../../src/repo/forge-run.js';
import { createClock } from '../../src/util/clock.js';
import { FORGES } from '../platforms/worlds.js';
import { REPO, type ForgeWorld } from '../platforms/world.js';

const D = (tag: string) => `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0').slice(0, 64)}`;
const TAGS: Record<string, string[]> = { nginx: ['1.25.3', '1.26.0'], redis: ['7.2.4', '7.2.5'] };

function registry(tags: Record<string, string[]>): (id: string) => Datasource | undefined {
  const docker: Datasource = {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async ({ packageName }) => (tags[packageName] ? { releases: tags[packageName]!.map((version) => ({ version })) } : null),
    getDigest: async (_pkg, tag) => D(tag),
  };
  return (id) => (id === 'docker' ? docker : undefined);
}

const FILES = {
  'k8s/web.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.25.3\n',
  'k8s/cache.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: cache}\nspec:\n  containers:\n    - name: cache\n      image: redis:7.2.4\n',
};

describe.each(FORGES)('Renovate options acted on, on $id', (forge) => {
  let world: ForgeWorld | undefined;
  afterEach(async () => {
    world?.fake.server.assertNoViolations();
    await world?.close();
    world = undefined;
  });

  async function setup(config: unknown, files: Record<string, string> = {}): Promise<ForgeWorld> {
    world = await forge.make({ repo: { files: { ...FILES, ...files, 'renovate.json': JSON.stringify(config) } } });
    return world;
  }

  async function run(w: ForgeWorld, tags = TAGS): Promise<ForgeRunResult> {
    return runForgeRepository({
      platform: await w.repo(),
      bot: await w.platform.currentUser(),
      global: { hostRules: [], registryAliases: {}, token: w.token },
      clock: createClock(new Date('2026-06-01T10:00:00Z')),
      datasourceFor: registry(tags),
    });
  }

  const prOf = async (w: ForgeWorld, branch: string) => (await w.fake.model.pulls.list(REPO)).find((p) => p.head === branch);
  const actionOf = (r: ForgeRunResult, branch: string) => r.report.branches.find((b) => b.branchName === branch)?.action;

  it('ignoreTests: a repository without CI automerges in the run that proposes the update (PR and branch automerge)', async () => {
    const w = await setup({
      prHourlyLimit: 0,
      platformAutomerge: false,
      packageRules: [
        { matchPackageNames: ['nginx'], automerge: true, ignoreTests: true },
        { matchPackageNames: ['redis'], automerge: true, automergeType: 'branch', ignoreTests: true },
      ],
    });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(actionOf(result, 'upkeep/nginx-1.x')).toBe('create the branch; open a PR; merge the PR (ignoreTests: checks are not waited for)');
    expect((await prOf(w, 'upkeep/nginx-1.x'))!.merged).toBe(true);
    expect(actionOf(result, 'upkeep/redis-7.x')).toBe('create the branch; fast-forward the base branch (ignoreTests: checks are not waited for)');
    expect(await w.fake.model.git.readFile(REPO, 'main', 'k8s/web.yaml')).toContain('image: nginx:1.26.0');
    expect(await w.fake.model.git.readFile(REPO, 'main', 'k8s/cache.yaml')).toContain('image: redis:7.2.5');
    // Without ignoreTests the same repository waits: no checks is not green.
    const waits = await forge.make({
      repo: {
        files: { ...FILES, 'renovate.json': JSON.stringify({ platformAutomerge: false, packageRules: [{ matchPackageNames: ['nginx'], automerge: true }] }) },
      },
    });
    try {
      await run(waits);
      const second = await run(waits);
      expect(actionOf(second, 'upkeep/nginx-1.x')).toMatch(/^keep PR #\d+ current$/);
      expect((await waits.fake.model.pulls.list(REPO)).find((p) => p.head === 'upkeep/nginx-1.x')!.merged).toBe(false);
      waits.fake.server.assertNoViolations();
    } finally {
      await waits.close();
    }
  });

  it('minimumGroupSize: a group with one update waits (no branch, no PR) until a second update joins it', async () => {
    const w = await setup({ prHourlyLimit: 0, packageRules: [{ matchDatasources: ['docker'], groupName: 'web stack', minimumGroupSize: 2 }] });
    const lone = await run(w, { ...TAGS, redis: ['7.2.4'] });
    expect(actionOf(lone, 'upkeep/web-stack')).toBe('pending: minimum-group-size');
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/web-stack')).toBeUndefined();
    expect(await w.fake.model.pulls.list(REPO)).toEqual([]);
    const both = await run(w);
    expect(actionOf(both, 'upkeep/web-stack')).toBe('create the branch; open a PR');
    expect((await prOf(w, 'upkeep/web-stack'))!.title).toBe('Update web stack');
  });

  it("gitAuthor: the repository's commit author; its commits, and the operator identity's, are the bot's own", async () => {
    const w = await setup({ prHourlyLimit: 0, gitAuthor: 'Home Bot <101597957+home-bot[bot]@users.noreply.github.com>' });
    await run(w);
    const log = await w.fake.model.git.git(REPO, ['log', '--format=%an <%ae>|%cn <%ce>', '-1', 'upkeep/nginx-1.x']);
    expect(log.trim()).toBe('Home Bot <101597957+home-bot[bot]@users.noreply.github.com>|Home Bot <101597957+home-bot[bot]@users.noreply.github.com>');
    // Not someone else's commit: a newer version rebuilds the branch.
    const newer = await run(w, { ...TAGS, nginx: [...TAGS.nginx!, '1.27.0'] });
    expect(actionOf(newer, 'upkeep/nginx-1.x')).toMatch(/^rebuild the branch with the new update/);
  });

  it("gitIgnoredAuthors: a commit by an ignored author on the bot branch is not a human's edit: the bot rebuilds over it", async () => {
    const w = await setup({ prHourlyLimit: 0, gitIgnoredAuthors: ['ci-*@example.com', 'git@example.com'] });
    await run(w);
    // A CI job (ignored, by glob) and a person (not ignored) each push to one of the bot's branches.
    await w.fake.model.hooks.commit(
      REPO,
      'upkeep/nginx-1.x',
      { 'k8s/web.yaml': FILES['k8s/web.yaml'].replace('1.25.3', '1.26.0 # formatted') },
      { login: 'ci-runner' },
    );
    await w.fake.model.hooks.humanPush(REPO, 'upkeep/redis-7.x', { 'k8s/cache.yaml': FILES['k8s/cache.yaml'].replace('7.2.4', '7.2.5-alpine') });
    const result = await run(w);
    expect(actionOf(result, 'upkeep/nginx-1.x')).toMatch(/^rebuild the branch with the new update/);
    expect(await w.fake.model.git.readFile(REPO, 'upkeep/nginx-1.x', 'k8s/web.yaml')).toContain('image: nginx:1.26.0\n');
    expect(actionOf(result, 'upkeep/redis-7.x')).toMatch(/^left alone: someone else committed/);
  });

  it('dependencyDashboardAutoclose closes the dashboard once nothing is left on it; dependencyDashboardFooter ends it', async () => {
    const w = await setup({
      prHourlyLimit: 0,
      dependencyDashboard: true,
      dependencyDashboardAutoclose: true,
      dependencyDashboardFooter: 'This dashboard is kept by Upkeep.',
    });
    await run(w);
    const [open] = await (await w.repo()).findIssues('Dependency Dashboard');
    expect(open!.state).toBe('open');
    expect(open!.body.trimEnd()).toMatch(/\n\n---\n\nThis dashboard is kept by Upkeep\.$/);
    // The updates were done by hand: no branch is left to list, so the dashboard closes.
    await w.fake.model.hooks.moveBase(REPO, {
      'k8s/web.yaml': FILES['k8s/web.yaml'].replace('1.25.3', '1.26.0'),
      'k8s/cache.yaml': FILES['k8s/cache.yaml'].replace('7.2.4', '7.2.5'),
    });
    const done = await run(w);
    expect(done.report.warnings).toContain('dependency dashboard: closed');
    expect((await (await w.repo()).findIssues('Dependency Dashboard'))[0]!.state).toBe('closed');
    // A new update: the same issue opens again.
    await run(w, { ...TAGS, nginx: [...TAGS.nginx!, '1.27.0'] });
    const [again] = await (await w.repo()).findIssues('Dependency Dashboard');
    expect([again!.number, again!.state]).toEqual([open!.number, 'open']);
  });

  it('suppressNotifications: no comment on a PR someone committed to, nor on a PR closed without merging', async () => {
    const w = await setup({ prHourlyLimit: 0, suppressNotifications: ['prEditedNotification', 'prIgnoreNotification'] });
    await run(w);
    const nginx = (await prOf(w, 'upkeep/nginx-1.x'))!;
    const redis = (await prOf(w, 'upkeep/redis-7.x'))!;
    await w.fake.model.hooks.humanPush(REPO, 'upkeep/nginx-1.x', { 'k8s/web.yaml': FILES['k8s/web.yaml'].replace('1.25.3', '1.26.0-alpine') });
    w.fake.model.hooks.closeByHuman(REPO, redis.number);
    const result = await run(w);
    expect(actionOf(result, 'upkeep/nginx-1.x')).toMatch(/^left alone: someone else committed/);
    expect(actionOf(result, 'upkeep/redis-7.x')).toMatch(/^blocked: PR #\d+ with this title was closed without merging/);
    expect(w.fake.model.issues.comments(REPO, nginx.number)).toEqual([]);
    expect(w.fake.model.issues.comments(REPO, redis.number)).toEqual([]);
  });
});
