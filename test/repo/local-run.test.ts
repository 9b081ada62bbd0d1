/** `runLocal`: what a run on a working directory says about operator options it has no use for. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Datasource } from '../../src/datasources/types.js';
import { runLocal } from '../../src/repo/local-run.js';
import { createClock } from '../../src/util/clock.js';

const dir = mkdtempSync(join(tmpdir(), 'upkeep-local-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('warns that repositories and the platform token are not used by --platform local, and never prints the token', async () => {
  mkdirSync(join(dir, 'apps'));
  writeFileSync(join(dir, 'apps/pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: nginx:1.25.3\n');
  const token = `canary-${Math.random().toString(36).slice(2)}`;
  const global = { hostRules: [], registryAliases: {}, repositories: ['home/cluster'], token };
  const { report } = await runLocal(dir, global, { baseBranch: 'main', clock: createClock(new Date('2026-06-01T00:00:00Z')), datasourceFor: () => undefined });
  expect(report.warnings).toContain('global config repositories: not used by --platform local (the working directory is the repository)');
  expect(report.warnings).toContain('the platform token (token / UPKEEP_TOKEN) is not used by --platform local; it is only kept out of the output');
  expect(JSON.stringify(report)).not.toContain(token);
  const quiet = await runLocal(dir, { hostRules: [], registryAliases: {} }, { baseBranch: 'main', datasourceFor: () => undefined });
  expect(quiet.report.warnings.some((w) => w.includes('not used by --platform local'))).toBe(false);
});

it('a rule naming "docker" in matchManagers (Renovate accepts it; the rule matches nothing) runs: the same branches as without the rule, plus a warning saying what it probably meant', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'upkeep-docker-rule-'));
  try {
    mkdirSync(join(repo, 'k8s'));
    writeFileSync(
      join(repo, 'k8s/pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: nginx:1.25.3\n',
    );
    const docker: Datasource = {
      id: 'docker',
      defaultVersioning: 'docker',
      getReleases: async () => ({ releases: [{ version: '1.25.3' }, { version: '1.25.4' }] }),
      getDigest: async (_p, tag) => `sha256:${tag.replace(/\D/g, '').padEnd(64, '0')}`,
    };
    const run = async (config: unknown) => {
      writeFileSync(join(repo, 'renovate.json'), JSON.stringify(config));
      return (
        await runLocal(
          repo,
          { hostRules: [], registryAliases: {} },
          { baseBranch: 'main', clock: createClock(new Date('2026-06-01T00:00:00Z')), datasourceFor: (id) => (id === 'docker' ? docker : undefined) },
        )
      ).report;
    };
    const seeded = await run({ packageRules: [{ matchManagers: ['docker'], pinDigests: true }] });
    const plain = await run({});
    expect(seeded.configErrors).toBeUndefined();
    expect(seeded.branches.map((b) => [b.branchName, b.title])).toEqual(plain.branches.map((b) => [b.branchName, b.title]));
    expect(seeded.warnings).toContain(
      'renovate.json:1: packageRules[0].matchManagers[0]: "docker" is not a manager: this rule matches nothing (did you mean matchDatasources: ["docker"], or the managers "docker-compose", "dockerfile", "kubernetes", "flux"?)',
    );
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
