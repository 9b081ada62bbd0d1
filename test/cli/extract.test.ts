/**
 * The `upkeep extract` command as users run it: the built CLI on the homelab example repository.
 * (`npm test` builds before running the suite.)
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const HOMELAB = resolve(import.meta.dirname, '../fixtures/repos/homelab');
const scratch = mkdtempSync(join(tmpdir(), 'upkeep-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function extract(dir: string, json = true) {
  const { stdout, stderr } = await run(process.execPath, [CLI, 'extract', dir, ...(json ? ['--json'] : [])]);
  return { stdout, stderr };
}

describe('upkeep extract', () => {
  it('prints the JSON contract for the homelab repository', async () => {
    const { stdout, stderr } = await extract(HOMELAB);
    const { deps, warnings } = JSON.parse(stdout) as { deps: Array<Record<string, unknown>>; warnings: unknown[] };
    const summary = deps.map((d) => [
      d.file,
      d.manager,
      d.datasource ?? null,
      d.depName,
      d.packageName ?? null,
      d.currentValue ?? null,
      d.currentDigest ? 'digest' : null,
      d.registryUrls ?? null,
      d.skipReason ?? null,
    ]);
    expect(summary).toEqual(HOMELAB_DEPS);
    expect(warnings).toEqual([
      { file: 'charts/internal-app/templates/deployment.yaml', message: 'Helm template, skipped (its images come from the chart values)' },
    ]);
    expect(stderr).toBe('warning: charts/internal-app/templates/deployment.yaml: Helm template, skipped (its images come from the chart values)\n');
    for (const dep of deps) {
      expect(Object.keys(dep)).toEqual(expect.arrayContaining(['manager', 'file', 'line', 'depName', 'location']));
    }
  });

  it('prints a table per file by default', async () => {
    const { stdout } = await extract(HOMELAB, false);
    expect(stdout).toContain('apps/home-assistant/deployment.yaml\n');
    expect(stdout).toMatch(/\n {2}21 +kubernetes +docker +ghcr\.io\/home-assistant\/home-assistant +2024\.5\.1 +sha256:[0-9a-f]{12}\n/);
    expect(stdout).toMatch(/deps in \d+ files \(\d+ skipped\), \d+ files read\n$/);
  });

  it('never follows a symlink out of the repository, and goes on after bad files', async () => {
    const repo = join(scratch, 'repo');
    cpSync(HOMELAB, repo, { recursive: true });
    const outside = join(scratch, 'outside.yaml');
    writeFileSync(outside, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: secret.example.com/leak:1.0\n');
    symlinkSync(outside, join(repo, 'apps/leak.yaml'));
    writeFileSync(join(repo, 'apps/broken.yaml'), 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: nginx:1.0\n   bad: x\n');
    const { stdout, stderr } = await extract(repo);
    const { deps } = JSON.parse(stdout) as { deps: Array<{ depName: string }> };
    expect(deps.some((d) => d.depName.includes('leak'))).toBe(false);
    expect(deps).toHaveLength(HOMELAB_DEPS.length);
    expect(stderr).toContain('warning: apps/leak.yaml: symlink leaves the repository, not followed\n');
    expect(stderr).toMatch(/warning: apps\/broken\.yaml:6: not valid YAML, skipped: .+\n/);
  });

  it('fails with one line for a missing directory', async () => {
    await expect(extract(join(scratch, 'nope'))).rejects.toMatchObject({ stderr: `upkeep: ${join(scratch, 'nope')}: not a directory\n` });
  });
});

// file, manager, datasource, depName, packageName, currentValue, digest?, registryUrls, skipReason
const HOMELAB_DEPS: unknown[] = [
  ['.gitea/workflows/lint.yaml', 'gitea-actions', 'docker', 'cytopia/yamllint', 'cytopia/yamllint', '1.26', null, null, null],
  ['.gitea/workflows/lint.yaml', 'gitea-actions', 'github-tags', 'actions/checkout', 'actions/checkout', 'v4', null, null, null],
  ['.github/workflows/validate.yaml', 'github-actions', 'github-runners', 'ubuntu', 'ubuntu', 'latest', null, null, 'invalid-version'],
  ['.github/workflows/validate.yaml', 'github-actions', 'github-tags', 'actions/checkout', 'actions/checkout', 'v4.1.7', 'digest', null, null],
  ['.github/workflows/validate.yaml', 'github-actions', 'github-tags', 'fluxcd/flux2', 'fluxcd/flux2', 'v2.3.0', null, null, null],
  ['.github/workflows/validate.yaml', 'github-actions', 'docker', 'ghcr.io/yannh/kubeconform', 'ghcr.io/yannh/kubeconform', 'v0.6.6', null, null, null],
  ['apps/grafana/helmrelease.yaml', 'flux', 'helm', 'grafana', null, '7.3.11', null, ['https://grafana.github.io/helm-charts'], null],
  ['apps/grafana/values.yaml', 'helm-values', 'docker', 'docker.io/grafana/grafana', 'docker.io/grafana/grafana', '11.0.0', null, null, null],
  ['apps/grafana/values.yaml', 'helm-values', 'docker', 'quay.io/kiwigrid/k8s-sidecar', 'quay.io/kiwigrid/k8s-sidecar', '1.26.1', null, null, null],
  [
    'apps/home-assistant/deployment.yaml',
    'kubernetes',
    'docker',
    'ghcr.io/home-assistant/home-assistant',
    'ghcr.io/home-assistant/home-assistant',
    '2024.5.1',
    'digest',
    null,
    null,
  ],
  ['apps/home-assistant/deployment.yaml', 'kubernetes', 'docker', 'ghcr.io/coder/code-server', 'ghcr.io/coder/code-server', '4.89.1', null, null, null],
  ['apps/home-assistant/kustomization.yaml', 'kustomize', 'docker', 'ghcr.io/coder/code-server', 'ghcr.io/coder/code-server', '4.89.1', null, null, null],
  ['charts/internal-app/Chart.yaml', 'helmv3', 'docker', 'postgresql', 'registry-1.docker.io/bitnamicharts/postgresql', '15.5.0', null, null, null],
  ['charts/internal-app/Chart.yaml', 'helmv3', 'helm', 'common', 'common', '2.x.x', null, ['https://charts.bitnami.com/bitnami'], null],
  ['charts/internal-app/values.yaml', 'helm-values', 'docker', 'ghcr.io/example/internal-app', 'ghcr.io/example/internal-app', '1.4.2', null, null, null],
  ['clusters/home/apps.yaml', 'flux', 'docker', 'ghcr.io/stefanprodan/podinfo', 'ghcr.io/stefanprodan/podinfo', '6.6.2', null, null, null],
  ['clusters/home/flux-system/gotk-sync.yaml', 'flux', null, 'flux-system', null, null, null, null, 'unversioned-reference'],
  ['hosts/nas/docker-compose.yml', 'docker-compose', 'docker', 'traefik', 'traefik', 'v3.0.2', null, null, null],
  ['hosts/nas/docker-compose.yml', 'docker-compose', 'docker', 'postgres', 'postgres', '16-alpine', null, null, null],
  [
    'hosts/nas/docker-compose.yml',
    'docker-compose',
    'docker',
    'ghcr.io/paperless-ngx/paperless-ngx',
    'ghcr.io/paperless-ngx/paperless-ngx',
    '2.9.0',
    'digest',
    null,
    null,
  ],
  ['images/backup/Dockerfile', 'dockerfile', 'docker', 'docker/dockerfile', 'docker/dockerfile', '1.7', null, null, null],
  ['images/backup/Dockerfile', 'dockerfile', 'docker', 'alpine', 'alpine', '3.20.0', null, null, null],
  ['images/backup/Dockerfile', 'dockerfile', 'docker', 'golang', 'golang', '1.22.4-alpine', null, null, null],
  ['images/backup/Dockerfile', 'dockerfile', 'apk', 'restic', 'restic', null, null, null, 'unspecified-version'],
  ['infrastructure/cert-manager/helmrelease.yaml', 'flux', 'helm', 'cert-manager', null, 'v1.14.4', null, ['https://charts.jetstack.io'], null],
  [
    'infrastructure/ingress-nginx/helmrelease.yaml',
    'flux',
    'helm',
    'ingress-nginx',
    null,
    '4.10.1',
    null,
    ['https://kubernetes.github.io/ingress-nginx'],
    null,
  ],
  [
    'infrastructure/ingress-nginx/helmrelease.yaml',
    'flux',
    'docker',
    'registry.k8s.io/ingress-nginx/controller',
    'registry.k8s.io/ingress-nginx/controller',
    'v1.10.1',
    'digest',
    null,
    null,
  ],
  ['infrastructure/ingress-nginx/helmrelease.yaml', 'flux', 'docker', 'redis', 'registry-1.docker.io/bitnamicharts/redis', '19.5.2', null, null, null],
  [
    'infrastructure/ingress-nginx/helmrelease.yaml',
    'flux',
    'docker',
    'docker.io/bitnami/redis',
    'docker.io/bitnami/redis',
    '7.2.5-debian-12-r0',
    null,
    null,
    null,
  ],
  [
    'infrastructure/sources/podinfo.yaml',
    'flux',
    'docker',
    'ghcr.io/stefanprodan/manifests/podinfo',
    'ghcr.io/stefanprodan/manifests/podinfo',
    '6.6.2',
    'digest',
    null,
    null,
  ],
];
