/**
 * mergeConfig, as presets (`extends`) are merged: a later config wins key by key, except Renovate's
 * mergeable options, which combine.
 */
import { describe, expect, it } from 'vitest';
import { mergeConfig } from '../../src/config/merge.js';
import { resolvePresets } from '../../src/config/presets.js';
import type { RepoConfig } from '../../src/config/schema.js';

describe('mergeConfig', () => {
  it('merges group settings key by key and unites suppressNotifications; other values are replaced', () => {
    const base = { group: { branchTopic: 'all', commitMessageTopic: 'base' }, suppressNotifications: ['prIgnoreNotification'], labels: ['a'] };
    const layer = { group: { commitMessageTopic: 'layer' }, suppressNotifications: ['prEditedNotification', 'prIgnoreNotification'], labels: ['b'] };
    expect(mergeConfig(base, layer)).toEqual({
      group: { branchTopic: 'all', commitMessageTopic: 'layer' },
      suppressNotifications: ['prIgnoreNotification', 'prEditedNotification'],
      labels: ['b'],
    });
    // Neither side is modified, and one side alone is kept as it is.
    expect(base.group).toEqual({ branchTopic: 'all', commitMessageTopic: 'base' });
    expect(mergeConfig({}, layer)).toEqual(layer);
    expect(mergeConfig(base, {})).toEqual(base);
  });

  it('does the same inside manager and update-type objects', () => {
    expect(mergeConfig({ major: { group: { branchTopic: 'x' } } }, { major: { group: { commitMessageTopic: 'y' } } })).toEqual({
      major: { group: { branchTopic: 'x', commitMessageTopic: 'y' } },
    });
  });
});

describe('presets merged through extends', () => {
  it("a later preset's group settings keep an earlier one's other keys; suppressNotifications add up, the config's own last", async () => {
    const files: Record<string, string> = {
      'a.json': JSON.stringify({ group: { branchTopic: 'shared', commitMessageTopic: 'from a' }, suppressNotifications: ['prIgnoreNotification'] }),
      'b.json': JSON.stringify({ group: { commitMessageTopic: 'from b' }, suppressNotifications: ['dependencyLookupWarnings'] }),
    };
    const { config } = await resolvePresets(
      {
        extends: ['local>me/homelab//a.json', 'local>me/homelab//b.json'],
        group: { commitMessageExtra: 'mine' },
        suppressNotifications: ['prEditedNotification', 'prIgnoreNotification'],
      } as RepoConfig,
      { file: 'renovate.json', repository: 'me/homelab', readLocal: async (path) => files[path] ?? null },
    );
    expect(config.group).toEqual({ branchTopic: 'shared', commitMessageTopic: 'from b', commitMessageExtra: 'mine' });
    expect(config.suppressNotifications).toEqual(['prIgnoreNotification', 'dependencyLookupWarnings', 'prEditedNotification']);
  });
});
