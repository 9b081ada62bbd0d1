/**
 * Faults 6 and 7 of issue 12, on the Gitea fake (real git over HTTP): people push while the bot runs.
 *
 * - The base branch moves between plan and push: a human commit lands on main as the bot pushes its
 *   branch, so the fast-forward the bot planned is no longer one. It is refused by the forge and never
 *   forced; the next run rebuilds the branch on the new main and lands it.
 * - A human pushes to the bot's branch mid-run, just before the bot's rebuild arrives: the bot's push
 *   (with a lease on the head it read) is refused; the human's commit stays, and the bot leaves the
 *   branch alone from then on.
 *
 * Each ends equal (by content, history and PRs; repoState) to a control world where the human pushed
 * just before the run: nothing a human wrote is lost.
 */
import { afterAll, expect, it } from 'vitest';
import type { ForgeWorld } from '../../platforms/world.js';
import { deployment, forge, homelabFiles, isPush, makeWorld, memoryRegistry, onFirst, REPO, repoState, runLoop } from './lib/loop.js';

const GITEA = forge('gitea');
const worlds: ForgeWorld[] = [];
afterAll(async () => {
  for (const w of worlds) {
    w.fake.server.assertNoViolations();
    await w.close();
  }
});

async function world(files: Record<string, string>): Promise<ForgeWorld> {
  const w = await makeWorld(GITEA, files);
  worlds.push(w);
  return w;
}

/** A person's commit to `branch` (a README line), as their own push. */
const humanCommit = (w: ForgeWorld, branch: string, line: string) =>
  w.fake.model.hooks.commit(REPO, branch, { 'README.md': `# home-ops\n\n${line}\n` }, { login: 'alice', message: `docs: ${line}` });

it('the base moves between plan and push: the fast-forward is refused, never forced; the next run lands the update on the new base', async () => {
  // No CI in this repository: the patch is fast-forwarded onto main in the run that proposes it.
  const files = homelabFiles(
    { web: 'nginx:1.25.3' },
    { prHourlyLimit: 0, packageRules: [{ matchUpdateTypes: ['patch'], automerge: true, automergeType: 'branch', ignoreTests: true }] },
  );
  const tags = memoryRegistry({ nginx: ['1.25.3', '1.25.4'] });

  const control = await world(files);
  await humanCommit(control, 'main', 'the NAS moved to rack 2');
  expect((await runLoop(control, tags)).failed).toBe(false);
  expect(await control.fake.model.git.readFile(REPO, 'main', 'k8s/apps/web/deployment.yaml')).toContain('image: nginx:1.25.4');

  const w = await world(files);
  const mainAtPlan = await w.fake.model.git.branchSha(REPO, 'main');
  // As the bot's first push arrives (its branch, built on the main it read), a human pushes to main.
  const human = onFirst(w, isPush, () => humanCommit(w, 'main', 'the NAS moved to rack 2'));
  const faulted = await runLoop(w, tags);
  const humanSha = await human;
  const mainNow = (await w.fake.model.git.branchSha(REPO, 'main'))!;
  // main is the human's commit on top of what the bot planned on: the bot's fast-forward did not replace it.
  expect(mainNow).toBe(humanSha);
  expect(await w.fake.model.git.isAncestor(REPO, mainAtPlan!, mainNow)).toBe(true);
  const web = faulted.outcomes.find((o) => o.branchName === 'upkeep/nginx-1.x')!;
  expect(web.merged).not.toBe(true);
  expect(web.error ?? web.summary).not.toContain('\n');

  // The next run rebuilds the branch on the new main and fast-forwards it.
  const next = await runLoop(w, tags);
  expect(next.failed).toBe(false);
  expect(next.outcomes.find((o) => o.branchName === 'upkeep/nginx-1.x')?.merged).toBe(true);
  expect(await repoState(w)).toEqual(await repoState(control));
  expect((await w.fake.model.git.git(REPO, ['log', '--format=%an: %s', 'main'])).split('\n').slice(0, 2)).toEqual([
    'Upkeep Bot: Update nginx Docker tag to v1.25.4',
    'Alice: docs: the NAS moved to rack 2',
  ]);
});

it("a human pushes to the bot's branch as the bot's rebuild arrives: the bot's push is refused, the human's commit stays and the branch is left alone", async () => {
  const files = homelabFiles({ web: 'nginx:1.25.3' });
  const registry = { nginx: ['1.25.3', '1.26.0'] };
  const tags = memoryRegistry(registry);
  // The person holds the update back with a note of why, on the bot's branch.
  const fix = {
    'k8s/apps/web/deployment.yaml': deployment('web', 'nginx:1.26.0').replace(
      '# pinned by hand; the bot keeps it current',
      '# held at 1.26.0: 1.26.1 breaks TLS here',
    ),
  };

  // The control: the human's commit is on the branch before the second run starts.
  const control = await world(files);
  await runLoop(control, tags);
  registry.nginx.push('1.26.1');
  await control.fake.model.hooks.commit(REPO, 'upkeep/nginx-1.x', fix, { login: 'alice', message: 'hold nginx at 1.26.0' });
  const controlRun = await runLoop(control, tags);
  expect(controlRun.outcomes.find((o) => o.branchName === 'upkeep/nginx-1.x')?.pushed).toBe(false);
  registry.nginx.pop();

  const w = await world(files);
  await runLoop(w, tags);
  registry.nginx.push('1.26.1');
  const human = onFirst(w, isPush, () => w.fake.model.hooks.commit(REPO, 'upkeep/nginx-1.x', fix, { login: 'alice', message: 'hold nginx at 1.26.0' }));
  const faulted = await runLoop(w, tags);
  const humanSha = await human;
  // The bot's rebuild (1.26.1) did not replace the human's commit.
  expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx-1.x')).toBe(humanSha);
  const outcome = faulted.outcomes.find((o) => o.branchName === 'upkeep/nginx-1.x')!;
  expect(outcome.pushed).toBe(false);

  // Later runs see a branch a human wrote to and leave it alone, as in the control.
  const later = await runLoop(w, tags);
  expect(later.outcomes.find((o) => o.branchName === 'upkeep/nginx-1.x')?.pushed).toBe(false);
  expect(await w.fake.model.git.branchSha(REPO, 'upkeep/nginx-1.x')).toBe(humanSha);
  await runLoop(control, tags);
  expect(await repoState(w)).toEqual(await repoState(control));
});
