import { expect, it } from 'vitest';
import { progressLine, summaryTable } from '../../src/cli/summary-table.js';

it('the closing table: one aligned row per repository, problems last, and the tally', () => {
  const table = summaryTable([
    { repository: 'acme/app', outcome: 'ok', branches: 3, pending: 1, prs: 2, merged: 1, failedLookups: 0 },
    { repository: 'acme/infrastructure', outcome: 'failed', branches: 0, pending: 0, prs: 0, merged: 0, failedLookups: 2, problem: 'renovate.json:1: bad' },
    {
      repository: 'acme/gone',
      outcome: 'error',
      branches: 0,
      pending: 0,
      prs: 0,
      merged: 0,
      failedLookups: 0,
      problem: 'GitHub GET /repos/acme/gone: 404 Not Found',
    },
  ]);
  expect(table).toBe(
    [
      'repository           outcome  due  pending  PRs  merged  failed lookups  problem',
      'acme/app             ok       3    1        2    1       0',
      'acme/infrastructure  FAILED   0    0        0    0       2               renovate.json:1: bad',
      'acme/gone            ERROR    0    0        0    0       0               GitHub GET /repos/acme/gone: 404 Not Found',
      '3 repositories: 1 ok, 2 failed',
      '',
    ].join('\n'),
  );
});

it('the progress line on a terminal: files and deps found, then lookups done', () => {
  expect(progressLine('[2/5] acme/app', { phase: 'extracted', files: 14, deps: 32 })).toBe('[2/5] acme/app: 14 files, 32 deps');
  expect(progressLine('[2/5] acme/app', { phase: 'lookup', done: 12, total: 32 })).toBe('[2/5] acme/app: looked up 12 of 32');
});
