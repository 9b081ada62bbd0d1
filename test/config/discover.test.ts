import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAMES, discoverConfig, loadRepoConfig, MAX_CONFIG_SIZE } from '../../src/config/discover.js';
import { ConfigError } from '../../src/util/errors.js';

const scratch = mkdtempSync(join(tmpdir(), 'upkeep-discover-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let count = 0;

/** A fresh repository directory holding `files` (path → text). */
function repo(files: Record<string, string> = {}): string {
  const dir = join(scratch, `repo-${count++}`);
  mkdirSync(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('discoverConfig', () => {
  it("finds the names in ../shared/DESIGN.md's order, then Renovate's other names", () => {
    expect(CONFIG_FILE_NAMES).toEqual([
      'upkeep.json',
      '.github/upkeep.json',
      '.gitea/upkeep.json',
      'renovate.json',
      'renovate.json5',
      '.github/renovate.json',
      '.gitea/renovate.json',
      '.renovaterc',
      '.renovaterc.json',
      'renovate.jsonc',
      '.github/renovate.json5',
      '.github/renovate.jsonc',
      '.gitlab/renovate.json',
      '.gitlab/renovate.json5',
      '.gitlab/renovate.jsonc',
      '.gitea/renovate.json5',
      '.forgejo/renovate.json',
      '.forgejo/renovate.json5',
      '.renovaterc.json5',
      '.renovaterc.jsonc',
    ]);
  });

  it('the first name present wins: removing them one by one walks the whole list', async () => {
    const dir = repo(Object.fromEntries(CONFIG_FILE_NAMES.map((name) => [name, `{"description": "${name}"}`])));
    const seen: string[] = [];
    for (;;) {
      const found = await discoverConfig(dir);
      if (!found) break;
      expect(found.content).toBe(`{"description": "${found.file}"}`);
      seen.push(found.file);
      unlinkSync(join(dir, found.file));
    }
    expect(seen).toEqual(CONFIG_FILE_NAMES);
  });

  it('none: null', async () => {
    expect(await discoverConfig(repo({ 'README.md': '# hi', 'renovate.json.bak': '{}' }))).toBeNull();
  });

  it('a directory with a config name is not a config file', async () => {
    const dir = repo({ 'renovate.json5': '{}' });
    mkdirSync(join(dir, 'renovate.json'));
    expect(await discoverConfig(dir)).toEqual({ file: 'renovate.json5', content: '{}' });
  });

  it('follows a symlink that stays in the repository, never one that leaves it', async () => {
    const inside = repo({ 'config/renovate.json': '{"automerge": true}' });
    symlinkSync('config/renovate.json', join(inside, 'renovate.json'));
    expect(await discoverConfig(inside)).toEqual({ file: 'renovate.json', content: '{"automerge": true}' });

    const outside = join(scratch, 'outside.json');
    writeFileSync(outside, '{"secret": true}');
    const leaking = repo();
    symlinkSync(outside, join(leaking, 'renovate.json'));
    await expect(discoverConfig(leaking)).rejects.toThrow(new ConfigError('renovate.json', 'is a symlink that leaves the repository: not read'));
  });

  it('refuses a file over the size limit', async () => {
    const dir = repo({ 'upkeep.json': `{"description": "${'x'.repeat(MAX_CONFIG_SIZE)}"}` });
    await expect(discoverConfig(dir)).rejects.toThrow('upkeep.json: is larger than 1024 KiB: not read');
  });
});

describe('loadRepoConfig', () => {
  it('no config file: the defaults, with no problems', async () => {
    expect(await loadRepoConfig(repo())).toEqual({ config: {}, errors: [], warnings: [] });
  });

  it('a valid config, and the other config files it hides', async () => {
    const dir = repo({
      '.github/renovate.json5': '{ extends: ["config:recommended"] }',
      'renovate.json': '{"$schema": "https://docs.renovatebot.com/renovate-schema.json", "automerge": true, "lockFileMaintenance": {"enabled": true}}',
    });
    expect(await loadRepoConfig(dir)).toEqual({
      file: 'renovate.json',
      config: { $schema: 'https://docs.renovatebot.com/renovate-schema.json', automerge: true },
      errors: [],
      warnings: [
        { file: '.github/renovate.json5', message: 'ignored: renovate.json comes first' },
        {
          file: 'renovate.json',
          message: 'Upkeep does not act on: lockFileMaintenance (no package manager is run and no lock file updated: only references in files are edited)',
        },
      ],
    });
  });

  it('a syntax error, a wrong value, an unreadable file: errors, never a throw, and no config to act on', async () => {
    expect(await loadRepoConfig(repo({ '.renovaterc': '{\n  automerge: true\n  labels: []\n}' }))).toEqual({
      file: '.renovaterc',
      config: {},
      errors: [{ file: '.renovaterc', line: 3, column: 3, message: "not valid JSON5: invalid character 'l'" }],
      warnings: [],
    });
    expect(await loadRepoConfig(repo({ 'upkeep.json': '{\n  "automergeType": "merge"\n}' }))).toEqual({
      file: 'upkeep.json',
      config: {},
      errors: [{ file: 'upkeep.json', key: 'automergeType', line: 2, message: '"merge" is not one of pr, branch' }],
      warnings: [],
    });
    const leaking = repo();
    const outside = join(scratch, 'elsewhere.json');
    writeFileSync(outside, '{}');
    symlinkSync(outside, join(leaking, 'upkeep.json'));
    expect(await loadRepoConfig(leaking)).toEqual({
      file: 'upkeep.json',
      config: {},
      errors: [{ file: 'upkeep.json', message: 'is a symlink that leaves the repository: not read' }],
      warnings: [],
    });
  });
});
