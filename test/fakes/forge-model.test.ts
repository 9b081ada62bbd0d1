import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { requireCommands } from '../services/require.js';
import { ForgeModel, serveGit, type GitRequestRecord, type MergeStyle } from './forge-model/index.js';

const REPO = 'acme/app';
const BOT = 'upkeep-bot';
const gate = requireCommands(['git', 'git http-backend']);

let model: ForgeModel;

beforeEach(async () => {
  model = new ForgeModel();
  model.addUser(BOT, { fullName: 'Upkeep Bot', email: 'bot@example.com' });
  model.addUser('alice', { fullName: 'Alice', email: 'alice@example.com' });
  await model.addRepo(REPO, { files: { 'app.yaml': 'image: nginx:1.25\n', 'README.md': 'hello\n' }, collaborators: { [BOT]: 'write', alice: 'write' } });
});

afterEach(() => model.dispose());

/** A bot branch with one commit changing app.yaml, and its PR. */
async function botPr(files: Record<string, string> = { 'app.yaml': 'image: nginx:1.27\n' }) {
  await model.hooks.commit(REPO, 'upkeep/nginx', files, { login: BOT, message: 'Update nginx to 1.27' });
  const created = await model.pulls.create(REPO, { head: 'upkeep/nginx', base: 'main', title: 'Update nginx to 1.27', author: BOT });
  if (!('pr' in created)) throw new Error('PR not created');
  return created.pr;
}

const log = (ref: string, format = '%s|%an|%P') => model.git.git(REPO, ['log', '--format=' + format, ref]).then((out) => out.split('\n'));

gate.describe('ForgeModel: merges performed in git', () => {
  it('merge commit, squash, rebase, rebase-merge and fast-forward each leave the history git shows', async () => {
    const results: Record<string, string[]> = {};
    for (const style of ['merge', 'squash', 'rebase', 'rebase-merge'] as MergeStyle[]) {
      model.dispose();
      model = new ForgeModel();
      model.addUser(BOT, { fullName: 'Upkeep Bot', email: 'bot@example.com' });
      model.addUser('alice', { fullName: 'Alice', email: 'alice@example.com' });
      await model.addRepo(REPO, { files: { 'app.yaml': 'image: nginx:1.25\n', 'README.md': 'hello\n' }, collaborators: { [BOT]: 'write', alice: 'write' } });
      const pr = await botPr();
      await model.hooks.moveBase(REPO, { 'README.md': 'hello again\n' });
      const outcome = await model.pulls.merge(REPO, pr, { style, by: 'alice', message: `Merge (${style})` });
      expect(outcome.ok).toBe(true);
      expect(await model.git.readFile(REPO, 'main', 'app.yaml')).toBe('image: nginx:1.27\n');
      expect(await model.git.readFile(REPO, 'main', 'README.md')).toBe('hello again\n');
      expect(pr.merged && pr.state === 'closed').toBe(true);
      results[style] = await log('main', '%s|%an|%cn|%p');
    }
    const parents = (line: string) => line.split('|')[3]!.split(' ').filter(Boolean).length;
    expect(results.merge![0]).toMatch(/^Merge \(merge\)\|Alice\|Alice\|/);
    expect(parents(results.merge![0]!)).toBe(2);
    // Squash: one commit authored by the PR's author, committed by the merger.
    expect(results.squash![0]).toMatch(/^Merge \(squash\)\|Upkeep Bot\|Alice\|/);
    expect(parents(results.squash![0]!)).toBe(1);
    // Rebase: the bot's commit replayed on the moved base, author kept, no merge commit.
    expect(results.rebase!.slice(0, 2).map((l) => l.split('|').slice(0, 3).join('|'))).toEqual([
      'Update nginx to 1.27|Upkeep Bot|Alice',
      'Move the base on|Alice|Alice',
    ]);
    expect(results['rebase-merge']![0]).toMatch(/^Merge \(rebase-merge\)\|/);
    expect(parents(results['rebase-merge']![0]!)).toBe(2);
    expect(results['rebase-merge']![1]).toMatch(/^Update nginx to 1.27\|Upkeep Bot\|Alice\|/);
  });

  it('fast-forward moves the base to the head only when the base has not moved', async () => {
    const pr = await botPr();
    const head = pr.headSha;
    await model.hooks.moveBase(REPO, { 'README.md': 'moved\n' });
    const before = await model.git.branchSha(REPO, 'main');
    expect(await model.pulls.merge(REPO, pr, { style: 'fast-forward', by: BOT, message: '' })).toMatchObject({ ok: false, refusal: 'not-fast-forward' });
    expect(await model.git.branchSha(REPO, 'main')).toBe(before);
    const second = await model.hooks.commit(REPO, 'upkeep/other', { 'x.yaml': 'x\n' }, { login: BOT });
    const created = await model.pulls.create(REPO, { head: 'upkeep/other', base: 'main', title: 'Other', author: BOT });
    expect(await model.pulls.merge(REPO, (created as { pr: typeof pr }).pr, { style: 'fast-forward', by: BOT, message: '', deleteBranch: true })).toEqual({
      ok: true,
      sha: second,
      branchDeleted: true,
    });
    expect(await model.git.branchSha(REPO, 'main')).toBe(second);
    expect(await model.git.branchSha(REPO, 'upkeep/other')).toBeUndefined();
    expect(head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a conflict refuses and moves nothing; a replay conflict is found even when the trees merge cleanly', async () => {
    const pr = await botPr();
    await model.hooks.moveBase(REPO, { 'app.yaml': 'image: nginx:1.26\n' });
    const main = await model.git.branchSha(REPO, 'main');
    expect(await model.pulls.mergeability(REPO, pr)).toBe('conflict');
    expect(await model.pulls.merge(REPO, pr, { style: 'merge', by: BOT, message: 'm' })).toMatchObject({ ok: false, refusal: 'not-mergeable' });
    expect(await model.git.branchSha(REPO, 'main')).toBe(main);

    // A branch that changes a line and changes it back merges cleanly, but its first commit cannot be replayed.
    await model.hooks.commit(REPO, 'upkeep/flip', { 'app.yaml': 'image: nginx:9\n' }, { login: BOT, from: 'upkeep/nginx~1' });
    await model.hooks.commit(REPO, 'upkeep/flip', { 'app.yaml': 'image: nginx:1.25\n' }, { login: BOT });
    const flip = await model.pulls.create(REPO, { head: 'upkeep/flip', base: 'main', title: 'Flip', author: BOT });
    if (!('pr' in flip)) throw new Error('no PR');
    expect(await model.pulls.mergeability(REPO, flip.pr)).toBe('mergeable');
    expect(await model.pulls.merge(REPO, flip.pr, { style: 'rebase', by: BOT, message: 'm' })).toEqual({
      ok: false,
      refusal: 'conflict',
      detail: 'merge conflict in app.yaml',
      files: ['app.yaml'],
    });
    expect(await model.git.branchSha(REPO, 'main')).toBe(main);
  });

  it('auto-merge waits for the required statuses and merges when they turn green', async () => {
    model.protect(REPO, 'main', ['ci/build']);
    const pr = await botPr();
    expect(await model.pulls.schedule(REPO, pr, { style: 'squash', by: BOT, message: 'Update nginx', deleteBranch: true })).toEqual({ scheduled: true });
    await model.hooks.setStatus(REPO, pr.headSha, 'ci/build', 'pending');
    expect(pr.merged).toBe(false);
    await model.hooks.setStatus(REPO, pr.headSha, 'ci/lint', 'success');
    expect(pr.merged).toBe(false);
    await model.hooks.setStatus(REPO, 'upkeep/nginx', 'ci/build', 'success');
    expect(pr.merged).toBe(true);
    expect(await model.git.readFile(REPO, 'main', 'app.yaml')).toBe('image: nginx:1.27\n');
    expect(await model.git.branchSha(REPO, 'upkeep/nginx')).toBeUndefined();
    expect(model.statuses.combined(REPO, pr.headSha)).toBe('success');
  });

  it('hooks: a human push moves the PR head; a closed PR freezes; a ticked box shows in the body', async () => {
    const pr = await botPr();
    const human = await model.hooks.humanPush(REPO, 'upkeep/nginx', { 'app.yaml': 'image: nginx:1.27-alpine\n' });
    expect((await model.pulls.refresh(REPO, pr)).headSha).toBe(human);
    expect((await model.git.commitInfo(REPO, human)).author.email).toBe('alice@example.com');
    model.hooks.closeByHuman(REPO, pr.number);
    await model.hooks.commit(REPO, 'upkeep/nginx', { 'app.yaml': 'later\n' }, { login: BOT });
    expect((await model.pulls.refresh(REPO, pr)).headSha).toBe(human);
    expect(pr).toMatchObject({ state: 'closed', merged: false, closedBy: 'alice' });
    const issue = model.issues.create(REPO, { title: 'Dashboard', body: '- [ ] <!-- rebase-branch=a -->a\n- [ ] <!-- rebase-branch=b -->b', author: BOT });
    model.hooks.tickCheckbox(REPO, issue.number, 'rebase-branch=b');
    expect(issue.body).toBe('- [ ] <!-- rebase-branch=a -->a\n- [x] <!-- rebase-branch=b -->b');
    expect(issue.number).toBe(pr.number + 1);
  });
});

gate.describe('ForgeModel: git smart HTTP with token auth', () => {
  let server: Server;
  let origin = '';
  let work = '';
  const requests: GitRequestRecord[] = [];
  const token = randomBytes(16).toString('hex');
  const env = (extra: Record<string, string> = {}) => ({
    ...process.env,
    HOME: work,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  });
  const auth = (secret: string) => ({
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`${BOT}:${secret}`).toString('base64')}`,
  });
  const run = (args: string[], extra: Record<string, string> = {}, cwd = work) =>
    new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile('git', args, { cwd, env: env(extra) }, (err, _out, stderr) => resolve({ code: err ? 1 : 0, stderr })),
    );

  beforeAll(async () => {
    server = createServer((req, res) => serveGit(model, req, res, new URL(req.url ?? '/', origin), requests));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'upkeep-forge-client-'));
    model.addToken(token, BOT);
    requests.length = 0;
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('clones, pushes a branch the API then sees, and counts fetches and pushes', async () => {
    model.startRun();
    expect((await run(['clone', '--quiet', `${origin}/acme/app.git`, 'app'], auth(token))).code).toBe(0);
    const cwd = join(work, 'app');
    writeFileSync(join(cwd, 'app.yaml'), 'image: nginx:1.27\n');
    await run(['-c', 'user.name=Upkeep Bot', '-c', 'user.email=bot@example.com', 'commit', '-qam', 'Update nginx'], {}, cwd);
    expect((await run(['push', '--quiet', 'origin', 'HEAD:refs/heads/upkeep/nginx'], auth(token), cwd)).code).toBe(0);
    expect(await model.git.readFile(REPO, 'upkeep/nginx', 'app.yaml')).toBe('image: nginx:1.27\n');
    expect(model.counters.snapshot()).toMatchObject({ fetches: 1, pushes: 1 });
    expect(readFileSync(join(cwd, '.git', 'config'), 'utf8')).not.toContain(token);
    expect(requests.every((r) => !r.path.includes(token))).toBe(true);
  });

  it('refuses pushes without a token, with a wrong one, and from a reader', async () => {
    expect((await run(['clone', '--quiet', `${origin}/acme/app.git`, 'app'])).code).toBe(0);
    const cwd = join(work, 'app');
    expect((await run(['push', 'origin', 'HEAD:refs/heads/x'], {}, cwd)).code).toBe(1);
    expect((await run(['push', 'origin', 'HEAD:refs/heads/x'], auth('wrong'), cwd)).code).toBe(1);
    model.addUser('reader', { token: 'reader-token' });
    model.world(REPO).repo.collaborators.set('reader', 'read');
    const reader = { ...auth('reader-token') };
    expect((await run(['push', 'origin', 'HEAD:refs/heads/x'], reader, cwd)).code).toBe(1);
    expect(requests.map((r) => r.status)).toEqual(expect.arrayContaining([401, 403]));
    expect(await model.git.branchSha(REPO, 'x')).toBeUndefined();
  });
});
