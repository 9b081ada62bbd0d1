/**
 * Faults 1 and 2 of issue 12: the registry misbehaves during a run on the Gitea fake. A real registry
 * (docker-registry on loopback) sits behind a fault server that scripts the misbehaviour:
 *
 * - one image's tag list answers 500, another's never answers (the host rule's timeout ends the wait):
 *   those two are reported as failed lookups naming the host, the rest still update in the same run,
 *   and once the registry is well again the next run leaves the repository as an unfaulted run does;
 * - a 429 storm with Retry-After: the client waits as told and the run ends as an unfaulted run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HostRule } from '../../../src/http/host-rules.js';
import type { ForgeWorld } from '../../platforms/world.js';
import { startFaultServer, status, tooManyRequests, type FaultServer } from '../../services/fault-server.js';
import { pushImage } from '../../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../../services/registry.js';
import { requireCommands } from '../../services/require.js';
import { forge, homelabFiles, makeWorld, openPrs, repoState, runLoop } from './lib/loop.js';

const gate = requireCommands(registryCommands('none'));
const GITEA = forge('gitea');
const IMAGES: Record<string, string[]> = { 'home/web': ['1.25.3', '1.26.0'], 'home/cache': ['7.2.4', '7.2.5'], 'home/queue': ['3.12.0', '3.13.0'] };

gate.describe('registry faults during a run', () => {
  let registry: TestRegistry;
  let faults: FaultServer;
  let hostRules: HostRule[];
  const worlds: ForgeWorld[] = [];

  beforeAll(async () => {
    registry = await startRegistry();
    for (const [repository, tags] of Object.entries(IMAGES))
      for (const tag of tags) await pushImage(registry, repository, tag, { layer: `${repository}:${tag}` });
    faults = await startFaultServer({ upstream: registry.url });
    // Plain HTTP on loopback; a lookup that hangs is given up after 1 s (the operator's timeout).
    hostRules = [...registry.hostRules(), { matchHost: faults.host, insecureRegistry: true, timeout: 1000 }];
  }, 60_000);

  afterAll(async () => {
    for (const w of worlds) {
      w.fake.server.assertNoViolations();
      await w.close();
    }
    await faults?.stop();
    await registry?.stop();
  });

  const files = () =>
    homelabFiles({
      web: `${faults.host}/home/web:1.25.3`,
      cache: `${faults.host}/home/cache:7.2.4`,
      queue: `${faults.host}/home/queue:3.12.0`,
    });
  async function world(): Promise<ForgeWorld> {
    const w = await makeWorld(GITEA, files());
    worlds.push(w);
    return w;
  }
  const run = (w: ForgeWorld) => runLoop(w, undefined, { global: { hostRules, registryAliases: {}, token: w.token } });
  const branch = (image: string, major: string) => `upkeep/${faults.host.replace(':', '-')}-home-${image}-${major}.x`;

  it('500s for one image and a hang for another: both reported naming the host, the rest updated; the next run ends as an unfaulted one', async () => {
    faults.clear();
    const control = await world();
    expect((await run(control)).failed).toBe(false);
    expect(await openPrs(control)).toHaveLength(3);

    const w = await world();
    faults.route({ path: '/v2/home/cache/tags/list', handle: () => status(500, 'internal error') });
    // Never answers: the request is held until the client gives up.
    faults.route({ path: '/v2/home/queue/tags/list', handle: () => new Promise(() => {}) });
    const started = performance.now();
    const faulted = await run(w);
    expect(performance.now() - started).toBeLessThan(20_000);
    const failed = faulted.report.deps.filter((d) => d.status.kind === 'lookup-failed');
    expect(failed.map((d) => d.file).sort()).toEqual(['k8s/apps/cache/deployment.yaml', 'k8s/apps/queue/deployment.yaml']);
    for (const { status } of failed) {
      const detail = status.kind === 'lookup-failed' ? status.detail : '';
      expect(detail).toContain(faults.host);
      expect(detail).not.toContain('\n');
    }
    expect(await openPrs(w)).toEqual([`${branch('web', '1')} → main: Update ${faults.host}/home/web Docker tag to v1.26.0`]);

    faults.clear();
    expect((await run(w)).failed).toBe(false);
    expect(await repoState(w)).toEqual(await repoState(control));
  }, 60_000);

  it('a 429 storm with Retry-After: the run waits as told and ends as an unfaulted run', async () => {
    faults.clear();
    const control = await world();
    await run(control);

    const w = await world();
    // The first four tag listings (of any image) are refused with Retry-After: 1.
    faults.route({ path: /\/tags\/list/, handle: (_req, n) => (n < 4 ? tooManyRequests(1) : { kind: 'proxy', upstream: registry.url }) });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(result.report.deps.filter((d) => d.status.kind === 'lookup-failed')).toEqual([]);
    const listings = faults.requestsTo(/\/tags\/list/, 'GET');
    expect(listings.length).toBeGreaterThanOrEqual(7); // four refused, then each image's listing
    expect(await repoState(w)).toEqual(await repoState(control));
    faults.clear();
  }, 60_000);
});
