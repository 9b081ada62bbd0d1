/**
 * What a new user meets first, on the built CLI: the version, a report path checked before any work, a
 * run from a subdirectory, and names with terminal escape sequences printed harmlessly. Everything here
 * runs without a registry (no dep is looked up).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV, git } from '../services/git-http.js';

const exec = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const scratch = mkdtempSync(join(tmpdir(), 'upkeep-basics-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(args: string[], cwd = scratch): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd, env: { ...GIT_TEST_ENV, UPKEEP_CONFIG: '' } });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** A git repository whose only image cannot be looked up (a variable tag), with a config at its root. */
async function repository(name: string): Promise<string> {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'k8s/apps'), { recursive: true });
  writeFileSync(
    join(dir, 'k8s/apps/pod.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: nginx:${TAG}\n',
  );
  writeFileSync(join(dir, 'renovate.json'), '{"ignorePaths": ["k8s/ignored/**"]}');
  await git(['init', '--quiet', '--initial-branch=main', dir]);
  return dir;
}

// eslint-disable-next-line no-control-regex -- the test looks for raw control characters
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('the upkeep command', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect((await cli(['--version'])).stdout).toBe(`${version}\n`);
  });

  it('refuses an unwritable --report path before doing any work, exit code 2', async () => {
    const dir = await repository('report');
    const missing = await cli(['run', '--platform', 'local', '--dry-run', dir, '--report', '/nonexistent/x/report.json']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('upkeep: --report /nonexistent/x/report.json: the directory /nonexistent/x does not exist\n');
    const isDir = await cli(['run', '--platform', 'local', '--dry-run', dir, '--report', dir]);
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toContain('is a directory');
  });

  it('run from a subdirectory of a repository with a config says the config is not read there', async () => {
    const dir = await repository('subdir');
    const report = join(scratch, 'subdir-report.json');
    const ran = await cli(['run', '--platform', 'local', '--dry-run', 'k8s', '--report', report], dir);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain(
      `warning: k8s is a subdirectory of the git repository at ${dir}, whose config (renovate.json) is not read here: run on ${dir} to apply it\n`,
    );
    expect((await cli(['lookup', 'k8s'], dir)).stderr).toContain('whose config (renovate.json) is not read here');
    // From the root, or in a directory of its own without a config above it, nothing to say.
    expect((await cli(['run', '--platform', 'local', '--dry-run', '.'], dir)).stderr).not.toContain('subdirectory');
    rmSync(join(dir, 'renovate.json'));
    expect((await cli(['run', '--platform', 'local', '--dry-run', 'k8s'], dir)).stderr).not.toContain('subdirectory');
  });

  it('prints file names and values holding escape sequences or newlines harmlessly', async () => {
    const dir = await repository('escapes');
    const evil = 'k8s/apps/\u001b[31mred\u001b[0m\nfake.yaml';
    writeFileSync(
      join(dir, evil),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: e}\nspec:\n  containers:\n    - name: e\n      image: "nginx:${TAG\u001b]0;pwned\u0007}"\n',
    );
    for (const args of [
      ['extract', dir],
      ['lookup', dir],
      ['run', '--platform', 'local', '--dry-run', dir],
    ]) {
      const { stdout, stderr } = await cli(args);
      expect(stdout + stderr, args[0]).not.toMatch(CONTROL);
    }
    const table = (await cli(['extract', dir])).stdout;
    expect(table).toContain('k8s/apps/\\x1b[31mred\\x1b[0m\\nfake.yaml');
  });
});
