/**
 * A YAML alias bomb (anchors holding lists of aliases of the previous anchor, ten levels: 10^10 nodes
 * once expanded, 1.3 KB written) in a manifest, a values file, a HelmRelease and a compose file: each is
 * given up with one warning naming it, in bounded time, and the rest of the repository is read — in
 * process, through worker threads, and through the CLI. Ordinary anchors and merge keys still work.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { extractRepository } from '../../src/extract/extract-repository.js';

const exec = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'upkeep-alias-bomb-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `levels` anchors, each a list of ten aliases of the one before, indented by `indent`. */
function bomb(levels: number, indent: string): string {
  const lines = [`a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.map((l) => indent + l).join('\n');
}

const POD = (name: string, image: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n    - name: ${name}\n      image: ${image}\n`;

const BOMBS: Record<string, string> = {
  'k8s/apps/deploy-bomb.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bomb}\nspec:\n  template:\n    spec:\n      x:\n${bomb(10, '        ')}\n      containers:\n        - name: c\n          image: nginx:1.25.3\n`,
  'charts/app/values.yaml': `${bomb(10, '')}\nimage: {repository: redis, tag: 7.2.4}\n`,
  'k8s/apps/release.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: r}\nspec:\n  chart: {spec: {chart: podinfo, version: 6.5.4, sourceRef: {kind: HelmRepository, name: podinfo}}}\n  values:\n${bomb(10, '    ')}\n`,
  'k8s/db/cluster.yaml': `apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: db}\nspec:\n  imageName: ghcr.io/cloudnative-pg/postgresql:16.2\n  extra:\n${bomb(10, '    ')}\n`,
  'stacks/docker-compose.yml': `x-bomb:\n${bomb(10, '  ')}\n  deeper: *a9\nservices:\n  web:\n    image: nginx:1.25.3\n    labels: *a9\n`,
};

/** Bombs in places no walk expands (a Deployment's unknown key, a compose extension) cost nothing: the file is read. */
const EXPANDED = ['charts/app/values.yaml', 'k8s/apps/release.yaml', 'k8s/db/cluster.yaml'];

const GOOD: Record<string, string> = {
  'k8s/apps/web.yaml': POD('web', 'ghcr.io/example/web:1.0.0'),
  // Ordinary anchors and merge keys, as people write them, still resolve.
  'stacks/media/docker-compose.yml':
    'x-common: &common\n  restart: unless-stopped\n  image: jellyfin/jellyfin:10.9.0\nservices:\n  jellyfin:\n    <<: *common\n  sonarr:\n    <<: *common\n    image: linuxserver/sonarr:4.0.0\n',
  'charts/other/values.yaml': 'defaults: &img {repository: grafana/grafana, tag: 10.4.0}\nimage: *img\n',
};

function write(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

describe('YAML alias bombs', () => {
  const dir = join(scratch, 'repo');
  write(dir, { ...BOMBS, ...GOOD });

  it('each bomb is one warning naming its file; the other files are read; bounded time', async () => {
    const started = performance.now();
    const { deps, warnings } = await extractRepository(dir, { workers: 1 });
    expect(performance.now() - started).toBeLessThan(5_000);
    const bombWarnings = warnings.filter((w) => w.message.includes('alias bomb'));
    expect(bombWarnings.map((w) => w.file).sort()).toEqual(EXPANDED);
    expect(bombWarnings[0]!.message).toBe('its aliases expand to more than 10000 nodes (a YAML alias bomb?): not read');
    expect(deps.map((d) => `${d.file} ${d.depName}`).sort()).toEqual([
      'charts/other/values.yaml grafana/grafana',
      'k8s/apps/deploy-bomb.yaml nginx',
      'k8s/apps/web.yaml ghcr.io/example/web',
      'stacks/docker-compose.yml nginx',
      'stacks/media/docker-compose.yml jellyfin/jellyfin',
      'stacks/media/docker-compose.yml linuxserver/sonarr',
    ]);
  });

  it('the same through worker threads (built code) and through the CLI', async () => {
    const many = join(scratch, 'many');
    write(many, BOMBS);
    for (let i = 0; i < 220; i++) write(many, { [`k8s/gen/pod-${i}.yaml`]: POD(`p${i}`, `nginx:1.25.${i}`) });
    const built = (await import(resolve(import.meta.dirname, '../../dist/index.js'))) as typeof import('../../src/index.js');
    const started = performance.now();
    const pooled = await built.extractRepository(many, { workers: 2 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(pooled.deps).toHaveLength(222);
    expect(
      pooled.warnings
        .filter((w) => w.message.includes('alias bomb'))
        .map((w) => w.file)
        .sort(),
    ).toEqual(EXPANDED);

    const cli = resolve(import.meta.dirname, '../../dist/cli/main.js');
    const { stdout, stderr } = await exec(process.execPath, [cli, 'extract', dir, '--json'], { timeout: 20_000 });
    expect((JSON.parse(stdout) as { deps: unknown[] }).deps).toHaveLength(6);
    expect(stderr).toContain('warning: charts/app/values.yaml: its aliases expand to more than 10000 nodes (a YAML alias bomb?): not read\n');
  });
});
