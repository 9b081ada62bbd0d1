/**
 * `upkeep run --platform local --dry-run` end to end: the built CLI on a home-lab Flux repository whose
 * Renovate config is kept as it was, with images in a real registry and the chart in a Helm repository
 * served over loopback. It must plan exactly what the config asks for, and change nothing.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestHttpServer } from '../services/http-server.js';
import { pushImage, pushIndex, type PushedIndex, type PushedManifest } from '../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../services/registry.js';
import { requireCommands } from '../services/require.js';

const exec = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const FIXTURE = resolve(import.meta.dirname, '../fixtures/repos/flux-renovate');
const withRegistry = requireCommands(registryCommands('none'));

interface ReportJson {
  repository: string;
  dashboard?: { title: string; body: string };
  configErrors?: string[];
  deps: Array<{ depName: string; status: { kind: string; reasons?: string[] } }>;
  branches: Array<{
    branchName: string;
    title: string;
    automerge: boolean;
    automergeType: string;
    rebaseWhen: string;
    due: boolean;
    labels: string[];
    updates: Array<{ depName: string; updateType: string; currentValue?: string; newValue: string; newDigest?: string }>;
  }>;
  warnings: string[];
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else out[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return out;
}

withRegistry.describe('upkeep run --platform local --dry-run', () => {
  let registry: TestRegistry;
  let charts: TestHttpServer;
  let repo: string;
  let global: string;
  const pushed: Record<string, PushedManifest | PushedIndex> = {};

  beforeAll(async () => {
    registry = await startRegistry();
    charts = await startHttpServer();
    for (const tag of ['1.25.3-alpine', '1.25.4-alpine', '1.26.0-alpine', '2.0.0-alpine'])
      pushed[`web ${tag}`] = await pushImage(registry, 'web', tag, { layer: tag });
    const multi = (tag: string) => ({
      format: 'oci' as const,
      images: [
        { platform: { os: 'linux', architecture: 'amd64' }, layer: `${tag}-amd64` },
        { platform: { os: 'linux', architecture: 'arm64' }, layer: `${tag}-arm64` },
      ],
    });
    for (const tag of ['1.0.0', '1.0.1', '2.0.0']) pushed[`app ${tag}`] = await pushIndex(registry, 'team/app', tag, multi(tag));
    for (const tag of ['6.5.4', '6.6.0']) pushed[`podinfo ${tag}`] = await pushImage(registry, 'stefanprodan/podinfo', tag, { layer: tag });
    charts.file(
      '/index.yaml',
      ['apiVersion: v1', 'entries:', '  podinfo:', '    - version: 6.6.0', '      urls: [a.tgz]', '    - version: 6.5.4', '      urls: [b.tgz]', ''].join('\n'),
    );

    repo = mkdtempSync(join(tmpdir(), 'upkeep-run-'));
    cpSync(FIXTURE, repo, { recursive: true });
    const fill = (path: string) =>
      writeFileSync(
        join(repo, path),
        readFileSync(join(repo, path), 'utf8')
          .replaceAll('__REGISTRY__', registry.host)
          .replaceAll('__CHARTS__', charts.url)
          .replaceAll('__APP_DIGEST__', pushed['app 1.0.0']!.digest),
      );
    for (const path of [
      'kubernetes/flux/repositories.yaml',
      'kubernetes/apps/web/deployment.yaml',
      'kubernetes/apps/app/deployment.yaml',
      'kubernetes/apps/podinfo/helmrelease.yaml',
    ])
      fill(path);
    global = join(repo, '..', `global-${process.pid}-${Date.now()}.json`);
    writeFileSync(global, JSON.stringify({ hostRules: registry.hostRules() }));
  });

  afterAll(async () => {
    await registry?.stop();
    await charts?.stop();
    if (repo) rmSync(repo, { recursive: true, force: true });
    if (global) rmSync(global, { force: true });
  });

  it('plans what the Renovate config asks for, and changes nothing', async () => {
    const before = snapshot(repo);
    const reportFile = join(repo, '..', `report-${process.pid}-${Date.now()}.json`);
    const { stdout } = await exec(process.execPath, [
      CLI,
      'run',
      repo,
      '--platform',
      'local',
      '--dry-run',
      '--report',
      reportFile,
      '--config',
      global,
      '--base-branch',
      'main',
    ]);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ReportJson;
    rmSync(reportFile);
    expect(snapshot(repo)).toEqual(before);

    const r = registry.host.replace(':', '-');
    const brief = report.branches.map((b) => ({
      branchName: b.branchName,
      title: b.title,
      automerge: b.automerge ? b.automergeType : false,
      labels: b.labels,
      updates: b.updates.map((u) => `${u.updateType} ${u.currentValue} → ${u.newValue}${u.newDigest ? ' +digest' : ''}`),
    }));
    expect(brief).toEqual(EXPECTED(r, registry.host, pushed['web 1.25.3-alpine']!.digest.slice(7, 14)));
    const pin = report.branches.find((b) => b.branchName.endsWith('pin-dependencies'))!;
    expect(pin.updates[0]!.newDigest).toBe(pushed['web 1.25.3-alpine']!.digest);
    expect(report.deps.find((d) => d.depName.endsWith('/web'))!.status.kind).toBe('updating');
    expect(report.configErrors).toBeUndefined();
    // config:recommended turns the dependency dashboard on.
    expect(report.dashboard?.title).toBe('Dependency Dashboard');
    expect(report.dashboard?.body).toContain(' - chore(deps): update podinfo to v6.6.0 (`upkeep/podinfo`)\n');
    expect(report.dashboard?.body).toContain('<details><summary>kubernetes/apps/web/deployment.yaml</summary>');
    // Automerging branches are kept up to date with the base branch; the others are rebuilt on conflict.
    expect(report.branches.map((b) => b.rebaseWhen)).toEqual(['behind-base-branch', 'behind-base-branch', 'conflicted', 'conflicted', 'conflicted']);
    expect(stdout).toContain('automerge (branch)');
  });

  it('explains one dep: where it is, the rules that set its options, what was filtered out, where it goes', async () => {
    const { stdout } = await exec(process.execPath, [CLI, 'explain', repo, 'web', '--config', global, '--base-branch', 'main']);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`${registry.host}/web 1.25.3-alpine`);
    expect(lines[1]).toBe(`  found in kubernetes/apps/web/deployment.yaml:11 by the kubernetes manager; looked up with docker`);
    expect(stdout).toMatch(/allowedVersions="<2" \(packageRules\[\d+\]\)/);
    expect(stdout).toMatch(/pinDigests=true \(packageRules\[\d+\]\)/);
    expect(stdout).toContain('(web stays on 1.x until the config format change is done)');
    expect(stdout).toContain('  the registry offered 4 versions\n');
    expect(stdout).toContain('  filtered out (not-allowed): 2.0.0-alpine\n');
    // Per update, exactly what the plan does: the pin automerges (a rule with matchUpdateTypes says so) in
    // Renovate's pin group; the minor waits for review.
    const pin = pushed['web 1.25.3-alpine']!.digest.slice(7, 19);
    expect(stdout).toContain(
      `  → pinDigest to 1.25.3-alpine@${pin} in upkeep/pin-dependencies (group "Pin Dependencies"): automerge (branch, auto); due now\n`,
    );
    expect(stdout).toMatch(/\n {6}package rules that matched: [^\n]*packageRules\[\d+\] \(Auto-merge digests, pins and patches straight to main\)/);
    expect(stdout).toMatch(/\n {6}options: automerge=true \(packageRules\[\d+\]\), automergeType="branch" \(packageRules\[\d+\]\), /);
    expect(stdout).toMatch(
      new RegExp(
        `  → minor to 1\\.26\\.0-alpine@[0-9a-f]{12} in upkeep/${registry.host.replace(':', '-').replaceAll('.', '\\.')}-web-1\\.x: needs review; due now\n`,
      ),
    );
  });

  it('explain matches a dep by its whole name or the end after a slash, never a substring', async () => {
    const { stdout } = await exec(process.execPath, [CLI, 'explain', repo, 'podinfo', '--config', global, '--base-branch', 'main']);
    expect(stdout).toMatch(/^podinfo /);
    const partial = await exec(process.execPath, [CLI, 'explain', repo, 'eb', '--config', global, '--base-branch', 'main']).catch(
      (err: { stdout: string; code: number }) => err,
    );
    expect(partial).toMatchObject({ code: 1, stdout: 'no dep is named "eb" or ends with "/eb"\n' });
  });

  it('applies rules that depend on the update type to the lookup itself (allowedVersions for majors)', async () => {
    const variant = mkdtempSync(join(tmpdir(), 'upkeep-run-typed-'));
    cpSync(repo, variant, { recursive: true });
    const config = readFileSync(join(variant, 'renovate.json5'), 'utf8').replace(
      "    {\n      description: 'Majors get a label',",
      "    { matchPackageNames: ['**/team/app'], matchUpdateTypes: ['major'], allowedVersions: '<2' },\n    {\n      description: 'Majors get a label',",
    );
    expect(config).toContain("allowedVersions: '<2' },");
    writeFileSync(join(variant, 'renovate.json5'), config);
    const reportFile = join(variant, 'report.json');
    await exec(process.execPath, [
      CLI,
      'run',
      variant,
      '--platform',
      'local',
      '--dry-run',
      '--report',
      reportFile,
      '--config',
      global,
      '--base-branch',
      'main',
    ]);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ReportJson;
    expect(report.branches.map((b) => b.branchName)).not.toContain(`upkeep/${registry.host.replace(':', '-')}-team-app-2.x`);
    expect(report.branches.map((b) => b.branchName)).toContain(`upkeep/${registry.host.replace(':', '-')}-team-app-1.x`);
    rmSync(variant, { recursive: true, force: true });
  });

  it('reports config errors and plans nothing', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'upkeep-run-bad-'));
    cpSync(repo, broken, { recursive: true });
    writeFileSync(join(broken, 'renovate.json5'), "{ packageRules: [{ matchUpdateTypes: ['mayor'], automerge: true }] }\n");
    const reportFile = join(broken, 'report.json');
    const result = await exec(process.execPath, [CLI, 'run', broken, '--platform', 'local', '--dry-run', '--report', reportFile, '--config', global]).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect((result as { code?: number }).code).toBe(1);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ReportJson;
    expect(report.branches).toEqual([]);
    expect(report.configErrors).toEqual([expect.stringMatching(/^renovate\.json5:1: packageRules\[0\]\.matchUpdateTypes\[0\]: "mayor" is not one of /)]);
    rmSync(broken, { recursive: true, force: true });
  });
});

/**
 * What the config asks for, rule by rule:
 * - docker:pinDigests pins `web` (no digest yet): a pin branch, automerged (rule 1 covers pinDigest);
 * - team/app 1.0.1 is a patch: automerged as a branch (rule 1); 2.0.0 is a major: its own branch, with
 *   the `major` label (rule 4); both carry the new index digest because the reference is pinned;
 * - web 1.26.0-alpine is a minor (not automerged); 2.0.0-alpine is held back by allowedVersions (rule 3);
 * - podinfo's chart and image go together (rule 2); the image's version update writes its digest, which
 *   makes a separate pin of the same reference unnecessary;
 * - :semanticCommits lowercases titles behind `chore(deps): `.
 */
function EXPECTED(r: string, host: string, pinShort: string): unknown[] {
  return [
    {
      branchName: 'upkeep/pin-dependencies',
      title: `chore(deps): pin ${host}/web docker tag to ${pinShort}`,
      automerge: 'branch',
      labels: [],
      updates: ['pinDigest 1.25.3-alpine → 1.25.3-alpine +digest'],
    },
    {
      branchName: `upkeep/${r}-team-app-1.x`,
      title: `chore(deps): update ${host}/team/app docker tag to v1.0.1`,
      automerge: 'branch',
      labels: [],
      updates: ['patch 1.0.0 → 1.0.1 +digest'],
    },
    {
      branchName: `upkeep/${r}-web-1.x`,
      title: `chore(deps): update ${host}/web docker tag to v1.26.0`,
      automerge: false,
      labels: [],
      updates: ['minor 1.25.3-alpine → 1.26.0-alpine +digest'],
    },
    {
      branchName: 'upkeep/podinfo',
      title: 'chore(deps): update podinfo to v6.6.0',
      automerge: false,
      labels: [],
      updates: ['minor 6.5.4 → 6.6.0 +digest', 'minor 6.5.4 → 6.6.0'],
    },
    {
      branchName: `upkeep/${r}-team-app-2.x`,
      title: `chore(deps): update ${host}/team/app docker tag to v2`,
      automerge: false,
      labels: ['major'],
      updates: ['major 1.0.0 → 2.0.0 +digest'],
    },
  ];
}

describe('upkeep run: a global config error', () => {
  it('exits 2 with one line naming the file and key, before any work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upkeep-global-'));
    try {
      writeFileSync(join(dir, 'global.json'), JSON.stringify({ repositoryConcurrency: 0 }));
      const result = await promisify(execFile)(process.execPath, [CLI, 'run', '--platform', 'gitea', '--config', join(dir, 'global.json'), 'acme/app'], {
        env: { PATH: process.env.PATH! },
      }).catch((e: { code: number; stderr: string }) => e);
      expect((result as { code: number }).code).toBe(2);
      expect((result as { stderr: string }).stderr).toMatch(/global\.json: repositoryConcurrency: .*\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
