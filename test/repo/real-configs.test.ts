/**
 * Configs that real users write (test/fixtures/configs/good), each with the plan it must produce for a
 * repository of the kind it was written for. Registries are in-memory here (real ones are tested in
 * test/cli with a real registry).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Datasource } from '../../src/datasources/types.js';
import { runLocal } from '../../src/repo/local-run.js';
import { createClock } from '../../src/util/clock.js';

const CONFIGS = resolve(import.meta.dirname, '../fixtures/configs/good');
const D = (tag: string) => `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0').slice(0, 64)}`;

function registry(tags: Record<string, string[]>): (id: string) => Datasource | undefined {
  const docker: Datasource = {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async ({ packageName }) => (tags[packageName] ? { releases: tags[packageName]!.map((version) => ({ version })) } : null),
    getDigest: async (_pkg, tag) => D(tag),
  };
  return (id) => (id === 'docker' ? docker : undefined);
}

const scratch = mkdtempSync(join(tmpdir(), 'upkeep-real-configs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function repo(name: string, config: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  copyFileSync(join(CONFIGS, config), join(dir, 'renovate.json'));
  return dir;
}

describe('a Gitea home-lab config (gitea-homelab.json): base branches, regex versioning, a group, patch automerge on main', () => {
  it('plans each base branch with its own names and titles', async () => {
    const dir = repo('gitea', 'gitea-homelab.json', {
      'docker-compose.yml': [
        'services:',
        '  sonarr:',
        '    image: lscr.io/linuxserver/sonarr:4.0.5-ls240',
        '  db:',
        '    image: postgres:16.3',
        '  immich-server:',
        '    image: ghcr.io/immich-app/immich-server:v1.105.0',
        '  immich-ml:',
        '    image: ghcr.io/immich-app/immich-machine-learning:v1.105.0',
        '  cache:',
        `    image: redis:7.2@${D('old')}`,
        '',
      ].join('\n'),
    });
    const datasourceFor = registry({
      'lscr.io/linuxserver/sonarr': ['4.0.5-ls240', '4.0.5-ls241', '4.0.6-ls242', '4.1.0-ls250', 'latest', 'develop'],
      postgres: ['16.3', '16.4', '17.0'],
      redis: ['7.2', '7.4'],
      'ghcr.io/immich-app/immich-server': ['v1.105.0', 'v1.106.1', 'v2.0.0'],
      'ghcr.io/immich-app/immich-machine-learning': ['v1.105.0', 'v1.106.1', 'v2.0.0'],
    });
    const plan = async (baseBranch: string) =>
      (
        await runLocal(dir, { hostRules: [], registryAliases: {} }, { baseBranch, clock: createClock(new Date('2026-11-25T12:00:00Z')), datasourceFor })
      ).report.branches.map((b) => ({
        branchName: b.branchName,
        title: b.title,
        automerge: b.automerge,
        updates: b.updates.map((u) => `${u.depName} ${u.currentValue} → ${u.newValue}`),
      }));
    expect(await plan('main')).toEqual([
      // A digest update on main automerges (matchUpdateTypes + matchBaseBranches).
      {
        branchName: 'upkeep/main-redis-7.2',
        title: `Update redis:7.2 Docker digest to ${D('7.2').slice(7, 14)} (main)`,
        automerge: true,
        updates: ['redis 7.2 → 7.2'],
      },
      // linuxserver's `-lsNN` build number follows the regex scheme; `16.3` → `16.4` is a minor (two parts).
      {
        branchName: 'upkeep/main-lscr.io-linuxserver-sonarr-4.x',
        title: 'Update lscr.io/linuxserver/sonarr Docker tag to v4.1.0-ls250 (main)',
        automerge: false,
        updates: ['lscr.io/linuxserver/sonarr 4.0.5-ls240 → 4.1.0-ls250'],
      },
      { branchName: 'upkeep/main-postgres-16.x', title: 'Update postgres Docker tag to v16.4 (main)', automerge: false, updates: ['postgres 16.3 → 16.4'] },
      { branchName: 'upkeep/main-redis-7.x', title: 'Update redis Docker tag to v7.4 (main)', automerge: false, updates: ['redis 7.2 → 7.4'] },
      // immich: one group, majors not separated; postgres 17 is held back by allowedVersions.
      {
        branchName: 'upkeep/main-immich',
        title: 'Update immich to v2 (main)',
        automerge: false,
        updates: ['ghcr.io/immich-app/immich-machine-learning v1.105.0 → v2.0.0', 'ghcr.io/immich-app/immich-server v1.105.0 → v2.0.0'],
      },
    ]);
    const production = await plan('production');
    expect(production.map((b) => b.branchName)).toEqual([
      'upkeep/production-redis-7.2',
      'upkeep/production-lscr.io-linuxserver-sonarr-4.x',
      'upkeep/production-postgres-16.x',
      'upkeep/production-redis-7.x',
      'upkeep/production-immich',
    ]);
    // The automerge rule matches base branch main only.
    expect(production.every((b) => !b.automerge)).toBe(true);
  });
});
