/**
 * `upkeep run OWNER/REPO --platform <forge>` as a CronJob runs it, on every forge's fake: the built CLI in an empty working
 * directory with an empty HOME, no git config and GIT_TERMINAL_PROMPT=0, the token only in UPKEEP_TOKEN,
 * against the forge's fake (real git over HTTP, every call validated) and a real registry. A dry run
 * writes nothing; the real run opens the PR; the token (a random canary) appears in no output, report,
 * PR text, commit or branch name.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO, type ForgeWorld } from '../platforms/world.js';
import { FORGES } from '../platforms/worlds.js';
import { pushImage } from '../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../services/registry.js';
import { requireCommands } from '../services/require.js';

const exec = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const withRegistry = requireCommands(registryCommands('none'));

for (const forge of FORGES)
  withRegistry.describe(`upkeep run on ${forge.id} from a fresh container`, () => {
    let registry: TestRegistry;
    let world: ForgeWorld;
    const home = mkdtempSync(join(tmpdir(), 'upkeep-home-'));
    const cwd = mkdtempSync(join(tmpdir(), 'upkeep-cwd-'));

    beforeAll(async () => {
      registry = await startRegistry();
      for (const tag of ['1.25.3', '1.26.0']) await pushImage(registry, 'library/web', tag, { layer: tag });
      const image = `${registry.host}/library/web:1.25.3`;
      world = await forge.make({
        repo: {
          files: {
            'k8s/web.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: ${image}\n`,
            'renovate.json': '{"prHourlyLimit": 0}',
          },
        },
      });
      writeFileSync(join(cwd, 'global.json'), JSON.stringify({ hostRules: registry.hostRules() }));
    });
    afterAll(async () => {
      world?.fake.server.assertNoViolations();
      await world?.close();
      await registry?.stop();
      rmSync(home, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    });

    async function upkeep(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
      const env = {
        PATH: process.env.PATH!,
        HOME: home,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        UPKEEP_TOKEN: world.token,
        UPKEEP_ENDPOINT: world.fake.server.url,
      };
      try {
        const { stdout, stderr } = await exec(
          process.execPath,
          [CLI, 'run', REPO, '--platform', forge.id, '--config', 'global.json', '--log-format', 'text', ...args],
          {
            cwd,
            env,
          },
        );
        return { stdout, stderr, code: 0 };
      } catch (err) {
        const e = err as { stdout: string; stderr: string; code: number };
        return { stdout: e.stdout, stderr: e.stderr, code: e.code };
      }
    }

    it('a dry run reads and writes nothing; the run opens the PR; nothing anywhere holds the token', async () => {
      const counters = world.fake.model.startRun();
      const dry = await upkeep(['--dry-run', '--report', 'dry.json']);
      expect(dry.code).toBe(0);
      expect(counters.snapshot().writeLog).toEqual([]);
      const planned = JSON.parse(readFileSync(join(cwd, 'dry.json'), 'utf8')) as { branches: Array<{ branchName: string; action: string }> };
      expect(planned.branches.map((b) => `${b.branchName}: ${b.action}`)).toEqual([
        `upkeep/${registry.host.replace(':', '-')}-library-web-1.x: create the branch; open a PR`,
      ]);

      const real = await upkeep(['--report', 'run.json']);
      expect(real.code).toBe(0);
      const pulls = await world.fake.model.pulls.list(REPO);
      expect(pulls.map((p) => p.title)).toEqual(['Update ' + `${registry.host}/library/web` + ' Docker tag to v1.26.0']);
      expect(real.stdout).toContain('(PR #1)');

      const again = world.fake.model.startRun();
      expect((await upkeep([])).code).toBe(0);
      expect(again.snapshot().writeLog).toEqual([]);

      const branch = pulls[0]!.head;
      const log = await world.fake.model.git.git(REPO, ['log', '--format=%an %ae %s%n%b', branch]);
      const texts = [
        dry.stdout,
        dry.stderr,
        real.stdout,
        real.stderr,
        readFileSync(join(cwd, 'dry.json'), 'utf8'),
        readFileSync(join(cwd, 'run.json'), 'utf8'),
        JSON.stringify(pulls),
        branch,
        JSON.stringify(log ?? ''),
      ];
      for (const text of texts) expect(text).not.toContain(world.token);
    });

    it('autodiscover: every repository the bot can write to that matches autodiscoverFilter, two at a time', async () => {
      const { model } = world.fake;
      const files = {
        'k8s/web.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: ${registry.host}/library/web:1.25.3\n`,
        'renovate.json': '{"prHourlyLimit": 0}',
      };
      await model.addRepo('acme/infra', { files, collaborators: { 'upkeep-bot': 'write' } });
      await model.addRepo('acme/broken', {
        files: { ...files, 'renovate.json': '{"packageRules": [{"matchUpdateTypes": ["mayor"]}]}' },
        collaborators: { 'upkeep-bot': 'write' },
      });
      await model.addOrg('labs', {});
      await model.addRepo('labs/sandbox', { files, collaborators: { 'upkeep-bot': 'write' } });
      writeFileSync(
        join(cwd, 'auto.json'),
        JSON.stringify({ hostRules: registry.hostRules(), autodiscover: true, autodiscoverFilter: ['acme/*', '!acme/app'], repositoryConcurrency: 2 }),
      );
      const env = { PATH: process.env.PATH!, HOME: home, GIT_TERMINAL_PROMPT: '0', UPKEEP_TOKEN: world.token, UPKEEP_ENDPOINT: world.fake.server.url };
      const result = await exec(process.execPath, [CLI, 'run', '--platform', forge.id, '--config', 'auto.json'], { cwd, env }).catch(
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      // acme/broken's config has errors: that repository fails (exit 1), acme/infra still gets its PR.
      expect((result as { code?: number }).code).toBe(1);
      expect((await model.pulls.list('acme/infra')).map((p) => p.state)).toEqual(['open']);
      expect(await model.pulls.list('labs/sandbox')).toEqual([]);
      // Stdout is not a terminal: one JSON log entry per repository, then the tally; nothing else.
      const entries = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { repository?: string; outcome?: string; branches?: unknown; msg: string; repositories?: number; ok?: number });
      const byRepo = Object.fromEntries(entries.filter((e) => e.repository).map((e) => [e.repository, e]));
      expect(Object.keys(byRepo).sort()).toEqual(['acme/broken', 'acme/infra']);
      expect(byRepo['acme/infra']).toMatchObject({ outcome: 'ok', msg: 'acme/infra: done, 1 branches due, 0 pending' });
      expect(byRepo['acme/broken']).toMatchObject({ outcome: 'failed', problem: expect.stringContaining('matchUpdateTypes') });
      expect(entries.at(-1)).toMatchObject({ repositories: 2, ok: 1, msg: '2 repositories: 1 ok, 1 failed' });
      expect(result.stdout).not.toContain(world.token);
    });

    it('--platform local without --dry-run is a usage error; a forge run without a token too', async () => {
      const local = await exec(process.execPath, [CLI, 'run', '--platform', 'local', cwd], { cwd }).catch((e: { code: number; stderr: string }) => e);
      expect(local).toMatchObject({ code: 2, stderr: 'upkeep: --platform local writes nothing: add --dry-run (or choose a forge with --platform)\n' });
      const noToken = await exec(process.execPath, [CLI, 'run', REPO, '--platform', forge.id, '--endpoint', world.fake.server.url], {
        cwd,
        env: { PATH: process.env.PATH!, HOME: home },
      }).catch((e: { code: number; stderr: string }) => e);
      expect(noToken).toMatchObject({ code: 2 });
      expect((noToken as { stderr: string }).stderr).toContain('needs a token');
    });
  });
