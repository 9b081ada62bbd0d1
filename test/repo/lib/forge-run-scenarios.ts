/**
 * The forge-run scenarios, the same on every forge (test/repo/forge-run-<forge>.test.ts runs them on
 * one each, so the three forges run in parallel test files): the PRs the plan names, a rerun that writes
 * nothing, a new version updating the open PR, a human commit left alone, a closed PR not recreated, PR
 * automerge only on green, branch automerge by fast-forward and its fallback to a PR on red, native
 * automerge, the dashboard and its boxes, a base branch other than the default, Renovate's branches
 * adopted, the config-error issue, and a dry run that writes nothing. Each repository is on the forge's
 * fake (real git over HTTP, every API call validated against the forge's description); registries are
 * in-memory datasources — the forge and git are what is tested here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Datasource } from '../../../src/datasources/types.js';
import { runForgeRepository, type ForgeRunOptions, type ForgeRunResult } from '../../../src/repo/forge-run.js';
import { createClock } from '../../../src/util/clock.js';
import type { ForgeKind } from '../../platforms/worlds.js';
import { REPO, type ForgeWorld, type WorldOptions } from '../../platforms/world.js';

const D = (tag: string) => `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0').slice(0, 64)}`;
export const TAGS: Record<string, string[]> = { nginx: ['1.25.3', '1.25.4', '1.26.0'], redis: ['7.2.4', '7.2.5'] };

export function registry(tags: Record<string, string[]>): (id: string) => Datasource | undefined {
  const docker: Datasource = {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async ({ packageName }) => (tags[packageName] ? { releases: tags[packageName]!.map((version) => ({ version })) } : null),
    getDigest: async (_pkg, tag) => D(tag),
  };
  return (id) => (id === 'docker' ? docker : undefined);
}

export const FILES = {
  'k8s/web.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.25.3\n',
  'k8s/cache.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: cache}\nspec:\n  containers:\n    - name: cache\n      image: redis:7.2.4\n',
};
const CONFIG = { prHourlyLimit: 0, packageRules: [{ matchUpdateTypes: ['patch'], matchPackageNames: ['redis'], automerge: true, automergeType: 'branch' }] };
/** nginx's minor as an automerging PR (redis's patch stays a branch automerge). */
export const PR_AUTOMERGE = {
  ...CONFIG,
  platformAutomerge: false,
  packageRules: [...CONFIG.packageRules, { matchPackageNames: ['nginx'], automerge: true, automergeType: 'pr' }],
};
const CONFIG_ERROR_TITLE = 'Action required: fix the Upkeep configuration';

export function describeForgeRun(forge: ForgeKind): void {
  describe(`a repository on ${forge.id}, run after run`, () => {
    let world: ForgeWorld | undefined;
    afterEach(async () => {
      world?.fake.server.assertNoViolations();
      await world?.close();
      world = undefined;
    });

    async function setup(config: unknown = CONFIG, options: WorldOptions & { files?: Record<string, string> } = {}): Promise<ForgeWorld> {
      const files = { ...FILES, ...options.files, 'renovate.json': JSON.stringify(config) };
      world = await forge.make({ ...options, repo: { ...options.repo, files } });
      return world;
    }

    async function run(
      w: ForgeWorld,
      options: { tags?: Record<string, string[]>; dryRun?: boolean; onProgress?: ForgeRunOptions['onProgress'] } = {},
    ): Promise<ForgeRunResult> {
      const platform = await w.repo();
      const bot = await w.platform.currentUser();
      return runForgeRepository({
        platform,
        bot,
        global: { hostRules: [], registryAliases: {}, token: w.token },
        clock: createClock(new Date('2026-06-01T10:00:00Z')),
        dryRun: options.dryRun ?? false,
        datasourceFor: registry(options.tags ?? TAGS),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    }

    const openPrs = async (w: ForgeWorld) =>
      (await w.fake.model.pulls.list(REPO)).filter((p) => p.state === 'open').map((p) => `${p.head} → ${p.base}: ${p.title}`);
    const prOf = async (w: ForgeWorld, branch: string) => (await w.fake.model.pulls.list(REPO)).find((p) => p.head === branch);
    const actionOf = (r: ForgeRunResult, branch: string) => r.report.branches.find((b) => b.branchName === branch)?.action;
    const green = async (w: ForgeWorld, branch: string) => {
      const head = (await w.fake.model.git.branchSha(REPO, branch))!;
      await w.fake.model.hooks.setStatus(REPO, head, 'ci/build', 'success');
      return head;
    };
    const nginx127 = { ...TAGS, nginx: [...TAGS.nginx!, '1.27.0'] };

    it('first run: the PRs the plan names (branch automerge pushes without a PR); a rerun writes nothing; the token is nowhere', async () => {
      const w = await setup();
      const progress: string[] = [];
      const dry = await run(w, {
        dryRun: true,
        onProgress: (p) => progress.push(p.phase === 'extracted' ? `${p.files} files, ${p.deps} deps` : `${p.done}/${p.total}`),
      });
      expect(progress).toEqual(['2 files, 2 deps', '1/2', '2/2']);
      expect(w.fake.model.counters.allWrites).toBe(0);
      expect(dry.report.branches.map((b) => `${b.branchName}: ${b.action}`)).toEqual([
        'upkeep/redis-7.x: create the branch',
        'upkeep/nginx-1.x: create the branch; open a PR',
      ]);

      w.fake.model.startRun();
      const first = await run(w);
      expect(first.failed).toBe(false);
      expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x → main: Update nginx Docker tag to v1.26.0']);
      expect(await w.fake.model.git.branchSha(REPO, 'upkeep/redis-7.x')).toMatch(/^[0-9a-f]{40}$/);
      expect(first.report.branches.find((b) => b.branchName === 'upkeep/nginx-1.x')?.pr).toBe((await prOf(w, 'upkeep/nginx-1.x'))!.number);

      const counters = w.fake.model.startRun();
      const second = await run(w);
      expect(counters.snapshot().writeLog).toEqual([]);
      expect(second.outcomes.every((o) => !o.pushed && (!o.pr || o.pr.action === 'unchanged'))).toBe(true);

      // The canary token is in no report, PR, commit or branch name, and travelled only in headers.
      const texts = [JSON.stringify([dry.report, first.report, second.report]), JSON.stringify(await w.fake.model.pulls.list(REPO))];
      texts.push(
        await w.fake.model.git.git(REPO, ['log', '--all', '--format=%an %ae %cn %ce %s%n%b']),
        [...(await w.fake.model.git.branches(REPO)).keys()].join('\n'),
      );
      for (const text of texts) expect(text).not.toContain(w.token);
      for (const r of w.fake.requests) expect(r.path).not.toContain(w.token);
    });

    it('a newer version rebuilds the branch and the PR follows; a human commit is never pushed over', async () => {
      const w = await setup();
      await run(w);
      await run(w, { tags: nginx127 });
      expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x → main: Update nginx Docker tag to v1.27.0']);
      const pr = (await prOf(w, 'upkeep/nginx-1.x'))!;
      const theirs = await w.fake.model.hooks.humanPush(REPO, 'upkeep/nginx-1.x', { 'k8s/web.yaml': FILES['k8s/web.yaml'].replace('1.25.3', '1.27.0-alpine') });
      const later = { ...TAGS, nginx: [...TAGS.nginx!, '1.27.0', '1.28.0'] };
      const result = await run(w, { tags: later });
      expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx-1.x')).toBe(theirs);
      expect(actionOf(result, 'upkeep/nginx-1.x')).toMatch(/^left alone: someone else committed/);
      const comments = w.fake.model.issues.comments(REPO, pr.number);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain('Updates stopped: this branch was edited');
      await run(w, { tags: later });
      expect(w.fake.model.issues.comments(REPO, pr.number)).toHaveLength(1);
    });

    it('a PR closed without merging is not proposed again (the dashboard lists it as ignored); a newer version is', async () => {
      const w = await setup({ ...CONFIG, dependencyDashboard: true });
      await run(w);
      const pr = (await prOf(w, 'upkeep/nginx-1.x'))!;
      w.fake.model.hooks.closeByHuman(REPO, pr.number);
      const again = await run(w);
      expect(await openPrs(w)).toEqual([]);
      expect(actionOf(again, 'upkeep/nginx-1.x')).toMatch(new RegExp(`^blocked: PR #${pr.number} with this title was closed without merging`));
      expect(w.fake.model.issues.comments(REPO, pr.number)[0]?.body).toContain('This update is ignored');
      const [dashboard] = await (await w.repo()).findIssues('Dependency Dashboard');
      expect(dashboard?.body).toContain(`<!-- recreate-branch=upkeep/nginx-1.x -->Update nginx Docker tag to v1.26.0 (closed #${pr.number})`);
      await run(w, { tags: nginx127 });
      expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x → main: Update nginx Docker tag to v1.27.0']);
    });

    it('pr automerge: merged once the checks of its head are green, never while pending; red leaves it open and says why', async () => {
      const w = await setup(PR_AUTOMERGE);
      await run(w);
      const pr = (await prOf(w, 'upkeep/nginx-1.x'))!;
      await w.fake.model.hooks.setStatus(REPO, 'upkeep/nginx-1.x', 'ci/build', 'pending');
      expect(actionOf(await run(w), 'upkeep/nginx-1.x')).toContain('automerge waits for checks');
      expect((await prOf(w, 'upkeep/nginx-1.x'))!.state).toBe('open');

      await w.fake.model.hooks.setStatus(REPO, 'upkeep/nginx-1.x', 'ci/build', 'failure', { description: 'tests failed' });
      await run(w);
      expect((await prOf(w, 'upkeep/nginx-1.x'))!.state).toBe('open');
      const said = w.fake.model.issues.comments(REPO, pr.number);
      expect(said).toHaveLength(1);
      expect(said[0]!.body).toContain('Automerge stopped: checks failed');
      // Each forge's word for it (failure, failed), with the description CI gave.
      expect(said[0]!.body).toMatch(/ci\/build: fail(ure|ed) \(tests failed\)/);

      const head = await green(w, 'upkeep/nginx-1.x');
      const merged = await run(w);
      expect(merged.outcomes.find((o) => o.branchName === 'upkeep/nginx-1.x')?.merged).toBe(true);
      expect((await prOf(w, 'upkeep/nginx-1.x'))!.merged).toBe(true);
      const main = await w.fake.model.git.readFile(REPO, 'main', 'k8s/web.yaml');
      expect(main).toContain('image: nginx:1.26.0');
      expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx-1.x')).toBeUndefined();
      expect(head).toMatch(/^[0-9a-f]{40}$/);
      // Merged: the next run neither reopens nor proposes it again.
      const after = await run(w);
      expect(await openPrs(w)).toEqual([]);
      expect(after.report.branches.map((b) => b.branchName)).not.toContain('upkeep/nginx-1.x');
      expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx-1.x')).toBeUndefined();
    });

    it('branch automerge fast-forwards the base once checks are green, never while pending; red opens a PR for a human', async () => {
      const w = await setup();
      await run(w);
      await w.fake.model.hooks.setStatus(REPO, 'upkeep/redis-7.x', 'ci/build', 'pending');
      await run(w);
      expect(await w.fake.model.git.branchSha(REPO, 'upkeep/redis-7.x')).toBeDefined();
      const head = await green(w, 'upkeep/redis-7.x');
      const merged = await run(w);
      expect(merged.outcomes.find((o) => o.branchName === 'upkeep/redis-7.x')?.merged).toBe(true);
      expect(await w.fake.model.git.branchSha(REPO, 'main')).toBe(head);
      expect(await w.fake.model.git.branchSha(REPO, 'upkeep/redis-7.x')).toBeUndefined();

      // A newer redis patch, this time with failing checks: a PR so a human sees it, the base untouched.
      const newer = { ...TAGS, redis: [...TAGS.redis!, '7.2.6'] };
      await run(w, { tags: newer });
      await w.fake.model.hooks.setStatus(REPO, 'upkeep/redis-7.x', 'ci/build', 'failure');
      await run(w, { tags: newer });
      expect(await openPrs(w)).toContain('upkeep/redis-7.x → main: Update redis Docker tag to v7.2.6');
      expect(await w.fake.model.git.branchSha(REPO, 'main')).toBe(head);
      expect(w.fake.model.issues.comments(REPO, (await prOf(w, 'upkeep/redis-7.x'))!.number)[0]?.body).toContain('Automerge stopped: checks failed');
    });

    it('native automerge: the forge is asked to merge when the required checks pass, and does', async () => {
      const w = await setup({ ...PR_AUTOMERGE, platformAutomerge: true });
      w.fake.model.protect(REPO, 'main', ['ci/build']);
      const first = await run(w);
      expect(actionOf(first, 'upkeep/nginx-1.x')).toBe('create the branch; open a PR; ask the forge to merge when checks pass');
      const pr = (await prOf(w, 'upkeep/nginx-1.x'))!;
      expect(pr.state).toBe('open');
      expect(pr.autoMerge).toBeDefined();
      // CI turns green: the forge merges by itself, without another run.
      await green(w, 'upkeep/nginx-1.x');
      expect((await prOf(w, 'upkeep/nginx-1.x'))!.merged).toBe(true);
      expect(await w.fake.model.git.readFile(REPO, 'main', 'k8s/web.yaml')).toContain('image: nginx:1.26.0');
    });

    it('a review requesting changes stops automerge, green checks or not, and the PR says why; approving lets it merge', async () => {
      const w = await setup(PR_AUTOMERGE);
      await run(w);
      const pr = (await prOf(w, 'upkeep/nginx-1.x'))!;
      await green(w, 'upkeep/nginx-1.x');
      w.fake.model.hooks.review(REPO, pr.number, 'alice', 'changes_requested', 'not this week');
      const held = await run(w);
      expect((await prOf(w, 'upkeep/nginx-1.x'))!.merged).toBe(false);
      expect(actionOf(held, 'upkeep/nginx-1.x')).toMatch(/not merged: a review requests changes/);
      expect(w.fake.model.issues.comments(REPO, pr.number).map((c) => c.body.split('\n')[0])).toEqual(['### Automerge waits for a human']);
      w.fake.model.hooks.review(REPO, pr.number, 'alice', 'approved');
      await run(w);
      expect((await prOf(w, 'upkeep/nginx-1.x'))!.merged).toBe(true);
    });

    it('a merge the forge refuses for good is not retried blindly: the PR says why', async () => {
      const w = await setup({ ...PR_AUTOMERGE, automergeStrategy: 'merge-commit' }, { repo: { mergeStyles: ['squash'] } });
      await run(w);
      await green(w, 'upkeep/nginx-1.x');
      const result = await run(w);
      expect((await prOf(w, 'upkeep/nginx-1.x'))!.state).toBe('open');
      expect(actionOf(result, 'upkeep/nginx-1.x')).toMatch(/not merged: .*merge-commit/);
      const comments = w.fake.model.issues.comments(REPO, (await prOf(w, 'upkeep/nginx-1.x'))!.number);
      expect(comments.map((c) => c.body.split('\n')[0])).toEqual(['### Automerge waits for a human']);
    });

    it('the dependency dashboard: written once, rewritten only when its text changes, and a ticked box is acted on', async () => {
      const approval = {
        ...CONFIG,
        dependencyDashboard: true,
        packageRules: [...CONFIG.packageRules, { matchPackageNames: ['nginx'], dependencyDashboardApproval: true }],
      };
      const w = await setup(approval);
      await run(w);
      const repo = await w.repo();
      const [dashboard] = await repo.findIssues('Dependency Dashboard');
      expect(dashboard?.body).toContain('<!-- approve-branch=upkeep/nginx-1.x -->Update nginx Docker tag to v1.26.0');
      expect(await openPrs(w)).toEqual([]);

      const counters = w.fake.model.startRun();
      await run(w);
      expect(counters.snapshot().writeLog).toEqual([]);

      w.fake.model.hooks.tickCheckbox(REPO, dashboard!.number, 'approve-branch=upkeep/nginx-1.x');
      await run(w);
      expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x → main: Update nginx Docker tag to v1.26.0']);
      const [after] = await repo.findIssues('Dependency Dashboard');
      expect(after?.number).toBe(dashboard!.number);
      expect(after?.body).not.toContain('approve-branch=upkeep/nginx-1.x');
      expect(after?.body).toContain(
        `<!-- rebase-branch=upkeep/nginx-1.x -->Update nginx Docker tag to v1.26.0 (#${(await prOf(w, 'upkeep/nginx-1.x'))!.number})`,
      );
    });

    it('baseBranches: ["flux"]: branches are built on flux and PRs target it; main is never touched', async () => {
      const w = await setup({ ...CONFIG, baseBranches: ['flux'] });
      const mainBefore = await w.fake.model.git.branchSha(REPO, 'main');
      await w.fake.model.hooks.commit(
        REPO,
        'flux',
        { 'k8s/web.yaml': FILES['k8s/web.yaml'].replace('1.25.3', '1.25.4') },
        { from: 'main', message: 'flux branch' },
      );
      const result = await run(w);
      expect(result.failed).toBe(false);
      // One base branch: names and titles as without baseBranches (Renovate adds the base only when there are several).
      expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x → flux: Update nginx Docker tag to v1.26.0']);
      expect(await w.fake.model.git.readFile(REPO, 'upkeep/nginx-1.x', 'k8s/web.yaml')).toContain('image: nginx:1.26.0');
      expect(await w.fake.model.git.branchSha(REPO, 'main')).toBe(mainBefore);
    });

    it("Renovate's branches are adopted with branchPrefix renovate/: its PR is kept and updated, no second one", async () => {
      const w = await setup({ ...CONFIG, branchPrefix: 'renovate/' });
      // What a Renovate installation running as the same bot account left open.
      await w.botBranch('renovate/nginx-1.x', { 'k8s/web.yaml': FILES['k8s/web.yaml'].replace('1.25.3', '1.25.4') });
      const renovatePr = await w.fake.model.pulls.create(REPO, {
        head: 'renovate/nginx-1.x',
        base: 'main',
        title: 'Update nginx Docker tag to v1.25.4',
        author: 'upkeep-bot',
      });
      expect('pr' in renovatePr).toBe(true);
      await run(w);
      expect(await openPrs(w)).toEqual(['renovate/nginx-1.x → main: Update nginx Docker tag to v1.26.0']);
      expect(await w.fake.model.git.readFile(REPO, 'renovate/nginx-1.x', 'k8s/web.yaml')).toContain('image: nginx:1.26.0');
    });

    it('an update that no longer applies (done by hand on the base): its PR is closed with a comment and its branch deleted', async () => {
      const w = await setup();
      await run(w);
      const pr = (await prOf(w, 'upkeep/nginx-1.x'))!;
      await w.fake.model.hooks.moveBase(REPO, { 'k8s/web.yaml': FILES['k8s/web.yaml'].replace('1.25.3', '1.26.0') });
      const result = await run(w);
      expect(result.failed).toBe(false);
      const closed = (await prOf(w, 'upkeep/nginx-1.x'))!;
      expect(closed.state).toBe('closed');
      expect(closed.merged).toBe(false);
      expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx-1.x')).toBeUndefined();
      expect(w.fake.model.issues.comments(REPO, pr.number).map((c) => c.body.split('\n')[0])).toEqual(['### Closed: no longer needed']);
      // Nothing more to do for it on the next run.
      const counters = w.fake.model.startRun();
      await run(w);
      expect(counters.snapshot().writeLog).toEqual([]);
    });

    it('a config with errors opens one issue saying what to fix and no PR; fixing it closes the issue', async () => {
      const w = await setup({ packageRules: [{ matchUpdateTypes: ['mayor'] }] });
      const broken = await run(w);
      expect(broken.failed).toBe(true);
      expect(await openPrs(w)).toEqual([]);
      const issues = await (await w.repo()).findIssues(CONFIG_ERROR_TITLE);
      expect(issues).toHaveLength(1);
      expect(issues[0]!.body).toContain('packageRules[0].matchUpdateTypes[0]');
      const counters = w.fake.model.startRun();
      await run(w);
      expect(counters.snapshot().writeLog).toEqual([]);
      await w.fake.model.hooks.commit(REPO, 'main', { 'renovate.json': JSON.stringify(CONFIG) }, { login: 'alice', message: 'fix config' });
      await run(w);
      expect((await (await w.repo()).findIssues(CONFIG_ERROR_TITLE))[0]!.state).toBe('closed');
      expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x → main: Update nginx Docker tag to v1.26.0']);
    });
  });
}
