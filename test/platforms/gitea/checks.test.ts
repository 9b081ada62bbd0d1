import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { RepoPlatform } from '../../../src/platforms/types.js';
import { loadGiteaValidator } from '../../fakes/gitea.js';
import { requireCommands } from '../../services/require.js';
import { BOT, expectTokenOnlyInHeader, giteaWorld, REPO, type GiteaWorld } from './setup.js';

const validator = loadGiteaValidator();
const gate = requireCommands(['git', 'git http-backend']);

gate.describe('Gitea adapter: checks of the exact head commit', () => {
  let world: GiteaWorld;
  let repo: RepoPlatform;
  let head: string;

  beforeAll(async () => {
    world = await giteaWorld(validator);
    repo = await world.repo();
  });
  afterEach(() => {
    world.fake.server.assertNoViolations();
    expectTokenOnlyInHeader(world);
  });
  afterAll(() => world.close());
  let n = 0;
  beforeEach(async () => {
    head = await world.botBranch(`upkeep/case-${++n}`, { 'apps/web/deploy.yaml': `image: nginx:1.27.${n}\n` });
  });
  const status = (context: string, state: 'pending' | 'success' | 'failure' | 'error' | 'warning' | 'skipped', sha = head, creator = 'ci') =>
    world.fake.model.statuses.add(REPO, sha, { context, state, creator, description: `${context} says ${state}` });

  it('none: a commit without statuses (Gitea answers 200 with no body)', async () => {
    expect(await repo.getChecks(head)).toEqual({ state: 'none', details: [] });
  });

  it('green: every context passed (skipped counts as passed)', async () => {
    await status('ci/build', 'success');
    await status('ci/lint', 'skipped');
    expect(await repo.getChecks(head)).toEqual({ state: 'green', details: [] });
  });

  it('yellow: one still running, with the line that says which', async () => {
    await status('ci/build', 'success');
    await status('ci/test', 'pending');
    expect(await repo.getChecks(head)).toEqual({ state: 'yellow', details: ['ci/test: pending (ci/test says pending)'] });
  });

  it('red: any failure, error or warning wins over pending', async () => {
    await status('ci/test', 'pending');
    await status('ci/build', 'failure');
    await status('ci/audit', 'warning');
    const checks = await repo.getChecks(head);
    expect(checks.state).toBe('red');
    expect(checks.details.sort()).toEqual([
      'ci/audit: warning (ci/audit says warning)',
      'ci/build: failure (ci/build says failure)',
      'ci/test: pending (ci/test says pending)',
    ]);
  });

  it('the newest status of a context counts: a re-run that passed turns red into green', async () => {
    await status('ci/build', 'failure');
    await status('ci/build', 'pending');
    expect((await repo.getChecks(head)).state).toBe('yellow');
    await status('ci/build', 'success');
    expect(await repo.getChecks(head)).toEqual({ state: 'green', details: [] });
  });

  it("the bot's own statuses never count, and another commit's statuses are not this one's", async () => {
    await status('upkeep/stability-days', 'success', head, BOT);
    expect((await repo.getChecks(head)).state).toBe('none');
    const previous = await world.fake.model.git.commitInfo(REPO, head).then((c) => c.parents[0]!);
    await status('ci/build', 'failure', previous);
    expect((await repo.getChecks(head)).state).toBe('none');
    await status('ci/build', 'success');
    expect((await repo.getChecks(head)).state).toBe('green');
    await status('upkeep/merge-confidence', 'failure', head, BOT);
    expect((await repo.getChecks(head)).state).toBe('green');
  });

  it('reads every page when there are more contexts than one page holds', async () => {
    for (let i = 0; i < 60; i++) await status(`ci/job-${String(i).padStart(2, '0')}`, 'success');
    await status('ci/job-59', 'failure');
    const before = world.fake.requests.length;
    const checks = await repo.getChecks(head);
    expect(checks).toEqual({ state: 'red', details: ['ci/job-59: failure (ci/job-59 says failure)'] });
    const pages = world.fake.requests.slice(before).filter((r) => r.operationId === 'repoGetCombinedStatusByRef');
    expect(pages.map((r) => new URL(r.path, 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
  });
});
