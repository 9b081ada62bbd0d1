/**
 * A fake Gitea with a git-backed world and the Gitea adapter pointed at it, for the adapter's tests.
 * The token is a fresh random canary per fake; `expectNoCanary` checks a text never holds it.
 */
import { canaryToken } from '../../services/canary.js';
import { expect } from 'vitest';
import { HttpClient } from '../../../src/http/client.js';
import { createGiteaPlatform } from '../../../src/platforms/gitea/index.js';
import { FakeGitea } from '../../fakes/gitea.js';
import type { ApiValidator } from '../../fakes/openapi-validator.js';
import { BOT, REPO, type ForgeWorld, type WorldOptions } from '../world.js';

export { BOT, REPO };
export const FILES = { 'apps/web/deploy.yaml': 'image: nginx:1.25.0\n', 'README.md': 'hello\n' };

export interface GiteaWorld extends ForgeWorld {
  readonly fake: FakeGitea;
}

export async function giteaWorld(validator: ApiValidator, options: WorldOptions = {}): Promise<GiteaWorld> {
  const token = canaryToken();
  const fake = new FakeGitea({ validator, ...(options.version ? { version: options.version } : {}) });
  const { model } = fake;
  model.addUser(BOT, { fullName: 'Upkeep Bot', email: 'bot@example.com', token });
  model.addUser('alice', { fullName: 'Alice', email: 'alice@example.com', token: `alice-${token.slice(0, 8)}` });
  model.addUser('bob', { fullName: 'Bob' });
  model.addOrg('acme', { members: { alice: 'admin' }, labels: ['security'] });
  await model.addRepo(REPO, { files: FILES, collaborators: { [BOT]: 'write' }, ...options.repo });
  await fake.start();
  const http = new HttpClient({ retryBaseMs: 1 });
  const platform = createGiteaPlatform({ endpoint: fake.server.url, token, http });
  return {
    forge: 'gitea',
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

/** The canary never appears in `text` (an error message, a URL, a body). */
export function expectNoCanary(world: GiteaWorld, ...texts: unknown[]): void {
  for (const text of texts) expect(String(text instanceof Error ? text.message : JSON.stringify(text))).not.toContain(world.token);
}

/** Every API request carried the token in the header, never in the URL. */
export function expectTokenOnlyInHeader(world: GiteaWorld): void {
  for (const r of world.fake.requests) {
    expect(r.path).not.toContain(world.token);
    expect(r.authorization).toBe(`token ${world.token}`);
  }
}

/** What a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
