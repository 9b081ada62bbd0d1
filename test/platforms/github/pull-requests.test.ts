/**
 * The GitHub adapter's pull requests, labels, assignees and reviewers against the GitHub fake (every
 * request and answer validated against @octokit/openapi), with a random canary token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadGitHubValidator } from '../../fakes/github.js';
import { BOT, REPO } from '../world.js';
import { expectTokenOnlyInHeader, githubWorld, type GitHubWorld } from './setup.js';

const validator = loadGitHubValidator();
let world: GitHubWorld | undefined;

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
const ops = (w: GitHubWorld) => w.fake.requests.map((r) => `${r.method} ${r.operationId}`);

describe('GitHub adapter: pull requests', () => {
  it('creates a PR, creating the labels the repository lacks first, and lists it back', async () => {
    world = await githubWorld(validator);
    const { model } = world.fake;
    model.addLabel(REPO, 'dependencies');
    const head = await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const pr = await repo.createPr(newPr(['dependencies', 'automerge', 'dependencies']));
    expect(pr).toMatchObject({ state: 'open', sourceBranch: 'upkeep/nginx-1.x', targetBranch: 'main', headSha: head, author: BOT });
    expect(pr.labels).toEqual(['dependencies', 'automerge']);
    expect(pr.nodeId).toBeTruthy();
    expect(
      model
        .world(REPO)
        .repo.labels.map((l) => l.name)
        .sort(),
    ).toEqual(['automerge', 'dependencies']);
    expect(ops(world).filter((o) => o === 'POST issues/create-label')).toHaveLength(1);
    const listed = await repo.listBotPrs();
    expect(listed.map((p) => [p.number, p.title, p.state, p.labels])).toEqual([[pr.number, 'Update nginx to v1.27.0', 'open', ['dependencies', 'automerge']]]);
  });

  it("lists only the bot's PRs, any state, newest first; merged ones say merged", async () => {
    world = await githubWorld(validator);
    const { model } = world.fake;
    const repo = await world.repo();
    await world.botBranch('upkeep/a');
    await world.botBranch('upkeep/b');
    await model.hooks.commit(REPO, 'alice/feature', { 'x.txt': 'x\n' });
    const a = await repo.createPr({ ...newPr(), sourceBranch: 'upkeep/a', title: 'A' });
    await model.pulls.create(REPO, { head: 'alice/feature', base: 'main', title: 'Feature', author: 'alice' });
    const b = await repo.createPr({ ...newPr(), sourceBranch: 'upkeep/b', title: 'B' });
    model.hooks.closeByHuman(REPO, a.number);
    expect((await repo.listBotPrs()).map((p) => [p.number, p.title, p.state])).toEqual([
      [b.number, 'B', 'open'],
      [a.number, 'A', 'closed'],
    ]);
  });

  it('a lost answer after the PR was made gives back that PR, never a second one; a 422 "already exists" adopts the open one', async () => {
    world = await githubWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    world.fake.server.injectFault({ operationId: 'pulls/create', status: 502, afterEffect: true });
    const made = await repo.createPr(newPr());
    expect((await world.fake.model.pulls.list(REPO)).filter((p) => p.state === 'open')).toHaveLength(1);
    expect(made.title).toBe('Update nginx to v1.27.0');
    // The same branch again, with a new title: GitHub says it exists; the open PR is brought up to date.
    const again = await repo.createPr({ ...newPr(['security']), title: 'Update nginx to v1.28.0' });
    expect(again.number).toBe(made.number);
    expect(again.title).toBe('Update nginx to v1.28.0');
    expect(again.labels).toEqual(['security']);
    expect((await world.fake.model.pulls.list(REPO)).filter((p) => p.state === 'open')).toHaveLength(1);
  });

  it('a 502 before anything was created is tried once more; two in a row fail, without the token in the message', async () => {
    world = await githubWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    world.fake.server.injectFault({ operationId: 'pulls/create', status: 502 });
    expect((await repo.createPr(newPr())).state).toBe('open');
    await world.botBranch('upkeep/redis');
    world.fake.server.injectFault({ operationId: 'pulls/create', status: 502, times: 2 });
    const err = await repo.createPr({ ...newPr(), sourceBranch: 'upkeep/redis' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^GitHub POST \/repos\/acme\/app\/pulls: 502/);
    expect(err?.message).not.toContain(world.token);
  });

  it('updates only what is asked; labels are replaced as a set; assignees and reviewers are added, never removed, never the author', async () => {
    world = await githubWorld(validator);
    await world.botBranch('upkeep/nginx-1.x');
    const repo = await world.repo();
    const pr = await repo.createPr(newPr(['dependencies']));
    const updated = await repo.updatePr(pr.number, { title: 'Update nginx to v1.27.1', labels: ['security'] });
    expect(updated).toMatchObject({ title: 'Update nginx to v1.27.1', body: 'This PR updates nginx.', labels: ['security'] });
    await repo.addAssignees(pr.number, ['alice']);
    // bob has no access to the repository: GitHub drops him silently, as it does for real.
    await repo.addAssignees(pr.number, ['alice', 'bob']);
    expect(world.fake.model.pulls.get(REPO, pr.number)!.assignees).toEqual(['alice']);
    const before = world.fake.requests.length;
    await repo.addAssignees(pr.number, ['alice']);
    expect(world.fake.requests.slice(before).map((r) => r.method)).toEqual(['GET']);
    await repo.addReviewers(pr.number, ['alice', BOT]);
    expect(world.fake.model.pulls.get(REPO, pr.number)!.reviewers).toEqual(['alice']);
    const closed = await repo.updatePr(pr.number, { state: 'closed' });
    expect(closed.state).toBe('closed');
  });
});
