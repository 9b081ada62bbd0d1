import { afterEach, expect, it } from 'vitest';
import { loadGiteaValidator } from '../../fakes/gitea.js';
import { requireCommands } from '../../services/require.js';
import { BOT, expectTokenOnlyInHeader, giteaWorld, REPO, type GiteaWorld } from './setup.js';

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

const DASHBOARD = 'Dependency Dashboard';

gate.describe('Gitea adapter: issues', () => {
  it('creates, finds by exact title among the bot’s own issues, updates and closes', async () => {
    const w = (world = await giteaWorld(validator));
    const { model } = w.fake;
    const repo = await w.repo();
    model.issues.create(REPO, { title: DASHBOARD, body: 'made by a human', author: 'alice' });
    model.issues.create(REPO, { title: `${DASHBOARD} (old)`, body: '', author: BOT });
    await w.botBranch('upkeep/nginx');
    await repo.createPr({ sourceBranch: 'upkeep/nginx', targetBranch: 'main', title: DASHBOARD, body: '', labels: [] });
    expect(await repo.findIssues(DASHBOARD)).toEqual([]);

    const created = await repo.createIssue({ title: DASHBOARD, body: '- [ ] <!-- rebase-branch=upkeep/nginx -->nginx', labels: ['dependencies'] });
    expect(created).toEqual({ number: 4, title: DASHBOARD, body: '- [ ] <!-- rebase-branch=upkeep/nginx -->nginx', state: 'open' });
    expect(model.labelNames(model.world(REPO).repo, model.issues.get(REPO, 4)!.labels)).toEqual(['dependencies']);
    expect(await repo.findIssues(DASHBOARD)).toEqual([created]);

    // A human ticks a box between runs: the next read sees it.
    model.hooks.tickCheckbox(REPO, created.number, 'rebase-branch=upkeep/nginx');
    expect((await repo.findIssues(DASHBOARD))[0]!.body).toBe('- [x] <!-- rebase-branch=upkeep/nginx -->nginx');

    expect(await repo.updateIssue(created.number, { body: 'new body' })).toMatchObject({ body: 'new body', state: 'open' });
    expect(await repo.updateIssue(created.number, { state: 'closed' })).toMatchObject({ state: 'closed' });
    expect(await repo.findIssues(DASHBOARD)).toEqual([{ number: 4, title: DASHBOARD, body: 'new body', state: 'closed' }]);
    const query = new URL(w.fake.requests.find((r) => r.operationId === 'issueListIssues')!.path, 'http://x').searchParams;
    expect(Object.fromEntries(query)).toMatchObject({ state: 'all', type: 'issues', created_by: BOT });
  });

  it('finds every match newest first, across pages', async () => {
    const w = (world = await giteaWorld(validator));
    for (let i = 0; i < 55; i++) w.fake.model.issues.create(REPO, { title: i % 27 === 0 ? DASHBOARD : `Other ${i}`, author: BOT });
    const repo = await w.repo();
    expect((await repo.findIssues(DASHBOARD)).map((i) => i.number)).toEqual([55, 28, 1]);
  });

  it('a 502 from an issue creation that did create it gives back that issue', async () => {
    const w = (world = await giteaWorld(validator));
    const repo = await w.repo();
    w.fake.server.injectFault({ operationId: 'issueCreateIssue', status: 502, afterEffect: true });
    expect(await repo.createIssue({ title: 'Action required: fix the Upkeep configuration', body: 'renovate.json:3: …' })).toMatchObject({
      number: 1,
      state: 'open',
    });
    expect(w.fake.model.world(REPO).issues.size).toBe(1);
  });
});

gate.describe('Gitea adapter: one comment per topic', () => {
  it('creates, leaves alone when unchanged, updates when the text changed — never a second comment', async () => {
    const w = (world = await giteaWorld(validator));
    const { model } = w.fake;
    await w.botBranch('upkeep/nginx');
    const repo = await w.repo();
    const pr = await repo.createPr({ sourceBranch: 'upkeep/nginx', targetBranch: 'main', title: 'Update nginx', body: '', labels: [] });
    model.issues.addComment(REPO, pr.number, 'LGTM <!-- upkeep-topic: edited -->', 'alice');

    expect(await repo.ensureComment(pr.number, 'edited', '### Updates stopped\n\nSomeone committed here.')).toBe('created');
    const counters = model.startRun();
    expect(await repo.ensureComment(pr.number, 'edited', '### Updates stopped\n\nSomeone committed here.')).toBe('unchanged');
    expect(counters.snapshot()).toMatchObject({ writes: 0 });
    expect(await repo.ensureComment(pr.number, 'edited', '### Updates stopped\n\nAlice committed here.')).toBe('updated');
    expect(await repo.ensureComment(pr.number, 'automerge-failed', 'Checks failed.')).toBe('created');

    const comments = model.issues.comments(REPO, pr.number);
    expect(comments.map((c) => [c.author, c.body])).toEqual([
      ['alice', 'LGTM <!-- upkeep-topic: edited -->'],
      [BOT, '### Updates stopped\n\nAlice committed here.\n\n<!-- upkeep-topic: edited -->'],
      [BOT, 'Checks failed.\n\n<!-- upkeep-topic: automerge-failed -->'],
    ]);
  });

  it('works on issues too, and a topic cannot close the hidden marker early', async () => {
    const w = (world = await giteaWorld(validator));
    const repo = await w.repo();
    const issue = await repo.createIssue({ title: 'Dashboard', body: '' });
    expect(await repo.ensureComment(issue.number, 'x --> <b>', 'hi')).toBe('created');
    expect(await repo.ensureComment(issue.number, 'x --> <b>', 'hi')).toBe('unchanged');
    expect(w.fake.model.issues.comments(REPO, issue.number).map((c) => c.body)).toEqual(['hi\n\n<!-- upkeep-topic: x-b- -->']);
  });
});
