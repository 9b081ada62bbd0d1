/**
 * `upkeep validate` and a run check a config with the same code: what validate passes, a run accepts,
 * and both report every problem at once with file, line and key. Also one size limit, one message,
 * whatever command meets the oversized file.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runLocal } from '../../src/repo/local-run.js';

const exec = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const scratch = mkdtempSync(join(tmpdir(), 'upkeep-check-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let count = 0;
function repo(files: Record<string, string>): string {
  const dir = join(scratch, `repo-${count++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function cli(args: string[], cwd: string): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, UPKEEP_CONFIG: '' } });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** The errors `upkeep validate` prints, and the ones a run refuses the config with. */
async function bothWays(dir: string): Promise<{ validate: string[]; run: string[] }> {
  const validated = await cli(['validate'], dir);
  const validate = validated.stdout
    .split('\n')
    .filter((l) => l.startsWith('error: '))
    .map((l) => l.slice('error: '.length));
  const { report } = await runLocal(dir, { hostRules: [], registryAliases: {} }, { baseBranch: 'main', datasourceFor: () => undefined });
  return { validate, run: report.configErrors ?? [] };
}

describe('validate and run agree', () => {
  it('a bad time zone brought by a preset: the same error, naming the extends entry', async () => {
    const dir = repo({ 'renovate.json': '{\n  "extends": [\n    "config:recommended",\n    ":timezone(Mars/X)"\n  ]\n}\n' });
    const { validate, run } = await bothWays(dir);
    expect(validate).toEqual([expect.stringMatching(/^renovate\.json:4: extends\[1\]: preset ":timezone\(Mars\/X\)" sets timezone: .*Mars\/X/)]);
    expect(run).toEqual(validate);
  });

  it('a bad schedule from a local preset and a template that cannot be parsed', async () => {
    const dir = repo({
      'renovate.json': '{\n  "extends": ["local>home/cluster//presets/base"],\n  "prTitle": "Update {{depName"\n}\n',
      'presets/base.json': '{"schedule": ["before 25pm on mondays"]}',
    });
    const { validate, run } = await bothWays(dir);
    // The preset's problem is named at the preset's own file and line, then how the config reached it.
    expect(validate).toEqual([
      expect.stringMatching(/^renovate\.json:3: prTitle: bad template "Update \{\{depName": /),
      expect.stringMatching(
        /^presets\/base\.json:1: schedule\[0\]: "before 25pm on mondays" cannot be read as a schedule .*\(preset "local>home\/cluster\/\/presets\/base", renovate\.json extends\[0\]\)$/,
      ),
    ]);
    expect(run).toEqual(validate);
  });

  it('templates inside group (at the top, in update-type objects, in rules): named as group.<option>, not left to the plan', async () => {
    const config = [
      '{',
      '  "group": { "branchTopic": "all", "commitMessageTopic": "{{groupName" },',
      '  "major": {',
      '    "group": { "commitMessageExtra": "to {{#if isMajor}}v{{newMajor}}" }',
      '  },',
      '  "packageRules": [',
      '    {',
      '      "matchDepNames": ["nginx"],',
      '      "groupName": "web",',
      '      "group": {',
      '        "prTitle": "Update {{{groupName}}"',
      '      }',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n');
    const { validate, run } = await bothWays(repo({ 'renovate.json': config }));
    expect(validate).toEqual([
      expect.stringMatching(/^renovate\.json:2: group\.commitMessageTopic: bad template "\{\{groupName": /),
      expect.stringMatching(/^renovate\.json:4: major\.group\.commitMessageExtra: bad template "to \{\{#if isMajor\}\}v\{\{newMajor\}\}": /),
      expect.stringMatching(/^renovate\.json:11: packageRules\[0\]\.group\.prTitle: bad template "Update \{\{\{groupName\}\}": /),
    ]);
    expect(run).toEqual(validate);
  });

  it('nine type errors and a bad time zone: all ten at once, each with line and key', async () => {
    const config = {
      automerge: 'yes',
      prConcurrentLimit: 'ten',
      prHourlyLimit: -1,
      // (a string would be read as a one-item list, as Renovate reads it)
      labels: 5,
      separateMajorMinor: 1,
      ignoreUnstable: 'no',
      rangeStrategy: 'sideways',
      automergeType: 'merge',
      pinDigests: 'true',
      timezone: 'Mars/X',
    };
    const dir = repo({ 'renovate.json': `${JSON.stringify(config, null, 2)}\n` });
    const { validate, run } = await bothWays(dir);
    expect(validate).toHaveLength(10);
    expect(validate.map((l) => /^renovate\.json:(\d+): (\w+):/.exec(l)?.slice(1, 3).join(' '))).toEqual(Object.keys(config).map((key, i) => `${i + 2} ${key}`));
    expect([...run].sort()).toEqual([...validate].sort());
  });
});

describe('one size limit, one message', () => {
  it('every command says the same about a 2 MB config', async () => {
    const dir = repo({
      'renovate.json': `{"description": "${'x'.repeat(2 * 1024 * 1024)}"}`,
      'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: nginx:${TAG}\n',
    });
    const message = 'renovate.json: is larger than 1024 KiB: not read';
    expect((await cli(['validate'], dir)).stdout).toContain(`error: ${message}\n`);
    expect((await cli(['validate', 'renovate.json'], dir)).stdout).toContain(`error: ${message}\n`);
    expect((await cli(['extract', '.'], dir)).stderr).toContain(`warning: ${message}\n`);
    expect((await cli(['lookup', '.'], dir)).stderr).toContain(`warning: ${message}\n`);
    expect((await cli(['run', '--platform', 'local', '--dry-run', '.'], dir)).stdout).toContain(`  ${message}\n`);
    expect((await cli(['extract', '.', '--json'], dir)).stdout).not.toContain('10.0 MB');
    const global = await cli(['lookup', '.', '--config', 'renovate.json'], dir);
    expect(global.stderr).toContain(`upkeep: ${message}\n`);
  });
});
