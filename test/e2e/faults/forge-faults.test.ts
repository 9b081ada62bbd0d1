/**
 * Fault 5 of issue 12: the forge answers 502 when the bot creates a PR — on every attempt of a run, then
 * once before the PR exists and once after it was made (the answer lost). The whole loop on the Gitea
 * fake (the home-lab forge; each adapter's own tests in test/platforms/<forge>/ cover the same 502s at
 * the adapter level on GitHub and GitLab): a run that cannot create a PR says so for that branch only, in
 * one line; the next run creates each PR exactly once (the adapter looks for the PR before trying
 * again), and the repository ends as a run without the fault leaves it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ForgeWorld } from '../../platforms/world.js';
import { forge, homelabFiles, makeWorld, memoryRegistry, openPrs, REPO, repoState, runLoop, serverOf, type RepoState } from './lib/loop.js';

const GITEA = forge('gitea');
const CREATE_PR = 'repoCreatePullRequest';
const FILES = homelabFiles({ web: 'nginx:1.25.3', cache: 'redis:7.2.4' });
const TAGS = memoryRegistry({ nginx: ['1.25.3', '1.26.0'], redis: ['7.2.4', '7.2.5'] });
const EXPECTED_PRS = ['upkeep/nginx-1.x → main: Update nginx Docker tag to v1.26.0', 'upkeep/redis-7.x → main: Update redis Docker tag to v7.2.5'];

const worlds: ForgeWorld[] = [];
let control: RepoState;

beforeAll(async () => {
  // The control: the same repository, one run, no fault.
  const w = await makeWorld(GITEA, FILES);
  worlds.push(w);
  expect((await runLoop(w, TAGS)).failed).toBe(false);
  expect(await openPrs(w)).toEqual(EXPECTED_PRS);
  control = await repoState(w);
});

afterAll(async () => {
  for (const w of worlds) {
    w.fake.server.assertNoViolations();
    await w.close();
  }
});

it('502 on PR creation: reported per branch while it lasts; then a 502 before and one after the PR is made: each PR exists once', async () => {
  const w = await makeWorld(GITEA, FILES);
  worlds.push(w);

  // Every creation fails: the branches are pushed, each PR's failure is that branch's one-line error.
  serverOf(w).injectFault({ operationId: CREATE_PR, status: 502, times: 1000 });
  const broken = await runLoop(w, TAGS);
  expect(broken.failed).toBe(true);
  expect(await openPrs(w)).toEqual([]);
  const errors = broken.outcomes.filter((o) => o.error).map((o) => `${o.branchName}: ${o.error}`);
  expect(errors).toHaveLength(2);
  for (const error of errors) {
    expect(error).toMatch(/^upkeep\/(nginx-1|redis-7)\.x: .*502/);
    expect(error).not.toContain('\n');
    expect(error).not.toContain(w.token);
  }
  expect(broken.report.branches.map((b) => b.error !== undefined)).toEqual([true, true]);

  // The forge recovers, but the next creation fails before the PR exists and the one after loses its answer.
  serverOf(w).clearFaults();
  serverOf(w).injectFault({ operationId: CREATE_PR, status: 502 });
  serverOf(w).injectFault({ operationId: CREATE_PR, status: 502, afterEffect: true });
  const counters = w.fake.model.startRun();
  const recovered = await runLoop(w, TAGS);
  expect(recovered.failed).toBe(false);
  // Three creations reached the forge for two PRs (one lost before, one after it took effect); no push.
  expect(counters.operations.get(`POST ${CREATE_PR}`)).toBe(3);
  expect(counters.pushes).toBe(0);
  expect((await w.fake.model.pulls.list(REPO)).map((p) => p.head).sort()).toEqual(['upkeep/nginx-1.x', 'upkeep/redis-7.x']);
  expect(await repoState(w)).toEqual(control);
});
