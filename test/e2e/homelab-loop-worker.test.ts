/**
 * The home-lab loop as `upkeep worker` runs it (issue 12): jobs enqueued on a real Redis, taken by a
 * worker that runs the repository on the Gitea fake against the real registry and Helm repository. The
 * second variant of the users' config: Flux reconciles a `flux` branch (`baseBranches: ["flux"]`), the
 * patch updates of one app's images are bundled in one group, majors come alone. Asserted: everything
 * targets flux and main is never touched; the group is one branch that fast-forwards flux once green;
 * each major is its own PR; a second job writes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../src/queue/worker.js';
import { startWorker } from '../../src/queue/worker.js';
import { enqueueRepositories } from '../../src/queue/enqueue.js';
import { redisConnection } from '../../src/util/redis.js';
import type { ForgeWorld } from '../platforms/world.js';
import { FORGES } from '../platforms/worlds.js';
import { REDIS_COMMANDS, startRedis, type TestRedis } from '../services/redis.js';
import { requireCommands } from '../services/require.js';
import { botBranches, greenChecks, openPrs, prOf, readFile, REPO } from './lib/harness.js';
import { homelabFiles } from './lib/homelab-repo.js';
import { HOMELAB_COMMANDS, startHomelabServices, type HomelabServices } from './lib/services.js';

const gate = requireCommands([...HOMELAB_COMMANDS, ...REDIS_COMMANDS]);

/**
 * The second variant, as users write it. The worker's clock is the wall clock, so PRs are not rate
 * limited per hour here (a test must not depend on the time it runs at).
 */
const VARIANT = JSON.stringify({
  extends: ['config:recommended', 'helpers:pinGitHubActionDigests'],
  baseBranches: ['flux'],
  kubernetes: { fileMatch: ['^k8s/.*\\.ya?ml$'] },
  flux: { fileMatch: ['^k8s/.*\\.ya?ml$'] },
  prHourlyLimit: 0,
  packageRules: [
    { matchUpdateTypes: ['patch', 'pin', 'digest'], automerge: true, automergeType: 'branch' },
    { matchFileNames: ['k8s/apps/paperless/**'], matchUpdateTypes: ['patch'], groupName: 'paperless images' },
  ],
});

/**
 * The repository without what a run would look up on github.com (the workflow's action, the remote
 * kustomize base): the worker asks the real GitHub for those, and tests never leave the machine.
 */
function variantFiles(services: HomelabServices): Record<string, string> {
  const files = homelabFiles(services, VARIANT);
  delete files['.github/workflows/validate.yaml'];
  delete files['k8s/apps/external-dns/kustomization.yaml'];
  return files;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

gate.describe('the home-lab loop, upkeep worker', () => {
  let services: HomelabServices;
  let redis: TestRedis;
  let world: ForgeWorld;
  let worker: RunningWorker;
  const connections: ReturnType<typeof redisConnection>[] = [];
  const done: string[] = [];
  const connect = () => {
    const c = redisConnection(redis.url, { maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };

  /** Enqueues acme/app and waits for the worker to finish it; returns the worker's line for it. */
  async function job(): Promise<string> {
    const before = done.length;
    const queued = await enqueueRepositories(connect(), [{ platform: 'gitea', repository: REPO }]);
    expect(queued.added).toEqual([`gitea:${REPO}`]);
    const end = performance.now() + 90_000;
    while (done.length === before) {
      if (performance.now() > end) throw new Error('the worker did not finish the job within 90 s (a loaded machine)');
      await sleep(50);
    }
    return done[before]!;
  }

  beforeAll(async () => {
    [services, redis] = await Promise.all([startHomelabServices(), startRedis()]);
    const gitea = FORGES.find((f) => f.id === 'gitea')!;
    world = await gitea.make({ repo: { files: variantFiles(services) } });
    await world.fake.model.hooks.commit(
      REPO,
      'flux',
      { 'README.md': '# home-ops\n\nFlux reconciles the flux branch.\n' },
      { from: 'main', message: 'flux branch' },
    );
    worker = await startWorker({
      connection: connect(),
      global: { hostRules: services.hostRules, registryAliases: {}, token: world.token },
      endpoint: world.fake.server.url,
      dryRun: false,
      log: (message) => {
        if (/: (done|failed)/.test(message)) done.push(message);
      },
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop(5000);
    for (const c of connections) c.disconnect();
    world?.fake.server.assertNoViolations();
    await world?.close();
    await redis?.stop();
    await services?.stop();
  });

  it('the worker builds every branch on flux; the patches of one app are one group; majors alone; main untouched', async () => {
    const mainBefore = await world.fake.model.git.branchSha(REPO, 'main');
    expect(await job()).toMatch(/^acme\/app: done, \d+ branches$/);
    expect(await botBranches(world)).toEqual(
      [
        'upkeep/127.0.0.1-PORT-corentinth-it-tools-latest',
        'upkeep/127.0.0.1-PORT-library-redis-8.x',
        'upkeep/127.0.0.1-PORT-paperless-ngx-paperless-ngx-2.x',
        'upkeep/127.0.0.1-PORT-traefik-whoami-1.x',
        'upkeep/app-template-3.x',
        'upkeep/app-template-4.x',
        'upkeep/cert-manager-1.x',
        'upkeep/paperless-images',
      ]
        .map((b) => b.replace('PORT', services.registry.host.split(':')[1]!))
        .sort(),
    );
    const prs = await openPrs(world);
    expect(prs.every((p) => p.includes(' → flux: '))).toBe(true);
    expect(prs.filter((p) => p.includes('app-template-4.x') || p.includes('redis-8.x'))).toHaveLength(2);
    // The group: both patches of the paperless HelmRelease in one commit; the minor and the major of the same file are not in it.
    const group = await world.fake.model.git.git(REPO, ['diff', 'flux...upkeep/paperless-images']);
    expect(group).toContain(`+              tag: 7.2.5@${services.digest('library/redis', '7.2.5')}`);
    expect(group).toContain(`+              tag: 8.5.1@${services.digest('gotenberg/gotenberg', '8.5.1')}`);
    expect(group).not.toContain('2.8.0');
    expect(await prOf(world, 'upkeep/paperless-images')).toBeUndefined(); // automergeType branch: no PR
    expect(await world.fake.model.git.branchSha(REPO, 'main')).toBe(mainBefore);
  }, 120_000);

  it('green checks: the next job fast-forwards flux (the group first) and rebuilds the rest on it; main untouched; an unchanged world writes nothing', async () => {
    const mainBefore = await world.fake.model.git.branchSha(REPO, 'main');
    const fluxBefore = (await world.fake.model.git.branchSha(REPO, 'flux'))!;
    for (let i = 0; i < 6 && (await botBranches(world)).some((b) => /paperless-images|it-tools|whoami|cert-manager/.test(b)); i++) {
      await greenChecks(world);
      expect(await job()).toMatch(/: done,/);
    }
    const flux = (path: string) => readFile(world, 'flux', path);
    expect(await flux('k8s/apps/paperless/helmrelease.yaml')).toContain(`tag: 7.2.5@${services.digest('library/redis', '7.2.5')}`);
    expect(await flux('k8s/apps/cert-manager/helmrelease.yaml')).toContain('version: v1.14.5');
    expect(await flux('k8s/apps/whoami/deployment.yaml')).toContain(`whoami:v1.10.2@${services.digest('traefik/whoami', 'v1.10.2')}`);
    const log = await world.fake.model.git.git(REPO, ['log', '--format=%P|%an', `${fluxBefore}..flux`]);
    for (const line of log.split('\n')) expect(line).toMatch(/^[0-9a-f]{40}\|Upkeep Bot$/); // fast-forwards of single-parent bot commits
    expect(await world.fake.model.git.branchSha(REPO, 'main')).toBe(mainBefore);

    await greenChecks(world);
    await job();
    const counters = world.fake.model.startRun();
    await job();
    expect(counters.snapshot().writeLog).toEqual([]);
  }, 300_000);
});
