/**
 * A repository on the Gitea fake (real git over HTTP, every API call validated against Gitea's
 * description), run through the whole path: the PRs the plan names, a rerun that writes nothing, a new
 * version updating the open PR, a human commit left alone, a closed PR not recreated, automerge only on
 * green, branch automerge by fast-forward, the config-error issue, and a dry run that writes nothing.
 * Registries are in-memory datasources; the forge and git are what is tested here.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Datasource } from '../../src/datasources/types.js';
import { runForgeRepository, type ForgeRunResult } from '../../src/repo/forge-run.js';
import { createClock } from '../../src/util/clock.js';
import { loadGiteaValidator } from '../fakes/gitea.js';
import type { ApiValidator } from '../fakes/openapi-validator.js';
import { giteaWorld, REPO, type GiteaWorld } from '../platforms/gitea/setup.js';

const D = (tag: string) => `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0').slice(0, 64)}`;
const TAGS: Record<string, string[]> = { nginx: ['1.25.3', '1.25.4', '1.26.0'], redis: ['7.2.4', '7.2.5'] };

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
const CONFIG = { prHourlyLimit: 0, packageRules: [{ matchUpdateTypes: ['patch'], matchPackageNames: ['redis'], automerge: true, automergeType: 'branch' }] };

let validator: ApiValidator;
let world: GiteaWorld | undefined;
beforeAll(() => {
  validator = loadGiteaValidator();
});
afterEach(async () => {
  world?.fake.server.assertNoViolations();
  await world?.close();
  world = undefined;
});

async function setup(config: unknown = CONFIG): Promise<GiteaWorld> {
  world = await giteaWorld(validator, { repo: { files: { ...FILES, 'renovate.json': JSON.stringify(config) } } });
  return world;
}

async function run(w: GiteaWorld, options: { tags?: Record<string, string[]>; dryRun?: boolean; at?: string } = {}): Promise<ForgeRunResult> {
  const platform = await w.repo();
  const bot = await w.platform.currentUser();
  return runForgeRepository({
    platform,
    bot,
    global: { hostRules: [], registryAliases: {}, token: w.token },
    clock: createClock(new Date(options.at ?? '2026-06-01T10:00:00Z')),
    dryRun: options.dryRun ?? false,
    datasourceFor: registry(options.tags ?? TAGS),
  });
}

const openPrs = async (w: GiteaWorld) => (await w.fake.model.pulls.list(REPO)).filter((p) => p.state === 'open').map((p) => `${p.head}: ${p.title}`);

describe('a repository on Gitea, run after run', () => {
  it('first run: the PRs the plan names (branch automerge pushes without a PR); a rerun writes nothing', async () => {
    const w = await setup();
    const dry = await run(w, { dryRun: true });
    expect(w.fake.model.counters.allWrites).toBe(0);
    expect(dry.report.branches.map((b) => `${b.branchName}: ${b.action}`)).toEqual([
      'upkeep/redis-7.x: create the branch',
      'upkeep/nginx-1.x: create the branch; open a PR',
    ]);

    w.fake.model.startRun();
    const first = await run(w);
    expect(first.failed).toBe(false);
    expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x: Update nginx Docker tag to v1.26.0']);
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/redis-7.x')).toMatch(/^[0-9a-f]{40}$/);
    expect(first.report.branches.find((b) => b.branchName === 'upkeep/nginx-1.x')?.pr).toBe(1);

    const counters = w.fake.model.startRun();
    const second = await run(w);
    expect(counters.snapshot().writeLog).toEqual([]);
    expect(second.outcomes.every((o) => !o.pushed && (!o.pr || o.pr.action === 'unchanged'))).toBe(true);
  });

  it('a newer version rebuilds the branch and the PR follows; a human commit is never pushed over', async () => {
    const w = await setup();
    await run(w);
    await run(w, { tags: { ...TAGS, nginx: [...TAGS.nginx!, '1.27.0'] } });
    expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x: Update nginx Docker tag to v1.27.0']);
    const [pr] = await w.fake.model.pulls.list(REPO);
    const theirs = await w.fake.model.hooks.humanPush(REPO, 'upkeep/nginx-1.x', { 'k8s/web.yaml': FILES['k8s/web.yaml'].replace('1.25.3', '1.27.0-alpine') });
    const result = await run(w, { tags: { ...TAGS, nginx: [...TAGS.nginx!, '1.27.0', '1.28.0'] } });
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx-1.x')).toBe(theirs);
    expect(result.report.branches.find((b) => b.branchName === 'upkeep/nginx-1.x')?.action).toMatch(/^left alone: someone else committed/);
    const comments = w.fake.model.issues.comments(REPO, pr!.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('Updates stopped: this branch was edited');
    await run(w, { tags: { ...TAGS, nginx: [...TAGS.nginx!, '1.27.0', '1.28.0'] } });
    expect(w.fake.model.issues.comments(REPO, pr!.number)).toHaveLength(1);
  });

  it('a PR closed without merging is not proposed again; a newer version is', async () => {
    const w = await setup();
    await run(w);
    const [pr] = await w.fake.model.pulls.list(REPO);
    w.fake.model.hooks.closeByHuman(REPO, pr!.number);
    const again = await run(w);
    expect(await openPrs(w)).toEqual([]);
    expect(again.report.branches.find((b) => b.branchName === 'upkeep/nginx-1.x')?.action).toMatch(
      /^blocked: PR #1 with this title was closed without merging/,
    );
    expect(w.fake.model.issues.comments(REPO, pr!.number)[0]?.body).toContain('This update is ignored');
    await run(w, { tags: { ...TAGS, nginx: [...TAGS.nginx!, '1.27.0'] } });
    expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x: Update nginx Docker tag to v1.27.0']);
  });

  it('branch automerge fast-forwards the base once checks are green, never while pending', async () => {
    const w = await setup();
    await run(w);
    await w.fake.model.hooks.setStatus(REPO, 'upkeep/redis-7.x', 'ci/build', 'pending');
    await run(w);
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/redis-7.x')).toBeDefined();
    const head = (await w.fake.model.git.branchSha(REPO, 'upkeep/redis-7.x'))!;
    await w.fake.model.hooks.setStatus(REPO, head, 'ci/build', 'success');
    const merged = await run(w);
    expect(merged.outcomes.find((o) => o.branchName === 'upkeep/redis-7.x')?.merged).toBe(true);
    expect(await w.fake.model.git.branchSha(REPO, 'main')).toBe(head);
    expect(await w.fake.model.git.branchSha(REPO, 'upkeep/redis-7.x')).toBeUndefined();
  });

  it('a config with errors opens one issue saying what to fix and no PR; fixing it closes the issue', async () => {
    const w = await setup({ packageRules: [{ matchUpdateTypes: ['mayor'] }] });
    const broken = await run(w);
    expect(broken.failed).toBe(true);
    expect(await openPrs(w)).toEqual([]);
    const issues = await (await w.repo()).findIssues('Action required: fix the Upkeep configuration');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.body).toContain('packageRules[0].matchUpdateTypes[0]');
    const counters = w.fake.model.startRun();
    await run(w);
    expect(counters.snapshot().writeLog).toEqual([]);
    await w.fake.model.hooks.commit(REPO, 'main', { 'renovate.json': JSON.stringify(CONFIG) }, { login: 'alice', message: 'fix config' });
    await run(w);
    expect((await (await w.repo()).findIssues('Action required: fix the Upkeep configuration'))[0]!.state).toBe('closed');
    expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x: Update nginx Docker tag to v1.26.0']);
  });
});
