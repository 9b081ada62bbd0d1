/**
 * The home-lab GitOps loop end to end (issue 12), as `upkeep run` does it (runForgeRepository in
 * process): a Flux repository (lib/homelab-repo.ts) on each forge's fake (real git over HTTP, every API
 * call validated), its images and an OCI chart in a real registry, a chart in an HTTP Helm repository,
 * GitHub's tag API on loopback (lib/services.ts); the repository's config exactly as such users write it.
 * One world per forge, run after run with one injected clock per run, CI turning checks green between
 * runs: patches, the digest and the action pin land on main by fast-forward; minors and majors are PRs
 * whose bodies link the release notes; the dashboard lists it all; a new tag updates the open PR; an
 * unchanged world makes a run that writes nothing. The queue worker and the second variant of the config
 * are in ../homelab-loop-worker.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ForgeRunResult } from '../../../src/repo/forge-run.js';
import type { PlatformId } from '../../../src/platforms/types.js';
import type { ForgeWorld } from '../../platforms/world.js';
import { FORGES } from '../../platforms/worlds.js';
import { botBranches, dashboardBody, greenChecks, homelabGate, homelabRunner, openPrs, prOf, readFile, REPO } from './harness.js';
import { homelabFiles } from './homelab-repo.js';
import { startHomelabServices, type HomelabServices } from './services.js';

/** Verbatim, as users write it (note "docker" is not a manager name: Renovate accepts it and the rule matches nothing). */
const CONFIG = `{"extends": ["config:recommended", "helpers:pinGitHubActionDigests"], "kubernetes": {"fileMatch": ["^k8s/.*\\\\.ya?ml$"]}, "flux": {"fileMatch": ["^k8s/.*\\\\.ya?ml$"]}, "packageRules": [{"matchManagers": ["docker"], "pinDigests": true}, {"matchUpdateTypes": ["patch", "pin", "digest"], "automerge": true, "automergeType": "branch"}]}`;

const hour = (h: number) => `2026-06-01T${String(h).padStart(2, '0')}:00:00Z`;

/** The loop on one forge (a test file per forge, so that the three run side by side). */
export function describeHomelabLoop(id: PlatformId): void {
  const forge = FORGES.find((f) => f.id === id)!;
  homelabGate.describe(`the home-lab loop, upkeep run, on ${id}`, () => {
    // Each forge gets its own registry: a run pushes tags to it.
    let services: HomelabServices;
    let world: ForgeWorld;
    let run: ReturnType<typeof homelabRunner>;
    let r: string;
    /** Branch names as Upkeep makes them from the registry host (`127.0.0.1-<port>-…`). */
    const img = (path: string) => `upkeep/${r}-${path}`;
    /** The commit actions/checkout's v4.1.1 tag points at (what the pin writes). */
    const checkoutSha = () => services.github.state.listTags(services.github.state.repo('actions/checkout')).find((t) => t.name === 'v4.1.1')!.commitSha;
    beforeAll(async () => {
      services = await startHomelabServices();
      world = await forge.make({ repo: { files: homelabFiles(services, CONFIG) } });
      run = homelabRunner(world, services);
      r = services.registry.host.replace(':', '-');
    }, 60_000);
    afterAll(async () => {
      world?.fake.server.assertNoViolations();
      services?.github.server.assertNoViolations();
      await world?.close();
      await services?.stop();
    });

    it('the verbatim config runs with a warning naming the rule; automerging updates get branches, minors PRs (two an hour); a dry run wrote nothing first', async () => {
      const dry = world.fake.model.startRun();
      await run({ at: hour(9), dryRun: true });
      expect(dry.snapshot().writeLog).toEqual([]);

      world.fake.model.startRun();
      const first = await run({ at: hour(10) });
      expect(first.failed).toBe(false);
      expect(first.report.configErrors).toBeUndefined();
      expect(first.report.warnings).toContainEqual(
        expect.stringMatching(/packageRules\[0\]\.matchManagers\[0\]: "docker" is not a manager: this rule matches nothing/),
      );
      // Digest and patch updates: a branch each, no PR (automergeType branch). The action's digest pin is a
      // "pinDigest" update, which the rule's matchUpdateTypes do not name: it waits in Renovate's "Pin
      // dependencies" PR, as it does with Renovate.
      expect(await botBranches(world)).toEqual(
        [
          img('corentinth-it-tools-latest'),
          img('gotenberg-gotenberg-8.x'),
          img('library-redis-7.x'),
          img('traefik-whoami-1.x'),
          'upkeep/cert-manager-1.x',
          // prHourlyLimit 2 (Renovate's default): the pin PR and the first minor, in Renovate's order.
          'upkeep/pin-dependencies',
          img('paperless-ngx-paperless-ngx-2.x'),
        ].sort(),
      );
      expect(await openPrs(world)).toEqual(
        [
          `${img('paperless-ngx-paperless-ngx-2.x')} → main: Update ${services.registry.host}/paperless-ngx/paperless-ngx Docker tag to v2.8.0`,
          `upkeep/pin-dependencies → main: Pin actions/checkout action to ${checkoutSha().slice(0, 7)}`,
        ].sort(),
      );
      const pending = (result: ForgeRunResult) => result.report.branches.filter((b) => b.action?.startsWith('pending')).map((b) => b.branchName);
      expect(pending(first)).toEqual(['upkeep/app-template-3.x', img('library-redis-8.x'), 'upkeep/app-template-4.x']);

      // PR bodies link the release notes where the source is known (the image's org.opencontainers.image.source)
      // and show the tag and digest that change.
      const paperless = (await prOf(world, img('paperless-ngx-paperless-ngx-2.x')))!;
      expect(paperless.body).toContain('[release notes](https://github.com/paperless-ngx/paperless-ngx/releases?q=2.8.0&expanded=true)');
      expect(paperless.body).toContain(`\`2.7.1@${services.firstDigest('paperless-ngx/paperless-ngx', '2.7.1').slice(0, 14)}…\``);
      expect(await readFile(world, 'upkeep/pin-dependencies', '.github/workflows/validate.yaml')).toContain(`uses: actions/checkout@${checkoutSha()} # v4.1.1`);

      // The dashboard lists every dependency, the rate-limited majors and the warning.
      const board = await dashboardBody(world);
      expect(board).toContain('"docker" is not a manager');
      expect(board).toMatch(/Update app-template Docker tag to v4.*\n/);
      for (const dep of first.report.deps) expect(board).toContain(dep.depName);
      expect(first.report.deps.map((d) => d.file)).toEqual(
        expect.arrayContaining([
          'tools/validate/Dockerfile',
          '.github/workflows/validate.yaml',
          'k8s/apps/mosquitto/values.yaml',
          'k8s/apps/external-dns/kustomization.yaml',
          'k8s/apps/cert-manager/helmrelease.yaml',
        ]),
      );
    }, 90_000);

    it('green checks: one fast-forward per run until every automerging update is on main; the majors get PRs of their own', async () => {
      const mainBefore = (await world.fake.model.git.branchSha(REPO, 'main'))!;
      let h = 11;
      const merged: string[] = [];
      // The branches that wait for a human in a PR; every other bot branch automerges.
      const inPr = (b: string) => ['paperless', 'app-template', 'redis-8', 'pin-dependencies'].some((name) => b.includes(name));
      while ((await botBranches(world)).some((b) => !inPr(b)) && h < 22) {
        await greenChecks(world);
        const result = await run({ at: hour(h++) });
        expect(result.failed).toBe(false);
        merged.push(...result.outcomes.filter((o) => o.merged).map((o) => o.branchName));
      }
      // One run per fast-forward: after a merge the run rebuilds the other branches on the moved base (as
      // Renovate restarts after an automerge), so CI checks them before the next run.
      expect(h - 11).toBe(5);
      expect(merged.sort()).toEqual(
        [
          img('corentinth-it-tools-latest'),
          img('gotenberg-gotenberg-8.x'),
          img('library-redis-7.x'),
          img('traefik-whoami-1.x'),
          'upkeep/cert-manager-1.x',
        ].sort(),
      );
      // Fast-forwards only: main is a line of the bot's commits on top of where it was.
      const log = await world.fake.model.git.git(REPO, ['log', '--format=%H %P|%an|%s', `${mainBefore}..main`]);
      const commits = log.trim().split('\n');
      expect(commits).toHaveLength(5);
      for (const line of commits) expect(line).toMatch(/^[0-9a-f]{40} [0-9a-f]{40}\|Upkeep Bot\|/);

      const main = (path: string) => readFile(world, 'main', path);
      const host = services.registry.host;
      expect(await main('k8s/apps/whoami/deployment.yaml')).toContain(`image: ${host}/traefik/whoami:v1.10.2@${services.digest('traefik/whoami', 'v1.10.2')}`);
      expect(await main('k8s/apps/it-tools/deployment.yaml')).toContain(
        `image: ${host}/corentinth/it-tools:latest@${services.digest('corentinth/it-tools', 'latest')}`,
      );
      const paperless = (await main('k8s/apps/paperless/helmrelease.yaml'))!;
      expect(paperless).toContain(`tag: 7.2.5@${services.digest('library/redis', '7.2.5')}`);
      expect(paperless).toContain(`tag: 8.5.1@${services.digest('gotenberg/gotenberg', '8.5.1')}`);
      expect(paperless).toContain('tag: 2.7.1@'); // the minor waits in its PR
      expect(await main('k8s/apps/cert-manager/helmrelease.yaml')).toContain('version: v1.14.5');
      expect(await main('.github/workflows/validate.yaml')).toContain('uses: actions/checkout@v4.1.1\n'); // the pin waits in its PR

      // Two PRs an hour: the minor of the chart, then each major alone; the chart's major touches its two
      // HelmReleases and nothing else.
      expect(await openPrs(world)).toEqual(
        [
          `upkeep/pin-dependencies → main: Pin actions/checkout action to ${checkoutSha().slice(0, 7)}`,
          `${img('library-redis-8.x')} → main: Update ${host}/library/redis Docker tag to v8`,
          `${img('paperless-ngx-paperless-ngx-2.x')} → main: Update ${host}/paperless-ngx/paperless-ngx Docker tag to v2.8.0`,
          'upkeep/app-template-3.x → main: Update app-template Docker tag to v3.2.1',
          'upkeep/app-template-4.x → main: Update app-template Docker tag to v4',
        ].sort(),
      );
      // The chart's PRs link its release notes (the chart's sources); both HelmReleases of app-template move together.
      const chart = (await prOf(world, 'upkeep/app-template-3.x'))!;
      expect(chart.body).toContain('[release notes](https://github.com/bjw-s/helm-charts/releases?q=3.2.1&expanded=true)');
      expect(chart.body).toMatch(/- `k8s\/apps\/mosquitto\/helmrelease.yaml`\n- `k8s\/apps\/paperless\/helmrelease.yaml`\n/);
      const major = (await prOf(world, 'upkeep/app-template-4.x'))!;
      expect(major.body.match(/^\| .* \| major \|/gm)).toHaveLength(2);
      expect(major.body).not.toContain('redis');
      expect(await world.fake.model.git.git(REPO, ['diff', '--name-only', 'main...upkeep/app-template-4.x'])).toBe(
        'k8s/apps/mosquitto/helmrelease.yaml\nk8s/apps/paperless/helmrelease.yaml',
      );
    }, 240_000);

    it('an unchanged world: a second run writes nothing', async () => {
      await greenChecks(world);
      // The first run after the last merge still has the dashboard to bring up to date.
      expect((await run({ at: hour(22) })).failed).toBe(false);
      const counters = world.fake.model.startRun();
      const result = await run({ at: hour(23) });
      expect(result.failed).toBe(false);
      expect(counters.snapshot().writeLog).toEqual([]);
      expect(counters.pushes).toBe(0);
    }, 90_000);

    it('a tag pushed to the registry between runs updates the open PR, in place', async () => {
      const before = (await prOf(world, img('paperless-ngx-paperless-ngx-2.x')))!;
      const digest = await services.pushImage('paperless-ngx/paperless-ngx', '2.8.1');
      const result = await run({ at: '2026-06-02T08:00:00Z' });
      expect(result.failed).toBe(false);
      const after = (await prOf(world, img('paperless-ngx-paperless-ngx-2.x')))!;
      expect(after.number).toBe(before.number);
      expect(after.title).toBe(`Update ${services.registry.host}/paperless-ngx/paperless-ngx Docker tag to v2.8.1`);
      expect(after.body).toContain('releases?q=2.8.1&expanded=true');
      expect(await readFile(world, after.head, 'k8s/apps/paperless/helmrelease.yaml')).toContain(`tag: 2.8.1@${digest}`);
      expect(await openPrs(world)).toHaveLength(5);
    }, 90_000);
  });
}
