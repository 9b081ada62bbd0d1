/**
 * A fake GitLab with a git-backed world and the GitLab adapter pointed at it, for the adapter's tests and
 * the cross-forge scenarios (the `ForgeWorld` of ../world.ts). The token is a fresh random canary per
 * world. The world: the bot `upkeep-bot` (Developer of `acme/app`), alice (owner of the group acme), bob
 * (no access), `acme/app` with a deploy file on `main`. Merge retries after a 405 do not wait here: the
 * waits asked for are kept in `sleeps`.
 */
import { canaryToken } from '../../services/canary.js';
import { expect } from 'vitest';
import { HttpClient } from '../../../src/http/client.js';
import { createGitLabPlatform } from '../../../src/platforms/gitlab/index.js';
import { FakeGitLab } from '../../fakes/gitlab.js';
import type { ApiValidator } from '../../fakes/openapi-validator.js';
import { BOT, REPO, type ForgeWorld, type WorldOptions } from '../world.js';

export const FILES = { 'apps/web/deploy.yaml': 'image: nginx:1.25.0\n', 'README.md': 'hello\n' };

export interface GitLabWorld extends ForgeWorld {
  readonly fake: FakeGitLab;
  /** The waits (ms) the adapter asked for between merge tries. */
  readonly sleeps: number[];
}

export async function gitlabWorld(validator: ApiValidator, options: WorldOptions = {}): Promise<GitLabWorld> {
  const token = canaryToken();
  const fake = new FakeGitLab({ validator, ...(options.version ? { version: options.version } : {}) });
  const { model } = fake;
  model.addUser(BOT, { fullName: 'Upkeep Bot', email: 'bot@example.com', token });
  model.addUser('alice', { fullName: 'Alice', email: 'alice@example.com', token: `alice-${token.slice(0, 8)}` });
  model.addUser('bob', { fullName: 'Bob' });
  model.addOrg('acme', { members: { alice: 'admin' }, labels: ['security'] });
  // GitLab's merge method is one per project: merge commits unless the test says otherwise.
  await model.addRepo(REPO, { files: FILES, collaborators: { [BOT]: 'write' }, ...options.repo });
  await fake.start();
  const http = new HttpClient({ retryBaseMs: 1 });
  const sleeps: number[] = [];
  const sleep = (ms: number) => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  const platform = createGitLabPlatform({ endpoint: fake.server.url, token, http, mergeRetryDelaysMs: [1, 2], sleep });
  return {
    forge: 'gitlab',
    fake,
    sleeps,
    platform,
    token,
    http,
    repo: () => platform.repository(REPO),
    botBranch: (branch, files = { 'apps/web/deploy.yaml': 'image: nginx:1.27.0\n' }) =>
      model.hooks.commit(REPO, branch, files, { login: BOT, message: `Update ${branch}` }),
    close: () => fake.close(),
  };
}

/** No API request carried the token anywhere but its header (GitLab: PRIVATE-TOKEN, not recorded as Authorization). */
export function expectTokenOnlyInHeader(world: GitLabWorld): void {
  for (const r of world.fake.requests) {
    expect(r.path).not.toContain(world.token);
    expect(JSON.stringify(r.body ?? null)).not.toContain(world.token);
    expect(r.authorization).toBeUndefined();
    expect(r.status).not.toBe(401);
  }
}

/** The canary never appears in `texts` (error messages, answers, bodies). */
export function expectNoCanary(world: GitLabWorld, ...texts: unknown[]): void {
  for (const text of texts) expect(text instanceof Error ? `${text.message} ${text.stack ?? ''}` : JSON.stringify(text)).not.toContain(world.token);
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
