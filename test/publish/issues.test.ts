/** Issue upkeep: one open issue per title, written only when its text changed; closed when no longer needed. */
import { describe, expect, it } from 'vitest';
import { CONFIG_ERROR_TITLE, closeIssues, configErrorBody, ensureIssue } from '../../src/publish/issues.js';
import { MemoryPlatform } from './memory-platform.js';

describe('ensureIssue', () => {
  it('creates once, rewrites only a changed body, and a rerun writes nothing', async () => {
    const platform = new MemoryPlatform();
    expect(await ensureIssue(platform, 'Dependency Dashboard', 'one')).toBe('created');
    expect(await ensureIssue(platform, 'Dependency Dashboard', 'one\n')).toBe('unchanged');
    expect(await ensureIssue(platform, 'Dependency Dashboard', 'two')).toBe('updated');
    expect(platform.writes).toEqual(['createIssue Dependency Dashboard', 'updateIssue 1 body']);
  });

  it('reopens a closed issue, closes duplicates, and only reports in a dry run', async () => {
    const platform = new MemoryPlatform();
    platform.issues.push(
      { number: 1, title: 'Dependency Dashboard', body: 'old', state: 'open' },
      { number: 2, title: 'Dependency Dashboard', body: 'x', state: 'closed' },
    );
    expect(await ensureIssue(platform, 'Dependency Dashboard', 'x', { dryRun: true })).toBe('updated');
    expect(platform.writes).toEqual([]);
    expect(await ensureIssue(platform, 'Dependency Dashboard', 'x')).toBe('updated');
    expect(platform.writes).toEqual(['updateIssue 1 state', 'updateIssue 2 state']);
    expect(platform.issues.map((i) => `${i.number} ${i.state}`)).toEqual(['1 closed', '2 open']);
  });

  it('cuts a body to the forge limit, saying so', async () => {
    const platform = new MemoryPlatform();
    await ensureIssue(platform, 'Dependency Dashboard', 'x'.repeat(100_000));
    expect(platform.issues[0]!.body.length).toBe(platform.maxBodyLength);
    expect(platform.issues[0]!.body).toMatch(/cut to the forge's size limit\)$/);
  });
});

describe('the config-error issue', () => {
  it('names every error and closes once the config is fixed', async () => {
    const platform = new MemoryPlatform();
    const body = configErrorBody('renovate.json', [
      'renovate.json:3: packageRules[0].matchUpdateTypes[0]: "mayor" is not one of …',
      'renovate.json:5: timezone: "Mars/X" is not a time zone',
    ]);
    expect(body).toContain('- renovate.json:3: packageRules[0].matchUpdateTypes[0]');
    expect(await ensureIssue(platform, CONFIG_ERROR_TITLE, body)).toBe('created');
    expect(await closeIssues(platform, CONFIG_ERROR_TITLE)).toBe('closed');
    expect(await closeIssues(platform, CONFIG_ERROR_TITLE)).toBe('absent');
  });
});
