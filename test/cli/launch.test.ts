/**
 * The built `upkeep` entry (src/cli/launch.ts): every command runs from the CommonJS bundle with its code
 * cache, or with UPKEEP_CODE_CACHE=off from the ES module bundle. Both must say the same thing to the
 * user — output, report, exit code — including where the CommonJS bundle needs an ES module package
 * (octokit, for a preset read through the GitHub API) or starts the ES module extraction worker.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubWorld, type GitHubWorld } from '../platforms/github/setup.js';
import { loadGitHubValidator } from '../fakes/github.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const scratch = mkdtempSync(join(tmpdir(), 'upkeep-launch-'));
let world: GitHubWorld;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `upkeep ...args`, the default way (the CommonJS bundle) or with UPKEEP_CODE_CACHE=off (the ES module bundle). */
async function upkeep(args: string[], cwd: string, via: 'default' | 'esm'): Promise<Outcome> {
  const env = { ...process.env, XDG_CACHE_HOME: join(scratch, 'xdg'), ...(via === 'esm' ? { UPKEEP_CODE_CACHE: 'off' } : {}) };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as Outcome;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function repo(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const HOMELAB = {
  'renovate.json': JSON.stringify({ extends: ['config:recommended'], kubernetes: { managerFilePatterns: ['/^k8s/.+\\.yaml$/'] } }),
  'k8s/apps/web.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/example/web:v1.2.3\n',
  Dockerfile: 'FROM node:20.11.1-alpine\n',
  // Every host off: nothing is asked of the network.
  'global.json': JSON.stringify({ hostRules: [{ enabled: false }] }),
};

beforeAll(async () => {
  world = await githubWorld(loadGitHubValidator());
  await world.fake.model.addRepo('acme/renovate-presets', {
    files: { 'default.json': JSON.stringify({ labels: 3 }) },
    collaborators: { 'upkeep-bot': 'read' },
  });
});
afterAll(async () => {
  await world?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('both bundles say the same', () => {
  it('extract and run --platform local --dry-run (report included)', async () => {
    const dir = repo('homelab', HOMELAB);
    for (const args of [
      ['extract', '.'],
      ['run', '--platform', 'local', '--dry-run', '.', '--config', 'global.json'],
    ]) {
      const viaLocal = await upkeep([...args, ...(args[0] === 'run' ? ['--report', 'local.json'] : [])], dir, 'default');
      const viaEsm = await upkeep([...args, ...(args[0] === 'run' ? ['--report', 'esm.json'] : [])], dir, 'esm');
      expect(viaLocal).toEqual(viaEsm);
      expect(viaLocal.code).toBe(0);
    }
    expect(JSON.parse(readFileSync(join(dir, 'local.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'esm.json'), 'utf8')));
  });

  it('extract of a repository large enough for extraction workers (the CommonJS bundle starts the ES module worker)', async () => {
    const files: Record<string, string> = { 'renovate.json': JSON.stringify({ kubernetes: { managerFilePatterns: ['/^k8s/.+\\.yaml$/'] } }) };
    for (let i = 0; i < 300; i++)
      files[`k8s/app${i}.yaml`] =
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app${i}\nspec:\n  containers:\n    - name: a\n      image: ghcr.io/example/app${i}:v1.${i}.0\n`;
    const dir = repo('large', files);
    const viaLocal = await upkeep(['extract', '.'], dir, 'default');
    expect(viaLocal).toEqual(await upkeep(['extract', '.'], dir, 'esm'));
    expect(viaLocal.stdout).toContain('ghcr.io/example/app299');
  });

  it('validate --fetch-presets reading a preset through the GitHub API (octokit, an ES module, from the CommonJS bundle)', async () => {
    const dir = repo('remote', {
      'renovate.json': JSON.stringify({ extends: ['github>acme/renovate-presets'] }),
      'global.json': JSON.stringify({
        presetEndpoints: { github: world.fake.server.url },
        hostRules: [{ matchHost: world.fake.server.url, token: world.token }],
      }),
    });
    const args = ['validate', '--fetch-presets', '--config', 'global.json'];
    const viaLocal = await upkeep(args, dir, 'default');
    expect(viaLocal).toEqual(await upkeep(args, dir, 'esm'));
    expect(viaLocal.code).toBe(1);
    // The preset's file was read from the fake: its own line is named.
    expect(viaLocal.stdout).toMatch(
      /^error: github>acme\/renovate-presets\/\/default\.json:1: labels: expected a list, not a number 3 \(preset "github>acme\/renovate-presets"/,
    );
    expect(`${viaLocal.stdout}${viaLocal.stderr}`).not.toContain(world.token);
    world.fake.server.assertNoViolations();
  });

  it('a usage error, and a forge run whose forge cannot be reached, exit alike', async () => {
    const dir = repo('usage', HOMELAB);
    expect(await upkeep(['run', '--platform', 'local', '--log-format', 'yaml', '.'], dir, 'default')).toEqual(
      await upkeep(['run', '--platform', 'local', '--log-format', 'yaml', '.'], dir, 'esm'),
    );
    const forge = await upkeep(['run', '--platform', 'github', '--endpoint', 'http://127.0.0.1:9', '--dry-run', 'acme/app'], dir, 'default');
    expect(forge).toEqual(await upkeep(['run', '--platform', 'github', '--endpoint', 'http://127.0.0.1:9', '--dry-run', 'acme/app'], dir, 'esm'));
  });
});
