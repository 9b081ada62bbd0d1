/** The forge-run scenarios (lib/forge-run-scenarios.ts) on the Gitea fake; and the merge fields of each Gitea version. */
import { describe, expect, it } from 'vitest';
import { runForgeRepository } from '../../src/repo/forge-run.js';
import { createClock } from '../../src/util/clock.js';
import { FORGES } from '../platforms/worlds.js';
import { REPO } from '../platforms/world.js';
import { describeForgeRun, FILES, PR_AUTOMERGE, registry, TAGS } from './lib/forge-run-scenarios.js';

describeForgeRun(FORGES.find((f) => f.id === 'gitea')!);

describe.each(['1.25.0', '1.27.0', '11.0.1+gitea-1.22.0'])('Gitea %s: the merge fields of that version', (version) => {
  it('an automerging PR is merged with the field names the server takes', async () => {
    const kind = FORGES.find((f) => f.id === 'gitea')!;
    const w = await kind.make({ version, repo: { files: { ...FILES, 'renovate.json': JSON.stringify(PR_AUTOMERGE) } } });
    try {
      const run = async () =>
        runForgeRepository({
          platform: await w.repo(),
          bot: await w.platform.currentUser(),
          global: { hostRules: [], registryAliases: {}, token: w.token },
          clock: createClock(new Date('2026-06-01T10:00:00Z')),
          datasourceFor: registry(TAGS),
        });
      await run();
      const head = (await w.fake.model.git.branchSha(REPO, 'upkeep/nginx-1.x'))!;
      await w.fake.model.hooks.setStatus(REPO, head, 'ci/build', 'success');
      const merged = await run();
      expect(merged.outcomes.find((o) => o.branchName === 'upkeep/nginx-1.x')?.merged).toBe(true);
      expect(await w.fake.model.git.readFile(REPO, 'main', 'k8s/web.yaml')).toContain('image: nginx:1.26.0');
      // The fake refuses the other version's field names: no violation means the right ones were sent.
      w.fake.server.assertNoViolations();
    } finally {
      await w.close();
    }
  });
});
