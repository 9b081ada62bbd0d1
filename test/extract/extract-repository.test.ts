import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractRepository } from '../../src/extract/extract-repository.js';

const HOMELAB = resolve(import.meta.dirname, '../fixtures/repos/homelab');
const scratch = mkdtempSync(join(tmpdir(), 'upkeep-extract-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'repo-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const POD = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: x\n      image: ${image}\n`;

describe('extractRepository', () => {
  it('finds manifests by content anywhere, and sorts deps by file and line', async () => {
    const dir = repoWith({
      'z/pod.yml': POD('nginx:1.25.5'),
      'a/deep/dir/pod.yaml': POD('redis:7.2.4'),
      'notes/not-a-manifest.yaml': 'image: ghcr.io/example/ignored:1.0\n',
    });
    const { deps, warnings, filesRead } = await extractRepository(dir);
    expect(deps.map((d) => `${d.file}:${d.line} ${d.depName}:${d.currentValue}`)).toEqual(['a/deep/dir/pod.yaml:8 redis:7.2.4', 'z/pod.yml:8 nginx:1.25.5']);
    expect(warnings).toEqual([]);
    expect(filesRead).toBe(2);
  });

  it("adds files through a manager's fileMatch and managerFilePatterns, and removes them with ignorePaths", async () => {
    const dir = repoWith({
      'stacks/media.yml': 'services:\n  jellyfin:\n    image: jellyfin/jellyfin:10.9.6\n',
      'stacks/db.yml': 'services:\n  pg:\n    image: postgres:16.3\n',
      'archive/old/pod.yaml': POD('nginx:1.0.0'),
      'apps/pod.yaml': POD('nginx:1.27.0'),
    });
    const byDefault = await extractRepository(dir);
    expect(byDefault.deps.map((d) => d.file)).toEqual(['apps/pod.yaml', 'archive/old/pod.yaml']);

    const configured = await extractRepository(dir, {
      managers: { 'docker-compose': { fileMatch: ['^stacks/media\\.yml$'], managerFilePatterns: ['stacks/db.yml'] } },
      ignorePaths: ['archive/'],
    });
    expect(configured.deps.map((d) => `${d.manager} ${d.file} ${d.depName}`)).toEqual([
      'kubernetes apps/pod.yaml nginx',
      'docker-compose stacks/db.yml postgres',
      'docker-compose stacks/media.yml jellyfin/jellyfin',
    ]);
  });

  it('runs only enabledManagers and skips a manager set to enabled: false', async () => {
    const onlyFlux = await extractRepository(HOMELAB, { enabledManagers: ['flux'] });
    expect(new Set(onlyFlux.deps.map((d) => d.manager))).toEqual(new Set(['flux']));
    const noKubernetes = await extractRepository(HOMELAB, { managers: { kubernetes: { enabled: false } } });
    expect(noKubernetes.deps.some((d) => d.manager === 'kubernetes')).toBe(false);
    expect(noKubernetes.deps.some((d) => d.manager === 'flux')).toBe(true);
  });

  it('applies registryAliases to packageName only', async () => {
    const { deps } = await extractRepository(HOMELAB, { registryAliases: { 'ghcr.io': 'mirror.example.com/ghcr' } });
    const ha = deps.find((d) => d.depName === 'ghcr.io/home-assistant/home-assistant')!;
    expect(ha.packageName).toBe('mirror.example.com/ghcr/home-assistant/home-assistant');
  });

  it('links a HelmRelease to its HelmRepository in another file', async () => {
    const { deps } = await extractRepository(HOMELAB);
    const certManager = deps.find((d) => d.depName === 'cert-manager')!;
    expect(certManager).toMatchObject({ datasource: 'helm', registryUrls: ['https://charts.jetstack.io'], currentValue: 'v1.14.4' });
    const redisChart = deps.find((d) => d.depName === 'redis' && d.manager === 'flux')!;
    expect(redisChart).toMatchObject({ datasource: 'docker', packageName: 'registry-1.docker.io/bitnamicharts/redis' });
  });

  it('reports files over the size limit and never reads them', async () => {
    const dir = repoWith({ 'big/pod.yaml': `${POD('nginx:1.0.0')}# ${'x'.repeat(4096)}\n`, 'small/pod.yaml': POD('nginx:2.0.0') });
    const { deps, warnings } = await extractRepository(dir, { maxFileSize: 2048 });
    expect(deps.map((d) => d.currentValue)).toEqual(['2.0.0']);
    expect(warnings).toEqual([{ file: 'big/pod.yaml', message: expect.stringMatching(/^4\.\d KB, larger than the 2\.0 KB limit: not read$/) }]);
  });

  it('gives the same result with and without worker threads (built code)', async () => {
    const dir = join(scratch, 'many');
    for (let i = 0; i < 40; i++) cpSync(HOMELAB, join(dir, `site-${String(i).padStart(3, '0')}`), { recursive: true });
    // Worker threads run from the compiled JavaScript only: compare through the built module.
    const built = (await import(resolve(import.meta.dirname, '../../dist/index.js'))) as typeof import('../../src/index.js');
    const inProcess = await built.extractRepository(dir, { workers: 1 });
    const pooled = await built.extractRepository(dir, { workers: 2 });
    expect(inProcess.deps.length).toBeGreaterThan(40 * 25);
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(inProcess));
  });
});
