import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGlobalConfig } from '../../src/config/global-config.js';

const dir = mkdtempSync(join(tmpdir(), 'upkeep-global-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadGlobalConfig', () => {
  it('reads host rules and registry aliases from the file, and the environment on top', async () => {
    const path = file(
      'global.json',
      JSON.stringify({
        platform: 'gitea',
        hostRules: [{ hostType: 'docker', matchHost: '127.0.0.1:5000', insecureRegistry: true }],
        registryAliases: { 'docker.io': 'mirror.example.com' },
      }),
    );
    const config = await loadGlobalConfig(path, {
      UPKEEP_TOKEN: 'tok',
      REDIS_URL: 'redis://127.0.0.1:6390',
      UPKEEP_HOST_RULES: JSON.stringify([{ matchHost: 'ghcr.io', username: 'u', password: 'p' }]),
    });
    expect(config).toEqual({
      platform: 'gitea',
      token: 'tok',
      redisUrl: 'redis://127.0.0.1:6390',
      hostRules: [
        { hostType: 'docker', matchHost: '127.0.0.1:5000', insecureRegistry: true },
        { matchHost: 'ghcr.io', username: 'u', password: 'p' },
      ],
      registryAliases: { 'docker.io': 'mirror.example.com' },
    });
  });

  it('uses UPKEEP_CONFIG when no file is given, and defaults without either', async () => {
    const path = file('env.json', '{"platform":"local"}');
    expect((await loadGlobalConfig(undefined, { UPKEEP_CONFIG: path })).platform).toBe('local');
    expect(await loadGlobalConfig(undefined, {})).toEqual({ hostRules: [], registryAliases: {} });
  });

  it('names the file and key of a mistake in one line, without echoing secrets', async () => {
    const path = file('bad.json', JSON.stringify({ hostRules: [{ matchHost: 'x', password: 'hunter2', insecureRegistry: 'yes' }] }));
    await expect(loadGlobalConfig(path, {})).rejects.toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: hostRules\\[0\\]\\.insecureRegistry: `),
    );
    await expect(loadGlobalConfig(path, {})).rejects.not.toThrow(/hunter2/);
    await expect(loadGlobalConfig(file('syntax.json', '{"platform":'), {})).rejects.toThrow(/syntax\.json: not valid JSON/);
    await expect(loadGlobalConfig(join(dir, 'missing.json'), {})).rejects.toThrow(/missing\.json: cannot read the config file \(ENOENT\)/);
    await expect(loadGlobalConfig(undefined, { UPKEEP_HOST_RULES: '[{"matchHost": 1}]' })).rejects.toThrow(/^UPKEEP_HOST_RULES: hostRules\[0\]\.matchHost: /);
    await expect(loadGlobalConfig(undefined, { UPKEEP_PLATFORM: 'bitbucket' })).rejects.toThrow(/^UPKEEP_PLATFORM: platform: /);
  });

  it('refuses unknown keys, naming them', async () => {
    await expect(loadGlobalConfig(file('unknown.json', '{"hostrules": []}'), {})).rejects.toThrow(/unknown\.json: .*hostrules/);
  });
});
