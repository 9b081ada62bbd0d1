/**
 * Presets from repositories, read through each forge fake in a whole run (runForgeRepository with the
 * forge as `forge`): `local>` and the forge's own prefix read another repository of that forge at the tag
 * named, not its default branch; a preset naming the repository itself is read from the checkout (no API
 * call); a preset that cannot be read is the config-error issue naming it; a preset's hostRules (and its
 * token) are refused with a warning. The unit cases are in test/config/presets-remote.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalConfig } from '../../src/config/global-config.js';
import type { Datasource } from '../../src/datasources/types.js';
import type { PlatformId } from '../../src/platforms/types.js';
import { runForgeRepository, type ForgeRunResult } from '../../src/repo/forge-run.js';
import { createClock } from '../../src/util/clock.js';
import { FORGES } from '../platforms/worlds.js';
import { BOT, type ForgeWorld } from '../platforms/world.js';

const HOMELAB = 'me/homelab';
const PRESETS = 'me/renovate-presets';
const READABLE_PRIVATE = 'me/team-presets';
const SECRET = 'me/secret-presets';
const BRANCH = 'upkeep/nginx-1.x';
const CONFIG_ERROR_TITLE = 'Action required: fix the Upkeep configuration';
const WEB = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.25.3\n';
/** A token a preset tries to set: it must never reach a report, a PR or an issue. */
const PRESET_TOKEN = 'preset-canary-0123456789abcdef';

const nginx: Datasource = {
  id: 'docker',
  defaultVersioning: 'docker',
  getReleases: async ({ packageName }) => (packageName === 'nginx' ? { releases: ['1.25.3', '1.26.0'].map((version) => ({ version })) } : null),
};

/**
 * Presets of the other forge kinds point at a closed loopback port: a preset that should be read from
 * the checkout or the run's forge and is not fails here, instead of reaching for the public forge.
 */
function offlineEndpoints(own: PlatformId): GlobalConfig['presetEndpoints'] {
  const all = {
    github: 'http://127.0.0.1:9/api/v3',
    gitlab: 'http://127.0.0.1:9/api/v4',
    gitea: 'http://127.0.0.1:9/api/v1',
    forgejo: 'http://127.0.0.1:9/api/v1',
  };
  const { [own]: _own, ...others } = all as Record<string, string>;
  return others;
}

describe.each(FORGES)('presets from repositories on $id', (forge) => {
  // One fake per forge with the presets repositories; `me/homelab` is made afresh by each test.
  let shared: ForgeWorld | undefined;
  /** Requests made before the current test (the fake keeps all of them). */
  let before = 0;
  beforeAll(async () => {
    shared = await forge.make();
    await addPresets(shared);
  });
  afterAll(async () => {
    await shared?.close();
  });
  afterEach(() => {
    shared?.fake.server.assertNoViolations();
  });

  /**
   * `me/renovate-presets`: default.json labels `from-tag` at the tag v1.0.0 and `from-main` on main since
   * (groups/web.json, which relative.json extends, the same); two private presets repositories.
   */
  async function addPresets(w: ForgeWorld): Promise<void> {
    const { model } = w.fake;
    await model.addRepo(PRESETS, {
      files: {
        'default.json': JSON.stringify({ labels: ['from-tag'] }),
        'relative.json': JSON.stringify({ extends: ['./groups/web'] }),
        'groups/web.json': JSON.stringify({ labels: ['web-from-tag'] }),
        'with-token.json': JSON.stringify({
          labels: ['from-token-preset'],
          hostRules: [{ matchHost: 'registry.example.com', token: PRESET_TOKEN }],
        }),
      },
    });
    const tagged = (await model.git.branchSha(PRESETS, 'main'))!;
    const tagger = { GIT_COMMITTER_NAME: 'Me', GIT_COMMITTER_EMAIL: 'me@example.com', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' };
    await model.git.git(PRESETS, ['tag', '-a', 'v1.0.0', '-m', 'v1.0.0', tagged], tagger);
    const later = { 'default.json': JSON.stringify({ labels: ['from-main'] }), 'groups/web.json': JSON.stringify({ labels: ['web-from-main'] }) };
    await model.hooks.commit(PRESETS, 'main', later, { login: 'me', message: 'labels from main' });
    // Private presets: one the bot may read, one it may not (the forge answers 404, as for no repository).
    const team = { files: { 'default.json': JSON.stringify({ labels: ['from-private'] }) }, private: true };
    await model.addRepo(READABLE_PRIVATE, { ...team, collaborators: { [BOT]: 'read' } });
    await model.addRepo(SECRET, team);
  }

  /** `me/homelab` (the bot a writer) with an nginx to update and `renovate.json` = `config`, made afresh. */
  async function setup(config: unknown, files: Record<string, string> = {}): Promise<ForgeWorld> {
    const w = shared!;
    const { model } = w.fake;
    if (model.find('me', 'homelab')) model.removeRepo(HOMELAB);
    await model.addRepo(HOMELAB, { files: { 'k8s/web.yaml': WEB, ...files, 'renovate.json': JSON.stringify(config) }, collaborators: { [BOT]: 'write' } });
    before = w.fake.requests.length;
    return w;
  }

  async function run(w: ForgeWorld): Promise<ForgeRunResult> {
    return runForgeRepository({
      platform: await w.platform.repository(HOMELAB),
      forge: w.platform,
      bot: await w.platform.currentUser(),
      global: { hostRules: [], registryAliases: {}, token: w.token, presetEndpoints: offlineEndpoints(forge.id) },
      clock: createClock(new Date('2026-06-01T10:00:00Z')),
      datasourceFor: (id) => (id === 'docker' ? nginx : undefined),
    });
  }

  const prOf = async (w: ForgeWorld) => (await w.fake.model.pulls.list(HOMELAB)).find((p) => p.head === BRANCH);
  const prLabels = async (w: ForgeWorld) => {
    const pr = (await prOf(w))!;
    return w.fake.model.labelNames(w.fake.model.world(HOMELAB).repo, pr.labels);
  };
  const labelsIn = (r: ForgeRunResult) => r.report.branches.find((b) => b.branchName === BRANCH)?.labels;
  /** API requests that read a file of `repo` (contents API on Gitea and GitHub, files API on GitLab). */
  const fileReads = (w: ForgeWorld, repo: string) =>
    w.fake.requests
      .slice(before)
      .map((r) => decodeURIComponent(r.path))
      .filter((path) => path.includes(`/${repo}/contents/`) || (path.includes(`/projects/${repo}/repository/files/`) && path.includes('/raw')));

  it.each(['local', forge.id])('%s>me/renovate-presets#v1.0.0: default.json at the tag, not on the default branch', async (host) => {
    const w = await setup({ extends: [`${host}>${PRESETS}#v1.0.0`] });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(result.report.configErrors).toBeUndefined();
    expect(labelsIn(result)).toEqual(['from-tag']);
    expect(await prLabels(w)).toEqual(['from-tag']);
    // Read through the run's forge, at the tag.
    const reads = fileReads(w, PRESETS);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((path) => path.includes('ref=v1.0.0'))).toBe(true);
  });

  it('two names of the same file at the same tag (local> and the forge prefix): read once', async () => {
    const w = await setup({ extends: [`local>${PRESETS}#v1.0.0`, `${forge.id}>${PRESETS}#v1.0.0`] });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(await prLabels(w)).toEqual(['from-tag']);
    expect(fileReads(w, PRESETS).filter((path) => path.includes('default.json'))).toHaveLength(1);
  });

  it('a relative preset inside a tagged preset comes from the same repository at the same tag', async () => {
    const w = await setup({ extends: [`local>${PRESETS}:relative#v1.0.0`] });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(await prLabels(w)).toEqual(['web-from-tag']);
    expect(fileReads(w, PRESETS).filter((path) => path.includes('groups/web.json'))).toEqual([expect.stringContaining('ref=v1.0.0')]);
  });

  it('a private presets repository the bot may read is read with its token', async () => {
    const w = await setup({ extends: [`local>${READABLE_PRIVATE}`] });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(await prLabels(w)).toEqual(['from-private']);
  });

  it('a tag that does not exist is a config error naming the preset and the tag', async () => {
    const preset = `local>${PRESETS}#v9.9.9`;
    const w = await setup({ extends: [preset] });
    const result = await run(w);
    expect(result.failed).toBe(true);
    expect(result.report.configErrors?.join('\n')).toContain(`preset "${preset}"`);
    expect(result.report.configErrors?.join('\n')).toContain('at v9.9.9');
    expect(await w.fake.model.pulls.list(HOMELAB)).toEqual([]);
  });

  it('without a tag the default branch is read', async () => {
    const w = await setup({ extends: [`local>${PRESETS}`] });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(await prLabels(w)).toEqual(['from-main']);
  });

  it('github>me/homelab//.renovate/automerge.json5 names the repository itself: read from the checkout, no API call', async () => {
    const preset = '{\n  // the repository\'s own preset\n  packageRules: [{matchPackageNames: ["nginx"], labels: ["self-preset"]}],\n}\n';
    const w = await setup({ extends: [`github>${HOMELAB}//.renovate/automerge.json5`] }, { '.renovate/automerge.json5': preset });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(result.report.configErrors).toBeUndefined();
    expect(labelsIn(result)).toEqual(['self-preset']);
    expect(await prLabels(w)).toEqual(['self-preset']);
    expect(fileReads(w, HOMELAB)).toEqual([]);
    expect(w.fake.requests.slice(before).filter((r) => r.path.includes('automerge.json5'))).toEqual([]);
  });

  it.each([`local>me/no-such-presets#v1.0.0`, `local>${SECRET}`])('%s cannot be read: the config-error issue names it, no update PR', async (missing) => {
    const w = await setup({ extends: [missing] });
    const result = await run(w);
    expect(result.failed).toBe(true);
    expect(result.report.configErrors?.join('\n')).toContain(missing);
    expect(await w.fake.model.pulls.list(HOMELAB)).toEqual([]);
    expect(await w.fake.model.git.branchSha(HOMELAB, BRANCH)).toBeUndefined();
    const issues = await (await w.platform.repository(HOMELAB)).findIssues(CONFIG_ERROR_TITLE);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.body).toContain(missing);
  });

  it("a preset's hostRules are refused with a warning; its token is nowhere in the report, the PR or an issue", async () => {
    const w = await setup({ extends: [`local>${PRESETS}:with-token#v1.0.0`], dependencyDashboard: true });
    const result = await run(w);
    expect(result.failed).toBe(false);
    expect(await prLabels(w)).toEqual(['from-token-preset']);
    expect(result.report.warnings).toContainEqual(
      expect.stringMatching(/^renovate\.json: local>me\/renovate-presets\/\/with-token\.json#v1\.0\.0:1: hostRules: ignored/),
    );
    const pr = (await prOf(w))!;
    const issues = await (await w.platform.repository(HOMELAB)).findIssues('Dependency Dashboard');
    expect(issues).toHaveLength(1);
    for (const text of [JSON.stringify(result), JSON.stringify(pr), JSON.stringify(issues)]) expect(text).not.toContain(PRESET_TOKEN);
    // Nor was it sent anywhere.
    for (const r of w.fake.requests.slice(before)) expect(`${r.path} ${r.authorization ?? ''}`).not.toContain(PRESET_TOKEN);
  });
});
