/**
 * The preset reader and the operator's host rules: a host turned off (`enabled: false`, for every host or
 * for the preset host) is never asked for a preset, whichever adapter would ask it (the GitHub one makes
 * its own requests, outside the HttpClient that enforces the rule elsewhere).
 */
import { describe, expect, it } from 'vitest';
import { Cache, MemoryCacheStore } from '../../src/http/cache.js';
import { HttpClient } from '../../src/http/client.js';
import { createPresetReader } from '../../src/repo/preset-reader.js';

const reader = (hostRules: Array<Record<string, unknown>>) => {
  const fetched: string[] = [];
  const http = new HttpClient({
    hostRules,
    transport: (url) => {
      fetched.push(url);
      return Promise.reject(new Error('no network in this test'));
    },
  });
  const read = createPresetReader({ global: { hostRules, registryAliases: {} }, http, cache: new Cache(new MemoryCacheStore(), () => 0), timeoutMs: 2000 });
  return { read, fetched };
};

describe('createPresetReader and hostRules enabled: false', () => {
  it.each([
    ['every host', [{ enabled: false }], 'github', 'api.github.com'],
    ['the preset host', [{ matchHost: 'gitlab.com', enabled: false }], 'gitlab', 'gitlab.com'],
  ] as const)('%s turned off: the preset is not asked for, and the error says why', async (_what, rules, host, name) => {
    const { read, fetched } = reader([...rules]);
    await expect(read({ host, repo: 'me/renovate-presets', path: 'default.json' })).rejects.toThrow(
      `${name} is turned off by the operator's hostRules (enabled: false): not asked`,
    );
    expect(fetched).toEqual([]);
  });
});
