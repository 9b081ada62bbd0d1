/**
 * Issue 8's figures: a repository with 40 updates in 12 branches on each forge's fake (real git over
 * HTTP, every call validated): API reads and writes, git fetches and pushes, and wall time of the first
 * run and of a rerun over the unchanged world. Printed as JSON (`FIGURES {forge: {first, rerun}}`), not
 * asserted beyond sanity. GitHub's write spacing (1 s between writes, 3 s between notifying creations,
 * GitHub's advice) is off in the fake's world, so its time is Upkeep's own, like the others'.
 */
import { expect, it } from 'vitest';
import type { Datasource } from '../../src/datasources/types.js';
import { runForgeRepository } from '../../src/repo/forge-run.js';
import { createClock } from '../../src/util/clock.js';
import { FORGES } from '../../test/platforms/worlds.js';

const IMAGES = Array.from({ length: 12 }, (_, i) => `team/app-${i}`);
const D = (s: string) => `sha256:${Buffer.from(s).toString('hex').padEnd(64, '0').slice(0, 64)}`;

async function figures(make: (typeof FORGES)[number]['make']) {
  // 40 references to 12 images across 20 files: each image's branch edits every file that names it.
  const files: Record<string, string> = { 'renovate.json': '{"prHourlyLimit": 0, "prConcurrentLimit": 0}' };
  for (let f = 0; f < 20; f++) {
    const containers = [0, 1].map((c) => IMAGES[(f * 2 + c) % 12]!).map((image, c) => `    - name: c${c}\n      image: ${image}:1.0.0\n`);
    files[`k8s/app-${f}.yaml`] = `apiVersion: v1\nkind: Pod\nmetadata: {name: app-${f}}\nspec:\n  containers:\n${containers.join('')}`;
  }
  const docker: Datasource = {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async () => ({ releases: [{ version: '1.0.0' }, { version: '1.1.0' }] }),
    getDigest: async (p, t) => D(`${p.packageName}:${t}`),
  };
  const world = await make({ repo: { files } });
  try {
    const platform = await world.repo();
    const bot = await world.platform.currentUser();
    const run = async () => {
      const counters = world.fake.model.startRun();
      const started = performance.now();
      const result = await runForgeRepository({
        platform,
        bot,
        global: { hostRules: [], registryAliases: {}, token: world.token },
        clock: createClock(new Date('2026-06-01T10:00:00Z')),
        datasourceFor: (id) => (id === 'docker' ? docker : undefined),
      });
      const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
      const { reads, writes, fetches, pushes } = counters.snapshot();
      return {
        seconds,
        apiReads: reads,
        apiWrites: writes,
        gitFetches: fetches,
        gitPushes: pushes,
        branches: result.report.branches.length,
        updates: result.report.branches.reduce((n, b) => n + b.updates.length, 0),
        operations: Object.fromEntries(counters.operations),
      };
    };
    const first = await run();
    const rerun = await run();
    expect(first.branches).toBe(12);
    expect(rerun.apiWrites + rerun.gitPushes).toBe(0);
    return { first, rerun };
  } finally {
    world.fake.server.assertNoViolations();
    await world.close();
  }
}

it('40 updates in 12 branches: first run and rerun, per forge', async () => {
  const all: Record<string, Awaited<ReturnType<typeof figures>>> = {};
  for (const forge of FORGES) all[forge.id] = await figures(forge.make);
  console.log(`FIGURES ${JSON.stringify(all)}`);
});
