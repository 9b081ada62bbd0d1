/** `runLocal`: what a run on a working directory says about operator options it has no use for. */
import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
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

it('a home-ops repository whose presets are its own .renovate/ files, named github>owner/repo//…: --platform local reads them from the directory (the name from the origin remote), a remote one is an error naming it', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'upkeep-self-presets-'));
  try {
    mkdirSync(join(repo, 'kubernetes/apps'), { recursive: true });
    mkdirSync(join(repo, '.renovate'));
    writeFileSync(
      join(repo, 'kubernetes/apps/pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: nginx:1.25.3\n',
    );
    writeFileSync(
      join(repo, '.renovate/groups.json5'),
      '{\n  // grouped like the real ones\n  packageRules: [{ matchDatasources: ["docker"], matchPackageNames: ["nginx"], groupName: "web servers" }],\n}\n',
    );
    writeFileSync(join(repo, '.renovate/labels.json5'), '{ addLabels: ["type/{{updateType}}"] }\n');
    const config = (extra: string[] = []) =>
      JSON.stringify({
        extends: ['config:recommended', 'github>Home/Cluster//.renovate/groups.json5', 'github>home/cluster//.renovate/labels.json5', ...extra],
      });
    writeFileSync(join(repo, '.renovaterc.json5'), config());
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'git@github.com:home/cluster.git');
    const docker: Datasource = {
      id: 'docker',
      defaultVersioning: 'docker',
      getReleases: async () => ({ releases: [{ version: '1.25.3' }, { version: '1.25.4' }] }),
      getDigest: async (_p, tag) => `sha256:${tag.replace(/\D/g, '').padEnd(64, '0')}`,
    };
    const options = {
      baseBranch: 'main',
      clock: createClock(new Date('2026-06-01T00:00:00Z')),
      datasourceFor: (id: string) => (id === 'docker' ? docker : undefined),
    };
    const { report } = await runLocal(repo, { hostRules: [], registryAliases: {} }, options);
    expect(report.configErrors).toBeUndefined();
    expect(report.branches.map((b) => b.branchName)).toEqual(['upkeep/web-servers']);
    expect(report.warnings.some((w) => w.includes('taken to be'))).toBe(false);

    // Another repository's preset needs a forge; none answers here (the operator's endpoint is a closed port).
    writeFileSync(join(repo, '.renovaterc.json5'), config(['github>someone/presets#v2']));
    const port = await new Promise<number>((done) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => done(port));
      });
    });
    const closed = { hostRules: [], registryAliases: {}, presetEndpoints: { github: `http://127.0.0.1:${port}` } };
    const failed = (await runLocal(repo, closed, options)).report;
    expect(failed.configErrors).toEqual([
      expect.stringMatching(
        /^\.renovaterc\.json5:1: extends\[3\]: preset "github>someone\/presets#v2": could not read default\.json of github>someone\/presets at v2: /,
      ),
    ]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
