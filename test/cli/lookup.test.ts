/**
 * `upkeep lookup` end to end: the built CLI on a small repository whose images live in a real registry
 * and whose chart lives in a Helm repository served over loopback.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';
import { pushImage, pushIndex, type PushedIndex, type PushedManifest } from '../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../services/registry.js';
import { requireCommands } from '../services/require.js';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const withRegistry = requireCommands(registryCommands('none'));

/** Run the CLI; a non-zero exit is a result here, not an error. */
async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const failed = err as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

interface LookedUp {
  file: string;
  depName: string;
  status: 'ok' | 'failed' | 'skipped';
  reason?: string;
  currentValue?: string;
  updates: Array<{ updateType: string; newValue: string; newDigest?: string; newVersion: string }>;
  warnings: string[];
}

withRegistry.describe('upkeep lookup', () => {
  let registry: TestRegistry;
  let charts: TestHttpServer;
  let repo: string;
  let config: string;
  const pushed: Record<string, PushedManifest | PushedIndex> = {};

  beforeAll(async () => {
    registry = await startRegistry();
    charts = await startHttpServer();
    for (const tag of ['1.25.3-alpine', '1.25.4-alpine', '1.26.0-alpine', '1.26.0', '2.0.0-alpine']) await pushImage(registry, 'web', tag, { layer: tag });
    pushed.app1 = await pushIndex(registry, 'team/app', '1.0.0', {
      format: 'oci',
      images: [
        { platform: { os: 'linux', architecture: 'amd64' }, layer: 'a1-amd64' },
        { platform: { os: 'linux', architecture: 'arm64' }, layer: 'a1-arm64' },
      ],
    });
    pushed.app2 = await pushIndex(registry, 'team/app', '1.1.0', {
      format: 'oci',
      images: [{ platform: { os: 'linux', architecture: 'amd64' } }, { platform: { os: 'linux', architecture: 'arm64' } }],
    });
    pushed.latest = await pushImage(registry, 'team/tool', 'latest', { layer: 'tool-v2' });
    charts.file(
      '/index.yaml',
      [
        'apiVersion: v1',
        'entries:',
        '  podinfo:',
        '    - version: 6.6.0',
        '      created: "2024-03-01T00:00:00Z"',
        '      urls: [podinfo-6.6.0.tgz]',
        '    - version: 6.5.4',
        '      created: "2024-01-01T00:00:00Z"',
        '      urls: [podinfo-6.5.4.tgz]',
        '',
      ].join('\n'),
      { etag: '"v1"' },
    );

    repo = mkdtempSync(join(tmpdir(), 'upkeep-lookup-'));
    const r = registry.host;
    mkdirSync(join(repo, 'apps'), { recursive: true });
    writeFileSync(
      join(repo, 'apps/web.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        `        - image: ${r}/web:1.25.3-alpine`,
        // Pinned to the amd64 manifest inside the 1.0.0 index (what `docker inspect` shows on one machine).
        `        - image: ${r}/team/app:1.0.0@${(pushed.app1 as PushedIndex).manifests[0]!.digest}`,
        `        - image: ${r}/team/tool:latest@sha256:${'0'.repeat(64)}`,
        `        - image: ${r}/team/gone:1.0.0`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(repo, 'apps/podinfo.yaml'),
      [
        'apiVersion: source.toolkit.fluxcd.io/v1',
        'kind: HelmRepository',
        'metadata: {name: podinfo, namespace: flux-system}',
        `spec: {url: "${charts.url}"}`,
        '---',
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata: {name: podinfo, namespace: flux-system}',
        'spec:',
        '  chart:',
        '    spec:',
        '      chart: podinfo',
        '      version: 6.5.4',
        '      sourceRef: {kind: HelmRepository, name: podinfo}',
        '',
      ].join('\n'),
    );
    config = join(repo, '..', `global-${Date.now()}.json`);
    writeFileSync(config, JSON.stringify({ hostRules: registry.hostRules() }));
  });

  afterAll(async () => {
    await registry?.stop();
    await charts?.stop();
    if (repo) rmSync(repo, { recursive: true, force: true });
    if (config) rmSync(config, { force: true });
  });

  it('prints each dep with the updates it should get', async () => {
    const { stdout, code } = await cli(['lookup', repo, '--json', '--config', config]);
    // One image is missing from the registry: its lookup failed, and the exit code says so.
    expect(code).toBe(1);
    const { deps } = JSON.parse(stdout) as { deps: LookedUp[] };
    const byName = (suffix: string) => deps.find((d) => d.depName.endsWith(suffix))!;
    expect(byName('/web').updates.map((u) => `${u.updateType} ${u.newValue}`)).toEqual(['minor 1.26.0-alpine', 'major 2.0.0-alpine']);
    // A pin to one platform's manifest is moved to the index of the same tag (a digest update), and a
    // pinned image moves tag and digest together, to the multi-platform index digest.
    expect(byName('/team/app').updates).toEqual([
      expect.objectContaining({ updateType: 'digest', newValue: '1.0.0', newDigest: pushed.app1!.digest }),
      expect.objectContaining({ updateType: 'minor', newValue: '1.1.0', newDigest: pushed.app2!.digest, newVersion: '1.1.0' }),
    ]);
    expect(byName('/team/app').warnings).toEqual([
      "the pinned digest is a single platform's manifest (linux/amd64), not the multi-platform index that `docker pull` resolves; an update pins the index",
    ]);
    // `latest` is not a version: only its digest moves.
    expect(byName('/team/tool').updates).toEqual([expect.objectContaining({ updateType: 'digest', newValue: 'latest', newDigest: pushed.latest!.digest })]);
    expect(byName('podinfo').updates.map((u) => `${u.updateType} ${u.newValue}`)).toEqual(['minor 6.6.0']);
    // A missing image fails that dep only, and is never shown as "up to date".
    expect(byName('/team/gone')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/team\/gone: tag list: no such repository \(404/),
      updates: [],
    });
    expect(deps.filter((d) => d.status !== 'ok').map((d) => d.depName)).toEqual([`${registry.host}/team/gone`]);
  });

  it("applies the repository's own config (rules, ignoreDeps), and falls back to defaults with a warning when it is broken", async () => {
    writeFileSync(
      join(repo, 'renovate.json'),
      JSON.stringify({ ignoreDeps: [`${registry.host}/team/gone`], packageRules: [{ matchPackageNames: ['**/web'], allowedVersions: '<2' }] }),
    );
    try {
      const { stdout, code } = await cli(['lookup', repo, '--json', '--config', config]);
      const { deps } = JSON.parse(stdout) as { deps: LookedUp[] };
      expect(deps.find((d) => d.depName.endsWith('/web'))!.updates.map((u) => `${u.updateType} ${u.newValue}`)).toEqual(['minor 1.26.0-alpine']);
      expect(deps.find((d) => d.depName.endsWith('/team/gone'))).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^ignored: .*ignoreDeps/) });
      // The only failing dep is ignored now: every lookup answered.
      expect(code).toBe(0);
      writeFileSync(join(repo, 'renovate.json'), '{"packageRules": [{"matchUpdateTypes": ["mayor"]}]}');
      const broken = await cli(['lookup', repo, '--json', '--config', config]);
      expect(broken.stderr).toMatch(/warning: renovate\.json: has errors \(see `upkeep validate`\); Upkeep's defaults are used here/);
      const web = (JSON.parse(broken.stdout) as { deps: LookedUp[] }).deps.find((d) => d.depName.endsWith('/web'))!;
      expect(web.updates.map((u) => u.newValue)).toEqual(['1.26.0-alpine', '2.0.0-alpine']);
    } finally {
      rmSync(join(repo, 'renovate.json'), { force: true });
    }
  });

  it('agrees with run on every dep, including rules that depend on the update type', async () => {
    // Majors disabled, and minors of web held to 1.25 (a rule that applies only once the type is known).
    const rules = {
      packageRules: [
        { matchUpdateTypes: ['major'], enabled: false },
        { matchUpdateTypes: ['minor'], matchPackageNames: ['**/web'], allowedVersions: '<1.26' },
      ],
    };
    writeFileSync(join(repo, 'renovate.json'), JSON.stringify(rules));
    const reportFile = join(repo, '..', `report-${Date.now()}.json`);
    try {
      const looked = JSON.parse((await cli(['lookup', repo, '--json', '--config', config])).stdout) as { deps: LookedUp[] };
      const ran = await cli(['run', '--platform', 'local', '--dry-run', repo, '--report', reportFile, '--config', config]);
      expect(ran.code).toBe(0);
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
        branches: Array<{ updates: Array<{ file: string; depName: string; updateType: string; newValue: string; newDigest?: string }> }>;
      };
      const key = (file: string, depName: string, u: { updateType: string; newValue: string; newDigest?: string }) =>
        `${file} ${depName} ${u.updateType} ${u.newValue}${u.newDigest ? `@${u.newDigest}` : ''}`;
      const fromLookup = looked.deps.flatMap((d) => d.updates.map((u) => key(d.file, d.depName, u))).sort();
      const fromRun = report.branches.flatMap((b) => b.updates.map((u) => key(u.file, u.depName, u))).sort();
      expect(fromLookup).toEqual(fromRun);
      expect(fromLookup.some((k) => k.includes(' major '))).toBe(false);
      // web: the minor to 1.26 is out, and with majors disabled nothing else is left for it.
      expect(looked.deps.find((d) => d.depName.endsWith('/web'))!.updates).toEqual([]);
      expect(fromLookup.length).toBeGreaterThan(0);
    } finally {
      rmSync(join(repo, 'renovate.json'), { force: true });
      rmSync(reportFile, { force: true });
    }
  });

  it('prints a readable table by default', async () => {
    const { stdout, code } = await cli(['lookup', repo, '--config', config]);
    expect(code).toBe(1);
    expect(stdout).toContain('apps/podinfo.yaml\n');
    expect(stdout).toMatch(/ {2}\d+ {2}podinfo 6\.5\.4 {2}→ minor 6\.6\.0\n/);
    expect(stdout).toMatch(/team\/gone 1\.0\.0 {2}→ lookup failed: .*team\/gone: tag list: no such repository \(404 .*\n/);
    expect(stdout).toMatch(/\n6 updates for 4 of 5 deps; 1 failed\n$/);
  });
});
