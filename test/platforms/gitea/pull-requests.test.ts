import { afterEach, expect, it } from 'vitest';
import { ExternalHostError } from '../../../src/util/errors.js';
import { loadGiteaValidator } from '../../fakes/gitea.js';
import { requireCommands } from '../../services/require.js';
import { BOT, expectNoCanary, expectTokenOnlyInHeader, giteaWorld, REPO, rejection, type GiteaWorld } from './setup.js';

const validator = loadGiteaValidator();
const gate = requireCommands(['git', 'git http-backend']);
let world: GiteaWorld | undefined;

afterEach(async () => {
  if (!world) return;
  const done = world;
  world = undefined;
  try {
    done.fake.server.assertNoViolations();
    expectTokenOnlyInHeader(done);
  } finally {
    await done.close();
  }
});

const newPr = (labels: string[] = []) => ({
  sourceBranch: 'upkeep/nginx-1.x',
  targetBranch: 'main',
  title: 'Update nginx to v1.27.0',
  body: 'This PR updates nginx.',
  labels,
});
const ops = (w: GiteaWorld) => w.fake.requests.map((r) => `${r.method} ${r.operationId}`);

gate.describe('Gitea adapter: pull requests', () => {
  it('creates a PR with labels by id, creating the missing repository labels and using organization ones', async () => {
    world = await giteaWorld(validator);
    const { model } = world.fake;
    model.addLabel(REPO, 'dependencies');
    const head = await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const pr = await repo.createPr(newPr(['dependencies', 'security', 'automerge', 'dependencies']));
    expect(pr).toMatchObject({
      number: 1,
      state: 'open',
      sourceBranch: 'upkeep/nginx-1.x',
      targetBranch: 'main',
      headSha: head,
      author: BOT,
      title: 'Update nginx to v1.27.0',
      body: 'This PR updates nginx.',
    });
    expect(pr.labels).toEqual(['dependencies', 'security', 'automerge']);
    // Only the unknown one was created, in the repository (the organization already had "security").
    expect(model.world(REPO).repo.labels.map((l) => l.name)).toEqual(['dependencies', 'automerge']);
    const created = model.pulls.get(REPO, 1)!;
    expect(model.labelNames(model.world(REPO).repo, created.labels)).toEqual(['dependencies', 'security', 'automerge']);
    // A second PR with the same labels reuses the ids read once in this run.
    await world.botBranch('upkeep/redis');
    await repo.createPr({ ...newPr(['automerge']), sourceBranch: 'upkeep/redis', title: 'Update redis' });
    expect(ops(world).filter((o) => o === 'POST issueCreateLabel')).toHaveLength(1);
    expect(ops(world).filter((o) => o === 'GET issueListLabels')).toHaveLength(1);
  });

  it("lists the bot's PRs in every state, newest first, other authors ignored even where poster= is not honoured", async () => {
    for (const version of ['1.27.0', '1.22.6']) {
      world = await giteaWorld(validator, { version });
      const { model } = world.fake;
      const repo = await world.repo();
      await world.botBranch('upkeep/a');
      await world.botBranch('upkeep/b');
      await model.hooks.commit(REPO, 'alice/feature', { 'x.txt': 'x\n' });
      const a = await repo.createPr({ ...newPr(), sourceBranch: 'upkeep/a', title: 'A' });
      await model.pulls.create(REPO, { head: 'alice/feature', base: 'main', title: 'Feature', author: 'alice' });
      const b = await repo.createPr({ ...newPr(), sourceBranch: 'upkeep/b', title: 'B' });
      model.hooks.closeByHuman(REPO, a.number);
      const listed = await repo.listBotPrs();
      expect(listed.map((p) => [p.number, p.title, p.state])).toEqual([
        [b.number, 'B', 'open'],
        [a.number, 'A', 'closed'],
      ]);
      const query = new URL(world.fake.requests.find((r) => r.operationId === 'repoListPullRequests')!.path, 'http://x').searchParams;
      expect(query.get('poster')).toBe(version === '1.27.0' ? BOT : null);
      expect(query.get('state')).toBe('all');
      world.fake.server.assertNoViolations();
      await world.close();
    }
    world = undefined;
  });

  it('updates title, body and the whole label set; closes and reopens', async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const pr = await repo.createPr(newPr(['dependencies', 'keep-me']));
    const updated = await repo.updatePr(pr.number, { title: 'Update nginx to v1.27.1', body: 'New body', labels: ['dependencies', 'major'] });
    expect(updated).toMatchObject({ title: 'Update nginx to v1.27.1', body: 'New body', labels: ['dependencies', 'major'], state: 'open' });
    const closed = await repo.updatePr(pr.number, { state: 'closed' });
    expect(closed.state).toBe('closed');
    expect(world.fake.model.pulls.get(REPO, pr.number)).toMatchObject({ state: 'closed', closedBy: BOT, merged: false });
    expect((await repo.updatePr(pr.number, { state: 'open' })).state).toBe('open');
    // Nothing to change: read, no write.
    const before = world.fake.model.counters.writes;
    expect((await repo.updatePr(pr.number, {})).title).toBe('Update nginx to v1.27.1');
    expect(world.fake.model.counters.writes).toBe(before);
  });

  it('adds assignees and reviewers once: a rerun writes nothing', async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const pr = await repo.createPr(newPr());
    world.fake.model.startRun();
    await repo.addAssignees(pr.number, ['alice']);
    await repo.addAssignees(pr.number, ['bob', 'alice']);
    await repo.addReviewers(pr.number, ['alice', BOT]);
    expect(world.fake.model.pulls.get(REPO, pr.number)).toMatchObject({ assignees: ['alice', 'bob'], reviewers: ['alice'] });
    const counters = world.fake.model.startRun();
    await repo.addAssignees(pr.number, ['alice', 'bob']);
    await repo.addReviewers(pr.number, ['alice']);
    expect(counters.snapshot()).toMatchObject({ writes: 0, writeLog: [] });
  });

  it('a run that finds everything in place writes nothing (and reads little)', async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    await world.botBranch('upkeep/redis');
    /** What the publish stage asks for one branch: the PR with its labels, people and one comment. */
    const publish = async (branch: string, title: string) => {
      const repo = await world!.repo();
      const existing = (await repo.listBotPrs()).find((p) => p.sourceBranch === branch && p.state === 'open');
      const pr = existing ?? (await repo.createPr({ ...newPr(['dependencies']), sourceBranch: branch, title }));
      await repo.addAssignees(pr.number, ['alice']);
      await repo.addReviewers(pr.number, ['bob']);
      await repo.ensureComment(pr.number, 'note', 'Automerge is off for this update.');
      return pr.number;
    };
    const first = world.fake.model.startRun();
    const numbers = [await publish('upkeep/nginx-1.x', 'Update nginx'), await publish('upkeep/redis', 'Update redis')];
    expect(first.writes).toBeGreaterThan(0);
    const rerun = world.fake.model.startRun();
    expect([await publish('upkeep/nginx-1.x', 'Update nginx'), await publish('upkeep/redis', 'Update redis')]).toEqual(numbers);
    expect(rerun.snapshot()).toMatchObject({ writes: 0, pushes: 0, writeLog: [] });
    // Per branch here: the repository, the PR list, its assignees, its review requests, its comments (the bot
    // and the server version were read once by this platform instance, in the first run).
    expect(rerun.reads).toBe(2 * 5);
  });

  it('a 502 from a creation that did create the PR gives back that PR, never a second one', async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    world.fake.server.injectFault({ operationId: 'repoCreatePullRequest', status: 502, afterEffect: true });
    const pr = await repo.createPr(newPr(['dependencies']));
    expect(pr).toMatchObject({ number: 1, title: 'Update nginx to v1.27.0', labels: ['dependencies'] });
    expect(world.fake.model.world(REPO).pulls.size).toBe(1);
    expect(ops(world).filter((o) => o === 'POST repoCreatePullRequest')).toHaveLength(1);
  });

  it('a connection lost after the PR was made (no answer at all) also finds it instead of making another', async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    world.fake.server.injectFault({ operationId: 'repoCreatePullRequest', reset: true, afterEffect: true });
    expect((await repo.createPr(newPr())).number).toBe(1);
    expect(world.fake.model.world(REPO).pulls.size).toBe(1);
  });

  it('a 502 before anything was created tries once more; two in a row fail without the token in the message', async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    world.fake.server.injectFault({ operationId: 'repoCreatePullRequest', status: 502 });
    expect((await repo.createPr(newPr())).number).toBe(1);
    await world.botBranch('upkeep/redis');
    world.fake.server.injectFault({ operationId: 'repoCreatePullRequest', status: 503, times: 2 });
    const err = await rejection(repo.createPr({ ...newPr(), sourceBranch: 'upkeep/redis' }));
    expect(err).toBeInstanceOf(ExternalHostError);
    expect(err.message).toContain('503');
    expectNoCanary(world, err);
    expect(world.fake.model.world(REPO).pulls.size).toBe(1);
  });

  it('a 409 (a PR for the branch is already open) adopts that PR and brings its text up to date', async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const first = await repo.createPr({ ...newPr(), title: 'Update nginx to v1.26.0' });
    const again = await repo.createPr(newPr());
    expect(again).toMatchObject({ number: first.number, title: 'Update nginx to v1.27.0' });
    expect(world.fake.model.world(REPO).pulls.size).toBe(1);
    expect(world.fake.requests.some((r) => r.operationId === 'repoCreatePullRequest' && r.status === 409)).toBe(true);
  });

  it("a 409 for someone else's PR on that branch is an error, not an adoption", async () => {
    world = await giteaWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    await world.fake.model.pulls.create(REPO, { head: 'upkeep/nginx-1.x', base: 'main', title: 'By hand', author: 'alice' });
    const repo = await world.repo();
    const err = await rejection(repo.createPr(newPr()));
    expect(err.message).toMatch(/409.*no open PR of the bot/);
    expect(world.fake.model.pulls.get(REPO, 1)!.title).toBe('By hand');
  });
});
