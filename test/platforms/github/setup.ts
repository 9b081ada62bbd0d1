/**
 * A fake GitHub with a git-backed world and the GitHub adapter pointed at it, for the adapter's tests and
 * the cross-forge scenarios (the `ForgeWorld` of ../world.ts). The token is a fresh random canary per
 * world; `expectNoCanary` checks a text never holds it.
 *
 * The world: the bot `upkeep-bot` (writer of `acme/app`), alice (admin of the organization acme, with
 * her own token), bob (no access), `acme/app` with a deploy file on `main`. GitHub's own defaults differ
 * in one place: `allow_auto_merge` is on unless `repo.allowAutoMerge` says otherwise, so scenarios match
 * the other forges; native auto-merge also needs required checks on the base (`model.protect`).
 */
import { canaryToken } from '../../services/canary.js';
import { expect } from 'vitest';
import { HttpClient } from '../../../src/http/client.js';
import { createGitHubPlatform } from '../../../src/platforms/github/index.js';
import { FakeGitHub } from '../../fakes/github.js';
import type { ApiValidator } from '../../fakes/openapi-validator.js';
import { BOT, REPO, type ForgeWorld, type WorldOptions } from '../world.js';

export { BOT, REPO };
export const FILES = { 'apps/web/deploy.yaml': 'image: nginx:1.25.0\n', 'README.md': 'hello\n' };

export interface GitHubWorld extends ForgeWorld {
  readonly fake: FakeGitHub;
}

export async function githubWorld(validator: ApiValidator, options: WorldOptions = {}): Promise<GitHubWorld> {
  const token = canaryToken();
  const fake = new FakeGitHub({ validator });
  const { model } = fake;
  model.addUser(BOT, { fullName: 'Upkeep Bot', email: 'bot@example.com', token });
  model.addUser('alice', { fullName: 'Alice', email: 'alice@example.com', token: `alice-${token.slice(0, 8)}` });
  model.addUser('bob', { fullName: 'Bob' });
  model.addOrg('acme', { members: { alice: 'admin' }, labels: ['security'] });
  await model.addRepo(REPO, { files: FILES, collaborators: { [BOT]: 'write' }, ...options.repo });
  await fake.start();
  // The world's HttpClient (the ForgeWorld shape); the GitHub adapter talks through octokit instead, with
  // GitHub's write spacing and retry back-off turned down for tests.
  const http = new HttpClient({ retryBaseMs: 1 });
  const platform = createGitHubPlatform({ endpoint: fake.server.url, token, writeSpacingMs: 0, notifySpacingMs: 0, retryBaseMs: 1 });
  return {
    forge: 'github',
    fake,
    platform,
    token,
    http,
    repo: () => platform.repository(REPO),
    botBranch: (branch, files = { 'apps/web/deploy.yaml': 'image: nginx:1.27.0\n' }) =>
      model.hooks.commit(REPO, branch, files, { login: BOT, message: `Update ${branch}` }),
    close: () => fake.close(),
  };
}

/** Every API request (GraphQL included) carried the token in the header, never in the URL. */
export function expectTokenOnlyInHeader(world: GitHubWorld): void {
  for (const r of world.fake.requests) {
    expect(r.path).not.toContain(world.token);
    expect([`Bearer ${world.token}`, `token ${world.token}`]).toContain(r.authorization);
  }
}
