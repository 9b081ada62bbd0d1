/**
 * A small world for the GitHub fake's own tests, driven with plain `fetch`: the bot (random token) as a
 * writer of `acme/app`, alice (admin of the org acme, with a token), bob (no access).
 */
import { randomBytes } from 'node:crypto';
import { FakeGitHub } from '../github.js';
import type { ApiValidator } from '../openapi-validator.js';
import type { RepoOptions } from '../forge-model/index.js';

export const REPO = 'acme/app';
export const BOT = 'upkeep-bot';
export const FILES = { 'apps/web/deploy.yaml': 'image: nginx:1.25.0\n', 'README.md': 'hello\n' };

export interface Answer {
  status: number;
  headers: Headers;
  // The tests read whatever GitHub answers.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Harness {
  fake: FakeGitHub;
  api: string;
  token: string;
  aliceToken: string;
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<Answer>;
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<Answer>;
  /** The bot pushes a branch from main changing the deploy file; returns its head. */
  botBranch(branch: string, files?: Record<string, string>): Promise<string>;
}

export async function harness(validator: ApiValidator, repo: RepoOptions = {}): Promise<Harness> {
  const token = randomBytes(20).toString('hex');
  const aliceToken = randomBytes(20).toString('hex');
  const fake = new FakeGitHub({ validator });
  const { model } = fake;
  model.addUser(BOT, { fullName: 'Upkeep Bot', email: 'bot@example.com', token });
  model.addUser('alice', { fullName: 'Alice', email: 'alice@example.com', token: aliceToken });
  model.addUser('bob', { fullName: 'Bob' });
  model.addOrg('acme', { members: { alice: 'admin' } });
  await model.addRepo(REPO, { files: FILES, collaborators: { [BOT]: 'write' }, ...repo });
  const api = await fake.start();
  const call = async (method: string, path: string, body?: unknown, who: string | null = token): Promise<Answer> => {
    const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
    if (who !== null) headers.authorization = `Bearer ${who}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${api}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    fake,
    api,
    token,
    aliceToken,
    call,
    graphql: (query, variables, who = token) => call('POST', '/graphql', { query, ...(variables ? { variables } : {}) }, who),
    botBranch: (branch, files = { 'apps/web/deploy.yaml': 'image: nginx:1.27.0\n' }) =>
      model.hooks.commit(REPO, branch, files, { login: BOT, message: `Update ${branch}` }),
  };
}
