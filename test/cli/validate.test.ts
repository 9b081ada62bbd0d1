/**
 * `upkeep validate` as users run it (the built CLI; `npm test` builds first), and config/schema.json:
 * identical to what the generator writes now, and accepting the configs the validator accepts.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import AjvModule from 'ajv';
import JSON5 from 'json5';
import { afterAll, describe, expect, it } from 'vitest';

// ajv is CommonJS: under NodeNext its default import is the module, whose default is the class.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const FIXTURES = join(ROOT, 'test/fixtures/configs');
const scratch = mkdtempSync(join(tmpdir(), 'upkeep-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Run `upkeep validate ...args` in `cwd`: exit code and output, whatever the code. */
async function validate(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'validate', ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
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

// Each run starts a Node process: run them side by side.
describe.concurrent('upkeep validate', () => {
  it('FILE with warnings only: every problem in file order, then a summary; exit 0', async () => {
    const result = await validate(['warn/renovate-extras.json'], FIXTURES);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      "warning: warn/renovate-extras.json:5: hostRules: ignored: hosts and credentials come from the operator's config (UPKEEP_HOST_RULES / --config), never from a repository",
    );
    expect(lines[1]).toBe('warning: warn/renovate-extras.json:8: automerg: unknown option, ignored (did you mean "automerge"?)');
    expect(lines.slice(-4)).toEqual([
      "warning: warn/renovate-extras.json: only the operator's config can set platform, token: ignored here",
      'warning: warn/renovate-extras.json: Upkeep does not act on: lockFileMaintenance (no package manager is run and no lock file updated: only references in files are edited), postUpgradeTasks (no commands are run in the repository), packageRules[4].prPriority (branches are taken in a fixed order: pins, digests, patches, minors, majors)',
      'warn/renovate-extras.json: valid, 12 warnings',
      '',
    ]);
    expect(lines).toHaveLength(14);
    expect(result.stdout).not.toContain('not-a-real-token');
  });

  it('FILE with errors: errors and warnings interleaved by line; exit 1', async () => {
    const result = await validate([join(FIXTURES, 'bad/values.json')], scratch);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    const file = join(FIXTURES, 'bad/values.json');
    expect(lines.slice(0, 4)).toEqual([
      `error: ${file}:2: timezone: "Europe/Amsterdm" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")`,
      `error: ${file}:3: minimumReleaseAge: "3 dayz" is not an age (e.g. "3 days", "12 hours")`,
      `error: ${file}:4: enabledManagers[0]: "kubernets" is not a manager (did you mean "kubernetes"?)`,
      `warning: ${file}:4: enabledManagers[2]: Upkeep has no "npm" manager (it has flux, argocd, kubernetes, kustomize, helm-values, helmv3, helmfile, docker-compose, dockerfile, github-actions, gitea-actions, regex)`,
    ]);
    // packageRules[2].matchManagers ("helm") is a warning: Renovate accepts it and the rule matches nothing.
    expect(lines.at(-1)).toBe(`${file}: 10 errors, 3 warnings`);
    expect(lines).toHaveLength(14);
  });

  it('a syntax error names line and column', async () => {
    const result = await validate(['bad/syntax.json'], FIXTURES);
    expect(result).toEqual({ code: 1, stdout: `error: bad/syntax.json:4:3: not valid JSON: invalid character '"'\nbad/syntax.json: 1 error\n`, stderr: '' });
  });

  it('without FILE: discovers the config in the current directory (the first name wins, others are reported)', async () => {
    const dir = repo('discover', {
      '.github/renovate.json5': '{ extends: ["config:recommended"] }',
      'renovate.json': '{\n  "extends": ["config:recommended"],\n  "packageRules": [{ "matchUpdateTypes": ["patch"], "automerge": true }]\n}\n',
    });
    expect(await validate([], dir)).toEqual({
      code: 0,
      stdout: 'warning: .github/renovate.json5: ignored: renovate.json comes first\nrenovate.json: valid, 1 warning\n',
      stderr: '',
    });
  });

  it('an unknown preset is an error naming it; one from another repository is not checked without a forge', async () => {
    const dir = repo('presets', {
      'renovate.json': '{\n  "$schema": "https://docs.renovatebot.com/renovate-schema.json",\n  "extends": ["config:recomended"]\n}\n',
    });
    const result = await validate([], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^error: renovate\.json:3: extends\[0\]: unknown preset "config:recomended".*\nrenovate\.json: 1 error\n$/);
    // Without --fetch-presets, another repository's preset is not read: said, and the rest is validated.
    const remote = repo('remote-presets', { 'upkeep.json': '{"extends": ["github>my-org/renovate-config", ":semanticCommits"], "labels": 3}' });
    expect((await validate([], remote)).stdout).toBe(
      [
        'error: upkeep.json:1: labels: expected a list, not a number 3',
        'warning: upkeep.json: not checked: could not fetch github>my-org/renovate-config (no forge to read it from)',
        'upkeep.json: 1 error, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('nothing to validate: exit 1 with one line', async () => {
    const dir = repo('empty', { 'README.md': '# no config here\n' });
    expect(await validate([], dir)).toEqual({
      code: 1,
      stdout: `error: no config file in ${dir} (looked for upkeep.json, .github/upkeep.json, .gitea/upkeep.json, renovate.json and 16 other names)\n`,
      stderr: '',
    });
    expect(await validate(['missing.json'], dir)).toEqual({
      code: 1,
      stdout: 'error: missing.json: cannot be read (ENOENT)\nmissing.json: 1 error\n',
      stderr: '',
    });
  });

  // later.js and JSONata stay out of the CLI bundle and load on first use (src/util/on-demand.ts): a
  // text schedule and a transform are read by them, right or wrong.
  it('reads text schedules and JSONata transforms, which the CLI loads only when a config has them', async () => {
    const transform = '{ "releases": $map(versions, function($v) { { "version": $v } }) }';
    const good = repo('on-demand-good', {
      'renovate.json': JSON.stringify({ schedule: ['before 6am on monday'], customDatasources: { mine: { transformTemplates: [transform] } } }),
    });
    expect(await validate([], good)).toEqual({ code: 0, stdout: 'renovate.json: valid\n', stderr: '' });
    const bad = repo('on-demand-bad', {
      'renovate.json': JSON.stringify({ schedule: ['before 6am on mondayz'], customDatasources: { mine: { transformTemplates: ['$map('] } } }),
    });
    const result = await validate([], bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('schedule[0]: "before 6am on mondayz" cannot be read as a schedule (stopped at "mondayz")');
    expect(result.stdout).toContain('customDatasources.mine.transformTemplates[0]: not a JSONata expression: Expected ")" before end of expression');
  });
});

describe('config/schema.json', () => {
  it('is exactly what the generator writes from the zod schema now (never hand-edited, never stale)', async () => {
    const { stdout } = await run(process.execPath, [join(ROOT, 'scripts/generate-schema.mjs'), '--stdout']);
    expect(stdout).toBe(readFileSync(join(ROOT, 'config/schema.json'), 'utf8'));
  });

  it('accepts the configs the validator accepts and rejects wrong types and values, as an editor would', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'config/schema.json'), 'utf8'));
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Upkeep repository config');
    expect(schema.properties.automerge.description).toBe('Merge the update without a person once checks pass.');
    expect(schema.properties.flux).toEqual({ allOf: [{ $ref: '#/definitions/managerOptions' }], description: 'Options for the flux manager.' });
    const check = new Ajv({ strict: false }).compile(schema);
    const upkeep = JSON.parse(readFileSync(join(FIXTURES, 'good/upkeep.json'), 'utf8'));
    expect([check(upkeep), check.errors]).toEqual([true, null]);
    const homelab = JSON5.parse(readFileSync(join(FIXTURES, 'good/flux-homelab.json5'), 'utf8'));
    delete homelab.suppressNotifications; // a Renovate option Upkeep ignores: an editor flags it, the validator warns
    homelab.packageRules[1].matchPackageNames = ['/rook.ceph/'];
    delete homelab.packageRules[1].matchPackagePatterns;
    expect([check(homelab), check.errors]).toEqual([true, null]);
    expect(check({ packageRules: [{ matchUpdateTypes: ['mayor'] }] })).toBe(false);
    expect(check.errors?.[0]).toMatchObject({ instancePath: '/packageRules/0/matchUpdateTypes/0', keyword: 'enum' });
    expect(check({ flux: { automerge: 'yes' } })).toBe(false);
    expect(check.errors?.[0]).toMatchObject({ instancePath: '/flux/automerge', keyword: 'type' });
  });
});
