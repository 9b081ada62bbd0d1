/**
 * Through a whole dry run (`runLocal`) with the real datasources on loopback: a repository whose
 * `# renovate:` annotations name github-releases (asked at the run's GitHub endpoint) and its own
 * `custom.<name>` datasources (its config's customDatasources), each planned like any other dep.
 * Synthetic repository, written for this test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocal, type LocalRunResult } from '../../../src/repo/local-run.js';
import { createClock } from '../../../src/util/clock.js';
import { loadGitHubValidator } from '../../fakes/github.js';
import { startHttpServer, type TestHttpServer } from '../../services/http-server.js';
import { startReleasesServer, type ReleasesServer } from '../releases-server.js';

let github: ReleasesServer;
let registry: TestHttpServer;
let dir: string;
let result: LocalRunResult;

function config(registryUrl: string) {
  return {
    customManagers: [
      {
        customType: 'regex',
        managerFilePatterns: ['/\\.ya?ml$/', '/\\.env$/'],
        matchStrings: ['# renovate: datasource=(?<datasource>\\S+) depName=(?<depName>\\S+)\\n[^\\n]*?(:\\s*|=)["\']?(?<currentValue>[^"\'\\s]+)["\']?'],
      },
    ],
    customDatasources: {
      k3s: {
        defaultRegistryUrlTemplate: `${registryUrl}/v1-release/channels`,
        transformTemplates: ['{"releases": data[id ~> $match(/^v1\\.\\d+$/)].{"version": latest}}'],
      },
      'grafana-dashboards': {
        defaultRegistryUrlTemplate: `${registryUrl}/api/dashboards/{{packageName}}`,
        transformTemplates: ['{"releases": [{"version": $string(revision)}]}'],
      },
      slow: {
        defaultRegistryUrlTemplate: `${registryUrl}/api/dashboards/1860`,
        transformTemplates: ['($f := function($n) { $f($n + 1) }; $f(0))'],
      },
    },
    packageRules: [{ matchDatasources: ['custom.grafana-dashboards'], versioning: 'regex:^(?<major>\\d+)$' }],
  };
}

beforeAll(async () => {
  github = await startReleasesServer({ forge: 'github', basePath: '/api/v3', validator: loadGitHubValidator() });
  github.addRepo('siderolabs/talos', [
    { tag: 'v1.8.0-beta.1', prerelease: true, createdAt: '2024-05-28T00:00:00Z' },
    { tag: 'v1.7.5', createdAt: '2024-05-20T00:00:00Z' },
    { tag: 'v1.7.4', createdAt: '2024-05-01T00:00:00Z' },
  ]);
  registry = await startHttpServer();
  registry.file(
    '/v1-release/channels',
    JSON.stringify({
      data: [
        { id: 'stable', latest: 'v1.30.2+k3s1' },
        { id: 'v1.30', latest: 'v1.30.2+k3s1' },
        { id: 'v1.31', latest: 'v1.31.1+k3s1' },
      ],
    }),
    { contentType: 'application/json' },
  );
  registry.file('/api/dashboards/1860', JSON.stringify({ id: 1860, revision: 37 }), { contentType: 'application/json' });
  const files: Record<string, string> = {
    'talos/talconfig.yaml': '# renovate: datasource=github-releases depName=siderolabs/talos\ntalosVersion: v1.7.4\n',
    'cluster/versions.env': '# renovate: datasource=custom.k3s depName=k3s\nK3S_VERSION=v1.30.2+k3s1\n',
    'monitoring/dashboards.yaml':
      '# renovate: datasource=custom.grafana-dashboards depName=1860\nrevision: 31\n# renovate: datasource=custom.slow depName=slow\nother: 1\n',
    'renovate.json': JSON.stringify(config(registry.url), null, 2),
  };
  dir = mkdtempSync(join(tmpdir(), 'upkeep-custom-ds-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  result = await runLocal(
    dir,
    { platform: 'github', endpoint: `${github.url}/api/v3`, hostRules: [], registryAliases: {} },
    { baseBranch: 'main', clock: createClock(new Date('2024-06-01T00:00:00Z')) },
  );
}, 60_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await github.stop();
  await registry.stop();
});

describe('a run with github-releases and custom datasources', () => {
  it('reads the config without errors and looks every dep up', () => {
    expect(result.report.configErrors).toBeUndefined();
    expect(github.violations).toEqual([]);
    const deps = result.report.deps.map((d) => [d.datasource, d.depName, d.currentValue]);
    expect(deps).toEqual(
      expect.arrayContaining([
        ['github-releases', 'siderolabs/talos', 'v1.7.4'],
        ['custom.k3s', 'k3s', 'v1.30.2+k3s1'],
        ['custom.grafana-dashboards', '1860', '31'],
        ['custom.slow', 'slow', '1'],
      ]),
    );
  });

  it('plans each update like any other dep (a pre-release left out)', () => {
    const updates = result.report.branches.flatMap((b) => b.updates.map((u) => `${u.depName} ${u.currentValue} → ${u.newValue}`));
    expect(updates.sort()).toEqual(['1860 31 → 37', 'k3s v1.30.2+k3s1 → v1.31.1+k3s1', 'siderolabs/talos v1.7.4 → v1.7.5'].sort());
  });

  it('a transform that runs too long costs its own dep only, with a warning naming the datasource', () => {
    const slow = result.analysis!.deps.find((d) => d.dep.depName === 'slow')!;
    expect(slow.failure).toBe('custom.slow: transformTemplates[0]: stopped: ran longer than 5000 ms');
  }, 20_000);
});
