/**
 * Presets from repositories other than the one being processed (`github>org/presets#v1`,
 * `local>org/presets:file`), and presets that name the repository itself (read from its checkout, no
 * forge needed). The forge is an in-memory map here; test/repo/forge-presets.test.ts reads them through
 * each forge fake.
 */
import { describe, expect, it } from 'vitest';
import { resolvePresets, type RemotePresetFile, type ResolvePresetsOptions } from '../../src/config/presets.js';
import type { RepoConfig } from '../../src/config/schema.js';
import { ConfigError } from '../../src/util/errors.js';

type Files = Record<string, string>;

/** A forge holding `host>repo//path#tag` files, recording what was read. */
function forge(files: Files) {
  const reads: string[] = [];
  const readRemote = async (file: RemotePresetFile): Promise<string | null> => {
    const key = `${file.host}>${file.repo}//${file.path}${file.tag ? `#${file.tag}` : ''}`;
    reads.push(key);
    return files[key] ?? null;
  };
  return { reads, readRemote };
}

/** The repository being processed: its checkout. */
function checkout(files: Files) {
  const reads: string[] = [];
  const readLocal = async (path: string): Promise<string | null> => {
    reads.push(path);
    return files[path] ?? null;
  };
  return { reads, readLocal };
}

const resolve = (config: object, options: ResolvePresetsOptions) => resolvePresets(config as RepoConfig, { file: 'renovate.json', ...options });

async function failure(config: object, options: ResolvePresetsOptions): Promise<ConfigError> {
  const err = await resolve(config, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('presets from another repository', () => {
  it('default.json, then default.json5, at the #tag given; relative presets inside it come from the same repository and tag', async () => {
    const remote = forge({
      'github>org/presets//default.json5#v1.2.0': '{ extends: ["./groups/flux"], labels: ["deps"] } // JSON5',
      'github>org/presets//groups/flux.json#v1.2.0': '{"packageRules": [{"matchManagers": ["flux"], "groupName": "flux charts"}]}',
    });
    const { config, presets } = await resolve({ extends: ['github>org/presets#v1.2.0'] }, { readRemote: remote.readRemote, repository: 'me/homelab' });
    expect(remote.reads).toEqual([
      'github>org/presets//default.json#v1.2.0',
      'github>org/presets//default.json5#v1.2.0',
      'github>org/presets//groups/flux.json#v1.2.0',
    ]);
    expect(presets).toEqual(['github>org/presets#v1.2.0', './groups/flux']);
    expect(config).toEqual({
      labels: ['deps'],
      packageRules: [{ description: 'preset ./groups/flux', matchManagers: ['flux'], groupName: 'flux charts' }],
    });
  });

  it(':file, :file/preset, //path/file.json5 and arguments', async () => {
    const remote = forge({
      'gitea>org/presets//automerge.json': '{"patch": {"automerge": true}}',
      'gitea>org/presets//teams.json': '{"web": {"labels": ["team-{{arg0}}"], "timezone": "{{arg1}}"}}',
      'gitlab>group/sub/presets//ci/images.json5': '{ pinDigests: true }',
    });
    const options = { readRemote: remote.readRemote, repository: 'me/homelab' };
    expect((await resolve({ extends: ['gitea>org/presets:automerge'] }, options)).config).toEqual({ patch: { automerge: true } });
    expect((await resolve({ extends: ['gitea>org/presets:teams/web(frontend, Europe/Paris)'] }, options)).config).toEqual({
      labels: ['team-frontend'],
      timezone: 'Europe/Paris',
    });
    expect((await resolve({ extends: ['gitlab>group/sub/presets//ci/images.json5'] }, options)).config).toEqual({ pinDigests: true });
    // `owner/repo` alone is `local>owner/repo`: the forge the run is on.
    const local = forge({ 'local>org/presets//default.json': '{"semanticCommits": "enabled"}' });
    expect((await resolve({ extends: ['org/presets'] }, { readRemote: local.readRemote, repository: 'me/homelab' })).config).toEqual({
      semanticCommits: 'enabled',
    });
  });

  it("custom managers and custom datasources from a preset and from the config both survive (Renovate's merge)", async () => {
    const remote = forge({
      'github>org/presets//default.json': JSON.stringify({
        customDatasources: { talos: { defaultRegistryUrlTemplate: 'https://factory.example.com/versions', format: 'json' } },
      }),
    });
    const { config } = await resolve(
      { extends: ['github>org/presets'], customDatasources: { grafana: { defaultRegistryUrlTemplate: 'https://grafana.example.com/api', format: 'json' } } },
      { readRemote: remote.readRemote, repository: 'me/homelab' },
    );
    expect(Object.keys((config as { customDatasources?: object }).customDatasources ?? {}).sort()).toEqual(['grafana', 'talos']);
  });

  it('a cycle across repositories is an error naming the chain', async () => {
    const remote = forge({
      'github>org/a//default.json': '{"extends": ["github>org/b"]}',
      'github>org/b//default.json': '{"extends": ["github>org/a"]}',
    });
    const err = await failure({ extends: ['github>org/a'] }, { readRemote: remote.readRemote, repository: 'me/homelab' });
    expect(err.message).toBe('github>org/b//default.json: extends: preset cycle: github>org/a → github>org/b → github>org/a');
  });

  it("cannot set credentials or the operator's options: hostRules and global-only options are ignored with a warning", async () => {
    const remote = forge({
      'github>org/presets//default.json': JSON.stringify(
        { hostRules: [{ matchHost: 'ghcr.io', token: 'stolen' }], platform: 'gitea', onboarding: false, labels: ['deps'] },
        null,
        2,
      ),
    });
    const { config, warnings } = await resolve({ extends: ['github>org/presets'] }, { readRemote: remote.readRemote, repository: 'me/homelab' });
    expect(config).toEqual({ labels: ['deps'] });
    expect(JSON.stringify(config)).not.toContain('stolen');
    expect(warnings).toEqual([
      "github>org/presets//default.json:2: hostRules: ignored: hosts and credentials come from the operator's config (UPKEEP_HOST_RULES / --config), never from a repository",
      "github>org/presets//default.json: only the operator's config can set platform, onboarding: ignored here",
    ]);
  });

  it("a problem inside a preset names the preset's file and line, not the extends entry", async () => {
    const remote = forge({ 'github>org/presets//default.json': '{\n  "labels": ["deps"],\n  "timezone": "Mars/Olympus"\n}\n' });
    const err = await failure({ extends: ['github>org/presets'] }, { readRemote: remote.readRemote, repository: 'me/homelab' });
    expect([err.file, err.line, err.key]).toEqual(['github>org/presets//default.json', 3, 'timezone']);
  });

  it('what cannot be read is an error naming the preset and what was tried; validate (skip) lists it as not checked', async () => {
    const down = async (): Promise<string | null> => {
      throw new Error('api.github.com: connection refused');
    };
    expect((await failure({ extends: ['github>org/presets#v2'] }, { readRemote: down, repository: 'me/homelab' })).message).toBe(
      'renovate.json: extends: preset "github>org/presets#v2": could not read default.json of github>org/presets at v2: api.github.com: connection refused',
    );
    const missing = forge({});
    expect((await failure({ extends: ['github>org/presets:nope'] }, { readRemote: missing.readRemote, repository: 'me/homelab' })).message).toBe(
      'renovate.json: extends: preset "github>org/presets:nope": nope.json not found in org/presets (or that repository does not exist or is not visible to the bot)',
    );
    const skipped = await resolve({ extends: ['github>org/presets', ':semanticCommits'] }, { readRemote: down, unreadable: 'skip', repository: 'me/homelab' });
    expect(skipped.config).toEqual({ semanticCommits: 'enabled' });
    expect(skipped.notChecked).toEqual([{ preset: 'github>org/presets', reason: 'default.json of github>org/presets: api.github.com: connection refused' }]);
  });
});

describe('presets naming the repository being processed', () => {
  const files = {
    '.renovate/groups.json5':
      '{ packageRules: [{ matchDatasources: ["docker"], matchPackageNames: ["/^ghcr\\\\.io\\\\/home-operations\\\\//"], groupName: "home-operations images" }] }',
    '.renovate/automerge.json5': '{ extends: ["./groups.json5"], digest: { automerge: true } }',
  };

  it('are read from the checkout with any host prefix (github>, local>, gitea>): no forge needed', async () => {
    const local = checkout(files);
    const remote = forge({});
    const { config } = await resolve(
      { extends: ['github>Me/HomeLab//.renovate/automerge.json5', 'local>me/homelab//.renovate/groups.json5'] },
      { readLocal: local.readLocal, readRemote: remote.readRemote, repository: 'me/homelab' },
    );
    expect(remote.reads).toEqual([]);
    expect(local.reads).toEqual(['.renovate/automerge.json5', '.renovate/groups.json5', '.renovate/groups.json5']);
    expect(config.digest).toEqual({ automerge: true });
    expect(config.packageRules).toHaveLength(2);
  });

  it('its name unknown (no forge remote), the first preset whose file is in the checkout names it, said once', async () => {
    const local = checkout(files);
    const { config, warnings, notChecked } = await resolve(
      { extends: ['github>org/presets', 'github>me/homelab//.renovate/automerge.json5', 'github>me/homelab//.renovate/groups.json5'] },
      { readLocal: local.readLocal, unreadable: 'skip' },
    );
    expect(notChecked).toEqual([{ preset: 'github>org/presets', reason: 'no forge to read it from' }]);
    expect(config.digest).toEqual({ automerge: true });
    expect(warnings).toEqual([
      'this directory is taken to be me/homelab (the files of its presets are here); --repository OWNER/NAME says which repository it is',
    ]);
  });

  it('the name is asked (a git process in a local run) only when a preset names a repository, and once', async () => {
    let asked = 0;
    const repositoryName = async () => {
      asked++;
      return 'me/homelab';
    };
    const local = checkout(files);
    await resolve({ extends: ['config:recommended', ':automergeDigest'] }, { readLocal: local.readLocal, repositoryName });
    expect(asked).toBe(0);
    const { config } = await resolve(
      { extends: ['config:recommended', 'github>me/homelab//.renovate/automerge.json5', 'local>me/homelab//.renovate/groups.json5'] },
      { readLocal: local.readLocal, readRemote: forge({}).readRemote, repositoryName },
    );
    expect(asked).toBe(1);
    expect(config.digest).toMatchObject({ automerge: true });
    // A name given outright is not asked for.
    await resolve({ extends: ['github>me/homelab//.renovate/groups.json5'] }, { readLocal: local.readLocal, repository: 'me/homelab', repositoryName });
    expect(asked).toBe(1);
  });

  it('#tag names another revision: read through the forge', async () => {
    const remote = forge({ 'github>me/homelab//.renovate/groups.json5#v1': '{ "labels": ["old"] }' });
    const { config } = await resolve(
      { extends: ['github>me/homelab//.renovate/groups.json5#v1'] },
      { readLocal: checkout(files).readLocal, readRemote: remote.readRemote, repository: 'me/homelab' },
    );
    expect(config).toEqual({ labels: ['old'] });
  });
});

describe("Renovate's built-in presets beyond images and charts", () => {
  it('apply what concerns Upkeep and list the rest in one warning per preset named', async () => {
    const { config, warnings } = await resolve(
      { extends: [':enablePreCommit', 'helpers:pinGitHubActionDigestsToSemver', 'customManagers:dockerfileVersions'] },
      {},
    );
    expect(config.packageRules?.map((r) => r.description)).toEqual(['preset helpers:pinGitHubActionDigests', 'preset helpers:pinGitHubActionDigestsToSemver']);
    // Custom managers are read now: customManagers:dockerfileVersions is acted on whole.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^preset ":enablePreCommit": Upkeep applies what concerns it; left out: .*pre-commit/);
    expect(config.customManagers).toHaveLength(1);
  });

  it("Renovate's old names are read under the new one with a hint", async () => {
    const { warnings } = await resolve({ extends: ['regexManagers:dockerfileVersions'] }, {});
    expect(warnings[0]).toBe(
      'preset "regexManagers:dockerfileVersions": Renovate\'s old name, read as "customManagers:dockerfileVersions" (write that instead)',
    );
    expect(warnings).toHaveLength(1);
  });
});
